import type { Category, TenantConfig } from '@jiefen/core';
import type { Locale } from '@jiefen/core/forms';
import type { IntakeForm, IntakeStep, IntakeStepStatus, IntakeWizardEvent } from '@jiefen/sdk/intake';
import { adoptStyles, type CSSResult, html, nothing, render, type TemplateResult } from 'lit';
import { peekWarmConfig } from '../../base/warm-config.js';
import { JfQuickExitEvent } from '../../events.js';
import { type Catalog, type MessageParams, translate } from '../../i18n/localize.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { renderDiscard, renderFormHeader, renderProgress, renderStepForm } from '../form-frame.js';
import { type IntakeMessageKey, intakeCatalogs } from '../i18n/catalogs.js';
import { intakeFormStyles } from '../intake-form.styles.js';
import { DEFAULT_EXIT_URL, leavePage, watchQuickExitKeys } from '../quick-exit.js';
import { categoryQuestions } from '../steps/category-step.js';
import type { StepView } from '../steps/step-view.js';
import { mayDrawFirstScreen, pageLocaleOf } from '../warm-up.js';
import { draftIdOf, type FirstScreen, holdFirstScreen } from './handoff.js';
import { hasSavedDraft } from './saved-draft.js';

/**
 * The steps a REST-backed form shows (the SDK's `applicableSteps` with uploads; test/first-screen.test.ts
 * keeps the two equal). Written out here because the SDK's list lives beside the actor, whose code
 * is what the first screen exists to not wait for.
 */
export const FIRST_SCREEN_STEPS: readonly IntakeStep[] = [
  'category',
  'details',
  'other_party',
  'evidence',
  'applicant',
  'review',
];

/** The intake form's styles, flattened as Lit flattens an element's `styles`. */
// Typed loosely: the style tree (element shell inside the form's styles) is too deep for `flat`'s type.
const styles = ([sharedStyles, intakeFormStyles] as unknown[]).flat(Number.POSITIVE_INFINITY) as CSSResult[];

type PendingForm = HTMLElement & {
  client?: unknown;
  prefill?: IntakeForm;
  draftId?: string;
  leavePage?: (url: string) => void;
};

/**
 * Draw the intake form's first step, the tenant's category cards, into a `<jf-intake-form>` whose
 * code has not arrived: the loader calls this the moment it sees the tag, and fetches the element's
 * code (xstate, the SDK's client and intake actor, about two thirds of the form's bytes) only once
 * this has drawn or decided not to. What it needs is the loader's warm-up: the locale's strings and
 * the tenant configuration. When the element is defined it renders this screen's template until its
 * actor has loaded (the same template: no DOM is replaced), then takes over: what the resident chose
 * meanwhile reaches the actor as `intake.*` events, once, and focus is put back where it was.
 *
 * It draws nothing when the element decides what comes first: a saved draft on this device (the
 * form opens on "continue?"), a page-given `client` or a `<jf-provider>` around it, a backend other
 * than REST, or a configuration that came after the element itself (the loader fetches the element's
 * code anyway after a few seconds).
 */
export async function showFirstScreen(element: PendingForm): Promise<void> {
  if (!mayDrawFirstScreen(element) || drawnOrDefined(element)) return;
  const config = peekWarmConfig(element.getAttribute('endpoint') || location.origin, element.getAttribute('tenant')!);
  if (!config) return;
  const locale = pageLocaleOf(element);
  const [catalog, tenantConfig, draft] = await Promise.all([
    intakeCatalogs.load(locale),
    config,
    hasSavedDraft(draftIdOf(element)),
  ]);
  if (draft || !hasCategories(tenantConfig) || drawnOrDefined(element)) return;
  new CategoryScreen(element, catalog, tenantConfig, locale).draw();
}

/** Already drawn into, or upgraded (the element's own code arrived first, or the page defined it). */
const drawnOrDefined = (element: Element) =>
  element.shadowRoot !== null || customElements.get(element.localName) !== undefined;

/** Enough of a configuration to draw the cards from; anything else is left to the element to report. */
function hasCategories(config: unknown): config is TenantConfig {
  const categories = (config as { categories?: unknown } | null)?.categories;
  return (
    Array.isArray(categories) &&
    categories.length > 0 &&
    categories.every(
      (c: Partial<Category>) => typeof c?.id === 'string' && typeof c.name === 'object' && c.name !== null,
    )
  );
}

class CategoryScreen implements FirstScreen {
  readonly #root: ShadowRoot;
  /** What the resident did, as the actor's events, in order. */
  #events: IntakeWizardEvent[] = [];
  #categoryId: string | undefined;
  #confirmingDiscard = false;
  /** Next (or a step in the progress list) was pressed: the element answers it once it has arrived. */
  #goingOn = false;
  #released = false;
  #exited = false;
  #stopKeys: (() => void) | undefined;

  constructor(
    readonly element: PendingForm,
    readonly catalog: Catalog<IntakeMessageKey>,
    readonly config: TenantConfig,
    readonly locale: Locale,
  ) {
    // The element's own shadow root, as declarative shadow DOM would give it: Lit adopts an
    // existing one, so the upgraded element renders into the same root and the same parts.
    this.#root = element.attachShadow({ mode: 'open' });
    adoptStyles(this.#root, styles);
    this.#categoryId = element.getAttribute('category') || element.prefill?.categoryId;
    holdFirstScreen(element, this);
  }

  get #elder(): boolean {
    return this.element.hasAttribute('elder');
  }

  #t = (key: IntakeMessageKey, params?: MessageParams) => translate(this.catalog, key, params, this.#elder);

  /** Keep one event per answer: a resident who changes their mind is replayed only their last choice. */
  #queue(event: IntakeWizardEvent) {
    const last = this.#events.at(-1);
    if (event.type === 'intake.set' && last?.type === 'intake.set' && last.path === event.path) this.#events.pop();
    this.#events.push(event);
    this.draw();
  }

  draw(): void {
    if (this.#released) return;
    const upgraded = this.element as PendingForm & { requestUpdate?: () => void };
    // Once defined, the element renders this screen's template itself (until its actor has loaded).
    if (typeof upgraded.requestUpdate === 'function') upgraded.requestUpdate();
    else render(this.template(), this.#root, { host: this.element });
    this.#syncQuickExitKeys();
  }

  release() {
    this.#released = true;
    this.#stopKeys?.();
    this.#stopKeys = undefined;
    return { events: this.#events, focus: locatorOf(this.#root.activeElement) };
  }

  #quickExitAvailable(): boolean {
    if (this.element.hasAttribute('quick-exit')) return true;
    const category = this.config.categories.find((c) => c.id === this.#categoryId) as
      | { quickExit?: boolean }
      | undefined;
    return category?.quickExit === true;
  }

  #syncQuickExitKeys() {
    const wanted = !this.#released && !this.#exited && this.#quickExitAvailable();
    if (wanted && !this.#stopKeys) this.#stopKeys = watchQuickExitKeys(document, () => this.#exit());
    if (!wanted && this.#stopKeys) {
      this.#stopKeys();
      this.#stopKeys = undefined;
    }
  }

  /** As the element's `exit()`: announced (cancelable), then the screen is blanked and the page left. */
  #exit() {
    const configured = (this.config as { quickExitUrl?: string }).quickExitUrl;
    const exitUrl = this.element.getAttribute('exit-url') || configured || DEFAULT_EXIT_URL;
    const event = new JfQuickExitEvent({ exitUrl });
    this.element.dispatchEvent(event);
    if (event.defaultPrevented) return;
    this.#exited = true;
    this.draw();
    (this.element.leavePage ?? leavePage)(exitUrl);
  }

  template(): TemplateResult {
    if (this.#exited) return html``;
    const t = this.#t;
    const elder = this.#elder;
    const view: StepView = {
      t,
      locale: this.locale,
      elder,
      config: this.config,
      form: this.#categoryId ? { categoryId: this.#categoryId } : {},
      errors: {},
      uploads: [],
      set: (path, value) => {
        if (path === 'categoryId') this.#categoryId = typeof value === 'string' ? value : undefined;
        this.#queue({ type: 'intake.set', path, value });
      },
      send: (event) => this.#queue(event),
      consultationUrl: this.element.getAttribute('consultation-url') || undefined,
    };
    const goOn = (event: IntakeWizardEvent) => {
      this.#goingOn = true;
      this.#queue(event);
    };
    return html`<div
      part="base"
      class="base${elder ? ' elder' : ''}"
      lang=${this.locale}
      dir=${this.element.closest('[dir]')?.getAttribute('dir') === 'rtl' ? 'rtl' : 'ltr'}
      aria-busy="false"
    >
      ${renderFormHeader({
        t,
        quickExit: this.#quickExitAvailable(),
        elder,
        exit: () => this.#exit(),
        toggleElder: () => {
          this.element.toggleAttribute('elder', !elder);
          this.draw();
        },
        status: 'editing',
        statusText: t('status.editing'),
      })}
      ${renderProgress(t, firstStepStatuses(), (step) => goOn({ type: 'intake.go_to', step }))}
      ${renderStepForm({
        t,
        heading: t('step.category'),
        count: t('form.step_of', { current: 1, total: FIRST_SCREEN_STEPS.length }),
        body: categoryQuestions(view).map((q) => html`<div class="question" data-question=${q.id}>${q.render()}</div>`),
        back: false,
        last: false,
        busy: this.#goingOn,
        next: () => goOn({ type: 'intake.next' }),
        goBack: () => undefined,
        discard: this.#goingOn
          ? nothing
          : renderDiscard(t, this.#confirmingDiscard, {
              ask: () => {
                this.#confirmingDiscard = true;
                this.draw();
              },
              confirm: () => {
                this.#confirmingDiscard = false;
                this.#categoryId = undefined;
                this.#queue({ type: 'intake.discard' });
              },
              cancel: () => {
                this.#confirmingDiscard = false;
                this.draw();
              },
            }),
      })}
    </div>`;
  }
}

/** The progress list on the first step (what `selectStepStatuses` gives there): the next step is reachable. */
function firstStepStatuses(): IntakeStepStatus[] {
  return FIRST_SCREEN_STEPS.map((step, index) => ({
    step,
    status: index === 0 ? 'current' : 'upcoming',
    reachable: index <= 1,
  }));
}

/** A selector that finds the focused control again in the element's own markup. */
function locatorOf(active: Element | null): string | undefined {
  if (!active) return undefined;
  if (active.id) return `#${CSS.escape(active.id)}`;
  const part = active.getAttribute('part');
  if (part) return `[part="${part}"]`;
  if (active.localName === 'summary') return '.not-sure summary';
  return undefined;
}

import type { Category } from '@jiefen/core';
import {
  createIntakeWizard,
  formatSdkMessage,
  type IntakeForm,
  type IntakeStep,
  type IntakeWizardEmitted,
  type IntakeWizardEvent,
  type IntakeWizardSnapshot,
  type JiefenClient,
  preloadFilingCheck,
  selectApplicableSteps,
  selectFieldErrors,
  selectFirstInvalidField,
  selectStepStatuses,
  selectSubmissionState,
} from '@jiefen/sdk/intake';
import { type CSSResultGroup, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createActor } from 'xstate';
import { ClientController } from '../base/client-context.js';
import type { BackendKind } from '../base/client-from-attributes.js';
import { JfElement } from '../base/jf-element.js';
import { ActorController } from '../controllers/actor-controller.js';
import {
  JfCaseReceivedEvent,
  JfCaseSubmittedEvent,
  JfDraftRestoredEvent,
  JfDraftSavedEvent,
  JfQuickExitEvent,
  JfStepChangedEvent,
  JfSubmissionRejectedEvent,
  JfUploadChangedEvent,
} from '../events.js';
import { LocalizeController } from '../i18n/localize.js';
import { type QrCode, qrCodePath } from '../receipt/qr-code.js';
import type { CopyOutcome } from '../receipt/receipt-view.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { draftIdOf, firstScreenOf, releaseFirstScreen } from './first-screen/handoff.js';
import { renderDiscard, renderFormHeader, renderProgress, renderStepForm } from './form-frame.js';
import { type IntakeMessageKey, intakeCatalogs } from './i18n/catalogs.js';
import { intakeFormStyles } from './intake-form.styles.js';
import { DEFAULT_EXIT_URL, leavePage, watchQuickExitKeys } from './quick-exit.js';
import { categoryQuestions } from './steps/category-step.js';
import { idFor, type Question, type StepView } from './steps/step-view.js';

type LaterSteps = typeof import('./steps/later-steps.js');
let laterSteps: LaterSteps | undefined;
let laterStepsLoading: Promise<LaterSteps> | undefined;
/**
 * The steps after the first (and the field controls they draw), imported once per page. The form
 * asks for them as soon as the first step is on screen, so they arrive while the resident reads the
 * category cards; a failed fetch (the connection dropped) is forgotten so the next attempt refetches.
 */
export function loadLaterSteps(): Promise<LaterSteps> {
  laterStepsLoading ??= import('./steps/later-steps.js').then(
    (steps) => (laterSteps = steps),
    (error: unknown) => {
      laterStepsLoading = undefined;
      throw error;
    },
  );
  return laterStepsLoading;
}

type WizardLogic = ReturnType<typeof createIntakeWizard>;
type Screen = 'loading' | 'failed' | 'offeringRestore' | 'editing' | 'submitting' | 'pending' | 'received';

/** Where focus goes after the next render. */
type FocusTarget =
  | { kind: 'heading' }
  | { kind: 'summary' }
  | { kind: 'receipt' }
  | { kind: 'path'; path: string }
  // Where the resident had focus on the first screen (first-screen/), found again in this markup.
  | { kind: 'selector'; selector: string };

/**
 * A resident's dispute filing (纠纷登记) in guided steps: what happened, details, the other party,
 * evidence, about you, review. Saved on the device as they type, sent through the outbox (offline
 * too), confirmed with the case number, the access code (shown once) and a QR code of the tracking
 * link. Family matters get a quick exit.
 *
 * @summary Guided, offline-safe dispute intake for township portals.
 *
 * @event jf-step-changed - The resident moved to another step. `detail: { step, previous }`.
 * @event jf-draft-saved - The answers were saved on this device. `detail: { savedAt }`.
 * @event jf-draft-restored - The resident continued an earlier draft. `detail: { savedAt }`.
 * @event jf-case-submitted - The filing is safe in the outbox on this device. `detail: { submissionId }`.
 * @event jf-case-received - The centre registered the case. `detail: { caseNumber }`.
 * @event jf-submission-rejected - The backend refused the filing. `detail: { messageKey, message, code? }`.
 * @event jf-upload-changed - An evidence file changed state. `detail: { id, name, state, progress }`.
 * @event jf-quick-exit - Quick exit was pressed; cancelable (then the page does not leave). `detail: { exitUrl }`.
 *
 * @csspart base - The form's outer box.
 * @csspart header - Title, toolbar and submission status.
 * @csspart status - The submission status line (saved on this device, sending, received).
 * @csspart elder-toggle - The large-text (elder mode) switch.
 * @csspart quick-exit - The quick-exit button.
 * @csspart progress - The list of steps.
 * @csspart restore-banner - The offer to continue a saved draft.
 * @csspart error-summary - The list of problems at the top, linked to the fields.
 * @csspart step - The current step.
 * @csspart step-heading - The current step's heading.
 * @csspart category-card - One category card.
 * @csspart field - One question with its label, hint and error.
 * @csspart label - A question's label or legend.
 * @csspart hint - A question's hint.
 * @csspart error - A question's error message.
 * @csspart input - Text, number and date inputs.
 * @csspart choice - One radio or checkbox with its label.
 * @csspart actions - The back / next / submit buttons.
 * @csspart back-button - Back.
 * @csspart next-button - Next.
 * @csspart submit-button - Submit on the review step.
 * @csspart receipt - The confirmation.
 * @csspart case-number - The case number on the confirmation.
 * @csspart access-code - The access code on the confirmation.
 * @csspart copy-button - Copies the access code.
 * @csspart qr-code - The QR code of the tracking link.
 *
 * @cssproperty --jf-intake-form-max-width - Widest the form grows (default 42rem).
 * @cssproperty --jf-intake-form-padding - Space inside the form's box (default the base spacing).
 * @cssproperty --jf-intake-form-card-columns - Minimum width of a category card (default 14rem).
 *
 * @cssstate elder - Elder mode is on.
 * @cssstate loading - The configuration is loading.
 * @cssstate failed - The configuration could not be loaded.
 * @cssstate restore-offered - A saved draft is offered.
 * @cssstate editing - The resident is filling in a step.
 * @cssstate pending - The filing is saved on this device or being sent.
 * @cssstate received - The case was registered.
 * @cssstate invalid - The current step shows problems.
 */
export class JfIntakeForm extends JfElement {
  static override get styles(): CSSResultGroup {
    return [sharedStyles, intakeFormStyles];
  }

  /** Root URL of the Jiefen API (REST) or of the Open311 endpoint. Default: this page's origin. */
  @property() endpoint = '';
  /** The township's tenant id. */
  @property() tenant = '';
  /** Which SDK backend to build when no `client` property is given. */
  @property() backend: BackendKind = 'rest';
  /** A category id to start with (a portal page about labour disputes, say). */
  @property() category = '';
  /** Elder mode (适老化): larger type and spacing, one question per screen, plainer wording. */
  @property({ type: Boolean, reflect: true }) elder = false;
  /** The draft slot on this device. Default: derived from the element's `id`, else `intake`. */
  @property({ attribute: 'draft-id' }) draftId = '';
  /** Where quick exit goes. Default: the tenant's configured exit URL, else https://www.baidu.com. */
  @property({ attribute: 'exit-url' }) exitUrl = '';
  /** Show quick exit whatever the category (a portal page for victims of domestic violence). */
  @property({ type: Boolean, attribute: 'quick-exit' }) quickExit = false;
  /** The portal's legal-consultation page, offered by the "not sure?" helper. */
  @property({ attribute: 'consultation-url' }) consultationUrl = '';
  /**
   * The tracking link encoded in the QR code; `{token}` is replaced by the case's tracking token.
   * Default: this page with `#jf-track=<token>` (a fragment never reaches a server log).
   */
  @property({ attribute: 'tracking-url' }) trackingUrl = '';

  /** Any SDK client (`createClient({ backend })`); when set, the attributes above are not used to build one. */
  @property({ attribute: false }) client: JiefenClient | undefined;
  /** Values to start from: a grid worker's `onBehalf`, a preselected category, known applicant details. */
  @property({ attribute: false }) prefill: IntakeForm | undefined;
  /** How quick exit leaves the page. Replace it in a single-page app that routes by itself. */
  @property({ attribute: false }) leavePage: (url: string) => void = leavePage;

  @state() private setupError: IntakeMessageKey | undefined;
  @state() private question = 0;
  @state() private qr: QrCode | undefined;
  @state() private copied: CopyOutcome | undefined;
  @state() private draftSavedAt: string | undefined;
  @state() private confirmingDiscard = false;
  @state() private exiting = false;
  /** The later steps' chunk could not be fetched (offline before it arrived); retried when online. */
  @state() private laterStepsFailed = false;

  readonly #l10n = new LocalizeController(this, intakeCatalogs, () => this.elder);
  /** The `client` property, else the nearest `<jf-provider>`'s, else one built from the attributes. */
  readonly #clients = new ClientController(this);
  readonly #internals: ElementInternals | undefined =
    typeof this.attachInternals === 'function' ? this.attachInternals() : undefined;
  #wizard: ActorController<WizardLogic> | undefined;
  #client: JiefenClient | undefined;
  /** A client this element built (and so closes); a client given as a property belongs to the page. */
  #ownClient: JiefenClient | undefined;
  #builtFrom: string | undefined;
  #focus: FocusTarget | undefined;
  /** A next or submit was pressed: if problems come back, the summary takes focus. */
  #awaitingCheck = false;
  #stopWatchingKeys: (() => void) | undefined;
  #prefetchScheduled = false;

  // ---- lifecycle ---------------------------------------------------------------------------------

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    // A first screen drawn into this shadow root before the element was defined (first-screen/) is
    // rendered on, not beside: Lit would otherwise start its own content before the screen's first node.
    if (firstScreenOf(this)) this.renderOptions.renderBefore = null;
    return root;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pagehide', this.#flushDrafts);
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.#flushDrafts);
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#stopWatchingKeys?.();
    this.#stopWatchingKeys = undefined;
    // A debounced save must not wait for a page that may never come back (an SPA route change).
    this.#flushDrafts();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const from = this.#configurationKey();
    if (from !== this.#builtFrom) {
      this.#builtFrom = from;
      void this.#build();
    }
    const snapshot = this.#snapshot;
    if (this.setupError || !this.#firstScreenShows()) this.#takeOverFirstScreen(snapshot);
    // A prefill given once the form is open (a consultation handed over) becomes answers.
    if (snapshot && changed.has('prefill') && this.prefill) this.#send({ type: 'intake.change', values: this.prefill });
    if (snapshot && snapshot.context.locale !== this.locale)
      this.#send({ type: 'intake.set_locale', locale: this.locale });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!laterSteps && !this.#prefetchScheduled && this.#snapshot?.context.config) {
      this.#prefetchScheduled = true;
      // After the first step has painted: its cards come first, then the rest downloads while the
      // resident reads them (the timer covers a background tab, where frames do not run).
      const prefetch = () => this.#prefetchLaterSteps();
      requestAnimationFrame(() => setTimeout(prefetch, 0));
      setTimeout(prefetch, 1000);
    }
    this.#syncStates();
    this.#syncQuickExitKeys();
    this.#applyFocus();
  }

  /**
   * Once the first step shows, fetch what the next ones need (their code and the filing check), so
   * the resident never waits on Next and can go on offline. If the connection is already gone, try
   * again when it comes back; the answers are saved on the device meanwhile.
   */
  #prefetchLaterSteps() {
    if (laterSteps) return;
    // Shared by every form on the page: each one waits on the same import and renders when it lands.
    if (!laterStepsLoading) preloadFilingCheck().catch(() => undefined);
    loadLaterSteps().then(
      () => {
        this.laterStepsFailed = false;
        this.requestUpdate();
      },
      () => {
        this.laterStepsFailed = true;
        window.addEventListener('online', () => this.#prefetchLaterSteps(), { once: true });
      },
    );
  }

  /** What the actor is built from; a change rebuilds it (drafts are saved, so nothing is lost). */
  #configurationKey(): string {
    return JSON.stringify([
      this.backend,
      this.endpoint,
      this.tenant,
      this.#draftId(),
      this.#clients.sourceKey(this.client),
    ]);
  }

  #draftId(): string {
    return draftIdOf(this);
  }

  /**
   * The actor has loaded: end the first screen the loader drew before this code arrived, if there is
   * one (first-screen/first-screen.ts). What the resident did there is sent to the actor now, once,
   * if the form opened on the step it was done on (a draft to restore supersedes it), and focus goes
   * back to the same control in this markup.
   */
  #takeOverFirstScreen(snapshot: IntakeWizardSnapshot | undefined) {
    const handed = releaseFirstScreen(this);
    if (!handed) return;
    if (handed.focus) this.#focus = { kind: 'selector', selector: handed.focus };
    if (!snapshot || this.#screen(snapshot) !== 'editing') return;
    for (const event of handed.events) {
      // As if pressed here: problems found by Next take focus to the summary, a new step to its heading.
      if (event.type === 'intake.next' || event.type === 'intake.go_to') this.#awaitingCheck = true;
      this.#send(event);
    }
  }

  async #build(): Promise<void> {
    const key = this.#builtFrom;
    this.#discardWizard();
    this.setupError = undefined;
    const built = await this.#clients.build(this.client, this, () => key === this.#builtFrom);
    if (built.status === 'problem') this.setupError = built.missing ? 'form.setup_missing' : 'form.config_failed';
    if (built.status !== 'ready') return;
    const { client, owned } = built;
    if (owned) this.#ownClient = client;
    this.#client = client;
    // Residents file as persons; an organisation's representative can say so in the description.
    // (The actor's empty form has no applicant kind; the filing schema requires one.)
    const initial: IntakeForm = {
      ...this.prefill,
      applicant: { kind: 'person', ...this.prefill?.applicant } as IntakeForm['applicant'],
      ...(this.category ? { categoryId: this.category } : {}),
    };
    const actor = createActor(createIntakeWizard(client), {
      input: { draftId: this.#draftId(), locale: this.locale, initial },
    });
    this.#wizard = new ActorController(this, actor, {
      onEmitted: (event) => this.#onEmitted(event as IntakeWizardEmitted),
      onSnapshot: (next, previous) => this.#onSnapshot(next as IntakeWizardSnapshot, previous as IntakeWizardSnapshot),
    });
    this.requestUpdate();
  }

  #discardWizard() {
    if (this.#wizard) {
      this.#flushDrafts();
      this.#wizard.dispose();
      this.#wizard.actor.stop();
      this.#wizard = undefined;
    }
    if (this.#ownClient) {
      const own = this.#ownClient;
      void own.drafts.flush().finally(() => own.close());
      this.#ownClient = undefined;
    }
    this.#client = undefined;
  }

  readonly #flushDrafts = () => {
    void this.#client?.drafts.flush().catch(() => undefined);
  };

  readonly #onVisibility = () => {
    if (document.visibilityState === 'hidden') this.#flushDrafts();
  };

  #firstScreenShows(): boolean {
    const snapshot = this.#snapshot;
    return !snapshot || this.#screen(snapshot) === 'loading';
  }

  get #snapshot(): IntakeWizardSnapshot | undefined {
    return this.#wizard?.snapshot as IntakeWizardSnapshot | undefined;
  }

  #send(event: IntakeWizardEvent) {
    this.#wizard?.send(event);
  }

  /** The actor's top-level state. */
  #screen(snapshot: IntakeWizardSnapshot): Screen {
    const value = snapshot.value as string | Record<string, unknown>;
    return (typeof value === 'string' ? value : Object.keys(value)[0]) as Screen;
  }

  // ---- facts from the actor → DOM events, focus ------------------------------------------------

  #onEmitted(event: IntakeWizardEmitted) {
    switch (event.type) {
      case 'step_changed':
        if (this.laterStepsFailed) this.#prefetchLaterSteps();
        this.question = this.#stepIndex(event.step) < this.#stepIndex(event.previous) && this.elder ? -1 : 0;
        // A failed submit also changes step (to the first one with problems): the summary wins.
        if (this.#focus?.kind !== 'summary') this.#focus = { kind: 'heading' };
        this.emit(new JfStepChangedEvent({ step: event.step, previous: event.previous }));
        break;
      case 'draft_saved':
        this.draftSavedAt = event.savedAt;
        this.emit(new JfDraftSavedEvent({ savedAt: event.savedAt }));
        break;
      case 'draft_restored':
        this.#focus = { kind: 'heading' };
        this.question = 0;
        this.emit(new JfDraftRestoredEvent({ savedAt: event.savedAt }));
        break;
      case 'submitted':
        this.emit(new JfCaseSubmittedEvent({ submissionId: event.submissionId }));
        break;
      case 'received':
        this.#focus = { kind: 'receipt' };
        // Rare: the receipt's view (with the later steps) not here yet; focus its heading on arrival.
        if (!laterSteps)
          loadLaterSteps().then(
            () => {
              this.#focus = { kind: 'receipt' };
              this.requestUpdate();
            },
            () => undefined,
          );
        this.qr = undefined;
        this.copied = undefined;
        void qrCodePath(this.#trackingLink(event.receipt.trackingToken)).then((code) => {
          this.qr = code;
        });
        this.emit(new JfCaseReceivedEvent({ caseNumber: event.receipt.caseNumber }));
        break;
      case 'rejected':
        this.#focus = { kind: 'summary' };
        this.emit(
          new JfSubmissionRejectedEvent({
            messageKey: event.error.messageKey,
            message: formatSdkMessage(event.error.messageKey, event.error.params, this.locale),
            ...(event.error.code ? { code: event.error.code } : {}),
          }),
        );
        break;
      case 'upload_changed':
        this.emit(
          new JfUploadChangedEvent({
            id: event.upload.id,
            name: event.upload.name,
            state: event.upload.state,
            progress: event.upload.progress,
          }),
        );
        break;
      default: {
        // Compile-time proof that every fact the actor emits becomes a DOM event.
        const unhandled: never = event;
        return unhandled;
      }
    }
  }

  #onSnapshot(next: IntakeWizardSnapshot, _previous: IntakeWizardSnapshot) {
    // After next or submit: once the (lazily loaded) check has answered, problems take focus to the summary.
    if (!this.#awaitingCheck || next.matches({ editing: 'checking' } as never)) return;
    this.#awaitingCheck = false;
    if (next.context.issues.length === 0) return;
    this.#focus = { kind: 'summary' };
    // Elder mode: show the question that needs fixing first.
    const first = selectFirstInvalidField(next);
    if (this.elder && first) {
      const index = this.#questions(next).findIndex((q) => q.fields.some((f) => covers(f.path, first)));
      if (index >= 0) this.question = index;
    }
  }

  #applyFocus() {
    const target = this.#focus;
    if (!target) return;
    this.#focus = undefined;
    const root = this.renderRoot as ShadowRoot;
    const element =
      target.kind === 'heading'
        ? root.getElementById('step-heading')
        : target.kind === 'summary'
          ? root.getElementById('error-summary')
          : target.kind === 'receipt'
            ? root.getElementById('receipt-heading')
            : target.kind === 'selector'
              ? root.querySelector<HTMLElement>(target.selector)
              : root.getElementById(idFor(target.path));
    element?.focus();
    element?.scrollIntoView?.({ block: 'nearest' });
  }

  #syncStates() {
    const states = this.#internals?.states;
    if (!states) return;
    const snapshot = this.#snapshot;
    const screen = snapshot ? this.#screen(snapshot) : this.setupError ? 'failed' : 'loading';
    const wanted = new Set<string>([screen === 'offeringRestore' ? 'restore-offered' : screen]);
    if (screen === 'submitting') wanted.add('pending');
    if (this.elder) wanted.add('elder');
    if (snapshot?.context.issues.length) wanted.add('invalid');
    for (const s of [...states]) if (!wanted.has(s)) states.delete(s);
    for (const s of wanted) {
      try {
        states.add(s);
      } catch {
        // Old engines accept only `--dashed` states; theming by state is then unavailable.
      }
    }
  }

  // ---- quick exit ------------------------------------------------------------------------------

  #quickExitAvailable(): boolean {
    if (this.quickExit) return true;
    const snapshot = this.#snapshot;
    if (!snapshot?.context.config) return false;
    const category = snapshot.context.config.categories.find((c) => c.id === snapshot.context.form.categoryId) as
      | (Category & { quickExit?: boolean })
      | undefined;
    return category?.quickExit === true;
  }

  #syncQuickExitKeys() {
    const wanted = this.isConnected && this.#quickExitAvailable() && !this.exiting;
    if (wanted && !this.#stopWatchingKeys) this.#stopWatchingKeys = watchQuickExitKeys(document, () => this.exit());
    if (!wanted && this.#stopWatchingKeys) {
      this.#stopWatchingKeys();
      this.#stopWatchingKeys = undefined;
    }
  }

  /** Leave now: blank the form, then replace the page with the exit URL (no history entry back). */
  exit(): void {
    const config = this.#snapshot?.context.config as { quickExitUrl?: string } | undefined;
    const exitUrl = this.exitUrl || config?.quickExitUrl || DEFAULT_EXIT_URL;
    if (!this.emit(new JfQuickExitEvent({ exitUrl })).defaultPrevented) {
      this.exiting = true;
      this.#flushDrafts();
      this.leavePage(exitUrl);
    }
  }

  // ---- rendering -------------------------------------------------------------------------------

  #t = (key: IntakeMessageKey, params?: Record<string, string | number>) => this.#l10n.t(key, params);

  #stepTitle = (step: IntakeStep) => this.#t(`step.${step}` as IntakeMessageKey);

  #stepIndex(step: IntakeStep): number {
    const snapshot = this.#snapshot;
    return snapshot ? selectApplicableSteps(snapshot).indexOf(step) : -1;
  }

  #view(snapshot: IntakeWizardSnapshot): StepView {
    return {
      t: this.#t,
      locale: this.#l10n.locale,
      elder: this.elder,
      config: snapshot.context.config!,
      form: snapshot.context.form,
      errors: selectFieldErrors(snapshot),
      uploads: snapshot.context.uploads,
      set: (path, value) => this.#send({ type: 'intake.set', path, value }),
      send: (event) => this.#send(event),
      focus: (path) => {
        this.#focus = { kind: 'path', path };
      },
      consultationUrl: this.consultationUrl || undefined,
    };
  }

  #questions(snapshot: IntakeWizardSnapshot): Question[] {
    if (!snapshot.context.config) return [];
    const view = this.#view(snapshot);
    const step = snapshot.context.step;
    if (step === 'category') return categoryQuestions(view);
    const later = laterSteps;
    // Not here yet (rare: it is fetched while the first step shows): say so; Next waits for it.
    if (!later) return [];
    switch (step) {
      case 'details':
        return later.detailsQuestions(view);
      case 'other_party':
        return later.otherPartyQuestions(view);
      case 'evidence':
        return later.evidenceQuestions(view, later.uploadLimits(snapshot.context.config, this.#t));
      case 'applicant':
        return later.applicantQuestions(view);
      case 'review':
        return later.reviewQuestions(view, this.#stepTitle);
    }
  }

  override render(): TemplateResult | typeof nothing {
    if (this.exiting) return nothing;
    // Until the actor has loaded, the first screen the loader drew stays as it is (same template).
    const first = !this.setupError && this.#firstScreenShows() ? firstScreenOf(this) : undefined;
    if (first) return first.template();
    if (!this.#l10n.ready) return html`<div part="base" class="base" aria-busy="true"></div>`;
    const snapshot = this.#snapshot;
    const screen = snapshot ? this.#screen(snapshot) : 'loading';
    return html`<div
      part="base"
      class="base${this.elder ? ' elder' : ''}"
      lang=${this.#l10n.locale}
      dir=${this.resolvedDir}
      aria-busy=${screen === 'loading' && !this.setupError ? 'true' : 'false'}
    >
      ${this.#renderHeader(snapshot, screen)}
      ${
        this.setupError
          ? this.#renderProblem(this.#t(this.setupError))
          : !snapshot || screen === 'loading'
            ? html`<p class="loading">${this.#t('form.loading')}</p>`
            : screen === 'failed'
              ? this.#renderProblem(
                  this.#t('form.config_failed'),
                  snapshot.context.error
                    ? formatSdkMessage(snapshot.context.error.messageKey, snapshot.context.error.params, this.locale)
                    : undefined,
                  () => this.#send({ type: 'intake.retry' }),
                )
              : screen === 'offeringRestore'
                ? this.#renderRestore(snapshot)
                : screen === 'received'
                  ? this.#renderReceipt(snapshot)
                  : this.#renderSteps(snapshot, screen)
      }
    </div>`;
  }

  #renderHeader(snapshot: IntakeWizardSnapshot | undefined, screen: Screen) {
    return renderFormHeader({
      t: this.#t,
      quickExit: this.#quickExitAvailable(),
      elder: this.elder,
      exit: () => this.exit(),
      toggleElder: () => {
        this.elder = !this.elder;
        this.question = 0;
      },
      status: snapshot ? selectSubmissionState(snapshot) : 'loading',
      statusText:
        snapshot && screen !== 'loading' && screen !== 'failed' ? this.#statusText(snapshot, screen) : nothing,
    });
  }

  #statusText(snapshot: IntakeWizardSnapshot, screen: Screen): TemplateResult | string {
    const state = selectSubmissionState(snapshot);
    switch (state) {
      case 'saved':
        return html`${this.#t('status.saved')}
          <button type="button" class="secondary small" @click=${() => this.#send({ type: 'intake.retry' })}>
            ${this.#t('status.send_now')}
          </button>`;
      case 'sending':
        return this.#t('status.sending');
      case 'received':
        return this.#t('status.received');
      case 'rejected':
        return this.#t('status.rejected');
      default:
        if (screen === 'submitting') return this.#t('status.sending');
        return this.draftSavedAt
          ? this.#t('status.draft_saved', { time: this.#formatTime(this.draftSavedAt, false) })
          : this.#t('status.editing');
    }
  }

  #formatTime(instant: string, withDate: boolean): string {
    const date = new Date(instant);
    if (Number.isNaN(date.getTime())) return instant;
    return new Intl.DateTimeFormat(this.#l10n.locale, {
      ...(withDate ? { year: 'numeric', month: 'long', day: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
    }).format(date);
  }

  #renderProblem(message: string, detail?: string, retry?: () => void) {
    return html`<div class="problem" role="alert">
      <p>${message}</p>
      ${detail ? html`<p>${detail}</p>` : nothing}
      ${retry ? html`<button type="button" class="primary" @click=${retry}>${this.#t('form.retry')}</button>` : nothing}
    </div>`;
  }

  #renderRestore(snapshot: IntakeWizardSnapshot) {
    const savedAt = snapshot.context.restorable?.savedAt;
    return html`<section class="banner" part="restore-banner" aria-labelledby="restore-heading">
      <h3 id="restore-heading">${this.#t('restore.title')}</h3>
      <p>${this.#t('restore.body', { date: savedAt ? this.#formatTime(savedAt, true) : '' })}</p>
      <div class="actions">
        <button type="button" class="primary" @click=${() => this.#send({ type: 'intake.restore' })}>
          ${this.#t('restore.continue')}
        </button>
        <button
          type="button"
          class="secondary"
          @click=${() => {
            this.#focus = { kind: 'heading' };
            this.#send({ type: 'intake.start_over' });
          }}
        >
          ${this.#t('restore.start_over')}
        </button>
      </div>
    </section>`;
  }

  #renderProgress(snapshot: IntakeWizardSnapshot) {
    return renderProgress(this.#t, selectStepStatuses(snapshot), (step) => {
      this.#awaitingCheck = true;
      this.#send({ type: 'intake.go_to', step });
    });
  }

  #renderErrorSummary(snapshot: IntakeWizardSnapshot, questions: Question[]) {
    const errors = selectFieldErrors(snapshot);
    const paths = Object.keys(errors);
    const rejection = this.#screen(snapshot) === 'editing' ? snapshot.context.error : undefined;
    if (!paths.length && !rejection) return nothing;
    // The summary lists problems in the order the form shows the fields, each linked to its control.
    const known = questions.flatMap((q) => q.fields);
    const entries = paths
      .map((path) => {
        // A problem with a whole group (`applicant` missing) goes to the group's first field.
        const owner = known.find((f) => covers(f.path, path)) ?? known.find((f) => covers(path, f.path));
        const index = owner ? known.indexOf(owner) : known.length;
        return { path, target: owner?.path ?? path, label: owner?.label, message: errors[path]!, index };
      })
      .sort((a, b) => a.index - b.index);
    return html`<div class="error-summary" part="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
      <h3 id="error-summary-title">${this.#t('errors.title')}</h3>
      ${rejection ? html`<p>${formatSdkMessage(rejection.messageKey, rejection.params, this.locale)}</p>` : nothing}
      ${
        entries.length
          ? html`<ul>
            ${entries.map(
              (entry) => html`<li>
                <a
                  href="#${idFor(entry.target)}"
                  @click=${(event: Event) => {
                    event.preventDefault();
                    this.#focusField(snapshot, entry.target);
                  }}
                  >${entry.label ? `${entry.label}：` : ''}${entry.message}</a
                >
              </li>`,
            )}
          </ul>`
          : nothing
      }
    </div>`;
  }

  #focusField(snapshot: IntakeWizardSnapshot, path: string) {
    if (this.elder) {
      const index = this.#questions(snapshot).findIndex((q) => q.fields.some((f) => covers(f.path, path)));
      if (index >= 0 && index !== this.question) this.question = index;
    }
    this.#focus = { kind: 'path', path };
    this.requestUpdate();
  }

  #renderSteps(snapshot: IntakeWizardSnapshot, screen: Screen) {
    const questions = this.#questions(snapshot);
    const steps = selectApplicableSteps(snapshot);
    const step = snapshot.context.step;
    const index = steps.indexOf(step);
    const oneAtATime = this.elder && questions.length > 1;
    const question = this.question < 0 ? questions.length - 1 : Math.min(this.question, questions.length - 1);
    const shown = oneAtATime ? questions.slice(question, question + 1) : questions;
    // A later step whose code has not arrived cannot be answered (nor passed unseen) yet.
    const waiting = step !== 'category' && !laterSteps;
    const busy = screen === 'submitting' || screen === 'pending' || waiting;
    const last = step === 'review';
    const next = () => {
      if (oneAtATime && question < questions.length - 1) {
        this.question = question + 1;
        this.#focus = { kind: 'heading' };
        return;
      }
      this.#awaitingCheck = true;
      this.#send({ type: last ? 'intake.submit' : 'intake.next' });
    };
    const back = () => {
      if (oneAtATime && question > 0) {
        this.question = question - 1;
        this.#focus = { kind: 'heading' };
        return;
      }
      this.#send({ type: 'intake.back' });
    };
    return html`
      ${this.#renderProgress(snapshot)}
      ${this.#renderErrorSummary(snapshot, questions)}
      ${renderStepForm({
        t: this.#t,
        heading: this.#stepTitle(step),
        count: html`${this.#t('form.step_of', { current: index + 1, total: steps.length })}${
          oneAtATime
            ? html` · ${this.#t('form.question_of', { current: question + 1, total: questions.length })}`
            : nothing
        }`,
        body: waiting
          ? html`<p class="loading" role="status" data-waiting>${this.#t(this.laterStepsFailed ? 'form.step_offline' : 'form.loading')}</p>`
          : shown.map((q) => html`<div class="question" data-question=${q.id}>${q.render()}</div>`),
        back: index > 0 || (oneAtATime && question > 0),
        last,
        busy,
        next,
        goBack: back,
        discard: this.#renderDiscard(busy),
      })}
    `;
  }

  #renderDiscard(busy: boolean) {
    if (busy) return nothing;
    return renderDiscard(this.#t, this.confirmingDiscard, {
      ask: () => (this.confirmingDiscard = true),
      confirm: () => {
        this.confirmingDiscard = false;
        this.draftSavedAt = undefined;
        this.#focus = { kind: 'heading' };
        this.#send({ type: 'intake.discard' });
      },
      cancel: () => (this.confirmingDiscard = false),
    });
  }

  #trackingLink(token: string): string {
    const encoded = encodeURIComponent(token);
    // Absolute even when the attribute is relative (`/track.html#jf-track={token}`): a QR code is read
    // by another device, which has no page to resolve it against.
    if (this.trackingUrl) return new URL(this.trackingUrl.replace('{token}', encoded), location.href).href;
    return `${location.origin}${location.pathname}#jf-track=${encoded}`;
  }

  #renderReceipt(snapshot: IntakeWizardSnapshot) {
    const receipt = snapshot.context.receipt;
    if (!receipt) return nothing;
    // The receipt's view comes with the later steps (not in the first screen's chunk); they are
    // here after a review step, but a filing queued on an earlier visit may be received first.
    const later = laterSteps;
    if (!later) return html`<p class="loading" role="status">${this.#t('form.loading')}</p>`;
    return later.renderReceipt(
      {
        t: this.#t,
        number: { label: this.#t('receipt.case_number'), value: receipt.caseNumber, part: 'case-number' },
        accessCode: receipt.accessCode,
        trackingLink: this.#trackingLink(receipt.trackingToken),
        qr: this.qr,
        copied: this.copied,
        setCopied: (outcome) => {
          this.copied = outcome;
        },
      },
      html`<p>${this.#t('receipt.next')}</p>
        <button
          type="button"
          class="primary"
          @click=${() => {
            this.draftSavedAt = undefined;
            this.#send({ type: 'intake.reset' });
          }}
        >
          ${this.#t('receipt.new_filing')}
        </button>`,
    );
  }

  /** For tests and stories: the running actor's snapshot (read-only data). */
  get snapshot(): IntakeWizardSnapshot | undefined {
    return this.#snapshot;
  }
}

/** Whether a summary entry for `path` belongs to the field answering `fieldPath`. */
function covers(fieldPath: string, path: string): boolean {
  return path === fieldPath || path.startsWith(`${fieldPath}.`);
}

declare global {
  interface HTMLElementTagNameMap {
    'jf-intake-form': JfIntakeForm;
  }
}

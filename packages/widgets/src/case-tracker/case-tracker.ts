import type { ResidentCaseView } from '@jiefen/core';
import { pickText } from '@jiefen/core/forms';
import { formatSdkMessage, type JiefenClient, loadSdkMessages } from '@jiefen/sdk/intake';
import {
  type CaseAccess,
  type CaseTrackerAction,
  type CaseTrackerEmitted,
  type CaseTrackerEvent,
  type CaseTrackerSnapshot,
  rememberedCases,
  selectActionFieldErrors,
  selectActionState,
  selectCaseChanges,
  selectTrackerActions,
  selectTrackerScreen,
  type TrackerScreen,
  type WatchOptions,
} from '@jiefen/sdk/tracker';
import { type CSSResultGroup, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ClientController, insideProvider } from '../base/client-context.js';
import type { BackendKind } from '../base/client-from-attributes.js';
import { JfElement } from '../base/jf-element.js';
import { ActorController } from '../controllers/actor-controller.js';
import { JfActionRejectedEvent, JfActionSentEvent, JfCaseOpenedEvent, JfCaseUpdatedEvent } from '../events.js';
import { LocalizeController } from '../i18n/localize.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { caseTrackerStyles } from './case-tracker.styles.js';
import { warmFormatters } from './deadline-format.js';
import { type TrackerMessageKey, trackerCatalogs } from './i18n/catalogs.js';
import { trackingTokenIn } from './tracking-link.js';
import { TIMELINE_PAGE } from './views/timeline-page.js';
import { type TrackerView, when } from './views/view.js';

type CaseViews = typeof import('./views/case-views.js');
/** The case's views, loaded once per page on first need (see `views/case-views.ts`). */
let caseViews: Promise<CaseViews> | undefined;
const loadCaseViews = () => {
  caseViews ??= import('./views/case-views.js').catch((error: unknown) => {
    caseViews = undefined;
    throw error;
  });
  return caseViews;
};

type TrackerActorModule = typeof import('./tracker-actor.js');
/** The actor's chunk (the SDK machine and XState), loaded once per page on first need. */
let trackerActor: Promise<TrackerActorModule> | undefined;
const loadTrackerActor = () => {
  trackerActor ??= import('./tracker-actor.js').catch((error: unknown) => {
    trackerActor = undefined;
    throw error;
  });
  return trackerActor;
};

type TrackerLogic = ReturnType<TrackerActorModule['createTrackerActor']>['logic'];
type Focus =
  | 'case-heading'
  | 'lookup-problem'
  | 'case-number'
  | 'access-code'
  | 'action-status'
  | 'withdraw-heading'
  | 'withdraw-start';

/**
 * A resident follows their case (案件查询) through the closed loop: looked up by case number and
 * access code, or opened from the tracking link or QR code of the receipt (`#jf-track=<token>` in the
 * fragment, removed from the address bar at once). Shows the stage, who the case waits for, each
 * called department with its deadlines (in words and relative; urged and escalated on the
 * department), sessions, the outcome and the timeline (in pages of 50); offers the actions the case
 * accepts now and only those, each through the outbox (saved on this device, sending, done). Live:
 * the SDK's Server-Sent Events with polling fallback, changes announced politely.
 *
 * @summary Follow a dispute case through the closed loop, with every deadline the centre is bound by.
 *
 * @event jf-case-opened - A case is shown. `detail: { caseNumber, via: 'lookup' | 'link' }`.
 * @event jf-case-updated - A live update changed the case. `detail: { caseNumber, stage }`.
 * @event jf-action-sent - A resident action reached the centre. `detail: { caseNumber, action }`.
 * @event jf-action-rejected - The centre refused an action. `detail: { caseNumber, action, messageKey }`.
 *
 * @csspart base - The tracker's outer box.
 * @csspart header - Title and toolbar.
 * @csspart announcement - The polite live region announcing changes (visually hidden).
 * @csspart lookup - The case number and access code form.
 * @csspart input - Text and file inputs.
 * @csspart label - A control's label.
 * @csspart field - One control with its label and error.
 * @csspart error - A control's error message.
 * @csspart choice - One radio with its label.
 * @csspart lookup-button - The lookup form's submit button.
 * @csspart remember - The "remembered on this device" line with its forget button.
 * @csspart case - The case summary.
 * @csspart stages - The closed-loop stage indicator.
 * @csspart ending - How the case ended.
 * @csspart next - Who the case waits for, and the stage deadline.
 * @csspart stage-deadline - The deadline the centre is bound by now.
 * @csspart badge - An urged or escalated badge.
 * @csspart departments - The called departments.
 * @csspart department - One called department.
 * @csspart sessions - Joint and mediation sessions.
 * @csspart session - One session.
 * @csspart outcome - The outcome.
 * @csspart timeline - The timeline.
 * @csspart timeline-entry - One timeline line.
 * @csspart show-earlier - The "show earlier" button of a long timeline.
 * @csspart actions - The actions the case accepts now.
 * @csspart action - One action's form.
 * @csspart withdraw-confirmation - The withdrawal confirmation.
 * @csspart action-status - The outbox state of the latest action.
 * @csspart print-button - Print.
 *
 * @cssproperty --jf-case-tracker-max-width - Widest the tracker grows (default 48rem).
 * @cssproperty --jf-case-tracker-padding - Space inside the tracker's box (default the base spacing).
 *
 * @cssstate idle - The lookup form is shown.
 * @cssstate loading - A case is being looked up.
 * @cssstate ready - A case is shown.
 * @cssstate acting - An action is on its way.
 * @cssstate reconnecting - Live updates are interrupted.
 * @cssstate elder - Elder mode is on.
 */
export class JfCaseTracker extends JfElement {
  static override get styles(): CSSResultGroup {
    return [sharedStyles, caseTrackerStyles];
  }

  /** Root URL of the Jiefen API (REST) or of the Open311 endpoint. Default: this page's origin. */
  @property() endpoint = '';
  /** The township's tenant id (also names the "remember on this device" slot). */
  @property() tenant = '';
  /** Which SDK backend to build when no `client` property is given. */
  @property() backend: BackendKind = 'rest';
  /** Elder mode (适老化): larger type and spacing, plainer wording. */
  @property({ type: Boolean, reflect: true }) elder = false;

  /** Any SDK client (`createClient({ backend })`); when set, the attributes above are not used to build one. */
  @property({ attribute: false }) client: JiefenClient | undefined;
  /** Live-update options (poll interval and reconnection), passed to the SDK's `watchCase`. */
  @property({ attribute: false }) watchOptions: WatchOptions | undefined;
  /** The clock relative deadlines are measured from (time is data: stories and tests set it). */
  @property({ attribute: false }) now: () => Date = () => new Date();

  @state() private setupError: TrackerMessageKey | undefined;
  @state() private announcement = '';
  @state() private shown = TIMELINE_PAGE;
  @state() private confirmingWithdraw = false;
  @state() private sent = false;
  @state() private missing: Array<'caseNumber' | 'accessCode'> = [];
  @state() private printing = false;

  readonly #l10n = new LocalizeController(this, trackerCatalogs, () => this.elder);
  /** The `client` property, else the nearest `<jf-provider>`'s, else one built from the attributes. */
  readonly #clients = new ClientController(this);
  readonly #internals: ElementInternals | undefined =
    typeof this.attachInternals === 'function' ? this.attachInternals() : undefined;
  #tracker: ActorController<TrackerLogic> | undefined;
  #client: JiefenClient | undefined;
  #ownClient: JiefenClient | undefined;
  #builtFrom: string | undefined;
  #focus: Focus | undefined;
  #sdkLocale: string | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;
  #views: CaseViews | undefined;
  #viewsRequested = false;
  /**
   * The client and the actor are wanted: a case opens at once, a client was handed in, or the
   * resident has started on the lookup form. Until then the lookup form is shown without them (the
   * first render does not carry the SDK backend, the machine or XState).
   */
  #wanted = false;
  /** The lookup form was the first render, before the actor was wanted. */
  #lookupFirst = false;
  /** A lookup sent before the actor was there (sent to it once it is). */
  #pendingLookup: CaseTrackerEvent | undefined;

  // ---- lifecycle ---------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeprint', this.#beforePrint);
    window.addEventListener('afterprint', this.#afterPrint);
    // Relative deadlines ("3 小时后") age: refresh them each minute. Re-rendering text moves no focus.
    this.#clock = setInterval(() => this.requestUpdate(), 60_000);
    // Opening from a tracking link: the case's views and the formatters load while the client and
    // the case do. Waiting for the client first put the views chunk (and the chunks it imports, one
    // round trip later) after the case's data: a trace showed the lines 350 ms after the data.
    if (trackingTokenIn(location.hash)) this.#needViews();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeprint', this.#beforePrint);
    window.removeEventListener('afterprint', this.#afterPrint);
    clearInterval(this.#clock);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!this.#wanted) {
      this.#wanted = this.client !== undefined || insideProvider(this) || this.#opensAtOnce();
      if (!this.#wanted) this.#lookupFirst = true;
    }
    const from = JSON.stringify([this.backend, this.endpoint, this.tenant, this.#clients.sourceKey(this.client)]);
    if (this.#wanted && from !== this.#builtFrom) {
      this.#builtFrom = from;
      void this.#build();
    }
    if (this.#sdkLocale !== this.locale) {
      this.#sdkLocale = this.locale;
      // The SDK's error wording for this locale (zh-CN is built in).
      void loadSdkMessages(this.locale).then(() => this.requestUpdate());
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#syncStates();
    this.#applyFocus();
  }

  async #build(): Promise<void> {
    const key = this.#builtFrom;
    this.#discard();
    this.setupError = undefined;
    const built = await this.#clients.build(this.client, this, () => key === this.#builtFrom);
    if (built.status === 'problem') this.setupError = built.missing ? 'tracker.setup_missing' : 'tracker.setup_failed';
    if (built.status !== 'ready') return;
    const { client, owned } = built;
    // A provider's client is the provider's to close, not this element's.
    if (owned) this.#ownClient = client;
    this.#client = client;
    const { createTrackerActor } = await loadTrackerActor();
    if (key !== this.#builtFrom) return;
    const access = this.#linkAccess();
    const actor = createTrackerActor(client, this.tenant, {
      ...(access ? { access } : {}),
      ...(this.watchOptions ? { watch: this.watchOptions } : {}),
    });
    this.#tracker = new ActorController(this, actor, {
      onEmitted: (event) => this.#onEmitted(event as CaseTrackerEmitted),
    });
    // A case opening at once (from the link, or remembered on this device): its views load with it.
    if (selectTrackerScreen(actor.getSnapshot()) === 'loading') this.#needViews();
    if (this.#pendingLookup) this.#send(this.#pendingLookup);
    this.#pendingLookup = undefined;
    this.requestUpdate();
  }

  /** A case to show at once: a tracking link in the fragment, or a case remembered on this device. */
  #opensAtOnce(): boolean {
    return trackingTokenIn(location.hash) !== undefined || rememberedCases(this.tenant).read() !== undefined;
  }

  /** The resident has started on the lookup form: the client and the actor load while they type. */
  #want = () => {
    if (this.#wanted) return;
    this.#wanted = true;
    this.requestUpdate();
  };

  /**
   * The case to open at once from a tracking token in the fragment (taken out of the address bar with
   * `history.replaceState`, so copying the URL does not share it); without one the actor opens the
   * case remembered on this device, if any.
   */
  #linkAccess(): CaseAccess | undefined {
    const link = trackingTokenIn(location.hash);
    if (!link) return undefined;
    history.replaceState(history.state, '', `${location.pathname}${location.search}${link.rest}`);
    return { trackingToken: link.token };
  }

  #discard() {
    if (this.#tracker) {
      this.#tracker.dispose();
      this.#tracker.actor.stop();
      this.#tracker = undefined;
    }
    if (this.#ownClient) {
      void this.#ownClient.close();
      this.#ownClient = undefined;
    }
    this.#client = undefined;
  }

  get #snapshot(): CaseTrackerSnapshot | undefined {
    return this.#tracker?.snapshot as CaseTrackerSnapshot | undefined;
  }

  #send(event: CaseTrackerEvent) {
    this.#tracker?.send(event);
  }

  readonly #beforePrint = () => {
    this.printing = true;
  };

  readonly #afterPrint = () => {
    this.printing = false;
  };

  // ---- facts from the actor → DOM events, announcements, focus ----------------------------------

  #onEmitted(event: CaseTrackerEmitted) {
    switch (event.type) {
      case 'case_opened': {
        this.shown = TIMELINE_PAGE;
        this.confirmingWithdraw = false;
        this.#focus = 'case-heading';
        this.emit(new JfCaseOpenedEvent({ caseNumber: event.caseNumber, via: event.via }));
        break;
      }
      case 'case_updated':
        // Announced, never focused: the reader stays where they are.
        this.announcement = this.#describeChanges(event.previous, event.view);
        this.emit(new JfCaseUpdatedEvent({ caseNumber: event.caseNumber, stage: event.view.progress.stage }));
        break;
      case 'action_sent':
        this.sent = true;
        this.confirmingWithdraw = false;
        this.announcement = this.#t('action.state.done');
        this.emit(new JfActionSentEvent({ caseNumber: event.caseNumber, action: event.action }));
        break;
      case 'action_rejected':
        this.#focus = 'action-status';
        this.emit(
          new JfActionRejectedEvent({
            caseNumber: event.caseNumber,
            action: event.action,
            messageKey: event.error.messageKey,
          }),
        );
        break;
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  }

  /** One polite sentence for what a live update changed (the stage first). */
  #describeChanges(previous: ResidentCaseView, next: ResidentCaseView): string {
    const view = this.#view();
    const timelineText = this.#views?.timelineText ?? (() => '');
    return selectCaseChanges(previous, next)
      .map((change) => {
        switch (change.kind) {
          case 'stage':
            return this.#t('live.stage', { stage: this.#t(`stage.${change.stage}` as TrackerMessageKey) });
          case 'timeline':
            return this.#t('live.timeline', { entry: timelineText(view, next, change.latest) });
          default:
            return this.#t('live.actions', {
              actions: change.offered.map((kind) => this.#t(`action.${kind}` as TrackerMessageKey)).join('、'),
            });
        }
      })
      .join(' ');
  }

  #fieldLabel = (field: string): string => {
    const id = field.startsWith('answers.') ? field.slice('answers.'.length) : field;
    const label = this.#snapshot?.context.fieldLabels?.labels[id];
    if (label) return pickText(label, this.#l10n.locale);
    const top = field.split('.')[0]!;
    const key = `field.${top}` as TrackerMessageKey;
    const text = this.#t(key);
    return text === key ? field : text;
  };

  #applyFocus() {
    const target = this.#focus;
    if (!target) return;
    const root = this.renderRoot as ShadowRoot;
    const element = root.getElementById(target);
    // The case heading may wait for the case's views to arrive; other targets are there or gone.
    if (!element && target === 'case-heading') return;
    this.#focus = undefined;
    if (target === 'case-heading' && element) {
      // A case just opened: focus after its first frame. Focusing now would force a layout of the
      // whole case, timeline lines included, before the browser has decided which lines are off
      // screen (`content-visibility: auto`): on a phone that doubled the time until the case showed.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          // Not if the case was closed meanwhile (the heading is gone) or the resident has moved on.
          if (!element.isConnected || this.#focusMovedSince(element)) return;
          element.focus();
          element.scrollIntoView?.({ block: 'nearest' });
        }),
      );
      return;
    }
    element?.focus();
    element?.scrollIntoView?.({ block: 'nearest' });
  }

  /** The resident put focus somewhere inside the tracker since `element` was rendered. */
  #focusMovedSince(element: HTMLElement): boolean {
    const active = (this.renderRoot as ShadowRoot).activeElement;
    return active !== null && active !== element;
  }

  #syncStates() {
    const states = this.#internals?.states;
    if (!states) return;
    const snapshot = this.#snapshot;
    const wanted = new Set<string>([this.#screen()]);
    if (snapshot?.context.reconnecting) wanted.add('reconnecting');
    if (this.elder) wanted.add('elder');
    for (const s of [...states]) if (!wanted.has(s)) states.delete(s);
    for (const s of wanted) {
      try {
        states.add(s);
      } catch {
        // Old engines accept only `--dashed` states; theming by state is then unavailable.
      }
    }
  }

  // ---- resident actions ----------------------------------------------------------------------------

  #lookup = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const caseNumber = String(data.get('caseNumber') ?? '').trim();
    const accessCode = String(data.get('accessCode') ?? '').trim();
    this.missing = [...(caseNumber ? [] : ['caseNumber' as const]), ...(accessCode ? [] : ['accessCode' as const])];
    if (this.missing.length) {
      this.#focus = this.missing[0] === 'caseNumber' ? 'case-number' : 'access-code';
      return;
    }
    this.#needViews();
    const lookup: CaseTrackerEvent = {
      type: 'tracker.lookup',
      caseNumber,
      accessCode,
      remember: data.get('remember') === 'on',
    };
    if (this.#tracker) this.#send(lookup);
    else {
      // Sent the moment the actor is there (it is on its way since the form was first touched).
      this.#pendingLookup = lookup;
      this.#want();
    }
  };

  #act = (action: CaseTrackerAction) => {
    this.sent = false;
    // The form leaves while the action is on its way: the status line takes focus and tells its state.
    this.#focus = 'action-status';
    this.#send(action);
  };

  /**
   * The formatters of this locale, in a task of their own (`warmFormatters`). A timeout, not an idle
   * callback: while chunks load the page is rarely idle, and the idle callback then ran after the
   * case had arrived, inside the render it was meant to spare.
   */
  #warmFormatters() {
    setTimeout(() => warmFormatters(this.locale), 0);
  }

  /** A case is about to open: its views and this locale's formatters, so they are ready before its data. */
  #needViews() {
    this.#warmFormatters();
    this.#loadViews();
  }

  /**
   * The case's views chunk, once; also as soon as the resident starts on the lookup form (focus),
   * so the chunk and the ones it imports are there before the looked-up case.
   */
  #loadViews() {
    if (this.#views || this.#viewsRequested) return;
    this.#viewsRequested = true;
    void loadCaseViews().then(
      (views) => {
        this.#views = views;
        this.requestUpdate();
      },
      (error: unknown) => {
        this.#viewsRequested = false;
        console.error('[jiefen] could not load the case tracker views', error);
      },
    );
  }

  /** Forget the case on this device (the remembered access is deleted; the case stays shown). */
  forget(): void {
    this.#send({ type: 'tracker.forget' });
  }

  // ---- rendering -------------------------------------------------------------------------------

  #t = (key: TrackerMessageKey, params?: Record<string, string | number>) => this.#l10n.t(key, params);

  #view(): TrackerView {
    return { t: this.#t, locale: this.#l10n.locale, now: this.now() };
  }

  override render(): TemplateResult {
    if (!this.#l10n.ready) return html`<div part="base" class="base" aria-busy="true"></div>`;
    const snapshot = this.#snapshot;
    const screen = this.#screen();
    const view = snapshot?.context.view;
    return html`<div
      part="base"
      class="base${this.elder ? ' elder' : ''}"
      lang=${this.#l10n.locale}
      dir=${this.resolvedDir}
      aria-busy=${screen === 'loading' && !this.setupError ? 'true' : 'false'}
    >
      ${this.#renderHeader(screen)}
      <div class="visually-hidden" part="announcement" role="status" aria-live="polite">${this.announcement}</div>
      ${
        this.setupError
          ? html`<div class="problem" role="alert"><p>${this.#t(this.setupError)}</p></div>`
          : screen === 'loading'
            ? html`<p class="loading">${this.#t('tracker.loading')}</p>`
            : !snapshot || screen === 'idle' || !view
              ? this.#renderLookup(snapshot)
              : this.#renderCase(snapshot, view)
      }
    </div>`;
  }

  #renderHeader(screen: TrackerScreen) {
    const showing = screen === 'ready' || screen === 'acting';
    return html`<header part="header" class="header">
      <h2 class="title">${this.#t('tracker.title')}</h2>
      <div class="toolbar">
        <button
          type="button"
          class="secondary"
          part="elder-toggle"
          aria-pressed=${this.elder ? 'true' : 'false'}
          @click=${() => {
            this.elder = !this.elder;
          }}
        >
          ${this.#t('tracker.elder_mode')}
        </button>
        ${
          showing
            ? html`<button type="button" class="secondary" part="print-button" @click=${() => window.print()}>
                  ${this.#t('tracker.print')}
                </button>
                <button
                  type="button"
                  class="secondary"
                  part="close-button"
                  @click=${() => {
                    this.announcement = '';
                    this.#send({ type: 'tracker.close' });
                  }}
                >
                  ${this.#t('tracker.close')}
                </button>`
            : nothing
        }
      </div>
    </header>`;
  }

  /** The screen shown: the actor's, else the lookup form while the actor is not wanted yet (or a lookup waits for it). */
  #screen(): TrackerScreen {
    const snapshot = this.#snapshot;
    if (snapshot) return selectTrackerScreen(snapshot);
    // The form stays under the resident's hands while the actor loads; a lookup sent meanwhile shows as loading.
    return this.#lookupFirst && !this.#pendingLookup ? 'idle' : 'loading';
  }

  #renderLookup(snapshot: CaseTrackerSnapshot | undefined) {
    const error = snapshot?.context.error;
    const missing = (field: 'caseNumber' | 'accessCode') => this.missing.includes(field);
    const label = (field: 'caseNumber' | 'accessCode') =>
      this.#t(field === 'caseNumber' ? 'lookup.case_number' : 'lookup.access_code');
    const input = (field: 'caseNumber' | 'accessCode', id: string, hint: TrackerMessageKey) =>
      html`<div class="field${missing(field) ? ' invalid' : ''}" part="field">
        <label for=${id} part="label">${label(field)}</label>
        <p class="hint" id="${id}-hint">${this.#t(hint)}</p>
        <input
          id=${id}
          name=${field}
          part="input"
          autocomplete="off"
          autocapitalize=${field === 'caseNumber' ? 'characters' : 'off'}
          spellcheck="false"
          aria-invalid=${missing(field) ? 'true' : 'false'}
          aria-describedby="${id}-hint${missing(field) ? ` ${id}-error` : ''}"
        />
        ${
          missing(field)
            ? html`<p class="error" part="error" id="${id}-error">${this.#t('lookup.required', { field: label(field) })}</p>`
            : nothing
        }
      </div>`;
    return html`<form part="lookup" class="lookup" novalidate aria-labelledby="lookup-heading" @submit=${this.#lookup}
      @focusin=${() => {
        this.#want();
        this.#loadViews();
      }}
      @pointerdown=${this.#want}>
      <h3 id="lookup-heading">${this.#t('lookup.title')}</h3>
      <p>${this.#t('lookup.intro')}</p>
      ${
        error
          ? html`<div class="problem" role="alert" id="lookup-problem" tabindex="-1">
              <p><strong>${this.#t('lookup.problem')}</strong></p>
              <p>${formatSdkMessage(error.messageKey, error.params, this.locale)}</p>
            </div>`
          : nothing
      }
      ${snapshot?.context.forgotten ? html`<p class="notice" role="status">${this.#t('remember.forgotten')}</p>` : nothing}
      ${input('caseNumber', 'case-number', 'lookup.case_number_hint')}
      ${input('accessCode', 'access-code', 'lookup.access_code_hint')}
      <div class="field remember-choice">
        <label class="choice" part="choice">
          <input type="checkbox" name="remember" aria-describedby="remember-hint" />
          ${this.#t('lookup.remember')}
        </label>
        <p class="hint" id="remember-hint">${this.#t('lookup.remember_hint')}</p>
      </div>
      <button type="submit" class="primary" part="lookup-button">${this.#t('lookup.submit')}</button>
    </form>`;
  }

  #renderCase(snapshot: CaseTrackerSnapshot, caseView: ResidentCaseView) {
    const views = this.#views;
    if (!views) {
      this.#needViews();
      return html`<p class="loading">${this.#t('tracker.loading')}</p>`;
    }
    const {
      renderActions,
      renderDepartments,
      renderNext,
      renderOutcome,
      renderSessions,
      renderStages,
      renderTimeline,
    } = views;
    const view = this.#view();
    const shown = this.printing ? caseView.timeline.length : this.shown;
    return html`<article part="case" class="case" aria-labelledby="case-heading">
      <h3 id="case-heading" tabindex="-1">${this.#t('case.heading', { caseNumber: caseView.caseNumber })}</h3>
      <p class="hint">${this.#t('case.filed_at', { date: when(view, caseView.filedAt) })}</p>
      ${
        snapshot.context.reconnecting
          ? html`<p class="notice reconnecting">${this.#t('tracker.reconnecting')}</p>`
          : nothing
      }
      ${this.#renderRemember(snapshot)}
      ${renderStages(view, caseView)}
      ${renderNext(view, caseView)}
      ${renderDepartments(view, caseView)}
      ${renderSessions(view, caseView)}
      ${renderOutcome(view, caseView)}
      ${this.#renderActionStatus(snapshot)}
      ${renderActions({
        ...view,
        caseView,
        offered: selectTrackerActions(snapshot),
        errors: selectActionFieldErrors(snapshot, this.locale),
        fieldLabel: this.#fieldLabel,
        confirmingWithdraw: this.confirmingWithdraw,
        setConfirmingWithdraw: (on) => {
          this.confirmingWithdraw = on;
          this.#focus = on ? 'withdraw-heading' : 'withdraw-start';
        },
        send: this.#act,
      })}
      ${renderTimeline(view, caseView, shown, () => {
        this.shown += TIMELINE_PAGE;
      })}
    </article>`;
  }

  #renderRemember(snapshot: CaseTrackerSnapshot) {
    if (!snapshot.context.remembered) return nothing;
    return html`<p class="notice" part="remember">
      ${this.#t('remember.on')}
      <button type="button" class="link" @click=${() => this.forget()}>${this.#t('remember.forget')}</button>
    </p>`;
  }

  /** The latest action's outbox state: saved on this device / sending / done / refused (with the text to copy). */
  #renderActionStatus(snapshot: CaseTrackerSnapshot) {
    const state = selectActionState(snapshot);
    const action = snapshot.context.action;
    const error = snapshot.context.error;
    const shownState = state === 'none' ? (this.sent ? 'done' : error ? 'refused' : 'none') : state;
    const command = action?.command as Record<string, unknown> | undefined;
    const typed = command
      ? ['message', 'reason', 'comment']
          .map((k) => command[k])
          .filter((v): v is string => typeof v === 'string' && v !== '')
      : [];
    return html`<div class="action-status" part="action-status" id="action-status" tabindex="-1" role="status" data-state=${shownState}>
      ${
        shownState === 'saved'
          ? html`${this.#t('action.state.saved')}
              <button type="button" class="secondary small" @click=${() => this.#send({ type: 'tracker.retry' })}>
                ${this.#t('action.send_now')}
              </button>`
          : shownState === 'sending'
            ? html`${this.#t('action.state.sending')}
                ${action?.files?.length ? html`<span>${this.#t('action.files_chosen', { count: action.files.length })}</span>` : nothing}
                <progress aria-label=${this.#t('action.state.sending')}></progress>`
            : shownState === 'done'
              ? this.#t('action.state.done')
              : shownState === 'rejected' || shownState === 'refused'
                ? html`<p>
                      ${shownState === 'rejected' ? this.#t('action.state.rejected') : nothing}
                      ${error ? formatSdkMessage(error.messageKey, error.params, this.locale) : nothing}
                    </p>
                    ${
                      typed.length
                        ? html`<p>${this.#t('action.your_text')}</p>
                            <blockquote class="typed">${typed.map((text) => html`<p>${text}</p>`)}</blockquote>`
                        : nothing
                    }
                    ${
                      shownState === 'rejected'
                        ? html`<button type="button" class="secondary" @click=${() => this.#send({ type: 'tracker.dismiss_action' })}>
                            ${this.#t('action.dismiss')}
                          </button>`
                        : nothing
                    }`
                : nothing
      }
    </div>`;
  }

  /** For tests and stories: the running actor's snapshot (read-only data). */
  get snapshot(): CaseTrackerSnapshot | undefined {
    return this.#snapshot;
  }
}

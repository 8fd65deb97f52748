import type { ConsultationStatus } from '@jiefen/core';
import {
  type ConsultationForm,
  type ConsultationRequestEmitted,
  type ConsultationRequestEvent,
  type ConsultationRequestSnapshot,
  createConsultationRequest,
  handOverToIntakeDraft,
  intakeFormFromConsultation,
  selectConsultationSubmissionState,
} from '@jiefen/sdk/consultation';
import { formatSdkMessage, type JiefenClient } from '@jiefen/sdk/intake';
import { type CSSResultGroup, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { createActor } from 'xstate';
import { ClientController } from '../base/client-context.js';
import type { BackendKind } from '../base/client-from-attributes.js';
import { syncCustomStates } from '../base/custom-states.js';
import { JfElement } from '../base/jf-element.js';
import { ActorController } from '../controllers/actor-controller.js';
import {
  JfCaseNeededEvent,
  JfConsultationReceivedEvent,
  JfConsultationRequestedEvent,
  JfConsultationUpdatedEvent,
  JfDraftRestoredEvent,
  JfSubmissionRejectedEvent,
} from '../events.js';
import { formatInstant } from '../i18n/format-instant.js';
import { LocalizeController, type MessageParams } from '../i18n/localize.js';
// The intake form's look and the receipt (with its QR code) are shared, not copied: a page with both
// loads them once.
import { intakeFormStyles } from '../intake-form/intake-form.styles.js';
import { type QrCode, qrCodePath } from '../receipt/qr-code.js';
import { type CopyOutcome, renderReceipt } from '../receipt/receipt-view.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { consultRequestStyles } from './consult-request.styles.js';
import { type ConsultMessageKey, consultCatalogs } from './i18n/catalogs.js';
import { type RequestFormView, renderRequestForm } from './request-form.js';
import { renderTracking, type TrackingUi, type TrackingView } from './tracking.js';

type RequestLogic = ReturnType<typeof createConsultationRequest>;
type Screen = 'loading' | 'failed' | 'offeringRestore' | 'editing' | 'submitting' | 'pending' | 'received';
type FocusTarget = 'heading' | 'summary' | 'receipt' | 'tracking' | 'cancel' | 'restore';

/** The link fragment that opens a consultation: `#jf-consultation=<number>.<tracking token>`. */
const FRAGMENT = 'jf-consultation=';

/** The consultation a tracking link names, if this page's fragment holds one. */
export function consultationFromFragment(
  hash: string,
): { consultationNumber: string; trackingToken: string } | undefined {
  const at = hash.indexOf(FRAGMENT);
  if (at < 0) return undefined;
  const value = decodeURIComponent(hash.slice(at + FRAGMENT.length).split('&')[0] ?? '');
  // Tracking tokens are base64url (no dots); the number is everything before the last dot.
  const dot = value.lastIndexOf('.');
  if (dot <= 0 || dot === value.length - 1) return undefined;
  return { consultationNumber: value.slice(0, dot), trackingToken: value.slice(dot + 1) };
}

/**
 * A resident's request for legal advice (法律咨询): topic, question, how and when they would like
 * it, and how to reach them. Saved on the device as they type, sent through the outbox (offline
 * too), confirmed with the consultation number, the access code (shown once) and a QR code of the
 * tracking link; then followed: assigned, scheduled (when, how), answered, rated, or cancelled.
 * "This needs a case" hands what was typed over to the intake form.
 *
 * @summary Offline-safe legal-consultation request and tracking for township portals.
 *
 * @event jf-consultation-requested - The request is safe in the outbox on this device. `detail: { submissionId }`.
 * @event jf-consultation-received - The centre registered the consultation. `detail: { consultationNumber }`.
 * @event jf-consultation-updated - The consultation's status, first shown or changed. `detail: { consultationNumber, status, previous? }`.
 * @event jf-submission-rejected - The backend refused the request. `detail: { messageKey, message, code? }`.
 * @event jf-draft-restored - The resident continued an earlier draft. `detail: { savedAt }`.
 * @event jf-case-needed - The resident asked to turn the question into a dispute report; cancelable. `detail: { topicId?, prefill }`.
 *
 * @csspart base - The element's outer box.
 * @csspart header - Title, toolbar and submission status.
 * @csspart status - The submission status line (saved on this device, sending, received).
 * @csspart elder-toggle - The large-text (elder mode) switch.
 * @csspart restore-banner - The offer to continue a saved draft.
 * @csspart error-summary - The list of problems at the top, linked to the fields.
 * @csspart form - The request form.
 * @csspart field - One question with its label, hint and error.
 * @csspart label - A question's label or legend.
 * @csspart hint - A question's hint.
 * @csspart error - A question's error message.
 * @csspart input - Text inputs, text areas and selects.
 * @csspart choice - One radio button with its label.
 * @csspart submit-button - Sends the request.
 * @csspart handover - The "this needs a case" box.
 * @csspart receipt - The confirmation.
 * @csspart consultation-number - The consultation number on the confirmation.
 * @csspart access-code - The access code on the confirmation.
 * @csspart copy-button - Copies the access code.
 * @csspart qr-code - The QR code of the tracking link.
 * @csspart tracking - The consultation's progress.
 * @csspart stages - The list of stages.
 * @csspart rating - The rating form.
 * @csspart cancel-button - Asks to cancel.
 * @csspart cancel-confirm - The confirmation that says what cancelling means.
 *
 * @cssproperty --jf-consult-request-max-width - Widest the element grows (default 42rem).
 *
 * @cssstate elder - Elder mode is on.
 * @cssstate loading - The configuration or the consultation is loading.
 * @cssstate failed - The configuration could not be loaded.
 * @cssstate restore-offered - A saved draft is offered.
 * @cssstate editing - The resident is filling in the request.
 * @cssstate pending - The request is saved on this device or being sent.
 * @cssstate received - The consultation is registered and shown.
 * @cssstate invalid - The form shows problems.
 */
export class JfConsultRequest extends JfElement {
  static override get styles(): CSSResultGroup {
    return [sharedStyles, intakeFormStyles, consultRequestStyles];
  }

  /** Root URL of the Jiefen API (REST) or of the Open311 endpoint. Default: this page's origin. */
  @property() endpoint = '';
  /** The township's tenant id. */
  @property() tenant = '';
  /** Which SDK backend to build when neither a `client` property nor a `<jf-provider>` gives one. */
  @property() backend: BackendKind = 'rest';
  /** A consultation topic id to start with. */
  @property() topic = '';
  /** Elder mode (适老化): larger type and spacing, plainer wording. */
  @property({ type: Boolean, reflect: true }) elder = false;
  /** The draft slot on this device. Default: derived from the element's `id`, else `consultation`. */
  @property({ attribute: 'draft-id' }) draftId = '';
  /**
   * The tracking link encoded in the QR code; `{number}` and `{token}` are replaced. Default: this
   * page with `#jf-consultation=<number>.<token>` (a fragment never reaches a server log).
   */
  @property({ attribute: 'tracking-url' }) trackingUrl = '';
  /** The portal's dispute-report page, for "this needs a case" when no intake form is on this page. */
  @property({ attribute: 'intake-url' }) intakeUrl = '';
  /** The `id` of the `<jf-intake-form>` to hand over to. Default: the first one in this document. */
  @property({ attribute: 'intake-target' }) intakeTarget = '';
  /** The intake form's draft slot on the `intake-url` page (its `draft-id`, or `intake-<id>`). Default `intake`. */
  @property({ attribute: 'intake-draft-id' }) intakeDraftId = 'intake';
  /**
   * A received consultation is followed live (the server's event stream); where the backend has none,
   * or the stream keeps failing, it is looked up every this many seconds instead. 0: not followed at
   * all, only on "check for news".
   */
  @property({ type: Number, attribute: 'refresh-interval' }) refreshInterval = 30;

  /** Any SDK client; when set, neither a provider's nor the attributes are used. */
  @property({ attribute: false }) client: JiefenClient | undefined;
  /** Values to start from (known contact details, say). */
  @property({ attribute: false }) prefill: ConsultationForm | undefined;
  /** How the element goes to `intake-url`. Replace it in a single-page app that routes by itself. */
  @property({ attribute: false }) navigate: (url: string) => void = (url) => location.assign(url);

  @state() private setupError: ConsultMessageKey | undefined;
  @state() private qr: QrCode | undefined;
  @state() private copied: CopyOutcome | undefined;
  @state() private confirmingDiscard = false;
  @state() private confirmingCancel = false;
  @state() private cancelReason = '';
  @state() private ratingScore = 0;
  @state() private ratingComment = '';
  @state() private announcement = '';
  @state() private handedOver = false;
  /** The receipt (with its access code) was issued in this visit: shown once, not after a reload. */
  @state() private receiptFresh = false;
  @state() private lookedUpAt: string | undefined;

  readonly #l10n = new LocalizeController(this, consultCatalogs, () => this.elder);
  readonly #clients = new ClientController(this);
  readonly #internals: ElementInternals | undefined =
    typeof this.attachInternals === 'function' ? this.attachInternals() : undefined;
  #request: ActorController<RequestLogic> | undefined;
  #client: JiefenClient | undefined;
  #ownClient: JiefenClient | undefined;
  #builtFrom: string | undefined;
  #focus: FocusTarget | string | undefined;
  #awaitingCheck = false;

  // ---- lifecycle ---------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pagehide', this.#flushDrafts);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.#flushDrafts);
    this.#flushDrafts();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const key = JSON.stringify([
      this.backend,
      this.endpoint,
      this.tenant,
      this.#draftId(),
      this.refreshInterval,
      this.#clients.sourceKey(this.client),
    ]);
    if (key !== this.#builtFrom) {
      this.#builtFrom = key;
      void this.#build();
    }
    const snapshot = this.snapshot;
    if (snapshot && snapshot.context.locale !== this.locale)
      this.#send({ type: 'consultation.set_locale', locale: this.locale });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#syncStates();
    this.#applyFocus();
  }

  #draftId(): string {
    return this.draftId || (this.id ? `consultation-${this.id}` : 'consultation');
  }

  async #build(): Promise<void> {
    const key = this.#builtFrom;
    this.#discard();
    this.setupError = undefined;
    const built = await this.#clients.build(this.client, this, () => key === this.#builtFrom);
    if (built.status === 'problem') this.setupError = built.missing ? 'form.setup_missing' : 'form.config_failed';
    if (built.status !== 'ready') return;
    const { client, owned } = built;
    if (owned) this.#ownClient = client;
    this.#client = client;
    const access = consultationFromFragment(location.hash);
    const actor = createActor(createConsultationRequest(client), {
      input: {
        draftId: this.#draftId(),
        locale: this.locale,
        initial: { ...this.prefill, ...(this.topic ? { topicId: this.topic } : {}) },
        refreshIntervalMs: Math.max(0, this.refreshInterval) * 1000,
        ...(access ? { access } : {}),
      },
    });
    this.#request = new ActorController(this, actor, {
      onEmitted: (event) => this.#onEmitted(event as ConsultationRequestEmitted),
      onSnapshot: (next, previous) =>
        this.#onSnapshot(next as ConsultationRequestSnapshot, previous as ConsultationRequestSnapshot),
    });
    this.requestUpdate();
  }

  #discard() {
    if (this.#request) {
      this.#flushDrafts();
      this.#request.dispose();
      this.#request.actor.stop();
      this.#request = undefined;
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

  /** For tests and stories: the running actor's snapshot (read-only data). */
  get snapshot(): ConsultationRequestSnapshot | undefined {
    return this.#request?.snapshot as ConsultationRequestSnapshot | undefined;
  }

  #send(event: ConsultationRequestEvent) {
    this.#request?.send(event);
  }

  #screen(snapshot: ConsultationRequestSnapshot): Screen {
    const value = snapshot.value as string | Record<string, unknown>;
    const top = typeof value === 'string' ? value : Object.keys(value)[0]!;
    return (top === 'resuming' ? 'loading' : top) as Screen;
  }

  // ---- facts from the actor → DOM events, focus, announcements ----------------------------------

  #onEmitted(event: ConsultationRequestEmitted) {
    switch (event.type) {
      case 'submitted':
        this.emit(new JfConsultationRequestedEvent({ submissionId: event.submissionId }));
        break;
      case 'received':
        this.receiptFresh = true;
        this.#focus = 'receipt';
        this.qr = undefined;
        this.copied = undefined;
        void qrCodePath(this.#trackingLink(event.receipt.consultationNumber, event.receipt.trackingToken)).then(
          (code) => {
            this.qr = code;
          },
        );
        this.emit(new JfConsultationReceivedEvent({ consultationNumber: event.receipt.consultationNumber }));
        break;
      case 'rejected':
        this.#focus = 'summary';
        this.emit(
          new JfSubmissionRejectedEvent({
            messageKey: event.error.messageKey,
            message: formatSdkMessage(event.error.messageKey, event.error.params, this.locale),
            ...(event.error.code ? { code: event.error.code } : {}),
          }),
        );
        break;
      case 'updated': {
        const number = this.snapshot?.context.view?.consultationNumber ?? '';
        // A change is told politely to screen readers; focus stays where the resident is.
        if (event.previous) this.announcement = this.#t('announce.status', { status: this.#stageName(event.status) });
        this.emit(
          new JfConsultationUpdatedEvent({
            consultationNumber: number,
            status: event.status,
            ...(event.previous ? { previous: event.previous } : {}),
          }),
        );
        break;
      }
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  }

  #onSnapshot(next: ConsultationRequestSnapshot, previous: ConsultationRequestSnapshot) {
    if (next.matches({ received: 'ready' }) && !previous.matches({ received: 'ready' }) && next.context.view)
      this.lookedUpAt = new Date().toISOString();
    if (!this.#awaitingCheck || next.matches({ editing: 'checking' })) return;
    this.#awaitingCheck = false;
    if (next.context.issues.length) this.#focus = 'summary';
  }

  #applyFocus() {
    const target = this.#focus;
    if (!target) return;
    this.#focus = undefined;
    const root = this.renderRoot as ShadowRoot;
    const ids: Record<FocusTarget, string> = {
      heading: 'form-heading',
      summary: 'error-summary',
      receipt: 'receipt-heading',
      tracking: 'tracking-heading',
      cancel: 'cancel-title',
      restore: 'restore-heading',
    };
    const element = root.getElementById(ids[target as FocusTarget] ?? target);
    element?.focus();
    element?.scrollIntoView?.({ block: 'nearest' });
  }

  #syncStates() {
    const snapshot = this.snapshot;
    const screen = snapshot ? this.#screen(snapshot) : this.setupError ? 'failed' : 'loading';
    const wanted = new Set<string>([screen === 'offeringRestore' ? 'restore-offered' : screen]);
    if (screen === 'submitting') wanted.add('pending');
    if (this.elder) wanted.add('elder');
    if (snapshot?.context.issues.length) wanted.add('invalid');
    syncCustomStates(this.#internals, wanted);
  }

  // ---- "this needs a case" ---------------------------------------------------------------------

  /** The intake form on this page to hand over to, if any. */
  #intakeForm(): (HTMLElement & { prefill?: unknown; snapshot?: { context: { form: object } } }) | null {
    const root = this.getRootNode() as Document | ShadowRoot;
    const scope: ParentNode = root instanceof ShadowRoot || root instanceof Document ? root : document;
    return this.intakeTarget
      ? ((scope as Document).getElementById?.(this.intakeTarget) ?? document.getElementById(this.intakeTarget))
      : (scope.querySelector('jf-intake-form') ?? document.querySelector('jf-intake-form'));
  }

  #canHandOver(): boolean {
    return Boolean(this.intakeUrl) || this.#intakeForm() !== null;
  }

  /**
   * Hand the question over. The consultation's own draft stays as it is (nothing is lost if the
   * resident comes back); the intake form gets the words merged into what it already holds.
   */
  async handOver(): Promise<void> {
    const snapshot = this.snapshot;
    const client = this.#client;
    if (!snapshot || !client) return;
    const form = snapshot.context.form;
    const target = this.#intakeForm();
    const prefill = intakeFormFromConsultation(form, target?.snapshot?.context.form as never);
    const event = new JfCaseNeededEvent({
      ...(form.topicId ? { topicId: form.topicId } : {}),
      prefill: prefill as Record<string, unknown>,
    });
    if (this.emit(event).defaultPrevented) return;
    this.#flushDrafts();
    if (target) {
      target.prefill = prefill;
      this.handedOver = true;
      target.scrollIntoView?.({ block: 'start' });
      target.focus?.();
      return;
    }
    if (this.intakeUrl) {
      await handOverToIntakeDraft(client, form, this.intakeDraftId);
      this.navigate(this.intakeUrl);
    }
  }

  // ---- rendering -------------------------------------------------------------------------------

  #t = (key: ConsultMessageKey, params?: MessageParams) => this.#l10n.t(key, params);

  #stageName(status: ConsultationStatus | string): string {
    if (status === 'cancelled') return this.#t('now.cancelled');
    if (status === 'converted')
      return this.#t('now.converted', { caseNumber: this.snapshot?.context.view?.convertedTo ?? '' });
    return this.#t(`stage.${status}` as ConsultMessageKey);
  }

  #trackingLink(number: string, token: string): string {
    if (this.trackingUrl)
      return this.trackingUrl
        .replace('{number}', encodeURIComponent(number))
        .replace('{token}', encodeURIComponent(token));
    return `${location.origin}${location.pathname}#${FRAGMENT}${encodeURIComponent(`${number}.${token}`)}`;
  }

  #formatTime = (instant: string, withDate = true): string => formatInstant(instant, this.#l10n.locale, withDate);

  override render(): TemplateResult {
    if (!this.#l10n.ready) return html`<div part="base" class="base" aria-busy="true"></div>`;
    const snapshot = this.snapshot;
    const screen = snapshot ? this.#screen(snapshot) : 'loading';
    return html`<div
      part="base"
      class="base${this.elder ? ' elder' : ''}"
      lang=${this.#l10n.locale}
      dir=${this.resolvedDir}
      aria-busy=${screen === 'loading' && !this.setupError ? 'true' : 'false'}
    >
      ${this.#renderHeader(snapshot, screen)}
      <p class="visually-hidden" role="status" aria-live="polite" data-announcement>${this.announcement}</p>
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
                  () => this.#send({ type: 'consultation.retry' }),
                )
              : screen === 'offeringRestore'
                ? this.#renderRestore(snapshot)
                : screen === 'received'
                  ? this.#renderReceived(snapshot)
                  : screen === 'pending' || screen === 'submitting'
                    ? this.#renderPending(snapshot, screen)
                    : renderRequestForm(this.#formView(), snapshot)
      }
    </div>`;
  }

  #renderHeader(snapshot: ConsultationRequestSnapshot | undefined, screen: Screen) {
    const state = snapshot ? selectConsultationSubmissionState(snapshot) : 'editing';
    return html`<header part="header" class="header">
      <div class="title-row">
        <h2 class="title">${this.#t('form.title')}</h2>
        <div class="toolbar">
          <button
            type="button"
            class="secondary toggle"
            part="elder-toggle"
            aria-pressed=${this.elder ? 'true' : 'false'}
            @click=${() => {
              this.elder = !this.elder;
            }}
          >
            ${this.#t('form.elder_mode')}
          </button>
        </div>
      </div>
      <p class="status" part="status" role="status" data-state=${snapshot ? state : 'loading'}>
        ${snapshot && screen !== 'loading' && screen !== 'failed' ? this.#statusText(state, screen) : nothing}
      </p>
    </header>`;
  }

  #statusText(state: ReturnType<typeof selectConsultationSubmissionState>, screen: Screen): TemplateResult | string {
    switch (state) {
      case 'saved':
        return html`${this.#t('status.saved')}
          <button type="button" class="secondary small" @click=${() => this.#send({ type: 'consultation.retry' })}>
            ${this.#t('status.send_now')}
          </button>`;
      case 'sending':
        return this.#t('status.sending');
      case 'received':
        return this.#t('status.received');
      case 'rejected':
        return this.#t('status.rejected');
      default:
        return screen === 'offeringRestore' ? '' : this.#t('status.editing');
    }
  }

  #renderProblem(message: string, detail?: string, retry?: () => void) {
    return html`<div class="problem" role="alert">
      <p>${message}</p>
      ${detail ? html`<p>${detail}</p>` : nothing}
      ${retry ? html`<button type="button" class="primary" @click=${retry}>${this.#t('form.retry')}</button>` : nothing}
    </div>`;
  }

  #renderRestore(snapshot: ConsultationRequestSnapshot) {
    const savedAt = snapshot.context.restorable?.savedAt;
    return html`<section class="banner" part="restore-banner" aria-labelledby="restore-heading">
      <h3 id="restore-heading" tabindex="-1">${this.#t('restore.title')}</h3>
      <p>${this.#t('restore.body', { date: savedAt ? this.#formatTime(savedAt) : '' })}</p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          @click=${() => {
            this.#focus = 'heading';
            this.#send({ type: 'consultation.restore' });
            if (savedAt) this.emit(new JfDraftRestoredEvent({ savedAt }));
          }}
        >
          ${this.#t('restore.continue')}
        </button>
        <button
          type="button"
          class="secondary"
          @click=${() => {
            this.#focus = 'heading';
            this.#send({ type: 'consultation.start_over' });
          }}
        >
          ${this.#t('restore.start_over')}
        </button>
      </div>
    </section>`;
  }

  // ---- the form --------------------------------------------------------------------------------

  #formView(): RequestFormView {
    return {
      t: this.#t,
      locale: this.#l10n.locale,
      message: (error) => formatSdkMessage(error.messageKey, error.params, this.locale),
      send: (event) => this.#send(event),
      submit: () => {
        this.#awaitingCheck = true;
        this.#send({ type: 'consultation.submit' });
      },
      focus: (id) => {
        this.#focus = id;
        this.requestUpdate();
      },
      discard: this.#renderDiscard(),
      handover: this.#renderHandover(),
    };
  }

  #renderDiscard() {
    return this.confirmingDiscard
      ? html`<div class="discard" role="group" aria-labelledby="discard-question">
          <p id="discard-question">${this.#t('form.discard_confirm')}</p>
          <div class="actions">
            <button
              type="button"
              class="danger"
              @click=${() => {
                this.confirmingDiscard = false;
                this.#focus = 'heading';
                this.#send({ type: 'consultation.discard' });
              }}
            >
              ${this.#t('form.discard')}
            </button>
            <button type="button" class="secondary" @click=${() => (this.confirmingDiscard = false)}>${this.#t('form.back')}</button>
          </div>
        </div>`
      : html`<div class="discard">
          <button type="button" class="link" @click=${() => (this.confirmingDiscard = true)}>${this.#t('form.discard')}</button>
        </div>`;
  }

  #renderHandover() {
    if (!this.#canHandOver()) return nothing;
    return html`<section class="handover" part="handover" aria-labelledby="handover-title">
      <h3 id="handover-title">${this.#t('handover.title')}</h3>
      <p>${this.#t('handover.hint')}</p>
      <button type="button" class="secondary" @click=${() => void this.handOver()}>${this.#t('handover.button')}</button>
      <p role="status">${this.handedOver ? this.#t('handover.done') : ''}</p>
    </section>`;
  }

  #renderPending(snapshot: ConsultationRequestSnapshot, screen: Screen) {
    return html`<section class="banner" aria-labelledby="pending-heading">
      <h3 id="pending-heading">${screen === 'submitting' ? this.#t('status.sending') : this.#t('pending.title')}</h3>
      <p>${this.#t('pending.body')}</p>
      ${
        snapshot.context.submission?.lastError
          ? html`<p class="hint">
              ${formatSdkMessage(
                snapshot.context.submission.lastError.messageKey,
                snapshot.context.submission.lastError.params,
                this.locale,
              )}
            </p>`
          : nothing
      }
    </section>`;
  }

  // ---- received: receipt and tracking ----------------------------------------------------------

  #renderReceived(snapshot: ConsultationRequestSnapshot) {
    const { view, receipt, error } = snapshot.context;
    if (!view) {
      // Opened from a link that does not work, or the first lookup failed.
      return html`${
        error
          ? this.#renderProblem(
              this.#t('lookup.failed', { reason: formatSdkMessage(error.messageKey, error.params, this.locale) }),
              undefined,
              () => this.#send({ type: 'consultation.refresh' }),
            )
          : html`<p class="loading">${this.#t('form.loading')}</p>`
      }
      <button type="button" class="secondary" @click=${() => this.#newRequest()}>${this.#t('new_request')}</button>`;
    }
    return html`
      ${receipt && this.receiptFresh ? this.#renderReceipt(receipt) : nothing}
      ${renderTracking(this.#trackingView(), snapshot)}
      <div class="actions">
        <button type="button" class="secondary" @click=${() => this.#newRequest()}>${this.#t('new_request')}</button>
      </div>
    `;
  }

  #trackingView(): TrackingView {
    return {
      t: this.#t,
      formatTime: this.#formatTime,
      message: (error) => formatSdkMessage(error.messageKey, error.params, this.locale),
      send: (event) => this.#send(event),
      ui: {
        confirmingCancel: this.confirmingCancel,
        cancelReason: this.cancelReason,
        ratingScore: this.ratingScore,
        ratingComment: this.ratingComment,
      },
      setUi: (change: Partial<TrackingUi>) => Object.assign(this, change),
      focus: (target) => {
        this.#focus = target;
      },
      lookedUpAt: this.lookedUpAt,
    };
  }

  #newRequest() {
    this.receiptFresh = false;
    this.qr = undefined;
    this.confirmingCancel = false;
    this.ratingScore = 0;
    this.ratingComment = '';
    this.#focus = 'heading';
    this.#send({ type: 'consultation.new_request' });
  }

  #renderReceipt(receipt: { consultationNumber: string; accessCode: string; trackingToken: string }) {
    return renderReceipt({
      t: this.#t,
      number: { label: this.#t('receipt.number'), value: receipt.consultationNumber, part: 'consultation-number' },
      accessCode: receipt.accessCode,
      trackingLink: this.#trackingLink(receipt.consultationNumber, receipt.trackingToken),
      qr: this.qr,
      copied: this.copied,
      setCopied: (outcome) => {
        this.copied = outcome;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jf-consult-request': JfConsultRequest;
  }
}

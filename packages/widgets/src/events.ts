import type { IntakeStep } from '@jiefen/sdk/intake';

/**
 * Jiefen's DOM events: past-tense facts, `jf-` prefixed, each a typed `Event` subclass that bubbles
 * and crosses shadow roots (`composed`), so a portal can listen on `document`. Native meanings
 * (`change`, `input`, `submit`) are not renamed. Detail carries data only: never a resident's access
 * code (it is shown once, on screen) and nothing that needs the SDK to interpret.
 */
export class JfEvent<TType extends string, TDetail> extends Event {
  declare readonly type: TType;
  constructor(
    type: TType,
    readonly detail: TDetail,
    init: { cancelable?: boolean } = {},
  ) {
    super(type, { bubbles: true, composed: true, cancelable: init.cancelable ?? false });
  }
}

/** The filing is safe on this device (in the outbox); it is sent now or as soon as there is a connection. */
export class JfCaseSubmittedEvent extends JfEvent<'jf-case-submitted', { submissionId: string }> {
  constructor(detail: { submissionId: string }) {
    super('jf-case-submitted', detail);
  }
}

/** The centre's system registered the case: it has a case number. */
export class JfCaseReceivedEvent extends JfEvent<'jf-case-received', { caseNumber: string }> {
  constructor(detail: { caseNumber: string }) {
    super('jf-case-received', detail);
  }
}

/** The backend refused the filing; the form shows why and what to correct. */
export class JfSubmissionRejectedEvent extends JfEvent<
  'jf-submission-rejected',
  { messageKey: string; message: string; code?: string }
> {
  constructor(detail: { messageKey: string; message: string; code?: string }) {
    super('jf-submission-rejected', detail);
  }
}

/** The resident moved to another step (after it validated, or back). */
export class JfStepChangedEvent extends JfEvent<'jf-step-changed', { step: IntakeStep; previous: IntakeStep }> {
  constructor(detail: { step: IntakeStep; previous: IntakeStep }) {
    super('jf-step-changed', detail);
  }
}

/** What the resident typed is saved (encrypted) on this device. */
export class JfDraftSavedEvent extends JfEvent<'jf-draft-saved', { savedAt: string }> {
  constructor(detail: { savedAt: string }) {
    super('jf-draft-saved', detail);
  }
}

/** The resident chose to continue a draft saved earlier on this device. */
export class JfDraftRestoredEvent extends JfEvent<'jf-draft-restored', { savedAt: string }> {
  constructor(detail: { savedAt: string }) {
    super('jf-draft-restored', detail);
  }
}

/** An evidence file changed state (uploading, uploaded, waiting offline, failed, refused). */
export class JfUploadChangedEvent extends JfEvent<
  'jf-upload-changed',
  { id: string; name: string; state: string; progress: number }
> {
  constructor(detail: { id: string; name: string; state: string; progress: number }) {
    super('jf-upload-changed', detail);
  }
}

/**
 * The resident pressed quick exit. Cancelable: a portal that handles leaving itself calls
 * `preventDefault()`; otherwise the element replaces the page with the exit URL.
 */
export class JfQuickExitEvent extends JfEvent<'jf-quick-exit', { exitUrl: string }> {
  constructor(detail: { exitUrl: string }) {
    super('jf-quick-exit', detail, { cancelable: true });
  }
}

// ---- <jf-consult-request> ------------------------------------------------------------------------

/** The consultation request is safe in the outbox on this device; it is sent now or once online. */
export class JfConsultationRequestedEvent extends JfEvent<'jf-consultation-requested', { submissionId: string }> {
  constructor(detail: { submissionId: string }) {
    super('jf-consultation-requested', detail);
  }
}

/** The centre's system registered the consultation: it has a number. */
export class JfConsultationReceivedEvent extends JfEvent<'jf-consultation-received', { consultationNumber: string }> {
  constructor(detail: { consultationNumber: string }) {
    super('jf-consultation-received', detail);
  }
}

/** The consultation's status as the backend now reports it (assigned, scheduled, answered, closed, cancelled …). */
export class JfConsultationUpdatedEvent extends JfEvent<
  'jf-consultation-updated',
  { consultationNumber: string; status: string; previous?: string }
> {
  constructor(detail: { consultationNumber: string; status: string; previous?: string }) {
    super('jf-consultation-updated', detail);
  }
}

/**
 * "This needs a case": the resident asked to turn the question into a dispute report. Cancelable: a
 * portal that routes by itself calls `preventDefault()` and uses `prefill` (intake answers: the
 * question as the description, the resident's name and phone); otherwise the element fills the
 * intake form on the page, or the intake draft on this device and goes to `intake-url`.
 */
export class JfCaseNeededEvent extends JfEvent<
  'jf-case-needed',
  { topicId?: string; prefill: Record<string, unknown> }
> {
  constructor(detail: { topicId?: string; prefill: Record<string, unknown> }) {
    super('jf-case-needed', detail, { cancelable: true });
  }
}

/** Every Jiefen event by name, for `addEventListener` typing and framework bindings. */
export interface JfEventMap {
  'jf-case-submitted': JfCaseSubmittedEvent;
  'jf-case-received': JfCaseReceivedEvent;
  'jf-submission-rejected': JfSubmissionRejectedEvent;
  'jf-step-changed': JfStepChangedEvent;
  'jf-draft-saved': JfDraftSavedEvent;
  'jf-draft-restored': JfDraftRestoredEvent;
  'jf-upload-changed': JfUploadChangedEvent;
  'jf-quick-exit': JfQuickExitEvent;
  'jf-consultation-requested': JfConsultationRequestedEvent;
  'jf-consultation-received': JfConsultationReceivedEvent;
  'jf-consultation-updated': JfConsultationUpdatedEvent;
  'jf-case-needed': JfCaseNeededEvent;
}

declare global {
  interface GlobalEventHandlersEventMap extends JfEventMap {}
}

// ---- <jf-case-tracker> ----------------------------------------------------------------------------

/** A case is shown: looked up by number and access code, or opened from a tracking link (`via`). */
export class JfCaseOpenedEvent extends JfEvent<'jf-case-opened', { caseNumber: string; via: 'lookup' | 'link' }> {
  constructor(detail: { caseNumber: string; via: 'lookup' | 'link' }) {
    super('jf-case-opened', detail);
  }
}

/** A live update changed the case (a new stage, a new timeline line). `stage` is the closed-loop stage now. */
export class JfCaseUpdatedEvent extends JfEvent<'jf-case-updated', { caseNumber: string; stage: string }> {
  constructor(detail: { caseNumber: string; stage: string }) {
    super('jf-case-updated', detail);
  }
}

/** A resident action (`supply_information`, `add_evidence`, `rate`, `request_reopen`, `withdraw`) reached the centre. */
export class JfActionSentEvent extends JfEvent<'jf-action-sent', { caseNumber: string; action: string }> {
  constructor(detail: { caseNumber: string; action: string }) {
    super('jf-action-sent', detail);
  }
}

/** The centre refused a resident action for good; the tracker shows why and keeps the text to copy. */
export class JfActionRejectedEvent extends JfEvent<
  'jf-action-rejected',
  { caseNumber: string; action: string; messageKey: string }
> {
  constructor(detail: { caseNumber: string; action: string; messageKey: string }) {
    super('jf-action-rejected', detail);
  }
}

/** Every <jf-case-tracker> event by name. */
export interface JfCaseTrackerEventMap {
  'jf-case-opened': JfCaseOpenedEvent;
  'jf-case-updated': JfCaseUpdatedEvent;
  'jf-action-sent': JfActionSentEvent;
  'jf-action-rejected': JfActionRejectedEvent;
}

declare global {
  interface GlobalEventHandlersEventMap extends JfCaseTrackerEventMap {}
}

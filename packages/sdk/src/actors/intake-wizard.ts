import type { AttachmentMeta, CaseFilingInput, FieldIssue, Locale, TenantConfig } from '@jiefen/core';
import { attachmentLimitsOf, attachmentRefusal, DEFAULT_PRIVACY } from '@jiefen/core/forms';
import {
  type ActorRefFrom,
  assign,
  emit,
  enqueueActions,
  fromCallback,
  fromPromise,
  type SnapshotFrom,
  setup,
} from 'xstate';
import type { BackendCapabilities, CaseReceipt, UploadFile } from '../backends/backend.js';
import type { JiefenClient } from '../client.js';
import { isRetryable } from '../errors.js';
import type { SubmissionStatus } from '../offline/outbox.js';
import { uuidv7 } from '../offline/uuid.js';
import { formSubmissionStates, rejectionOf } from './form-submission.js';
import {
  type ActorError,
  bindFollowSubmission,
  bindWatchDraft,
  deviceToday,
  followSubmissionActor,
  issuesUnder,
  type LoadedForm,
  type LoadFormInput,
  loadForm,
  loadMessagesActor,
  needsClient,
  setPath,
  toActorError,
  watchDraftActor,
} from './shared.js';

/**
 * The wizard's steps in display order, and the filing fields each one owns in the order the form
 * shows them (`selectFirstInvalidField` follows this order).
 */
export const INTAKE_STEPS = [
  { id: 'category', fields: ['categoryId'] },
  { id: 'details', fields: ['description', 'answers', 'startedOn', 'location', 'desiredOutcome'] },
  // Optional: the filing accepts no other party (the resident may not know who it is).
  { id: 'other_party', fields: ['otherParties'] },
  { id: 'evidence', fields: ['attachments'] },
  { id: 'applicant', fields: ['applicant', 'privacy', 'onBehalf'] },
  { id: 'review', fields: [] },
] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number]['id'];

/** The order of a party's fields on screen (applicant and other parties). */
export const PARTY_FIELDS = ['kind', 'name', 'phone', 'idNumber', 'address', 'relationship'];

export type IntakeForm = Partial<CaseFilingInput>;

export interface IntakeWizardInput {
  /** Draft slot on this device; one per form instance. Default `intake`. */
  draftId?: string;
  /** Default `zh-CN`. */
  locale?: Locale;
  /** Values to start from (a grid worker's `onBehalf`, a preselected category). */
  initial?: IntakeForm;
  /** Today as `YYYY-MM-DD` (for "not in the future"), as data. Default: the device's date at start. */
  today?: string;
}

/**
 * One file the resident added on the evidence step. `refused`: over the tenant's size limit or not
 * an accepted type, checked before any byte is sent (`error` says which, localized). `waiting`: the
 * device is offline (or the upload failed and will be tried again); the file is kept encrypted with
 * the draft on this device, so a closed tab does not lose it, and stored with the filing in the
 * outbox on submit, then uploaded with it. `failed`: the backend refused it (`error`).
 */
export interface IntakeUpload {
  id: string;
  name: string;
  size: number;
  type: string;
  state: 'uploading' | 'uploaded' | 'waiting' | 'failed' | 'refused';
  /** 0..1 */
  progress: number;
  attachment?: AttachmentMeta;
  error?: ActorError;
  /**
   * A waiting file could not be kept on this device (storage full or blocked: `sdk.error.storage`):
   * it is held only while the page stays open, so the view should say to keep the page open.
   */
  keepError?: ActorError;
}

/** Plain data only: a snapshot round-trips through JSON, and holds nothing that can call a backend. */
export interface IntakeWizardContext {
  draftId: string;
  locale: Locale;
  today: string;
  config?: TenantConfig;
  /** What the backend can do (evidence is skipped where uploads are off). */
  capabilities?: BackendCapabilities;
  form: IntakeForm;
  step: IntakeStep;
  /** The furthest step reached: `intake.go_to` may go back to any step up to it, or one further. */
  furthestStep: IntakeStep;
  /** Issues of the current step (after `intake.next`) or of the whole filing (after `intake.submit`). */
  issues: FieldIssue[];
  /**
   * A draft found on load, waiting for `intake.restore` or `intake.start_over`, with the files that
   * were waiting with it (restored as `waiting` uploads).
   */
  restorable?: { savedAt: string; step: IntakeStep; form: IntakeForm; waiting: IntakeUpload[] };
  uploads: IntakeUpload[];
  submission?: SubmissionStatus;
  receipt?: CaseReceipt;
  error?: ActorError;
}

export type IntakeWizardEvent =
  | { type: 'intake.restore' }
  /** Discard the offered draft and start empty. */
  | { type: 'intake.start_over' }
  /** Merge top-level values into the form. */
  | { type: 'intake.change'; values: IntakeForm }
  /** Set one value by dot path (`applicant.phone`, `answers.months_unpaid`). */
  | { type: 'intake.set'; path: string; value: unknown }
  | { type: 'intake.next' }
  | { type: 'intake.back' }
  /** Only to a step already reached or the next one, and never past a step that does not validate. */
  | { type: 'intake.go_to'; step: IntakeStep }
  | { type: 'intake.submit' }
  /** Send now (pending), reload the configuration (failed), or try waiting uploads again (editing). */
  | { type: 'intake.retry' }
  /** The resident throws the form away. */
  | { type: 'intake.discard' }
  /** Start a new filing after a received one. */
  | { type: 'intake.reset' }
  | { type: 'intake.set_locale'; locale: Locale }
  | { type: 'intake.add_files'; files: ReadonlyArray<File | UploadFile> }
  | { type: 'intake.cancel_upload'; id: string }
  | { type: 'intake.remove_file'; id: string }
  // Reports from the wizard's own actors.
  | { type: 'intake.outbox'; status: SubmissionStatus }
  | { type: 'intake.draft_saved'; savedAt: string }
  | { type: 'intake.upload_progress'; id: string; progress: number }
  | { type: 'intake.upload_done'; id: string; attachment: AttachmentMeta }
  | { type: 'intake.upload_failed'; id: string; error: ActorError; retryable: boolean }
  /** A waiting file could not be stored on this device (quota): it is held in memory only. */
  | { type: 'intake.file_not_kept'; id: string; error: ActorError }
  | { type: 'intake.online' };

/** Facts a view turns into DOM events (`jf-step-changed`, `jf-case-submitted` …), without diffing snapshots. */
export type IntakeWizardEmitted =
  | { type: 'step_changed'; step: IntakeStep; previous: IntakeStep }
  | { type: 'draft_saved'; savedAt: string }
  | { type: 'draft_restored'; savedAt: string }
  /** Safe on this device (in the outbox); `received` follows when the backend confirms. */
  | { type: 'submitted'; submissionId: string }
  | { type: 'received'; receipt: CaseReceipt }
  | { type: 'rejected'; error: ActorError }
  /** An upload was added, progressed, finished, failed or (with `removed`) was cancelled or removed. */
  | { type: 'upload_changed'; upload: IntakeUpload; removed?: true };

/** Why a move was asked for; carried through the (lazily loaded) check and back. */
type Intent = { kind: 'next' } | { kind: 'go_to'; step: IntakeStep } | { kind: 'submit' };

interface CheckInput {
  form: IntakeForm;
  config: TenantConfig | undefined;
  today: string;
  intent: Intent;
}

/**
 * The core's filing check, loaded on first use so the first screen does not wait for valibot and
 * the schemas; every step waits for it (`editing.checking`), so nothing passes unchecked.
 */
export const checkFilingActor = fromPromise<{ issues: FieldIssue[]; intent: Intent }, CheckInput>(async ({ input }) => {
  // Without a configuration there is nothing to check against: the wizard never edits without one.
  if (!input.config)
    return { issues: [{ path: 'categoryId', key: 'validation.required', params: {} }], intent: input.intent };
  const { validateCaseFiling } = await import('../checks/form-checks.js');
  const result = validateCaseFiling(filingOf(input.form), input.config, input.today);
  return { issues: result.success ? [] : result.issues, intent: input.intent };
});

/**
 * Fetch the filing check now (a page calls this once its first step shows): the wizard imports it on
 * every Next, and a device that loses its connection later must still be able to check the steps.
 */
export const preloadFilingCheck = (): Promise<void> => import('../checks/form-checks.js').then(() => undefined);

/** The form as a filing: what the resident has not reached yet is still empty, not missing. */
const filingOf = (form: IntakeForm): IntakeForm => ({ otherParties: [], attachments: [], answers: {}, ...form });

export const stepIndex = (step: IntakeStep) => INTAKE_STEPS.findIndex((s) => s.id === step);
export const fieldsOf = (step: IntakeStep): readonly string[] => INTAKE_STEPS.find((s) => s.id === step)?.fields ?? [];

/** The steps that apply: all of them, but evidence only where the backend takes uploads. */
export function applicableSteps(context: Pick<IntakeWizardContext, 'capabilities'>): IntakeStep[] {
  return INTAKE_STEPS.map((s) => s.id).filter((id) => id !== 'evidence' || context.capabilities?.uploads !== false);
}

export function neighbour(context: IntakeWizardContext, step: IntakeStep, offset: 1 | -1): IntakeStep {
  const steps = applicableSteps(context);
  const at = steps.indexOf(step);
  return steps[Math.min(Math.max(at + offset, 0), steps.length - 1)] ?? step;
}

const later = (a: IntakeStep, b: IntakeStep) => (stepIndex(a) >= stepIndex(b) ? a : b);

/** Issues a step shows: its own fields', or every issue on review. */
function issuesOfStep(issues: readonly FieldIssue[], step: IntakeStep): FieldIssue[] {
  return step === 'review' ? [...issues] : issuesUnder(issues, fieldsOf(step));
}

/** The first applicable step from `from` to before `to` that has issues, if any. */
function firstInvalidBetween(context: IntakeWizardContext, issues: FieldIssue[], from: IntakeStep, to: IntakeStep) {
  return applicableSteps(context).find(
    (step) =>
      stepIndex(step) >= stepIndex(from) && stepIndex(step) < stepIndex(to) && issuesOfStep(issues, step).length > 0,
  );
}

/** The first step with issues, so the resident is taken to what needs fixing. */
function firstStepWith(context: IntakeWizardContext, issues: readonly FieldIssue[]): IntakeStep {
  return applicableSteps(context).find((step) => step !== 'review' && issuesOfStep(issues, step).length) ?? 'review';
}

const withoutIssuesUnder = (issues: FieldIssue[], paths: readonly string[]) => {
  const cleared = new Set(issuesUnder(issues, paths));
  return issues.filter((issue) => !cleared.has(issue));
};

const emptyForm = (locale: Locale, initial: IntakeForm = {}): IntakeForm => ({
  otherParties: [],
  answers: {},
  attachments: [],
  privacy: { ...DEFAULT_PRIVACY },
  ...initial,
  locale,
});

/** Uploads shown for a restored form: its attachments, already uploaded. */
const uploadsOf = (form: IntakeForm): IntakeUpload[] =>
  (form.attachments ?? []).map((attachment) => ({
    id: attachment.id,
    name: attachment.name,
    size: attachment.size,
    type: attachment.mediaType,
    state: 'uploaded',
    progress: 1,
    attachment,
  }));

/** The tenant configuration, any draft, and the files that were waiting with it. */
type LoadedIntake = LoadedForm & { waiting?: IntakeUpload[] };

/** The draft found on load, as offered for restore. */
function restorableOf(loaded: LoadedIntake): IntakeWizardContext['restorable'] {
  const draft = loaded.draft!;
  return {
    savedAt: draft.updatedAt,
    step: isStep(draft.step) ? draft.step : 'category',
    form: draft.data as IntakeForm,
    waiting: loaded.waiting ?? [],
  };
}

const isStep = (value: unknown): value is IntakeStep => INTAKE_STEPS.some((s) => s.id === value);

const asUploadFile = (file: File | UploadFile): UploadFile =>
  'blob' in file ? file : { blob: file, name: (file as File).name };

const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/**
 * Files the resident added, by upload id, until uploaded or handed to the outbox: outside the
 * snapshot (not data). Waiting ones are also kept with the draft on the device (`keepWaiting`).
 */
type FileShelf = Map<string, UploadFile>;
/** `drop` forgets files here and on the device; `keep` holds one here. */
type ShelfChange = { drop?: string[]; keep?: { id: string; file: UploadFile } };
type KeptFiles = { ids: string[] };

type SubmitInput = { form: IntakeForm; draftId: string; fileIds: string[] };
type UploadInput = { id: string };

const baseSetup = setup({
  types: {
    context: {} as IntakeWizardContext,
    events: {} as IntakeWizardEvent,
    input: {} as IntakeWizardInput,
    emitted: {} as IntakeWizardEmitted,
  },
  actors: {
    loadForm: fromPromise<LoadedIntake, LoadFormInput>(needsClient('loadForm')),
    loadMessages: loadMessagesActor,
    checkFiling: checkFilingActor,
    submit: fromPromise<SubmissionStatus, SubmitInput>(needsClient('submit')),
    followSubmission: followSubmissionActor,
    watchDraft: watchDraftActor,
    upload: fromCallback<IntakeWizardEvent, UploadInput>(needsClient('upload')),
    /** `online` comes back: waiting files are tried again. */
    watchConnectivity: fromCallback<IntakeWizardEvent>(({ sendBack }) => {
      if (typeof window === 'undefined') return;
      const online = () => sendBack({ type: 'intake.online' });
      window.addEventListener('online', online);
      return () => window.removeEventListener('online', online);
    }),
  },
  actions: {
    saveDraft: (_, _params: { context: IntakeWizardContext }) => {},
    discardDraft: (_, _params: { draftId: string }) => {},
    sendNow: () => {},
    /** Hold a file the resident added, or forget it (cancelled, removed, uploaded, received). */
    shelve: (_, _params: ShelfChange) => {},
    /** Keep waiting files encrypted with the draft on the device, so a closed tab does not lose them. */
    keepWaiting: (_, _params: KeptFiles) => {},
    /** The outbox holds these files now (submitted): the draft's copies go. */
    releaseKept: (_, _params: KeptFiles) => {},
  },
});

/** The named actions of `formSubmissionStates`, typed for this machine. */
const machineSetup = baseSetup.extend({
  actions: {
    formSubmitted: baseSetup.enqueueActions(({ context, event, enqueue }) => {
      const status = (event as unknown as { output: SubmissionStatus }).output;
      enqueue.assign({ submission: status, error: undefined });
      enqueue({ type: 'releaseKept', params: { ids: waitingIds(context) } });
      enqueue.emit({ type: 'submitted', submissionId: status.id });
    }),
    formSubmitFailed: baseSetup.enqueueActions(({ context, event, enqueue }) => {
      const error = toActorError((event as unknown as { error: unknown }).error);
      const issues = error.issues ?? [];
      enqueue.assign({ error, issues, step: issues.length ? firstStepWith(context, issues) : context.step });
      enqueue.emit({ type: 'rejected', error });
    }),
    formStatus: baseSetup.assign({ submission: ({ event }) => (event as { status: SubmissionStatus }).status }),
    formReceived: baseSetup.enqueueActions(({ event, enqueue }) => {
      const status = (event as { status: SubmissionStatus }).status;
      const receipt = status.receipt as CaseReceipt;
      enqueue.assign({ submission: status, receipt });
      enqueue.emit({ type: 'received', receipt });
    }),
    formRejected: baseSetup.enqueueActions(({ context, event, enqueue }) => {
      const status = (event as { status: SubmissionStatus }).status;
      const error = rejectionOf(status);
      const issues = status.lastError?.issues ?? [];
      enqueue.assign({ submission: status, error, issues, step: firstStepWith(context, issues) });
      // Back to the form with its files: kept on the device again until the corrected filing goes.
      enqueue({ type: 'keepWaiting', params: { ids: waitingIds(context) } });
      enqueue.emit({ type: 'rejected', error });
    }),
  },
});

/** Files that go with the filing: waiting, or still uploading when the resident submits. */
const waitingIds = (context: IntakeWizardContext) =>
  context.uploads.filter((u) => u.state === 'waiting' || u.state === 'uploading').map((u) => u.id);

/** What the helpers below need of an `enqueueActions` enqueuer. */
interface Enqueue {
  assign(values: Partial<IntakeWizardContext>): void;
  emit(event: IntakeWizardEmitted): void;
  (
    action:
      | { type: 'saveDraft'; params: { context: IntakeWizardContext } }
      | { type: 'shelve'; params: ShelfChange }
      | { type: 'keepWaiting'; params: KeptFiles }
      | { type: 'discardDraft'; params: { draftId: string } },
  ): void;
  spawnChild(src: 'upload', options: { id: string; input: UploadInput }): void;
  stopChild(id: string): void;
}

/** Move to a step: clear its issues, remember how far the resident got, tell the view, save. */
function moveTo(context: IntakeWizardContext, step: IntakeStep, enqueue: Enqueue, issues: FieldIssue[] = []) {
  const previous = context.step;
  const furthestStep = later(context.furthestStep, step);
  enqueue.assign({ step, furthestStep, issues });
  if (step !== previous) enqueue.emit({ type: 'step_changed', step, previous });
  enqueue({ type: 'saveDraft', params: { context: { ...context, step, furthestStep } } });
}

function changeUpload(context: IntakeWizardContext, id: string, change: Partial<IntakeUpload>, enqueue: Enqueue) {
  const current = context.uploads.find((u) => u.id === id);
  if (!current) return undefined;
  const upload = { ...current, ...change };
  enqueue.assign({ uploads: context.uploads.map((u) => (u.id === id ? upload : u)) });
  enqueue.emit({ type: 'upload_changed', upload });
  return upload;
}

/**
 * The intake wizard (登记): category → details → other party → evidence → applicant → review →
 * submit, with the core's validation per step, a draft saved on every change, uploads with
 * progress and limits, and the outbox behind submission.
 *
 * States: `loading` → (`offeringRestore`) → `editing` (`idle` ⇄ `checking`) → `submitting` →
 * `pending` (saved on this device, or sending) → `received`; `failed` if the configuration cannot
 * be loaded (`intake.retry`). Create it with `createIntakeWizard(client)`: the client is bound in
 * closures, never carried in the snapshot.
 */
export const intakeWizardMachine = machineSetup.createMachine({
  id: 'intakeWizard',
  context: ({ input }) => {
    const locale = input.locale ?? 'zh-CN';
    const form = emptyForm(locale, input.initial);
    return {
      draftId: input.draftId ?? 'intake',
      locale,
      today: input.today ?? deviceToday(),
      form,
      step: 'category',
      furthestStep: 'category',
      issues: [],
      uploads: uploadsOf(form),
    };
  },
  on: {
    'intake.set_locale': {
      actions: [
        assign({
          locale: ({ event }) => event.locale,
          form: ({ context, event }) => ({ ...context.form, locale: event.locale }),
        }),
        enqueueActions(({ enqueue, event }) => enqueue.spawnChild('loadMessages', { input: { locale: event.locale } })),
      ],
    },
  },
  initial: 'loading',
  states: {
    loading: {
      invoke: {
        src: 'loadForm',
        input: ({ context }) => ({ draftId: context.draftId, kind: 'case' as const, locale: context.locale }),
        onDone: [
          {
            guard: ({ event }) => event.output.draft !== undefined,
            target: 'offeringRestore',
            actions: assign({
              config: ({ event }) => event.output.config,
              capabilities: ({ event }) => event.output.capabilities,
              restorable: ({ event }) => restorableOf(event.output),
            }),
          },
          {
            target: 'editing',
            actions: assign({
              config: ({ event }) => event.output.config,
              capabilities: ({ event }) => event.output.capabilities,
            }),
          },
        ],
        onError: { target: 'failed', actions: assign({ error: ({ event }) => toActorError(event.error) }) },
      },
    },
    failed: {
      on: { 'intake.retry': { target: 'loading', actions: assign({ error: undefined }) } },
    },
    offeringRestore: {
      on: {
        'intake.restore': {
          target: 'editing',
          actions: enqueueActions(({ context, enqueue }) => {
            const restorable = context.restorable!;
            const form = { ...context.form, ...restorable.form, locale: context.locale };
            const uploads = [...uploadsOf(form), ...restorable.waiting];
            enqueue.assign({
              form,
              step: restorable.step,
              furthestStep: restorable.step,
              uploads,
              restorable: undefined,
            });
            enqueue.emit({ type: 'draft_restored', savedAt: restorable.savedAt });
            // The files that waited last time carry on as before: uploaded now if online, else with the filing.
            retryWaiting({ ...context, form, uploads }, enqueue);
          }),
        },
        'intake.start_over': {
          target: 'editing',
          actions: [
            {
              type: 'shelve',
              params: ({ context }) => ({ drop: context.restorable?.waiting.map((u) => u.id) ?? [] }),
            },
            { type: 'discardDraft', params: ({ context }) => ({ draftId: context.draftId }) },
            assign({ restorable: undefined }),
          ],
        },
      },
    },
    editing: {
      invoke: [
        { src: 'watchDraft', input: ({ context }) => ({ draftId: context.draftId, eventType: 'intake.draft_saved' }) },
        { src: 'watchConnectivity' },
      ],
      on: {
        'intake.draft_saved': {
          actions: emit(({ event }) => ({ type: 'draft_saved' as const, savedAt: event.savedAt })),
        },
        // A changed answer's old problems go away; the rest stay until the next check.
        'intake.change': {
          actions: [
            assign({
              form: ({ context, event }) => ({ ...context.form, ...event.values }),
              issues: ({ context, event }) => withoutIssuesUnder(context.issues, Object.keys(event.values)),
            }),
            { type: 'saveDraft', params: ({ context }) => ({ context }) },
          ],
        },
        'intake.set': {
          actions: [
            assign({
              form: ({ context, event }) => setPath(context.form, event.path, event.value),
              issues: ({ context, event }) => withoutIssuesUnder(context.issues, [event.path]),
            }),
            { type: 'saveDraft', params: ({ context }) => ({ context }) },
          ],
        },
        'intake.back': {
          guard: ({ context }) => neighbour(context, context.step, -1) !== context.step,
          target: '.idle',
          actions: enqueueActions(({ context, enqueue }) =>
            moveTo(context, neighbour(context, context.step, -1), enqueue),
          ),
        },
        'intake.add_files': {
          actions: enqueueActions(({ context, event, enqueue }) => {
            const limits = context.config ? attachmentLimitsOf(context.config) : undefined;
            const added: IntakeUpload[] = [];
            for (const given of event.files) {
              const file = asUploadFile(given);
              const base = { id: uuidv7(), name: file.name, size: file.blob.size, type: file.blob.type, progress: 0 };
              const refusal =
                context.capabilities?.uploads === false
                  ? { messageKey: 'sdk.error.unsupported' }
                  : limits
                    ? attachmentRefusal(base, limits)
                    : undefined;
              if (refusal) {
                const error: ActorError =
                  'key' in refusal ? { messageKey: refusal.key, params: refusal.params } : refusal;
                added.push({ ...base, state: 'refused', error });
                continue;
              }
              enqueue({ type: 'shelve', params: { keep: { id: base.id, file } } });
              const offline = isOffline();
              added.push({ ...base, state: offline ? 'waiting' : 'uploading' });
              if (!offline) enqueue.spawnChild('upload', { id: base.id, input: { id: base.id } });
            }
            enqueue.assign({ uploads: [...context.uploads, ...added] });
            for (const upload of added) enqueue.emit({ type: 'upload_changed', upload });
            const waiting = added.filter((u) => u.state === 'waiting').map((u) => u.id);
            if (waiting.length) keepWithDraft(context, waiting, enqueue);
          }),
        },
        'intake.upload_progress': {
          actions: enqueueActions(({ context, event, enqueue }) => {
            // Never shows 100 % before the backend answered.
            changeUpload(context, event.id, { progress: Math.min(Math.max(event.progress, 0), 0.99) }, enqueue);
          }),
        },
        'intake.upload_done': {
          actions: enqueueActions(({ context, event, enqueue }) => {
            const upload = context.uploads.find((u) => u.id === event.id);
            if (upload?.state !== 'uploading') return;
            changeUpload(context, event.id, { state: 'uploaded', progress: 1, attachment: event.attachment }, enqueue);
            const form = { ...context.form, attachments: [...(context.form.attachments ?? []), event.attachment] };
            enqueue.assign({ form, issues: withoutIssuesUnder(context.issues, ['attachments']) });
            enqueue({ type: 'shelve', params: { drop: [event.id] } });
            enqueue({ type: 'saveDraft', params: { context: { ...context, form } } });
          }),
        },
        'intake.upload_failed': {
          actions: enqueueActions(({ context, event, enqueue }) => {
            // Offline or a server hiccup: the file waits and goes with the filing through the outbox.
            if (event.retryable) {
              const upload = changeUpload(
                context,
                event.id,
                { state: 'waiting', progress: 0, error: event.error },
                enqueue,
              );
              if (upload) keepWithDraft(context, [event.id], enqueue);
            } else {
              changeUpload(context, event.id, { state: 'failed', progress: 0, error: event.error }, enqueue);
              enqueue({ type: 'shelve', params: { drop: [event.id] } });
            }
          }),
        },
        'intake.file_not_kept': {
          actions: enqueueActions(({ context, event, enqueue }) => {
            changeUpload(context, event.id, { keepError: event.error }, enqueue);
          }),
        },
        'intake.online': { actions: enqueueActions(({ context, enqueue }) => retryWaiting(context, enqueue)) },
        'intake.retry': { actions: enqueueActions(({ context, enqueue }) => retryWaiting(context, enqueue)) },
        'intake.cancel_upload': {
          actions: enqueueActions(({ context, event, enqueue }) => removeUpload(context, event.id, enqueue)),
        },
        'intake.remove_file': {
          actions: enqueueActions(({ context, event, enqueue }) => removeUpload(context, event.id, enqueue)),
        },
        'intake.discard': {
          target: '.idle',
          actions: enqueueActions(({ context, enqueue }) => {
            for (const upload of context.uploads) if (upload.state === 'uploading') enqueue.stopChild(upload.id);
            enqueue({ type: 'shelve', params: { drop: context.uploads.map((u) => u.id) } });
            enqueue({ type: 'discardDraft', params: { draftId: context.draftId } });
            enqueue.assign({ form: emptyForm(context.locale), issues: [], uploads: [], error: undefined });
            if (context.step !== 'category')
              enqueue.emit({ type: 'step_changed', step: 'category', previous: context.step });
            enqueue.assign({ step: 'category', furthestStep: 'category' });
          }),
        },
      },
      initial: 'idle',
      states: {
        idle: {
          on: {
            'intake.next': 'checking',
            'intake.submit': 'checking',
            'intake.go_to': [
              {
                // Back, or staying: always allowed, nothing to check.
                guard: ({ context, event }) =>
                  applicableSteps(context).includes(event.step) && stepIndex(event.step) <= stepIndex(context.step),
                actions: enqueueActions(({ context, event, enqueue }) => moveTo(context, event.step, enqueue)),
              },
              {
                // Forward: only as far as one past the furthest step reached, and only after a check.
                guard: ({ context, event }) =>
                  applicableSteps(context).includes(event.step) &&
                  stepIndex(event.step) <= stepIndex(neighbour(context, context.furthestStep, 1)),
                target: 'checking',
              },
            ],
          },
        },
        checking: {
          invoke: {
            src: 'checkFiling',
            input: ({ context, event }) => ({
              form: context.form,
              config: context.config,
              today: context.today,
              intent: intentOf(event),
            }),
            onDone: [
              {
                guard: ({ event }) => event.output.intent.kind === 'submit' && event.output.issues.length === 0,
                target: '#intakeWizard.submitting',
                actions: assign({ issues: [], error: undefined }),
              },
              {
                target: 'idle',
                actions: enqueueActions(({ context, event, enqueue }) => {
                  const { issues, intent } = event.output;
                  if (intent.kind === 'submit') {
                    moveTo(context, firstStepWith(context, issues), enqueue, issues);
                    return;
                  }
                  const target = intent.kind === 'next' ? neighbour(context, context.step, 1) : intent.step;
                  const blocking = firstInvalidBetween(context, issues, context.step, target);
                  if (blocking) moveTo(context, blocking, enqueue, issuesOfStep(issues, blocking));
                  else moveTo(context, target, enqueue);
                }),
              },
            ],
            onError: { target: 'idle', actions: assign({ error: ({ event }) => toActorError(event.error) }) },
          },
        },
      },
    },
    // Uploads still running when the resident submits go with the filing through the outbox.
    submitting: {
      entry: enqueueActions(({ context, enqueue }) => {
        for (const upload of context.uploads) {
          if (upload.state !== 'uploading') continue;
          enqueue.stopChild(upload.id);
          changeUpload(context, upload.id, { state: 'waiting', progress: 0 }, enqueue);
        }
      }),
      ...formSubmissionStates<IntakeWizardContext, 'intake', SubmitInput>({
        prefix: 'intake',
        editing: '#intakeWizard.editing',
        received: '#intakeWizard.received',
        submitInput: (context) => ({ form: context.form, draftId: context.draftId, fileIds: waitingIds(context) }),
      }).submitting,
    },
    pending: formSubmissionStates<IntakeWizardContext, 'intake'>({
      prefix: 'intake',
      editing: '#intakeWizard.editing',
      received: '#intakeWizard.received',
      submitInput: () => undefined,
    }).pending,
    received: {
      entry: enqueueActions(({ context, enqueue }) => {
        enqueue({ type: 'shelve', params: { drop: context.uploads.map((u) => u.id) } });
      }),
      on: {
        'intake.reset': {
          target: 'editing',
          actions: enqueueActions(({ context, enqueue }) => {
            enqueue.assign({
              form: emptyForm(context.locale),
              step: 'category',
              furthestStep: 'category',
              issues: [],
              uploads: [],
              submission: undefined,
              receipt: undefined,
              error: undefined,
            });
            enqueue.emit({ type: 'step_changed', step: 'category', previous: context.step });
          }),
        },
      },
    },
  },
});

function intentOf(event: IntakeWizardEvent): Intent {
  if (event.type === 'intake.go_to') return { kind: 'go_to', step: event.step };
  if (event.type === 'intake.submit') return { kind: 'submit' };
  return { kind: 'next' };
}

function retryWaiting(context: IntakeWizardContext, enqueue: Enqueue) {
  if (isOffline()) return;
  for (const upload of context.uploads) {
    if (upload.state !== 'waiting') continue;
    changeUpload(context, upload.id, { state: 'uploading', progress: 0, error: undefined }, enqueue);
    enqueue.spawnChild('upload', { id: upload.id, input: { id: upload.id } });
  }
}

/**
 * Keep waiting files with the draft on the device, and save the draft itself now: a form whose only
 * change is a file added offline has no draft yet, and a file without its draft would not be offered.
 */
function keepWithDraft(context: IntakeWizardContext, ids: string[], enqueue: Enqueue) {
  enqueue({ type: 'keepWaiting', params: { ids } });
  enqueue({ type: 'saveDraft', params: { context } });
}

function removeUpload(context: IntakeWizardContext, id: string, enqueue: Enqueue) {
  const upload = context.uploads.find((u) => u.id === id);
  if (!upload) return;
  if (upload.state === 'uploading') enqueue.stopChild(id);
  const attachments = (context.form.attachments ?? []).filter((a) => a.id !== upload.attachment?.id);
  const form = { ...context.form, attachments };
  enqueue.assign({ uploads: context.uploads.filter((u) => u.id !== id), form });
  enqueue({ type: 'shelve', params: { drop: [id] } });
  enqueue.emit({ type: 'upload_changed', upload, removed: true });
  enqueue({ type: 'saveDraft', params: { context: { ...context, form } } });
}

/**
 * The intake wizard bound to a client. The client stays in closures (`machine.provide`): a view
 * holding the snapshot cannot make network calls, and the snapshot is plain data.
 *
 * ```ts
 * const actor = createActor(createIntakeWizard(client), { input: { locale: 'zh-CN' } }).start();
 * ```
 */
export function createIntakeWizard(client: JiefenClient) {
  const shelf: FileShelf = new Map();
  /** Files kept (or being kept) on the device: only these have a copy to delete. */
  const onDevice = new Set<string>();
  const forgetKept = (draftId: string, ids: readonly string[]) => {
    for (const id of ids) {
      if (!onDevice.delete(id)) continue;
      // A delete that fails leaves a copy the next visit would offer again; nothing else can be done here.
      void client.drafts.dropFile(draftId, id).catch(() => undefined);
    }
  };
  return intakeWizardMachine.provide({
    actors: {
      loadForm: fromPromise<LoadedIntake, LoadFormInput>(async ({ input }) => {
        const loaded = await loadForm(client, input);
        if (!loaded.draft) return loaded;
        // Unreadable storage is treated like a missing draft's files: nothing to bring back.
        const waiting = await client.drafts.files(input.draftId).catch(() => []);
        for (const { id, file } of waiting) {
          shelf.set(id, file);
          onDevice.add(id);
        }
        return {
          ...loaded,
          waiting: waiting.map(({ id, file }) => ({
            id,
            name: file.name,
            size: file.blob.size,
            type: file.blob.type,
            state: 'waiting' as const,
            progress: 0,
          })),
        };
      }),
      followSubmission: bindFollowSubmission(client),
      watchDraft: bindWatchDraft(client),
      submit: fromPromise<SubmissionStatus, SubmitInput>(async ({ input }) => {
        const files = input.fileIds.map((id) => shelf.get(id)).filter((f): f is UploadFile => f !== undefined);
        return client.submitCase(input.form as CaseFilingInput, {
          draftId: input.draftId,
          ...(files.length ? { files } : {}),
        });
      }),
      upload: fromCallback<IntakeWizardEvent, UploadInput>(({ input, sendBack }) => {
        const file = shelf.get(input.id);
        const controller = new AbortController();
        if (!file) return;
        client
          .uploadAttachment(file, {
            signal: controller.signal,
            idempotencyKey: `upload-${input.id}`,
            onProgress: ({ loaded, total }) =>
              sendBack({ type: 'intake.upload_progress', id: input.id, progress: total > 0 ? loaded / total : 0 }),
          })
          .then(
            (attachment) => sendBack({ type: 'intake.upload_done', id: input.id, attachment }),
            (error: unknown) => {
              if (controller.signal.aborted) return;
              sendBack({
                type: 'intake.upload_failed',
                id: input.id,
                error: toActorError(error),
                retryable: isRetryable(error),
              });
            },
          );
        return () => controller.abort();
      }),
    },
    actions: {
      saveDraft: (_, { context }) => client.drafts.saveSoon(context.draftId, 'case', context.form, context.step),
      discardDraft: (_, { draftId }) => void client.drafts.discard(draftId),
      sendNow: () => void client.outbox.flush({ force: true }),
      shelve: ({ context }, { drop = [], keep }) => {
        for (const id of drop) shelf.delete(id);
        if (keep) shelf.set(keep.id, keep.file);
        forgetKept(context.draftId, drop);
      },
      keepWaiting: ({ context: { draftId }, self }, { ids }) => {
        for (const id of ids) {
          const file = shelf.get(id);
          if (!file) continue;
          onDevice.add(id);
          client.drafts.keepFile(draftId, id, file).catch((error: unknown) =>
            // Never silent: the resident is told the file lasts only as long as the page.
            self.send({
              type: 'intake.file_not_kept',
              id,
              error: toActorError(error),
            }),
          );
        }
      },
      releaseKept: ({ context }, { ids }) => forgetKept(context.draftId, ids),
    },
  });
}

export type IntakeWizardMachine = ReturnType<typeof createIntakeWizard>;
export type IntakeWizardSnapshot = SnapshotFrom<typeof intakeWizardMachine>;
export type IntakeWizardActor = ActorRefFrom<typeof intakeWizardMachine>;

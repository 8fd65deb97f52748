import type {
  ConsultationRequestInput,
  ConsultationStatus,
  FieldIssue,
  Locale,
  ResidentConsultationView,
  TenantConfig,
} from '@jiefen/core';
import { type ActorRefFrom, assign, fromCallback, fromPromise, type SnapshotFrom, setup } from 'xstate';
import type { ConsultationAccess, ConsultationReceipt } from '../backends/backend.js';
import type { JiefenClient } from '../client.js';
import type { WatchOptions } from '../live/watch.js';
import type { SubmissionStatus } from '../offline/outbox.js';
import { formSubmissionStates, rejectionOf } from './form-submission.js';
import type { IntakeForm } from './intake-wizard.js';
import {
  type ActorError,
  bindFindAction,
  bindFollowSubmission,
  bindLoadForm,
  bindOutboxActions,
  findActionActor,
  findActionInvoke,
  followSubmissionActor,
  issuesUnder,
  loadFormActor,
  loadMessagesActor,
  needsClient,
  outboxActions,
  residentActingState,
  setPath,
  toActorError,
} from './shared.js';

export type ConsultationForm = Partial<ConsultationRequestInput>;

export interface ConsultationRequestActorInput {
  draftId?: string;
  locale?: Locale;
  initial?: ConsultationForm;
  /**
   * Open this consultation instead of a form (a tracking link, its QR code): the number and the
   * tracking token, or the number and the access code.
   */
  access?: ConsultationAccess;
  /**
   * A received consultation is followed live while it is on screen (the backend's push stream, as a
   * case is); this is how often it is looked up instead when the backend has no stream or the stream
   * keeps failing. 0: not followed at all, only looked up on `consultation.refresh`. Default 30 s.
   */
  refreshIntervalMs?: number;
  /** Reconnection tuning of the live updates (`pollIntervalMs` defaults to `refreshIntervalMs`). */
  watch?: WatchOptions;
}

/** Default interval of the lookups that show staff's progress (assigned, scheduled, answered) without a stream. */
export const CONSULTATION_REFRESH_MS = 30_000;

/** Plain data only: the client is bound by `createConsultationRequest(client)`, never kept here. */
export interface ConsultationRequestContext {
  draftId: string;
  locale: Locale;
  config?: TenantConfig;
  form: ConsultationForm;
  issues: FieldIssue[];
  restorable?: { savedAt: string; form: ConsultationForm };
  submission?: SubmissionStatus;
  /** This device's receipt (after a request from here; absent when opened from a link). */
  receipt?: ConsultationReceipt;
  /** How the consultation is looked up: from the receipt, or the link it was opened from. */
  access?: ConsultationAccess;
  refreshIntervalMs: number;
  /** How the received consultation is followed live (plain options; the watch itself lives in the actor). */
  watchOptions: WatchOptions;
  /** The live connection is having trouble (the view may be stale; it keeps retrying). */
  reconnecting: boolean;
  /** The status last announced (`updated`), so each change is told once. */
  announcedStatus?: ConsultationStatus;
  /** The consultation as the resident sees it, once received (refresh with `consultation.refresh`). */
  view?: ResidentConsultationView;
  error?: ActorError;
  /**
   * The resident's latest cancellation or rating while the backend has not confirmed it: `state` is
   * `saved` (waiting on this device, sent automatically), `sending`, or `rejected` (with `lastError`
   * and the resident's text in `command`, to copy, until `consultation.dismiss_action`). Found again
   * after a reload. Cleared once the action is received.
   */
  action?: SubmissionStatus;
}

/** What the resident can do on their consultation once it is received. */
export type ConsultationRequestAction =
  | { type: 'consultation.cancel'; reason?: string }
  | { type: 'consultation.rate'; score: number; comment?: string };

export type ConsultationRequestEvent =
  | { type: 'consultation.restore' }
  | { type: 'consultation.start_over' }
  | { type: 'consultation.change'; values: ConsultationForm }
  | { type: 'consultation.set'; path: string; value: unknown }
  | { type: 'consultation.submit' }
  | { type: 'consultation.retry' }
  | { type: 'consultation.discard' }
  | { type: 'consultation.refresh' }
  /** A live update of the received consultation (pushed or polled). */
  | { type: 'consultation.update'; view: ResidentConsultationView }
  /** The live connection failed (`error` as plain data); `willRetry: false` ends the watch. */
  | { type: 'consultation.watch_error'; error: ActorError; willRetry: boolean }
  | { type: 'consultation.outbox'; status: SubmissionStatus }
  | { type: 'consultation.action_status'; status: SubmissionStatus }
  /** The resident has copied a rejected action's text: remove it from the outbox. */
  | { type: 'consultation.dismiss_action' }
  /** Leave the received consultation (its receipt is forgotten on this device) and write a new request. */
  | { type: 'consultation.new_request' }
  | { type: 'consultation.set_locale'; locale: Locale }
  | ConsultationRequestAction;

/** Facts a view turns into DOM events. */
export type ConsultationRequestEmitted =
  | { type: 'submitted'; submissionId: string }
  | { type: 'received'; receipt: ConsultationReceipt }
  | { type: 'rejected'; error: ActorError }
  /** The consultation's status as the backend now reports it (first lookup included), and the one before. */
  | { type: 'updated'; status: ConsultationStatus; previous?: ConsultationStatus };

/** The core's check of a request, loaded on first use (like the intake wizard's). */
const checkRequestActor = fromPromise<FieldIssue[], { form: ConsultationForm; config: TenantConfig | undefined }>(
  async ({ input }) => {
    if (!input.config) return [{ path: 'topicId', key: 'validation.required', params: {} }];
    const { validateConsultationRequest } = await import('../checks/form-checks.js');
    const result = validateConsultationRequest(input.form, input.config);
    return result.success ? [] : result.issues;
  },
);

const withoutIssuesUnder = (issues: FieldIssue[], paths: readonly string[]) => {
  const cleared = new Set(issuesUnder(issues, paths));
  return issues.filter((issue) => !cleared.has(issue));
};

const accessOf = (receipt: ConsultationReceipt): ConsultationAccess => ({
  consultationNumber: receipt.consultationNumber,
  accessCode: receipt.accessCode,
});

interface WatchInput {
  access: ConsultationAccess;
  options: WatchOptions;
  /** `refreshIntervalMs: 0` asks for no following at all. */
  enabled: boolean;
}

/**
 * The later of two views of one consultation: a lookup answered just before a pushed change must not
 * take the screen back (its timeline is shorter).
 */
const freshest = (current: ResidentConsultationView | undefined, next: ResidentConsultationView) =>
  current && current.consultationNumber === next.consultationNumber && current.timeline.length > next.timeline.length
    ? current
    : next;

/** The consultation number the actor shows, from the receipt or the link. */
const numberOf = (context: ConsultationRequestContext): string | undefined =>
  context.receipt?.consultationNumber ?? context.view?.consultationNumber ?? context.access?.consultationNumber;

/** Store the action in the outbox (it is sent from there, across reloads and offline periods). */
function act(
  client: JiefenClient,
  access: ConsultationAccess,
  action: ConsultationRequestAction,
): Promise<SubmissionStatus> {
  return client.submitConsultationAction(
    access,
    action.type === 'consultation.cancel'
      ? { type: 'resident.cancel', ...(action.reason ? { reason: action.reason } : {}) }
      : { type: 'resident.rate', score: action.score, ...(action.comment ? { comment: action.comment } : {}) },
  );
}

/**
 * This form's request as the outbox holds it from an earlier visit, unless it was rejected (then the
 * draft is still there to correct) or its receipt was forgotten.
 */
async function earlierSubmission(client: JiefenClient, draftId: string): Promise<SubmissionStatus | undefined> {
  const statuses = await client.outbox.list();
  return statuses.filter((s) => s.kind === 'consultation' && s.draftId === draftId && s.state !== 'rejected').at(-1);
}

const baseSetup = setup({
  types: {
    context: {} as ConsultationRequestContext,
    events: {} as ConsultationRequestEvent,
    input: {} as ConsultationRequestActorInput,
    emitted: {} as ConsultationRequestEmitted,
  },
  actors: {
    loadForm: loadFormActor,
    loadMessages: loadMessagesActor,
    checkRequest: checkRequestActor,
    submit: fromPromise<SubmissionStatus, { form: ConsultationForm; draftId: string }>(needsClient('submit')),
    followSubmission: followSubmissionActor,
    findSubmission: fromPromise<SubmissionStatus | undefined, { draftId: string }>(needsClient('findSubmission')),
    refresh: fromPromise<ResidentConsultationView, { access: ConsultationAccess }>(needsClient('refresh')),
    watch: fromCallback<ConsultationRequestEvent, WatchInput>(needsClient('watch')),
    act: fromPromise<SubmissionStatus, { context: ConsultationRequestContext; event: { type: string } }>(
      needsClient('act'),
    ),
    findAction: findActionActor,
  },
  actions: {
    ...outboxActions,
    saveDraft: (_, _params: { draftId: string; form: ConsultationForm }) => {},
    discardDraft: (_, _params: { draftId: string }) => {},
    forgetSubmission: (_, _params: { id: string | undefined }) => {},
  },
});

/** Announce the status once per change (entering `received.ready` after each lookup or action). */
const announceStatus = baseSetup.enqueueActions(({ context, enqueue }) => {
  const status = context.view?.status;
  if (!status || status === context.announcedStatus) return;
  enqueue.emit({
    type: 'updated',
    status,
    ...(context.announcedStatus ? { previous: context.announcedStatus } : {}),
  });
  enqueue.assign({ announcedStatus: status });
});

/** The named actions of `formSubmissionStates`, typed for this machine. */
const machineSetup = baseSetup.extend({
  actions: {
    formSubmitted: baseSetup.enqueueActions(({ event, enqueue }) => {
      const status = (event as unknown as { output: SubmissionStatus }).output;
      enqueue.assign({ submission: status, error: undefined });
      enqueue.emit({ type: 'submitted', submissionId: status.id });
    }),
    formSubmitFailed: baseSetup.enqueueActions(({ event, enqueue }) => {
      const error = toActorError((event as unknown as { error: unknown }).error);
      enqueue.assign({ error, issues: error.issues ?? [] });
      enqueue.emit({ type: 'rejected', error });
    }),
    formStatus: baseSetup.assign({ submission: ({ event }) => (event as { status: SubmissionStatus }).status }),
    formReceived: baseSetup.enqueueActions(({ event, enqueue }) => {
      const status = (event as { status: SubmissionStatus }).status;
      const receipt = status.receipt as ConsultationReceipt;
      enqueue.assign({
        submission: status,
        receipt,
        access: accessOf(receipt),
        view: receipt.consultation,
        announcedStatus: receipt.consultation.status,
      });
      enqueue.emit({ type: 'received', receipt });
    }),
    formRejected: baseSetup.enqueueActions(({ event, enqueue }) => {
      const status = (event as { status: SubmissionStatus }).status;
      const error = rejectionOf(status);
      enqueue.assign({ submission: status, error, issues: status.lastError?.issues ?? [] });
      enqueue.emit({ type: 'rejected', error });
    }),
  },
});

const submission = formSubmissionStates<
  ConsultationRequestContext,
  'consultation',
  { form: ConsultationForm; draftId: string }
>({
  prefix: 'consultation',
  editing: '#consultationRequest.editing',
  received: '#consultationRequest.received',
  submitInput: (context) => ({ form: context.form, draftId: context.draftId }),
});

/**
 * A legal-consultation request (法律咨询): one form, validated by the core, drafted on every change,
 * sent through the outbox, then followed live (the backend's stream, polling where there is none).
 * States: `resuming` → `loading` → (`offeringRestore`) →
 * `editing` (`idle` ⇄ `checking`) → `submitting` → `pending` → `received.ready` ⇄
 * `received.refreshing` / `received.acting` (`storing` → `following`). Create it with
 * `createConsultationRequest(client)`.
 */
export const consultationRequestMachine = machineSetup.createMachine({
  id: 'consultationRequest',
  context: ({ input }) => {
    const locale = input.locale ?? 'zh-CN';
    return {
      draftId: input.draftId ?? 'consultation',
      locale,
      form: { preferredTimes: [], ...input.initial, locale },
      issues: [],
      refreshIntervalMs: input.refreshIntervalMs ?? CONSULTATION_REFRESH_MS,
      watchOptions: { pollIntervalMs: input.refreshIntervalMs || CONSULTATION_REFRESH_MS, ...input.watch },
      reconnecting: false,
      ...(input.access ? { access: input.access } : {}),
    };
  },
  on: {
    'consultation.set_locale': {
      actions: [
        assign({
          locale: ({ event }) => event.locale,
          form: ({ context, event }) => ({ ...context.form, locale: event.locale }),
        }),
        baseSetup.spawnChild('loadMessages', {
          input: ({ event }) => ({ locale: (event as { locale: Locale }).locale }),
        }),
      ],
    },
  },
  initial: 'resuming',
  states: {
    resuming: {
      // Opened from a link: look the consultation up; the form on this device is not involved.
      always: { guard: ({ context }) => context.access !== undefined, target: 'received.refreshing' },
      invoke: {
        src: 'findSubmission',
        input: ({ context }) => ({ draftId: context.draftId }),
        onDone: [
          {
            guard: ({ event }) => event.output?.state === 'received' && event.output.receipt !== undefined,
            target: 'received.refreshing',
            actions: assign({
              submission: ({ event }) => event.output,
              receipt: ({ event }) => event.output!.receipt as ConsultationReceipt,
              access: ({ event }) => accessOf(event.output!.receipt as ConsultationReceipt),
              view: ({ event }) => (event.output!.receipt as ConsultationReceipt).consultation,
            }),
          },
          {
            guard: ({ event }) => event.output !== undefined && event.output.state !== 'received',
            target: 'pending',
            actions: assign({ submission: ({ event }) => event.output }),
          },
          { target: 'loading' },
        ],
        onError: { target: 'loading' },
      },
    },
    loading: {
      invoke: {
        src: 'loadForm',
        input: ({ context }) => ({ draftId: context.draftId, kind: 'consultation' as const, locale: context.locale }),
        onDone: [
          {
            guard: ({ event }) => event.output.draft !== undefined,
            target: 'offeringRestore',
            actions: assign({
              config: ({ event }) => event.output.config,
              restorable: ({ event }) => ({
                savedAt: event.output.draft!.updatedAt,
                form: event.output.draft!.data as ConsultationForm,
              }),
            }),
          },
          { target: 'editing', actions: assign({ config: ({ event }) => event.output.config }) },
        ],
        onError: { target: 'failed', actions: assign({ error: ({ event }) => toActorError(event.error) }) },
      },
    },
    failed: { on: { 'consultation.retry': { target: 'loading', actions: assign({ error: undefined }) } } },
    offeringRestore: {
      on: {
        'consultation.restore': {
          target: 'editing',
          actions: assign({
            form: ({ context }) => ({ ...context.form, ...context.restorable?.form, locale: context.locale }),
            restorable: undefined,
          }),
        },
        'consultation.start_over': {
          target: 'editing',
          actions: [
            { type: 'discardDraft', params: ({ context }) => ({ draftId: context.draftId }) },
            assign({ restorable: undefined }),
          ],
        },
      },
    },
    editing: {
      on: {
        // Like the intake wizard: a changed answer's old problems go away.
        'consultation.change': {
          actions: [
            assign({
              form: ({ context, event }) => ({ ...context.form, ...event.values }),
              issues: ({ context, event }) => withoutIssuesUnder(context.issues, Object.keys(event.values)),
            }),
            { type: 'saveDraft', params: ({ context }) => ({ draftId: context.draftId, form: context.form }) },
          ],
        },
        'consultation.set': {
          actions: [
            assign({
              form: ({ context, event }) => setPath(context.form, event.path, event.value),
              issues: ({ context, event }) => withoutIssuesUnder(context.issues, [event.path]),
            }),
            { type: 'saveDraft', params: ({ context }) => ({ draftId: context.draftId, form: context.form }) },
          ],
        },
        'consultation.discard': {
          target: '.idle',
          actions: [
            { type: 'discardDraft', params: ({ context }) => ({ draftId: context.draftId }) },
            assign({
              form: ({ context }) => ({ preferredTimes: [], locale: context.locale }),
              issues: [],
              error: undefined,
            }),
          ],
        },
      },
      initial: 'idle',
      states: {
        idle: { on: { 'consultation.submit': 'checking' } },
        checking: {
          invoke: {
            src: 'checkRequest',
            input: ({ context }) => ({ form: context.form, config: context.config }),
            onDone: [
              {
                guard: ({ event }) => event.output.length === 0,
                target: '#consultationRequest.submitting',
                actions: assign({ issues: [], error: undefined }),
              },
              { target: 'idle', actions: assign({ issues: ({ event }) => event.output }) },
            ],
            onError: { target: 'idle', actions: assign({ error: ({ event }) => toActorError(event.error) }) },
          },
        },
      },
    },
    submitting: submission.submitting,
    pending: submission.pending,
    received: {
      initial: 'ready',
      // Staff's progress shows without a reload: pushed as it happens, polled where it cannot be.
      invoke: {
        src: 'watch',
        input: ({ context }) => ({
          access: context.access!,
          options: context.watchOptions,
          enabled: context.refreshIntervalMs > 0,
        }),
      },
      on: {
        'consultation.update': {
          actions: [
            assign({
              view: ({ context, event }) => freshest(context.view, event.view),
              reconnecting: false,
            }),
            announceStatus,
          ],
        },
        'consultation.watch_error': [
          {
            // Not found or forbidden: the credential no longer works; say so, the view stays as last seen.
            guard: ({ event }) => !event.willRetry,
            actions: assign({ error: ({ event }) => event.error, reconnecting: false }),
          },
          { actions: assign({ reconnecting: true }) },
        ],
        'consultation.new_request': {
          target: 'loading',
          actions: [
            { type: 'forgetSubmission', params: ({ context }) => ({ id: context.submission?.id }) },
            assign({
              submission: undefined,
              receipt: undefined,
              access: undefined,
              announcedStatus: undefined,
              view: undefined,
              action: undefined,
              error: undefined,
              reconnecting: false,
              form: ({ context }) => ({ preferredTimes: [], locale: context.locale }),
            }),
          ],
        },
      },
      states: {
        ready: {
          invoke: findActionInvoke<ConsultationRequestContext, ConsultationRequestEvent>({
            kind: 'consultation_action',
            number: numberOf,
          }),
          entry: announceStatus,
          on: {
            'consultation.refresh': 'refreshing',
            'consultation.cancel': { target: 'acting', actions: assign({ error: undefined }) },
            'consultation.rate': { target: 'acting', actions: assign({ error: undefined }) },
            'consultation.dismiss_action': {
              actions: ['dismissAction', assign({ action: undefined, error: undefined })],
            },
          },
        },
        refreshing: {
          invoke: {
            src: 'refresh',
            input: ({ context }) => ({ access: context.access! }),
            // A rejected action's reason stays on screen until it is dismissed.
            onDone: {
              target: 'ready',
              actions: assign({
                view: ({ context, event }) => freshest(context.view, event.output),
                error: ({ context }) => (context.action ? context.error : undefined),
              }),
            },
            onError: { target: 'ready', actions: assign({ error: ({ event }) => toActorError(event.error) }) },
          },
        },
        acting: residentActingState<ConsultationRequestContext, ConsultationRequestEvent, 'consultation'>({
          ready: '#consultationRequest.received.ready',
          prefix: 'consultation',
        }),
      },
    },
  },
});

/** The consultation request bound to a client (kept in closures, never in the snapshot). */
export function createConsultationRequest(client: JiefenClient) {
  return consultationRequestMachine.provide({
    actors: {
      loadForm: bindLoadForm(client),
      followSubmission: bindFollowSubmission(client),
      findAction: bindFindAction(client),
      submit: fromPromise<SubmissionStatus, { form: ConsultationForm; draftId: string }>(async ({ input }) =>
        client.submitConsultation(input.form as ConsultationRequestInput, { draftId: input.draftId }),
      ),
      findSubmission: fromPromise<SubmissionStatus | undefined, { draftId: string }>(async ({ input }) =>
        earlierSubmission(client, input.draftId),
      ),
      refresh: fromPromise<ResidentConsultationView, { access: ConsultationAccess }>(async ({ input }) =>
        client.getConsultation(input.access),
      ),
      watch: fromCallback<ConsultationRequestEvent, WatchInput>(({ input, sendBack }) => {
        if (!input.enabled) return;
        const watch = client.watchConsultation(input.access, input.options);
        watch.subscribe((event) => {
          if (event.type === 'update') sendBack({ type: 'consultation.update', view: event.view });
          else
            sendBack({
              type: 'consultation.watch_error',
              error: toActorError(event.error),
              willRetry: event.willRetry,
            });
        });
        return () => watch.close();
      }),
      act: fromPromise<SubmissionStatus, { context: ConsultationRequestContext; event: { type: string } }>(
        async ({ input }) => act(client, input.context.access!, input.event as ConsultationRequestAction),
      ),
    },
    actions: {
      ...bindOutboxActions(client),
      saveDraft: (_, { draftId, form }) => client.drafts.saveSoon(draftId, 'consultation', form),
      discardDraft: (_, { draftId }) => void client.drafts.discard(draftId),
      forgetSubmission: (_, { id }) => {
        if (id) void client.outbox.remove(id);
      },
    },
  });
}

export type ConsultationRequestSnapshot = SnapshotFrom<typeof consultationRequestMachine>;
export type ConsultationRequestActor = ActorRefFrom<typeof consultationRequestMachine>;

/**
 * "This needs a case": the consultation's words as intake answers (the question as the account of
 * what happened, the resident's name and phone), merged into what the intake form already holds so
 * nothing typed on either side is lost: empty answers are filled, an existing account keeps its text
 * and gets the question appended.
 */
export function intakeFormFromConsultation(form: ConsultationForm, into: IntakeForm = {}): IntakeForm {
  const question = form.question?.trim();
  const description = into.description?.trim();
  const applicant = { ...into.applicant } as Record<string, unknown>;
  if (!applicant.kind) applicant.kind = 'person';
  if (form.name && !applicant.name) applicant.name = form.name;
  if (form.phone && !applicant.phone) applicant.phone = form.phone;
  return {
    ...into,
    ...(question
      ? {
          description:
            description && !description.includes(question) ? `${description}\n\n${question}` : description || question,
        }
      : {}),
    applicant: applicant as IntakeForm['applicant'],
  };
}

/**
 * Hand a consultation over to an intake form on another page: its draft on this device (slot
 * `intakeDraftId`, the intake form's `draft-id`) gets the consultation's words, merged as above, and
 * is saved before the caller navigates; the intake form then offers to continue it.
 */
export async function handOverToIntakeDraft(
  client: JiefenClient,
  form: ConsultationForm,
  intakeDraftId: string,
): Promise<IntakeForm> {
  const existing = await client.drafts.load<IntakeForm>(intakeDraftId);
  const earlier = existing?.kind === 'case' ? existing : undefined;
  const merged = intakeFormFromConsultation(form, earlier?.data);
  client.drafts.saveSoon(intakeDraftId, 'case', merged, earlier?.step ?? 'details');
  await client.drafts.flush();
  return merged;
}

import {
  type ConsultationRequestInput,
  type FieldIssue,
  type Locale,
  type ResidentConsultationView,
  type TenantConfig,
  validateConsultationRequest,
} from '@jiefen/core';
import { assign, fromPromise, setup } from 'xstate';
import type { ConsultationAccess, ConsultationReceipt } from '../backends/backend.js';
import type { JiefenClient } from '../client.js';
import type { Draft } from '../offline/drafts.js';
import type { SubmissionStatus } from '../offline/outbox.js';
import {
  type ActorError,
  findActionActor,
  findActionInvoke,
  followSubmissionActor,
  loadFormActor,
  outboxActions,
  residentActingState,
  setPath,
  toActorError,
} from './shared.js';

export type ConsultationForm = Partial<ConsultationRequestInput>;

export interface ConsultationRequestActorInput {
  client: JiefenClient;
  draftId?: string;
  locale?: Locale;
  initial?: ConsultationForm;
}

export interface ConsultationRequestContext {
  client: JiefenClient;
  draftId: string;
  config?: TenantConfig;
  form: ConsultationForm;
  issues: FieldIssue[];
  restorable?: Draft<ConsultationForm>;
  submission?: SubmissionStatus;
  receipt?: ConsultationReceipt;
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
  | { type: 'consultation.outbox'; status: SubmissionStatus }
  | { type: 'consultation.action_status'; status: SubmissionStatus }
  /** The resident has copied a rejected action's text: remove it from the outbox. */
  | { type: 'consultation.dismiss_action' }
  /** Leave the received consultation (its receipt is forgotten on this device) and write a new request. */
  | { type: 'consultation.new_request' }
  | ConsultationRequestAction;

const issuesOf = (context: ConsultationRequestContext): FieldIssue[] => {
  if (!context.config) return [];
  const result = validateConsultationRequest(context.form, context.config);
  return result.success ? [] : result.issues;
};

const accessOf = (receipt: ConsultationReceipt): ConsultationAccess => ({
  consultationNumber: receipt.consultationNumber,
  accessCode: receipt.accessCode,
});

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

/**
 * A legal-consultation request (法律咨询): one form, validated by the core, drafted on every change,
 * sent through the outbox, then followed. States: `resuming` → `loading` → (`offeringRestore`) →
 * `editing` → `submitting` → `pending` → `received.ready` ⇄ `received.refreshing` /
 * `received.acting` (`storing` → `following`). `resuming` finds this form's request from an earlier
 * visit in the outbox and goes straight to `pending` or `received`. Cancelling and rating go through
 * the outbox like the case tracker's actions: `context.action` shows the waiting action's state
 * (`saved` / `sending` / `rejected`), offline included, and a reload finds it again.
 */
export const consultationRequestMachine = setup({
  types: {
    context: {} as ConsultationRequestContext,
    events: {} as ConsultationRequestEvent,
    input: {} as ConsultationRequestActorInput,
  },
  actors: {
    loadForm: loadFormActor,
    submit: fromPromise(
      async ({ input }: { input: { client: JiefenClient; form: ConsultationForm; draftId: string } }) =>
        input.client.submitConsultation(input.form as ConsultationRequestInput, { draftId: input.draftId }),
    ),
    followSubmission: followSubmissionActor,
    findSubmission: fromPromise(async ({ input }: { input: { client: JiefenClient; draftId: string } }) =>
      earlierSubmission(input.client, input.draftId),
    ),
    refresh: fromPromise(async ({ input }: { input: { client: JiefenClient; access: ConsultationAccess } }) =>
      input.client.getConsultation(input.access),
    ),
    act: fromPromise(async ({ input }: { input: { context: ConsultationRequestContext; event: { type: string } } }) =>
      act(input.context.client, accessOf(input.context.receipt!), input.event as ConsultationRequestAction),
    ),
    findAction: findActionActor,
  },
  actions: {
    ...outboxActions,
    saveDraft: ({ context }) => context.client.drafts.saveSoon(context.draftId, 'consultation', context.form),
    discardDraft: ({ context }) => void context.client.drafts.discard(context.draftId),
    forgetSubmission: ({ context }) => {
      if (context.submission) void context.client.outbox.remove(context.submission.id);
    },
  },
}).createMachine({
  id: 'consultationRequest',
  context: ({ input }) => ({
    client: input.client,
    draftId: input.draftId ?? 'consultation',
    form: { preferredTimes: [], locale: input.locale ?? 'zh-CN', ...input.initial },
    issues: [],
  }),
  initial: 'resuming',
  states: {
    resuming: {
      invoke: {
        src: 'findSubmission',
        input: ({ context }) => ({ client: context.client, draftId: context.draftId }),
        onDone: [
          {
            guard: ({ event }) => event.output?.state === 'received' && event.output.receipt !== undefined,
            target: 'received.refreshing',
            actions: assign({
              submission: ({ event }) => event.output,
              receipt: ({ event }) => event.output!.receipt as ConsultationReceipt,
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
        input: ({ context }) => ({ client: context.client, draftId: context.draftId, kind: 'consultation' as const }),
        onDone: [
          {
            guard: ({ event }) => event.output.draft !== undefined,
            target: 'offeringRestore',
            actions: assign({
              config: ({ event }) => event.output.config,
              restorable: ({ event }) => event.output.draft as Draft<ConsultationForm>,
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
            form: ({ context }) => ({ ...context.form, ...context.restorable?.data }),
            restorable: undefined,
          }),
        },
        'consultation.start_over': { target: 'editing', actions: [assign({ restorable: undefined }), 'discardDraft'] },
      },
    },
    editing: {
      on: {
        'consultation.change': {
          actions: [assign({ form: ({ context, event }) => ({ ...context.form, ...event.values }) }), 'saveDraft'],
        },
        'consultation.set': {
          actions: [
            assign({ form: ({ context, event }) => setPath(context.form, event.path, event.value) }),
            'saveDraft',
          ],
        },
        'consultation.submit': [
          {
            guard: ({ context }) => issuesOf(context).length === 0,
            target: 'submitting',
            actions: assign({ issues: [] }),
          },
          { actions: assign({ issues: ({ context }) => issuesOf(context) }) },
        ],
        'consultation.discard': {
          actions: [
            'discardDraft',
            assign({
              form: ({ context }) => ({ preferredTimes: [], locale: context.form.locale ?? 'zh-CN' }),
              issues: [],
            }),
          ],
        },
      },
    },
    submitting: {
      invoke: {
        src: 'submit',
        input: ({ context }) => ({ client: context.client, form: context.form, draftId: context.draftId }),
        onDone: { target: 'pending', actions: assign({ submission: ({ event }) => event.output, error: undefined }) },
        onError: {
          target: 'editing',
          actions: assign({
            error: ({ event }) => toActorError(event.error),
            issues: ({ event }) => toActorError(event.error).issues ?? [],
          }),
        },
      },
    },
    pending: {
      invoke: {
        src: 'followSubmission',
        input: ({ context }) => ({
          client: context.client,
          id: context.submission!.id,
          eventType: 'consultation.outbox',
        }),
      },
      on: {
        'consultation.outbox': [
          {
            guard: ({ event }) => event.status.state === 'received',
            target: 'received',
            actions: assign({
              submission: ({ event }) => event.status,
              receipt: ({ event }) => event.status.receipt as ConsultationReceipt,
              view: ({ event }) => (event.status.receipt as ConsultationReceipt).consultation,
            }),
          },
          {
            guard: ({ event }) => event.status.state === 'rejected',
            target: 'editing',
            actions: assign({
              submission: ({ event }) => event.status,
              error: ({ event }) => ({ messageKey: event.status.lastError?.messageKey ?? 'sdk.outbox.rejected' }),
              issues: ({ event }) => event.status.lastError?.issues ?? [],
            }),
          },
          { actions: assign({ submission: ({ event }) => event.status }) },
        ],
        'consultation.retry': { actions: 'sendNow' },
      },
    },
    received: {
      initial: 'ready',
      on: {
        'consultation.new_request': {
          target: 'loading',
          actions: [
            'forgetSubmission',
            assign({
              submission: undefined,
              receipt: undefined,
              view: undefined,
              action: undefined,
              error: undefined,
              form: ({ context }) => ({ preferredTimes: [], locale: context.form.locale ?? 'zh-CN' }),
            }),
          ],
        },
      },
      states: {
        ready: {
          invoke: findActionInvoke<ConsultationRequestContext, ConsultationRequestEvent>({
            kind: 'consultation_action',
            number: (context) => context.receipt?.consultationNumber,
          }),
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
            input: ({ context }) => ({ client: context.client, access: accessOf(context.receipt!) }),
            // A rejected action's reason stays on screen until it is dismissed.
            onDone: {
              target: 'ready',
              actions: assign({
                view: ({ event }) => event.output,
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

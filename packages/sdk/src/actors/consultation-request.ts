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
import { type ActorError, followSubmissionActor, loadFormActor, setPath, toActorError } from './shared.js';

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
}

export type ConsultationRequestEvent =
  | { type: 'consultation.restore' }
  | { type: 'consultation.start_over' }
  | { type: 'consultation.change'; values: ConsultationForm }
  | { type: 'consultation.set'; path: string; value: unknown }
  | { type: 'consultation.submit' }
  | { type: 'consultation.retry' }
  | { type: 'consultation.discard' }
  | { type: 'consultation.refresh' }
  | { type: 'consultation.cancel'; reason?: string }
  | { type: 'consultation.rate'; score: number; comment?: string }
  | { type: 'consultation.outbox'; status: SubmissionStatus };

const issuesOf = (context: ConsultationRequestContext): FieldIssue[] => {
  if (!context.config) return [];
  const result = validateConsultationRequest(context.form, context.config);
  return result.success ? [] : result.issues;
};

const accessOf = (receipt: ConsultationReceipt): ConsultationAccess => ({
  consultationNumber: receipt.consultationNumber,
  accessCode: receipt.accessCode,
});

/**
 * A legal-consultation request (法律咨询): one form, validated by the core, drafted on every change,
 * sent through the outbox, then followed. States: `loading` → (`offeringRestore`) → `editing` →
 * `submitting` → `pending` → `received` (with `following` sub-states for refresh, cancel, rate).
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
    follow: fromPromise(
      async ({
        input,
      }: {
        input: { client: JiefenClient; access: ConsultationAccess; event: ConsultationRequestEvent };
      }): Promise<ResidentConsultationView> => {
        const { client, access, event } = input;
        if (event.type === 'consultation.cancel') return client.cancelConsultation(access, event.reason);
        if (event.type === 'consultation.rate') return client.rateConsultation(access, event.score, event.comment);
        return client.getConsultation(access);
      },
    ),
  },
  actions: {
    saveDraft: ({ context }) => context.client.drafts.saveSoon(context.draftId, 'consultation', context.form),
    discardDraft: ({ context }) => void context.client.drafts.discard(context.draftId),
    sendNow: ({ context }) => void context.client.outbox.flush({ force: true }),
  },
}).createMachine({
  id: 'consultationRequest',
  context: ({ input }) => ({
    client: input.client,
    draftId: input.draftId ?? 'consultation',
    form: { preferredTimes: [], locale: input.locale ?? 'zh-CN', ...input.initial },
    issues: [],
  }),
  initial: 'loading',
  states: {
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
      initial: 'idle',
      states: {
        idle: {
          on: {
            'consultation.refresh': 'working',
            'consultation.cancel': 'working',
            'consultation.rate': 'working',
          },
        },
        working: {
          invoke: {
            src: 'follow',
            input: ({ context, event }) => ({ client: context.client, access: accessOf(context.receipt!), event }),
            onDone: { target: 'idle', actions: assign({ view: ({ event }) => event.output, error: undefined }) },
            onError: { target: 'idle', actions: assign({ error: ({ event }) => toActorError(event.error) }) },
          },
        },
      },
    },
  },
});

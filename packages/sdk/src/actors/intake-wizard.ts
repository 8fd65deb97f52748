import {
  type CaseFilingInput,
  DEFAULT_PRIVACY,
  type FieldIssue,
  type Locale,
  type TenantConfig,
  validateCaseFiling,
} from '@jiefen/core';
import { assign, fromPromise, setup } from 'xstate';
import type { CaseReceipt } from '../backends/backend.js';
import type { JiefenClient } from '../client.js';
import type { Draft } from '../offline/drafts.js';
import type { SubmissionStatus } from '../offline/outbox.js';
import {
  type ActorError,
  deviceToday,
  followSubmissionActor,
  issuesUnder,
  loadFormActor,
  setPath,
  toActorError,
} from './shared.js';

/** The wizard's steps, in order, and the filing fields each one owns. */
export const INTAKE_STEPS = [
  { id: 'category', fields: ['categoryId'] },
  { id: 'details', fields: ['description', 'startedOn', 'location', 'answers', 'desiredOutcome'] },
  { id: 'parties', fields: ['applicant', 'otherParties', 'onBehalf'] },
  { id: 'privacy', fields: ['privacy', 'attachments'] },
  { id: 'review', fields: [] },
] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number]['id'];

export type IntakeForm = Partial<CaseFilingInput>;

export interface IntakeWizardInput {
  client: JiefenClient;
  /** Draft slot on this device; one per form instance. Default `intake`. */
  draftId?: string;
  locale?: Locale;
  /** Values to start from (a grid worker's `onBehalf`, a preselected category). */
  initial?: IntakeForm;
  /** Today as `YYYY-MM-DD` (for "not in the future"). Default: the device's date. */
  today?: () => string;
}

export interface IntakeWizardContext {
  client: JiefenClient;
  draftId: string;
  today: () => string;
  config?: TenantConfig;
  form: IntakeForm;
  step: IntakeStep;
  /** Issues of the current step (after `intake.next`) or of the whole filing (after `intake.submit`). */
  issues: FieldIssue[];
  /** A draft found on load, waiting for the resident to restore or discard it. */
  restorable?: Draft<IntakeForm>;
  submission?: SubmissionStatus;
  receipt?: CaseReceipt;
  error?: ActorError;
}

export type IntakeWizardEvent =
  | { type: 'intake.restore' }
  | { type: 'intake.start_over' }
  /** Merge top-level values into the form. */
  | { type: 'intake.change'; values: IntakeForm }
  /** Set one value by dot path (`applicant.phone`, `answers.months_unpaid`). */
  | { type: 'intake.set'; path: string; value: unknown }
  | { type: 'intake.next' }
  | { type: 'intake.back' }
  | { type: 'intake.go_to'; step: IntakeStep }
  | { type: 'intake.submit' }
  /** Send now instead of waiting for the next automatic attempt. */
  | { type: 'intake.retry' }
  /** The resident throws the form away. */
  | { type: 'intake.discard' }
  /** Start a new filing after a received one. */
  | { type: 'intake.reset' }
  | { type: 'intake.outbox'; status: SubmissionStatus };

const stepIndex = (step: IntakeStep) => INTAKE_STEPS.findIndex((s) => s.id === step);
const emptyForm = (locale: Locale, initial: IntakeForm = {}): IntakeForm => ({
  otherParties: [],
  answers: {},
  attachments: [],
  privacy: { ...DEFAULT_PRIVACY },
  locale,
  ...initial,
});

function stepIssues(context: IntakeWizardContext, step: IntakeStep): FieldIssue[] {
  if (!context.config) return [];
  const result = validateCaseFiling(context.form, context.config, context.today());
  if (result.success) return [];
  if (step === 'review') return result.issues;
  const fields = INTAKE_STEPS.find((s) => s.id === step)?.fields ?? [];
  return issuesUnder(result.issues, fields);
}

const withoutIssuesUnder = (issues: FieldIssue[], paths: readonly string[]) => {
  const cleared = new Set(issuesUnder(issues, paths));
  return issues.filter((issue) => !cleared.has(issue));
};

/** The first step that still has issues, so the resident is taken to what needs fixing. */
function firstStepWith(issues: readonly FieldIssue[]): IntakeStep {
  for (const step of INTAKE_STEPS) if (issuesUnder(issues, step.fields).length) return step.id;
  return 'review';
}

/**
 * The intake wizard (登记): category → details → parties → privacy → review → submit, with the core's
 * validation per step, a draft saved on every change, and the outbox behind submission.
 *
 * States: `loading` → (`offeringRestore`) → `editing` → `submitting` → `pending` (saved on this device
 * or sending) → `received`; `failed` if the configuration cannot be loaded. Render `context.step`,
 * `context.issues`, `context.submission.state`; send `intake.*` events. Swap side effects with
 * `intakeWizardMachine.provide({ actors: { loadForm, submit, followSubmission } })`.
 */
export const intakeWizardMachine = setup({
  types: {
    context: {} as IntakeWizardContext,
    events: {} as IntakeWizardEvent,
    input: {} as IntakeWizardInput,
  },
  actors: {
    loadForm: loadFormActor,
    submit: fromPromise(async ({ input }: { input: { client: JiefenClient; form: IntakeForm; draftId: string } }) =>
      input.client.submitCase(input.form as CaseFilingInput, { draftId: input.draftId }),
    ),
    followSubmission: followSubmissionActor,
  },
  actions: {
    saveDraft: ({ context }) => {
      context.client.drafts.saveSoon(context.draftId, 'case', context.form, context.step);
    },
    discardDraft: ({ context }) => {
      void context.client.drafts.discard(context.draftId);
    },
    sendNow: ({ context }) => {
      void context.client.outbox.flush({ force: true });
    },
  },
  guards: {
    hasDraft: ({ event }) => {
      const output = (event as unknown as { output?: { draft?: Draft } }).output;
      return output?.draft !== undefined;
    },
    stepValid: ({ context }) => stepIssues(context, context.step).length === 0,
    filingValid: ({ context }) => stepIssues(context, 'review').length === 0,
    canGoBack: ({ context }) => stepIndex(context.step) > 0,
    received: ({ event }) => event.type === 'intake.outbox' && event.status.state === 'received',
    rejected: ({ event }) => event.type === 'intake.outbox' && event.status.state === 'rejected',
  },
}).createMachine({
  id: 'intakeWizard',
  context: ({ input }) => ({
    client: input.client,
    draftId: input.draftId ?? 'intake',
    today: input.today ?? deviceToday,
    form: emptyForm(input.locale ?? 'zh-CN', input.initial),
    step: 'category',
    issues: [],
  }),
  initial: 'loading',
  states: {
    loading: {
      invoke: {
        src: 'loadForm',
        input: ({ context }) => ({ client: context.client, draftId: context.draftId, kind: 'case' as const }),
        onDone: [
          {
            guard: 'hasDraft',
            target: 'offeringRestore',
            actions: assign({
              config: ({ event }) => event.output.config,
              restorable: ({ event }) => event.output.draft as Draft<IntakeForm>,
            }),
          },
          { target: 'editing', actions: assign({ config: ({ event }) => event.output.config }) },
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
          actions: assign({
            form: ({ context }) => ({ ...context.form, ...context.restorable?.data }),
            step: ({ context }) => (context.restorable?.step as IntakeStep | undefined) ?? 'category',
            restorable: undefined,
          }),
        },
        'intake.start_over': { target: 'editing', actions: [assign({ restorable: undefined }), 'discardDraft'] },
      },
    },
    editing: {
      on: {
        // A changed answer's old problems go away; the rest stay until the next check.
        'intake.change': {
          actions: [
            assign({
              form: ({ context, event }) => ({ ...context.form, ...event.values }),
              issues: ({ context, event }) => withoutIssuesUnder(context.issues, Object.keys(event.values)),
            }),
            'saveDraft',
          ],
        },
        'intake.set': {
          actions: [
            assign({
              form: ({ context, event }) => setPath(context.form, event.path, event.value),
              issues: ({ context, event }) => withoutIssuesUnder(context.issues, [event.path]),
            }),
            'saveDraft',
          ],
        },
        'intake.next': [
          {
            guard: 'stepValid',
            actions: [
              assign({
                step: ({ context }) => INTAKE_STEPS[Math.min(stepIndex(context.step) + 1, INTAKE_STEPS.length - 1)]!.id,
                issues: [],
              }),
              'saveDraft',
            ],
          },
          { actions: assign({ issues: ({ context }) => stepIssues(context, context.step) }) },
        ],
        'intake.back': {
          guard: 'canGoBack',
          actions: [
            assign({ step: ({ context }) => INTAKE_STEPS[stepIndex(context.step) - 1]!.id, issues: [] }),
            'saveDraft',
          ],
        },
        'intake.go_to': { actions: [assign({ step: ({ event }) => event.step, issues: [] }), 'saveDraft'] },
        'intake.submit': [
          { guard: 'filingValid', target: 'submitting', actions: assign({ issues: [], error: undefined }) },
          {
            actions: assign({
              issues: ({ context }) => stepIssues(context, 'review'),
              step: ({ context }) => firstStepWith(stepIssues(context, 'review')),
            }),
          },
        ],
        'intake.discard': {
          target: 'editing',
          reenter: true,
          actions: [
            'discardDraft',
            assign({
              form: ({ context }) => emptyForm(context.form.locale ?? 'zh-CN'),
              step: 'category',
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
        onDone: { target: 'pending', actions: assign({ submission: ({ event }) => event.output }) },
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
        input: ({ context }) => ({ client: context.client, id: context.submission!.id, eventType: 'intake.outbox' }),
      },
      on: {
        'intake.outbox': [
          {
            guard: 'received',
            target: 'received',
            actions: assign({
              submission: ({ event }) => event.status,
              receipt: ({ event }) => event.status.receipt as CaseReceipt,
            }),
          },
          {
            guard: 'rejected',
            target: 'editing',
            actions: assign({
              submission: ({ event }) => event.status,
              error: ({ event }) => ({
                messageKey: event.status.lastError?.messageKey ?? 'sdk.outbox.rejected',
                ...(event.status.lastError?.issues ? { issues: event.status.lastError.issues } : {}),
              }),
              issues: ({ event }) => event.status.lastError?.issues ?? [],
              step: ({ event }) => firstStepWith(event.status.lastError?.issues ?? []),
            }),
          },
          { actions: assign({ submission: ({ event }) => event.status }) },
        ],
        'intake.retry': { actions: 'sendNow' },
      },
    },
    received: {
      on: {
        'intake.reset': {
          target: 'editing',
          actions: assign({
            form: ({ context }) => emptyForm(context.form.locale ?? 'zh-CN'),
            step: 'category',
            issues: [],
            submission: undefined,
            receipt: undefined,
          }),
        },
      },
    },
  },
});

import type { AttachmentMeta, LocalizedText, ResidentCaseView } from '@jiefen/core';
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
import type { CaseAccess, UploadFile } from '../backends/backend.js';
import type { JiefenClient } from '../client.js';
import type { WatchOptions } from '../live/watch.js';
import type { SubmissionStatus } from '../offline/outbox.js';
import type { RememberedCases } from '../offline/remembered-cases.js';
import {
  type ActorError,
  bindFindAction,
  bindFollowSubmission,
  bindOutboxActions,
  findActionActor,
  findActionInvoke,
  followSubmissionActor,
  needsClient,
  outboxActions,
  residentActingState,
  toActorError,
} from './shared.js';

export interface CaseTrackerInput {
  /** Start tracking at once (a link with a tracking token, a receipt just shown). */
  access?: CaseAccess;
  watch?: WatchOptions;
}

/** What the resident can do on their case, as tracker events. */
export type CaseTrackerAction =
  | {
      type: 'tracker.supply_information';
      message: string;
      answers?: Record<string, unknown>;
      attachments?: AttachmentMeta[];
      /** Files the centre asked for, stored with the action and uploaded when it is sent. */
      files?: UploadFile[];
    }
  | { type: 'tracker.add_evidence'; files: UploadFile[] }
  | { type: 'tracker.rate'; score: number; comment?: string }
  | { type: 'tracker.request_reopen'; reason: string }
  | { type: 'tracker.withdraw'; reason?: string };

export type CaseTrackerEvent =
  /** `remember`: the resident asked to remember the case on this device (kept once it opens). */
  | { type: 'tracker.lookup'; caseNumber: string; accessCode: string; remember?: boolean }
  | { type: 'tracker.track'; trackingToken: string }
  | { type: 'tracker.update'; view: ResidentCaseView }
  /** The live connection failed (`error` as plain data). */
  | { type: 'tracker.watch_error'; error: ActorError; willRetry: boolean }
  | { type: 'tracker.action_status'; status: SubmissionStatus }
  /** "Send now": retry the waiting action at once instead of after its backoff. */
  | { type: 'tracker.retry' }
  /** The resident has copied a rejected action's text: remove it from the outbox. */
  | { type: 'tracker.dismiss_action' }
  | { type: 'tracker.close' }
  | { type: 'tracker.dismiss_error' }
  /** Forget the remembered case on this device (the case stays shown). */
  | { type: 'tracker.forget' }
  | CaseTrackerAction;

/** The resident actions a case can accept, by the core's event name without its `resident.` prefix. */
export type CaseTrackerActionKind = 'supply_information' | 'add_evidence' | 'rate' | 'request_reopen' | 'withdraw';

/**
 * Facts the tracker emits (XState `emit`), for a view to turn into DOM events without diffing
 * snapshots: a case was opened (by number and code, or by a tracking link), a live update changed it,
 * an action reached the centre or was refused.
 */
export type CaseTrackerEmitted =
  | { type: 'case_opened'; caseNumber: string; via: 'lookup' | 'link' }
  | { type: 'case_updated'; caseNumber: string; previous: ResidentCaseView; view: ResidentCaseView }
  | { type: 'action_sent'; caseNumber: string; action: CaseTrackerActionKind | 'unknown' }
  | { type: 'action_rejected'; caseNumber: string; action: CaseTrackerActionKind | 'unknown'; error: ActorError };

/** Which action a stored command is (`resident.rate` → `rate`). */
function actionKindOf(status: SubmissionStatus): CaseTrackerActionKind | 'unknown' {
  const type = status.command?.type;
  return type?.startsWith('resident.') ? (type.slice('resident.'.length) as CaseTrackerActionKind) : 'unknown';
}

/** Plain data only: the client is bound by `createCaseTracker(client)`, never kept here. */
export interface CaseTrackerContext {
  watchOptions: WatchOptions;
  access?: CaseAccess;
  view?: ResidentCaseView;
  error?: ActorError;
  /** The live connection is having trouble (the view may be stale; it keeps retrying). */
  reconnecting: boolean;
  /**
   * The resident's latest action on this case while the backend has not confirmed it: `state` is
   * `saved` (waiting on this device, sent automatically), `sending`, or `rejected` (with
   * `lastError` and the text in `command`, to copy, until `tracker.dismiss_action`). Found again
   * after a reload. Cleared once the action is received.
   */
  action?: SubmissionStatus;
  /** A case is remembered on this device (read at start, or kept when a lookup asked for it). */
  remembered: boolean;
  /** The resident just forgot the remembered case (a notice until the next case opens). */
  forgotten: boolean;
  /** The lookup on its way asked to remember the case once it opens. */
  rememberOnOpen: boolean;
  /**
   * Labels of the fields of the case's category (tenant configuration), loaded when the centre asks
   * for information, so the requested fields read as the filing form named them. Localized text: the
   * view picks its locale.
   */
  fieldLabels?: { categoryId: string; labels: Record<string, LocalizedText> };
}

/** What `createCaseTracker` binds besides the client. */
export interface CaseTrackerOptions {
  /** Where a case is remembered on this device (`rememberedCases(tenant)`); none: nothing is remembered. */
  remembered?: RememberedCases;
}

/** Store the action in the outbox (it is sent from there, across reloads and offline periods). */
function act(client: JiefenClient, access: CaseAccess, action: CaseTrackerAction): Promise<SubmissionStatus> {
  switch (action.type) {
    case 'tracker.supply_information':
      return client.submitCaseAction(
        access,
        {
          type: 'resident.supply_information',
          message: action.message,
          ...(action.answers ? { answers: action.answers } : {}),
          ...(action.attachments ? { attachments: action.attachments } : {}),
        },
        action.files?.length ? { files: action.files } : {},
      );
    case 'tracker.add_evidence':
      return client.submitCaseAction(
        access,
        { type: 'resident.add_evidence', attachments: [] },
        { files: action.files },
      );
    case 'tracker.rate':
      return client.submitCaseAction(access, {
        type: 'resident.rate',
        score: action.score,
        ...(action.comment ? { comment: action.comment } : {}),
      });
    case 'tracker.request_reopen':
      return client.submitCaseAction(access, { type: 'resident.request_reopen', reason: action.reason });
    case 'tracker.withdraw':
      return client.submitCaseAction(access, {
        type: 'resident.withdraw',
        ...(action.reason ? { reason: action.reason } : {}),
      });
  }
}

/**
 * The case tracker: look a case up (number + access code, or a tracking token), follow it live, and
 * send the resident's actions. States: `idle` → `loading` → `tracking.ready` ⇄
 * `tracking.acting` (`storing` → `following`). A wrong number or code returns to `idle` with
 * `error.messageKey` `sdk.error.not_found`. `context.view.allowedActions` says which actions the case
 * accepts now. Actions go through the outbox: `context.action` shows the waiting action's state
 * (`saved` / `sending` / `rejected`), offline included, and a reload finds it again.
 */
export const caseTrackerMachine = setup({
  types: {
    context: {} as CaseTrackerContext,
    events: {} as CaseTrackerEvent,
    input: {} as CaseTrackerInput,
    emitted: {} as CaseTrackerEmitted,
  },
  actors: {
    load: fromPromise<ResidentCaseView, { access: CaseAccess }>(needsClient('load')),
    watch: fromCallback<CaseTrackerEvent, { access: CaseAccess; options: WatchOptions }>(needsClient('watch')),
    act: fromPromise<SubmissionStatus, { context: CaseTrackerContext; event: { type: string } }>(needsClient('act')),
    findAction: findActionActor,
    followSubmission: followSubmissionActor,
    fieldLabels: fromPromise<Record<string, LocalizedText> | undefined, { categoryId: string }>(
      needsClient('fieldLabels'),
    ),
  },
  actions: {
    ...outboxActions,
    // Bound by `createCaseTracker` to its store; the bare machine remembers nothing.
    recall: () => {},
    keepAccess: () => {},
    forgetAccess: () => {},
    /** The requested fields' labels, once per category (the client caches the configuration). */
    loadFieldLabels: enqueueActions(({ context, enqueue }) => {
      const view = context.view;
      if (!view?.informationRequest?.fields.length || context.fieldLabels?.categoryId === view.categoryId) return;
      enqueue.assign({ fieldLabels: { categoryId: view.categoryId, labels: {} } });
      enqueue.spawnChild('fieldLabels', { id: 'fieldLabels', input: { categoryId: view.categoryId } });
    }),
  },
}).createMachine({
  id: 'caseTracker',
  context: ({ input }) => ({
    watchOptions: input.watch ?? {},
    ...(input.access ? { access: input.access } : {}),
    reconnecting: false,
    remembered: false,
    forgotten: false,
    rememberOnOpen: false,
  }),
  on: {
    'tracker.forget': { actions: ['forgetAccess', assign({ remembered: false, forgotten: true })] },
  },
  initial: 'starting',
  states: {
    starting: {
      // Without a case to open, the one remembered on this device (synchronously: no lookup form flashes first).
      entry: 'recall',
      always: [{ guard: ({ context }) => context.access !== undefined, target: 'loading' }, { target: 'idle' }],
    },
    idle: {
      on: {
        'tracker.lookup': {
          target: 'loading',
          actions: assign({
            access: ({ event }) => ({
              caseNumber: event.caseNumber.trim().toUpperCase(),
              accessCode: event.accessCode.trim(),
            }),
            rememberOnOpen: ({ event }) => event.remember === true,
            error: undefined,
          }),
        },
        'tracker.track': {
          target: 'loading',
          actions: assign({
            access: ({ event }) => ({ trackingToken: event.trackingToken }),
            rememberOnOpen: false,
            error: undefined,
          }),
        },
      },
    },
    loading: {
      invoke: {
        src: 'load',
        input: ({ context }) => ({ access: context.access! }),
        onDone: {
          target: 'tracking',
          actions: [
            emit(({ context, event }) => ({
              type: 'case_opened' as const,
              caseNumber: event.output.caseNumber,
              via: 'accessCode' in context.access! ? ('lookup' as const) : ('link' as const),
            })),
            assign({
              view: ({ event }) => event.output,
              // Keep tracking by number from now on, whatever the resident started with.
              access: ({ context, event }) =>
                'accessCode' in context.access!
                  ? context.access!
                  : { caseNumber: event.output.caseNumber, trackingToken: context.access!.trackingToken },
              forgotten: false,
            }),
            enqueueActions(({ context, enqueue }) => {
              if (!context.rememberOnOpen) return;
              enqueue('keepAccess');
              enqueue.assign({ remembered: true, rememberOnOpen: false });
            }),
            'loadFieldLabels',
          ],
        },
        onError: {
          target: 'idle',
          actions: assign({ error: ({ event }) => toActorError(event.error), view: undefined, rememberOnOpen: false }),
        },
      },
    },
    tracking: {
      invoke: {
        src: 'watch',
        input: ({ context }) => ({ access: context.access!, options: context.watchOptions }),
      },
      on: {
        'tracker.update': {
          actions: [
            enqueueActions(({ context, event, enqueue }) => {
              // A poll that brings the same case again is no news.
              if (context.view && context.view.updatedAt !== event.view.updatedAt)
                enqueue.emit({
                  type: 'case_updated',
                  caseNumber: event.view.caseNumber,
                  previous: context.view,
                  view: event.view,
                });
            }),
            assign({ view: ({ event }) => event.view, reconnecting: false }),
            'loadFieldLabels',
          ],
        },
        'xstate.done.actor.fieldLabels': {
          actions: assign({
            fieldLabels: ({ context, event }) =>
              context.fieldLabels && event.output
                ? { categoryId: context.fieldLabels.categoryId, labels: event.output }
                : context.fieldLabels,
          }),
        },
        'tracker.watch_error': [
          {
            guard: ({ event }) => !event.willRetry,
            target: 'idle',
            actions: assign({ error: ({ event }) => event.error, view: undefined }),
          },
          { actions: assign({ reconnecting: true }) },
        ],
        'tracker.close': { target: 'idle', actions: assign({ view: undefined, access: undefined, error: undefined }) },
        'tracker.dismiss_error': { actions: assign({ error: undefined }) },
      },
      initial: 'ready',
      states: {
        ready: {
          invoke: findActionInvoke<CaseTrackerContext, CaseTrackerEvent>({
            kind: 'case_action',
            number: (context) => context.view?.caseNumber,
          }),
          on: {
            'tracker.supply_information': { target: 'acting', actions: assign({ error: undefined }) },
            'tracker.add_evidence': { target: 'acting', actions: assign({ error: undefined }) },
            'tracker.rate': { target: 'acting', actions: assign({ error: undefined }) },
            'tracker.request_reopen': { target: 'acting', actions: assign({ error: undefined }) },
            'tracker.withdraw': { target: 'acting', actions: assign({ error: undefined }) },
            'tracker.dismiss_action': {
              actions: ['dismissAction', assign({ action: undefined, error: undefined })],
            },
          },
        },
        acting: {
          ...residentActingState<CaseTrackerContext, CaseTrackerEvent, 'tracker'>({
            ready: '#caseTracker.tracking.ready',
            prefix: 'tracker',
          }),
          // Left with the outbox's last word on the action (received or rejected): say so as a fact.
          exit: enqueueActions(({ context, event, enqueue }) => {
            if (event.type !== 'tracker.action_status' || !context.view) return;
            const { status } = event;
            if (status.state === 'received')
              enqueue.emit({ type: 'action_sent', caseNumber: context.view.caseNumber, action: actionKindOf(status) });
            else if (status.state === 'rejected')
              enqueue.emit({
                type: 'action_rejected',
                caseNumber: context.view.caseNumber,
                action: actionKindOf(status),
                error: status.lastError ?? { messageKey: 'sdk.outbox.rejected' },
              });
          }),
        },
      },
    },
  },
});

/** The case tracker bound to a client (kept in closures, never in the snapshot). */
export function createCaseTracker(client: JiefenClient, options: CaseTrackerOptions = {}) {
  const { remembered } = options;
  return caseTrackerMachine.provide({
    actors: {
      load: fromPromise<ResidentCaseView, { access: CaseAccess }>(async ({ input }) => client.getCase(input.access)),
      watch: fromCallback<CaseTrackerEvent, { access: CaseAccess; options: WatchOptions }>(({ input, sendBack }) => {
        const watch = client.watchCase(input.access, input.options);
        watch.subscribe((event) => {
          if (event.type === 'update') sendBack({ type: 'tracker.update', view: event.view });
          else sendBack({ type: 'tracker.watch_error', error: toActorError(event.error), willRetry: event.willRetry });
        });
        return () => watch.close();
      }),
      act: fromPromise<SubmissionStatus, { context: CaseTrackerContext; event: { type: string } }>(async ({ input }) =>
        act(client, input.context.access!, input.event as CaseTrackerAction),
      ),
      findAction: bindFindAction(client),
      followSubmission: bindFollowSubmission(client),
      fieldLabels: fromPromise<Record<string, LocalizedText> | undefined, { categoryId: string }>(async ({ input }) => {
        try {
          const config = await client.getTenantConfig();
          const category = config.categories.find((c) => c.id === input.categoryId);
          return Object.fromEntries((category?.fields ?? []).map((f) => [f.id, f.label] as const));
        } catch {
          // Without the configuration the tracker names fields by their filing path.
          return undefined;
        }
      }),
    },
    actions: {
      ...bindOutboxActions(client),
      recall: assign(({ context }) => {
        const access = context.access ? undefined : remembered?.read();
        return access ? { access, remembered: true } : {};
      }),
      keepAccess: ({ context }) => {
        if (context.access) remembered?.remember(context.access);
      },
      forgetAccess: () => remembered?.forget(),
    },
  });
}

export type CaseTrackerSnapshot = SnapshotFrom<typeof caseTrackerMachine>;
export type CaseTrackerActor = ActorRefFrom<typeof caseTrackerMachine>;

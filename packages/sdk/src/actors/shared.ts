import type { FieldIssue, Locale, TenantConfig } from '@jiefen/core';
import { assign, type DoneActorEvent, type ErrorActorEvent, type EventObject, fromCallback, fromPromise } from 'xstate';
import type { BackendCapabilities } from '../backends/backend.js';
import type { JiefenClient } from '../client.js';
import { type ErrorView, toErrorView } from '../error-view.js';
import { loadSdkMessages } from '../i18n/messages.js';
import type { Draft, DraftKind } from '../offline/drafts.js';
import type { SubmissionStatus } from '../offline/outbox.js';

/** What a view shows for a failure (see `ErrorView`). */
export type ActorError = ErrorView;

/** The SDK's one error-to-view mapping, under the name the actors use. */
export const toActorError = toErrorView;

/**
 * A placeholder for an actor or action that needs the client: machines are written without one,
 * and their factories (`createIntakeWizard(client)` …) bind it with `machine.provide()`, so the
 * client lives in closures and never in a snapshot.
 */
export const needsClient = (what: string) => (): never => {
  throw new Error(`${what} needs a client: create the machine with its factory, e.g. createIntakeWizard(client)`);
};

/** What a form actor loads before its first screen. */
export interface LoadedForm {
  config: TenantConfig;
  draft: Draft | undefined;
  capabilities: BackendCapabilities;
}

export type LoadFormInput = { draftId: string; kind: DraftKind; locale: Locale };

/** Load the tenant configuration, any draft left on this device, and the locale's SDK messages. */
export const loadFormActor = fromPromise<LoadedForm, LoadFormInput>(needsClient('loadForm'));
export async function loadForm(client: JiefenClient, input: LoadFormInput): Promise<LoadedForm> {
  const [config, draft] = await Promise.all([
    client.getTenantConfig(),
    client.drafts.load(input.draftId).catch(() => undefined),
    loadSdkMessages(input.locale),
  ]);
  return { config, draft: draft?.kind === input.kind ? draft : undefined, capabilities: { ...client.capabilities } };
}
export const bindLoadForm = (client: JiefenClient) =>
  fromPromise<LoadedForm, LoadFormInput>(async ({ input }) => loadForm(client, input));

/** Load a locale's SDK messages (`*.set_locale`); answers `<prefix>.messages_loaded`. */
export const loadMessagesActor = fromPromise<Locale, { locale: Locale }>(async ({ input }) => {
  await loadSdkMessages(input.locale);
  return input.locale;
});

type FollowInput = { id: string; eventType: string };

/** Follows one outbox submission: emits `<prefix>.outbox` events until it is received or rejected. */
export const followSubmissionActor = fromCallback<{ type: string }, FollowInput>(needsClient('followSubmission'));
export const bindFollowSubmission = (client: JiefenClient) =>
  fromCallback<{ type: string }, FollowInput>(({ input, sendBack }) => {
    const send = (status: SubmissionStatus) => sendBack({ type: input.eventType, status } as { type: string });
    let heard = false;
    const unsubscribe = client.outbox.subscribe((status) => {
      if (status.id !== input.id) return;
      heard = true;
      send(status);
    });
    // Catch up on anything that happened before we subscribed, unless a live status came first: the
    // read may have started before that change and would otherwise overwrite it (sending → saved).
    void client.outbox.get(input.id).then((status) => {
      if (status && !heard) send(status);
    });
    return unsubscribe;
  });

/** Tells a form actor each time its draft reached storage (`<prefix>.draft_saved`). */
export const watchDraftActor = fromCallback<{ type: string }, { draftId: string; eventType: string }>(
  needsClient('watchDraft'),
);
export const bindWatchDraft = (client: JiefenClient) =>
  fromCallback<{ type: string }, { draftId: string; eventType: string }>(({ input, sendBack }) =>
    client.drafts.subscribe((saved) => {
      if (saved.id === input.draftId) sendBack({ type: input.eventType, savedAt: saved.savedAt } as { type: string });
    }),
  );

/** A resident action not confirmed yet: saved on this device, or on its way. */
const isOpenAction = (status: SubmissionStatus): boolean => status.state === 'saved' || status.state === 'sending';

/**
 * The newest action on one case or consultation that the outbox has not delivered (or that was
 * rejected), from this visit or an earlier one. An open action wins over a rejected one.
 */
async function unfinishedAction(
  client: JiefenClient,
  kind: 'case_action' | 'consultation_action',
  number: string,
): Promise<SubmissionStatus | undefined> {
  const statuses = await client.outbox.list();
  return statuses
    .filter((s) => s.kind === kind && s.number === number && s.state !== 'received')
    .sort((a, b) => Number(isOpenAction(a)) - Number(isOpenAction(b)) || a.id.localeCompare(b.id))
    .at(-1);
}

type FindActionInput = { kind: 'case_action' | 'consultation_action'; number: string | undefined };

/** Finds `unfinishedAction` for an actor that starts showing a case or consultation. */
export const findActionActor = fromPromise<SubmissionStatus | undefined, FindActionInput>(needsClient('findAction'));
export const bindFindAction = (client: JiefenClient) =>
  fromPromise<SubmissionStatus | undefined, FindActionInput>(async ({ input }) =>
    input.number ? unfinishedAction(client, input.kind, input.number) : undefined,
  );

/** Why a rejected action was refused, for `context.error`. */
const rejectionOf = (status: SubmissionStatus): ActorError =>
  status.lastError ? { ...status.lastError } : { messageKey: 'sdk.outbox.rejected' };

/** The actors' buttons on the outbox: "send now", and "forget this rejected action" (bound by the factories). */
export const outboxActions = {
  sendNow: (_: { context: unknown }) => {},
  dismissAction: (_: { context: { action?: SubmissionStatus } }) => {},
};
export const bindOutboxActions = (client: JiefenClient) => ({
  sendNow: () => void client.outbox.flush({ force: true }),
  dismissAction: ({ context }: { context: { action?: SubmissionStatus } }) => {
    if (context.action) void client.outbox.remove(context.action.id);
  },
});

/** What an actor with resident actions keeps in its context. */
interface ActingContext {
  view?: unknown;
  error?: ActorError;
  action?: SubmissionStatus;
}

type StatusEvent = { type: string; status: SubmissionStatus };

/** `assign` for the acting part of an actor's context, typed for that actor's machine. */
const actingUpdater =
  <TContext extends ActingContext, TEvent extends EventObject>() =>
  <TExpressionEvent extends EventObject>(
    change: (context: TContext, event: TExpressionEvent) => Partial<ActingContext>,
  ) =>
    assign<TContext, TExpressionEvent, undefined, TEvent, never>(
      ({ context, event }) => change(context, event) as Partial<TContext>,
    );

/**
 * The `invoke` of an actor's `ready` state: find an action left by an earlier visit (or another
 * page) and follow it if it is still open (`acting.following`), or show it with its refusal. Looked
 * up without blocking, so an action the resident sends meanwhile is never dropped.
 */
export function findActionInvoke<TContext extends ActingContext, TEvent extends EventObject>(options: {
  kind: 'case_action' | 'consultation_action';
  /** The case or consultation number the actor shows. */
  number: (context: TContext) => string | undefined;
}) {
  const update = actingUpdater<TContext, TEvent>();
  type Found = DoneActorEvent<SubmissionStatus | undefined>;
  return {
    src: 'findAction' as const,
    input: ({ context }: { context: TContext }) => ({
      kind: options.kind,
      number: options.number(context),
    }),
    onDone: [
      {
        guard: ({ event }: { event: Found }) => event.output !== undefined && isOpenAction(event.output),
        target: 'acting.following',
        actions: update<Found>((_, event) => ({ action: event.output })),
      },
      {
        guard: ({ event }: { event: Found }) => event.output !== undefined,
        actions: update<Found>((_, event) => ({ action: event.output, error: rejectionOf(event.output!) })),
      },
    ],
  };
}

/**
 * The `acting` state of an actor whose resident actions go through the outbox: `storing` hands the
 * triggering event to the actor's `act` actor (input `{ context, event }`), `following` follows the
 * stored action (`<prefix>.action_status`; `<prefix>.retry` sends it now). Received: back to `ready`
 * with the answered view. Rejected: back to `ready`, keeping `context.action` (the resident's text)
 * and setting `context.error`. Refused before storing: back to `ready` with the error, nothing queued.
 */
export function residentActingState<
  TContext extends ActingContext,
  TEvent extends EventObject,
  TPrefix extends string,
>(options: {
  /** Where the actor waits for the resident, by id (`#caseTracker.tracking.ready`). */
  ready: `#${string}`;
  /** The actor's event prefix (`tracker`, `consultation`). */
  prefix: TPrefix;
}) {
  const { ready, prefix } = options;
  type Status = Extract<TEvent, { type: `${TPrefix}.action_status` }>;
  const statusOf = (event: Status) => (event as unknown as StatusEvent).status;
  const update = actingUpdater<TContext, TEvent>();
  const onStatus = [
    {
      guard: ({ event }: { event: Status }) => statusOf(event).state === 'received',
      target: ready,
      // A lookup that failed while offline is stale news once the action arrived.
      actions: update<Status>((context, event) => ({
        view: statusOf(event).view ?? context.view,
        action: undefined,
        error: undefined,
      })),
    },
    {
      guard: ({ event }: { event: Status }) => statusOf(event).state === 'rejected',
      target: ready,
      actions: update<Status>((_, event) => ({ action: statusOf(event), error: rejectionOf(statusOf(event)) })),
    },
    { actions: update<Status>((_, event) => ({ action: statusOf(event) })) },
  ];
  return {
    initial: 'storing' as const,
    states: {
      storing: {
        invoke: {
          src: 'act' as const,
          input: ({ context, event }: { context: TContext; event: TEvent }) => ({ context, event }),
          onDone: {
            target: 'following',
            actions: update<DoneActorEvent<SubmissionStatus>>((_, event) => ({ action: event.output })),
          },
          onError: {
            target: ready,
            actions: update<ErrorActorEvent>((_, event) => ({ error: toActorError(event.error) })),
          },
        },
      },
      following: {
        invoke: {
          src: 'followSubmission' as const,
          input: ({ context }: { context: TContext }) => ({
            id: context.action!.id,
            eventType: `${prefix}.action_status`,
          }),
        },
        on: {
          [`${prefix}.action_status`]: onStatus,
          [`${prefix}.retry`]: { actions: 'sendNow' as const },
        } as { [K in `${TPrefix}.action_status`]: typeof onStatus } & {
          [K in `${TPrefix}.retry`]: { actions: 'sendNow' };
        },
      },
    },
  };
}

/** Set a value at a dot path (`applicant.phone`, `otherParties.0.name`) in a copy of `target`. */
export function setPath<T extends object>(target: T, path: string, value: unknown): T {
  const keys = path.split('.');
  const copy = (Array.isArray(target) ? [...target] : { ...target }) as Record<string, unknown>;
  let cursor: Record<string, unknown> = copy;
  keys.forEach((key, index) => {
    if (index === keys.length - 1) {
      cursor[key] = value;
      return;
    }
    const next = cursor[key];
    const child = Array.isArray(next)
      ? [...next]
      : typeof next === 'object' && next !== null
        ? { ...next }
        : /^\d+$/.test(keys[index + 1]!)
          ? []
          : {};
    cursor[key] = child;
    cursor = child as Record<string, unknown>;
  });
  return copy as T;
}

/** Issues that belong to a set of top-level paths. */
export function issuesUnder(issues: readonly FieldIssue[], prefixes: readonly string[]): FieldIssue[] {
  return issues.filter((issue) => prefixes.some((p) => issue.path === p || issue.path.startsWith(`${p}.`)));
}

/** Today as `YYYY-MM-DD` on this device. */
export function deviceToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

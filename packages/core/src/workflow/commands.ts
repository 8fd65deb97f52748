import type * as v from 'valibot';
import { __unsafe_getAllOwnEventDescriptors, type AnyMachineSnapshot } from 'xstate';
import type { MessageKey } from '../i18n/messages.js';
import { type FieldIssue, validate } from '../schemas/validate.js';
import type { Role, WorkflowActor } from './roles.js';
import type { TimelineEntry } from './timeline.js';

/**
 * What every workflow (cases, consultations) shares about commands: a catalog saying who may send
 * each event and what it carries, the first checks before a chart sees it, and typed rejections.
 */
export type EventCatalog<TType extends string> = Readonly<
  Record<TType, { readonly roles: readonly Role[]; readonly payload: v.GenericSchema }>
>;

export type CaseRejectionCode =
  | 'invalid_event'
  | 'not_allowed_for_role'
  | 'wrong_department'
  | 'not_allowed_now'
  | 'case_finished';

/**
 * What each rejection means to a client, which is what its HTTP status says: `invalid` (422) the
 * payload does not fit; `forbidden` (403) this actor may never send it (the catalog's roles, or a
 * handler acting for another department); `conflict` (409) not in this state (or no longer).
 */
export type RejectionKind = 'invalid' | 'forbidden' | 'conflict';
export const REJECTION_KINDS: Readonly<Record<CaseRejectionCode, RejectionKind>> = {
  invalid_event: 'invalid',
  not_allowed_for_role: 'forbidden',
  wrong_department: 'forbidden',
  not_allowed_now: 'conflict',
  case_finished: 'conflict',
};

/** The localized message for each rejection. */
export const REJECTION_MESSAGES: Record<CaseRejectionCode, MessageKey> = {
  invalid_event: 'workflow.invalid_event',
  not_allowed_for_role: 'workflow.not_allowed_for_role',
  wrong_department: 'workflow.wrong_department',
  not_allowed_now: 'workflow.not_allowed_now',
  case_finished: 'workflow.case_finished',
};

export function roleMaySendIn<TType extends string>(
  catalog: EventCatalog<TType>,
  type: TType,
  actor: WorkflowActor,
): boolean {
  return catalog[type].roles.includes(actor.role);
}

/** Event types the chart handles in its current state and this actor's role may send. */
export function allowedEventsIn<TType extends string>(
  catalog: EventCatalog<TType>,
  snapshot: AnyMachineSnapshot,
  actor: WorkflowActor,
): TType[] {
  if (snapshot.status !== 'active') return [];
  const handled = new Set(__unsafe_getAllOwnEventDescriptors(snapshot));
  return (Object.keys(catalog) as TType[]).filter((type) => handled.has(type) && roleMaySendIn(catalog, type, actor));
}

export type CommandCheck<TCommand> =
  | { ok: true; command: TCommand }
  | { ok: false; code: CaseRejectionCode; issues: FieldIssue[] };

/**
 * Parse a command against its catalog alone: a known event type and a payload that fits. What a
 * client can check before it stores a resident's action; the workflow checks the rest on arrival.
 */
export function parseCommand<TType extends string, TCommand extends { type: TType }>(
  catalog: EventCatalog<TType>,
  command: unknown,
): { ok: true; command: TCommand } | { ok: false; code: 'invalid_event'; issues: FieldIssue[] } {
  const type = (command as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(catalog, type)) {
    return { ok: false, code: 'invalid_event', issues: [{ path: 'type', key: 'validation.choice', params: {} }] };
  }
  const { type: _type, ...rawPayload } = command as Record<string, unknown>;
  const payload = validate(catalog[type as TType].payload, rawPayload);
  if (!payload.success) return { ok: false, code: 'invalid_event', issues: payload.issues };
  return { ok: true, command: { type, ...(payload.output as object) } as TCommand };
}

/**
 * The checks before a chart sees a command, in the order a client needs the answer: a known event
 * type, a role that may ever send it (so a forbidden event is 403 even on a finished case), an
 * unfinished workflow, a payload that fits its schema.
 */
export function checkCommand<TType extends string, TCommand extends { type: TType }>(
  catalog: EventCatalog<TType>,
  snapshot: AnyMachineSnapshot,
  command: unknown,
  actor: WorkflowActor,
): CommandCheck<TCommand> {
  const type = (command as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' && Object.hasOwn(catalog, type);
  if (known && !roleMaySendIn(catalog, type as TType, actor))
    return { ok: false, code: 'not_allowed_for_role', issues: [] };
  if (known && snapshot.status !== 'active') return { ok: false, code: 'case_finished', issues: [] };
  return parseCommand<TType, TCommand>(catalog, command);
}

/** The event types of a catalog that a role may ever send. */
export function eventTypesFor<TType extends string>(catalog: EventCatalog<TType>, role: Role): TType[] {
  return (Object.keys(catalog) as TType[]).filter((type) => catalog[type].roles.includes(role));
}

/** Who sent an event, as the trail records it. */
export function timelineActor(actor: WorkflowActor): TimelineEntry['actor'] {
  return {
    role: actor.role,
    ...(actor.departmentId ? { departmentId: actor.departmentId } : {}),
    ...(actor.id ? { id: actor.id } : {}),
  };
}

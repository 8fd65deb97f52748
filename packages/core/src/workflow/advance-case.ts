import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import type { MessageKey } from '../i18n/messages.js';
import type { Department } from '../schemas/tenant-config.js';
import type { FieldIssue } from '../schemas/validate.js';
import { CASE_EVENTS, type CaseCommand, type CaseEventType, type CaseMachineEvent } from './case-events.js';
import { type CaseContext, type CaseInput, caseMachine, departmentHandlerMayAct } from './case-machine.js';
import {
  allowedEventsIn,
  type CaseRejectionCode,
  checkCommand,
  REJECTION_KINDS,
  REJECTION_MESSAGES,
  type RejectionKind,
  timelineActor,
} from './commands.js';
import { addHours, earliest, nextSupervisionInstant } from './deadlines.js';
import { departmentSupervision } from './department-machine.js';
import type { WorkflowActor } from './roles.js';
import type { TimelineEntry } from './timeline.js';

export type CaseSnapshot = SnapshotFrom<typeof caseMachine>;

export type { CaseRejectionCode } from './commands.js';

/** Why an event was refused, and what this actor could do instead. */
export interface CaseRejection {
  code: CaseRejectionCode;
  /** invalid (422), forbidden (403) or conflict (409): see REJECTION_KINDS. */
  kind: RejectionKind;
  messageKey: MessageKey;
  issues: FieldIssue[];
  allowedEvents: CaseEventType[];
}

export type AdvanceResult =
  | { ok: true; snapshot: CaseSnapshot; changed: boolean; command: CaseCommand; timeline: TimelineEntry[] }
  | { ok: false; rejection: CaseRejection };

/**
 * What the case rules read of the tenant's configuration: which departments exist and the levels
 * each serves. A `TenantConfig` is one. The current configuration, not a copy taken at filing, so
 * a department added later can be called and one removed can no longer be.
 */
export interface DepartmentDirectory {
  departments: ReadonlyArray<Pick<Department, 'id' | 'levels'>>;
}

/** Without a directory no department can be named: commands that name one are refused, never waved through. */
const NO_DEPARTMENTS: DepartmentDirectory = { departments: [] };

/**
 * Department ids a command names that the tenant does not have, or (for routing) that do not serve
 * the chosen level: a case routed there would wait forever on a department nobody can act for.
 */
export function departmentIssues(command: CaseCommand, tenant: DepartmentDirectory): FieldIssue[] {
  const byId = new Map(tenant.departments.map((d) => [d.id, d]));
  const issues: FieldIssue[] = [];
  const check = (path: string, id: string, level?: Department['levels'][number]) => {
    const department = byId.get(id);
    if (!department) issues.push({ path, key: 'validation.unknown_department', params: {} });
    else if (level && !department.levels.includes(level))
      issues.push({ path, key: 'validation.department_level', params: { level } });
  };
  switch (command.type) {
    case 'routing.route':
      for (const [i, id] of command.departmentIds.entries()) check(`departmentIds.${i}`, id, command.level);
      break;
    case 'handling.call_departments':
      for (const [i, id] of command.departmentIds.entries()) check(`departmentIds.${i}`, id);
      break;
    case 'intake.accept':
      if (command.mediatorDepartmentId !== undefined) check('mediatorDepartmentId', command.mediatorDepartmentId);
      break;
  }
  return issues;
}

/** Register a new case: the statechart's initial state plus the first timeline entry. */
export function openCase(input: CaseInput): { snapshot: CaseSnapshot; timeline: TimelineEntry[] } {
  const [snapshot] = initialTransition(caseMachine, input);
  const onBehalf = input.filing.onBehalf;
  return {
    snapshot,
    timeline: [
      {
        at: input.now,
        type: 'case.filed',
        actor: { role: 'resident' },
        visibility: 'resident',
        data: {
          categoryId: input.filing.categoryId,
          ...(onBehalf ? { onBehalfOf: true, filerRole: onBehalf.filerRole } : {}),
        },
      },
    ],
  };
}

/** Event types the statechart handles in its current state and this actor's role may send. */
export function allowedEvents(snapshot: CaseSnapshot, actor: WorkflowActor): CaseEventType[] {
  return allowedEventsIn(CASE_EVENTS, snapshot, actor);
}

/**
 * The one rule both server and clients apply: the next snapshot for (snapshot, event, actor, now),
 * or a typed rejection saying why and which events are allowed now. Pure: no clock, no I/O; the
 * tenant's departments come in as data (`tenant`), like `now`. Commands that name departments
 * (routing, calling departments in, a first-line mediator) are checked against them.
 *
 * A `clock.tick` with nothing due is accepted as a no-op (`changed: false`) in any unfinished state,
 * so a scheduler never has to know which states keep deadlines.
 */
export function advanceCase(
  snapshot: CaseSnapshot,
  command: unknown,
  actor: WorkflowActor,
  now: string,
  tenant: DepartmentDirectory = NO_DEPARTMENTS,
): AdvanceResult {
  const reject = (code: CaseRejectionCode, issues: FieldIssue[] = []): AdvanceResult => ({
    ok: false,
    rejection: {
      code,
      kind: REJECTION_KINDS[code],
      messageKey: REJECTION_MESSAGES[code],
      issues,
      allowedEvents: allowedEvents(snapshot, actor),
    },
  });

  const checked = checkCommand<CaseEventType, CaseCommand>(CASE_EVENTS, snapshot, command, actor);
  if (!checked.ok) return reject(checked.code, checked.issues);
  const parsed = checked.command;
  const unknownDepartments = departmentIssues(parsed, tenant);
  if (unknownDepartments.length > 0) return reject('invalid_event', unknownDepartments);

  if (actor.role === 'department_handler' && !departmentHandlerMayAct(snapshot.context, { actor, ...parsed })) {
    return reject('wrong_department');
  }

  const event = { ...parsed, actor, now } as CaseMachineEvent;
  if (!snapshot.can(event)) {
    if (parsed.type === 'clock.tick') return { ok: true, snapshot, changed: false, command: parsed, timeline: [] };
    return reject('not_allowed_now');
  }
  const [next] = transition(caseMachine, snapshot, event);
  return { ok: true, snapshot: next, changed: true, command: parsed, timeline: timelineFor(snapshot, event, next) };
}

/** The entries an accepted event adds: the event itself, plus facts the clock or the chart derived. */
function timelineFor(before: CaseSnapshot, event: CaseMachineEvent, after: CaseSnapshot): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const { type, actor: _actor, now, ...data } = event;
  if (type !== 'clock.tick') {
    entries.push({ at: now, type, actor: timelineActor(event.actor), visibility: CASE_EVENTS[type].visibility, data });
  }
  const system = { role: 'system' as const };
  for (const record of after.context.supervisionLog.slice(before.context.supervisionLog.length)) {
    if (record.by !== 'system') continue; // staff urgings and corrections are the event itself
    entries.push({
      at: record.at,
      type: record.kind === 'escalated' ? 'supervision.escalated' : 'supervision.urged',
      actor: system,
      visibility: 'resident',
      data: { target: record.target },
    });
  }
  if (type === 'clock.tick') {
    const lapsed = after.context.informationRequests.at(-1)?.lapsedAt;
    if (lapsed && !before.context.informationRequests.at(-1)?.lapsedAt) {
      entries.push({
        at: now,
        type: 'registration.information_lapsed',
        actor: system,
        visibility: 'resident',
        data: {},
      });
    }
  }
  if (after.status === 'done' && before.status === 'active' && after.context.closure) {
    entries.push({
      at: now,
      type: 'case.closed',
      actor: system,
      visibility: 'resident',
      data: { reason: after.context.closure.reason, how: after.context.closure.how },
    });
  }
  if (after.matches('followUp') && !before.matches('followUp')) {
    entries.push({
      at: now,
      type: 'case.resolved',
      actor: system,
      visibility: 'resident',
      data: { outcome: after.context.outcome?.kind },
    });
  }
  return entries;
}

/**
 * The next instant at which a `clock.tick` could change this case. The server stores it and its
 * scheduler ticks due cases, so deadlines survive restarts and fire exactly once.
 */
export function nextDeadline(snapshot: CaseSnapshot): string | undefined {
  if (snapshot.status !== 'active') return undefined;
  const context: CaseContext = snapshot.context;
  const grace = context.sla.escalateAfterHours;
  const candidates: Array<string | undefined> = [];
  const stage = context.stageSupervision;
  const supervisedHere = [
    snapshot.matches({ open: { registration: 'pendingReview' } }),
    snapshot.matches({ open: 'riskAssessment' }),
    snapshot.matches({ open: 'routing' }),
    snapshot.matches({ open: 'handling' }),
    snapshot.matches({ open: 'judicialConfirmation' }),
  ].some(Boolean);
  if (stage && supervisedHere) {
    candidates.push(nextSupervisionInstant(stage, grace));
  }
  if (snapshot.matches({ open: 'handling' })) {
    for (const assignment of Object.values(context.assignments)) {
      const level = departmentSupervision(assignment);
      if (level === 'onTime') candidates.push(assignment.context.dueBy);
      if (level === 'urged') candidates.push(addHours(assignment.context.dueBy, grace));
    }
  }
  if (snapshot.matches({ open: { registration: 'awaitingInformation' } })) {
    candidates.push(context.informationRequests.at(-1)?.dueBy);
  }
  if (snapshot.matches('followUp')) candidates.push(context.followUp.dueBy);
  if (snapshot.matches('declined')) candidates.push(context.correctionBy);
  return earliest(candidates);
}

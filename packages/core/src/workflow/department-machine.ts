import { assign, type SnapshotFrom, type StateValue, setup, transition } from 'xstate';
import { addHours, isPast } from './deadlines.js';

/**
 * One called department's part in joint handling (中心吹哨、部门报到): it acknowledges (报到), then
 * reports, then completes. Each department runs its own copy of this chart, stored in the case's
 * context, so a department can never report before it acknowledges and every department is urged
 * and escalated on its own deadline.
 */
export interface DepartmentContext {
  departmentId: string;
  calledAt: string;
  /** The deadline of the current phase: acknowledge-by while called, report-by while handling. */
  dueBy: string;
  acknowledgedAt?: string;
  completedAt?: string;
  reportHours: number;
  escalateAfterHours: number;
  reports: Array<{ at: string; summary: string; final: boolean }>;
  urgings: Array<{ at: string; phase: 'acknowledge' | 'report'; by: 'system' | 'staff'; note?: string }>;
  escalatedAt?: string;
  /** Who escalated (督办): the clock once `escalateAfterHours` passed, or a supervisor by hand. */
  escalatedBy?: 'system' | 'staff';
  /** The supervisor's stated reason when escalated by hand (internal: never shown to residents). */
  escalationNote?: string;
}

export type DepartmentEvent =
  | { type: 'department.acknowledge'; now: string }
  | { type: 'department.report_progress'; now: string; summary: string }
  | { type: 'department.complete'; now: string; summary: string }
  | { type: 'supervision.urge'; now: string; note?: string }
  | { type: 'supervision.escalate'; now: string; note: string }
  | { type: 'clock.tick'; now: string };

/**
 * The same supervision runs on both deadlines of a department (acknowledge-by while called, report-by
 * while handling): on time, urged once the deadline passes (or a supervisor urges), escalated after
 * `escalateAfterHours` more. A supervisor may escalate by hand (督办) only a department already urged:
 * escalation follows an urging, so from on time the event is refused (urge first), and once escalated
 * or completed there is nothing left to escalate.
 */
const supervisedDeadline = {
  onTime: {
    on: {
      'clock.tick': [
        { guard: 'escalationDue', target: 'escalated', actions: ['recordUrging', 'recordEscalation'] },
        { guard: 'deadlinePassed', target: 'urged', actions: 'recordUrging' },
      ],
      'supervision.urge': { target: 'urged', actions: 'recordUrging' },
    },
  },
  urged: {
    on: {
      'clock.tick': { guard: 'escalationDue', target: 'escalated', actions: 'recordEscalation' },
      'supervision.urge': { actions: 'recordUrging' },
      'supervision.escalate': { target: 'escalated', actions: 'recordEscalation' },
    },
  },
  escalated: { on: { 'supervision.urge': { actions: 'recordUrging' } } },
} as const;

export const departmentMachine = setup({
  types: {
    context: {} as DepartmentContext,
    events: {} as DepartmentEvent,
    input: {} as Omit<DepartmentContext, 'reports' | 'urgings'>,
  },
  guards: {
    deadlinePassed: ({ context, event }) => isPast(context.dueBy, event.now),
    escalationDue: ({ context, event }) => isPast(addHours(context.dueBy, context.escalateAfterHours), event.now),
  },
  actions: {
    recordAcknowledgement: assign(({ context, event }) => ({
      acknowledgedAt: event.now,
      dueBy: addHours(event.now, context.reportHours),
    })),
    recordReport: assign(({ context, event }) => ({
      reports: [
        ...context.reports,
        {
          at: event.now,
          summary: 'summary' in event ? event.summary : '',
          final: event.type === 'department.complete',
        },
      ],
      // A progress report meets the deadline; the next report is due a full period later.
      dueBy: addHours(event.now, context.reportHours),
    })),
    recordCompletion: assign(({ event }) => ({ completedAt: event.now })),
    recordUrging: assign(({ context, event }) => ({
      urgings: [
        ...context.urgings,
        {
          at: event.now,
          phase: context.acknowledgedAt ? ('report' as const) : ('acknowledge' as const),
          by: event.type === 'clock.tick' ? ('system' as const) : ('staff' as const),
          ...(event.type === 'supervision.urge' && event.note ? { note: event.note } : {}),
        },
      ],
    })),
    recordEscalation: assign(({ event }) =>
      event.type === 'supervision.escalate'
        ? { escalatedAt: event.now, escalatedBy: 'staff' as const, escalationNote: event.note }
        : { escalatedAt: event.now, escalatedBy: 'system' as const },
    ),
  },
}).createMachine({
  id: 'department',
  initial: 'called',
  context: ({ input }) => ({ ...input, reports: [], urgings: [] }),
  states: {
    called: {
      initial: 'onTime',
      on: { 'department.acknowledge': { target: 'handling', actions: 'recordAcknowledgement' } },
      states: supervisedDeadline,
    },
    handling: {
      initial: 'onTime',
      on: {
        'department.report_progress': { target: '.onTime', actions: 'recordReport' },
        'department.complete': { target: 'completed', actions: ['recordReport', 'recordCompletion'] },
      },
      states: supervisedDeadline,
    },
    completed: { type: 'final' },
  },
});

/** A department's chart as stored in the case: its state value and its context. Plain JSON. */
export interface DepartmentAssignment {
  value: StateValue;
  context: DepartmentContext;
}

export type DepartmentPhase = 'called' | 'handling' | 'completed';

export function departmentPhase(assignment: DepartmentAssignment): DepartmentPhase {
  const { value } = assignment;
  if (value === 'completed') return 'completed';
  return typeof value === 'object' && 'handling' in value ? 'handling' : 'called';
}

/** 'onTime' | 'urged' | 'escalated' for a department that is still working. */
export function departmentSupervision(assignment: DepartmentAssignment): 'onTime' | 'urged' | 'escalated' | undefined {
  const { value } = assignment;
  if (typeof value !== 'object') return undefined;
  const inner = Object.values(value)[0];
  return inner === 'urged' || inner === 'escalated' || inner === 'onTime' ? inner : undefined;
}

export function callDepartment(input: Omit<DepartmentContext, 'reports' | 'urgings'>): DepartmentAssignment {
  const snapshot = departmentMachine.resolveState({
    value: { called: 'onTime' },
    context: { ...input, reports: [], urgings: [] },
  });
  return { value: snapshot.value, context: snapshot.context };
}

function resolve(assignment: DepartmentAssignment): SnapshotFrom<typeof departmentMachine> {
  return departmentMachine.resolveState({ value: assignment.value, context: assignment.context });
}

/** Would the department's chart accept this event now? (Acknowledge twice, report before acknowledging: no.) */
export function departmentAccepts(assignment: DepartmentAssignment, event: DepartmentEvent): boolean {
  return resolve(assignment).can(event);
}

/** Step one department's chart purely. Unaccepted events leave it as it was. */
export function stepDepartment(assignment: DepartmentAssignment, event: DepartmentEvent): DepartmentAssignment {
  const [next] = transition(departmentMachine, resolve(assignment), event);
  return { value: next.value, context: next.context };
}

import { and, assign, setup } from 'xstate';
import type { CaseFiling } from '../schemas/case-filing.js';
import type { AttachmentMeta } from '../schemas/common.js';
import type { RoutingLevel, SlaPolicy } from '../schemas/tenant-config.js';
import {
  type CaseMachineEvent,
  type Complexity,
  type ReferralRoute,
  type RiskLevel,
  roleMaySend,
  URGENT_RISK_LEVELS,
} from './case-events.js';
import { addDays, addHours, isPast, type SupervisionLevel, supervisionLevelAt } from './deadlines.js';
import {
  callDepartment,
  type DepartmentAssignment,
  type DepartmentEvent,
  departmentAccepts,
  stepDepartment,
} from './department-machine.js';
import type { WorkflowActor } from './roles.js';

/** Bumped whenever the shape of persisted case snapshots changes; see persistence.ts. */
export const CASE_MACHINE_VERSION = 1;

export type CaseOutcome =
  | { kind: 'agreement'; summary: string; agreementRef?: string; at: string; firstLine: boolean }
  | {
      kind: 'judicial_confirmation';
      summary: string;
      agreementRef?: string;
      at: string;
      requestedAt: string;
      rulingRef?: string;
    }
  | { kind: 'referral'; route: ReferralRoute; note: string; at: string };

export interface InformationRequest {
  requestedAt: string;
  message: string;
  fields: string[];
  dueBy: string;
  answeredAt?: string;
  answer?: { message: string; answers?: Record<string, unknown>; attachments?: AttachmentMeta[] };
  /** Set when the resident did not answer in time and the case went back to intake. */
  lapsedAt?: string;
}

/** Case-level supervision of the centre's own stage deadline (register by, route by, handle by). */
export interface StageSupervision {
  stage: 'registration' | 'routing' | 'handling';
  dueBy: string;
  level: SupervisionLevel;
}

export interface SupervisionRecord {
  at: string;
  kind: 'urged' | 'escalated' | 'corrected';
  /** 'centre' for the centre's own stage deadline, else the department id. */
  target: string;
  by: 'system' | 'staff';
  note?: string;
}

export interface CaseContext {
  caseNumber: string;
  tenantId: string;
  filedAt: string;
  filing: CaseFiling;
  /** The SLA policy the case was filed under; later policy changes do not move its deadlines. */
  sla: SlaPolicy;
  publicSecurityDepartmentId: string;
  informationRequests: InformationRequest[];
  /** Evidence added after filing. */
  evidence: Array<AttachmentMeta & { addedAt: string }>;
  referral?: { channel: string; note: string; at: string };
  duplicateOf?: string;
  firstLineMediation?: {
    startedAt: string;
    /** The mediation committee (a department) that mediates first, if named. */
    departmentId?: string;
    endedAt?: string;
    result?: 'succeeded' | 'failed';
    note?: string;
  };
  risk?: { level: RiskLevel; factors: string[]; note?: string; assessedAt: string; publicSecurityCalled: boolean };
  routing?: {
    complexity: Complexity;
    level: RoutingLevel;
    departmentIds: string[];
    leaderInCharge?: string;
    routedAt: string;
  };
  /** One department chart per called department, keyed by department id. */
  assignments: Record<string, DepartmentAssignment>;
  jointSessions: Array<{ at: string; mode: string; place?: string; convenedAt: string }>;
  mediation: {
    round: number;
    mediator?: string;
    sessions: Array<{
      at: string;
      mode: string;
      place?: string;
      scheduledAt: string;
      summary?: string;
      heldAt?: string;
    }>;
  };
  outcome?: CaseOutcome;
  followUp: {
    dueBy?: string;
    rating?: { score: number; comment?: string; at: string; by: 'resident' | 'staff' };
    reopenings: Array<{ at: string; reason: string; previousOutcome: CaseOutcome }>;
  };
  notes: Array<{ at: string; by: WorkflowActor; text: string }>;
  stageSupervision?: StageSupervision;
  supervisionLog: SupervisionRecord[];
  correctionBy?: string;
  closure?: {
    reason: 'resolved' | 'declined' | 'duplicate';
    at: string;
    how: 'rated' | 'follow_up_lapsed' | 'correction_window_lapsed' | 'marked_duplicate';
  };
  withdrawal?: { at: string; reason?: string };
}

export interface CaseInput {
  caseNumber: string;
  tenantId: string;
  filing: CaseFiling;
  sla: SlaPolicy;
  publicSecurityDepartmentId: string;
  /** When the case was filed (time is data). */
  now: string;
}

type E<T extends CaseMachineEvent['type']> = Extract<CaseMachineEvent, { type: T }>;
const as = <T extends CaseMachineEvent['type']>(event: CaseMachineEvent) => event as E<T>;

/** A satisfied follow-up closes the case; 1–2 of 5 keeps it open for a reopening request. */
export const SATISFIED_SCORE = 3;

const stageDeadline = (stage: StageSupervision['stage'], dueBy: string): StageSupervision => ({
  stage,
  dueBy,
  level: 'on_track',
});

function toDepartmentEvent(event: CaseMachineEvent): DepartmentEvent | undefined {
  switch (event.type) {
    case 'department.acknowledge':
      return { type: event.type, now: event.now };
    case 'department.report_progress':
    case 'department.complete':
      return { type: event.type, now: event.now, summary: event.summary };
    case 'supervision.urge':
      return { type: event.type, now: event.now, ...(event.note ? { note: event.note } : {}) };
    case 'supervision.escalate':
      return { type: event.type, now: event.now, note: event.note };
    case 'clock.tick':
      return { type: event.type, now: event.now };
    default:
      return undefined;
  }
}

function withDepartments(
  context: CaseContext,
  departmentIds: readonly string[],
  now: string,
  urgent: boolean,
): Record<string, DepartmentAssignment> {
  const assignments = { ...context.assignments };
  for (const departmentId of departmentIds) {
    if (assignments[departmentId]) continue;
    assignments[departmentId] = callDepartment({
      departmentId,
      calledAt: now,
      dueBy: addHours(now, urgent ? context.sla.urgentAcknowledgeHours : context.sla.acknowledgeHours),
      reportHours: context.sla.reportHours,
      escalateAfterHours: context.sla.escalateAfterHours,
    });
  }
  return assignments;
}

/**
 * A department handler acts only for the department their credential is bound to, and only on a case
 * that department is part of: called into handling, or named as the first-line mediator.
 */
export function departmentHandlerMayAct(
  context: CaseContext,
  event: Pick<CaseMachineEvent, 'actor'> & { departmentId?: string },
): boolean {
  const own = event.actor.departmentId;
  if (!own) return false;
  if (event.departmentId !== undefined && event.departmentId !== own) return false;
  return context.assignments[own] !== undefined || context.firstLineMediation?.departmentId === own;
}

const isUrgent = (context: CaseContext) =>
  context.risk !== undefined && URGENT_RISK_LEVELS.includes(context.risk.level);

/**
 * The case statechart: the whole closed loop (闭环) of domain.md. The centre pushes the procedure;
 * departments resolve the substance. Pure: time arrives as `event.now`, deadlines live in context,
 * and the scheduler's `clock.tick` drives urging and escalation. Every transition is guarded by
 * `authorized`, the same role rule the server checks before it runs this chart.
 */
/** A new case's context: what the chart starts from (also used by `openCase`'s fast path). */
export function initialCaseContext(input: CaseInput): CaseContext {
  return {
    caseNumber: input.caseNumber,
    tenantId: input.tenantId,
    filedAt: input.now,
    filing: input.filing,
    sla: input.sla,
    publicSecurityDepartmentId: input.publicSecurityDepartmentId,
    informationRequests: [],
    evidence: [],
    assignments: {},
    jointSessions: [],
    mediation: { round: 0, sessions: [] },
    followUp: { reopenings: [] },
    notes: [],
    stageSupervision: stageDeadline('registration', addHours(input.now, input.sla.registrationHours)),
    supervisionLog: [],
  };
}

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseMachineEvent,
    input: {} as CaseInput,
  },
  guards: {
    authorized: ({ context, event }) => {
      if (!roleMaySend(event.type, event.actor)) return false;
      return event.actor.role !== 'department_handler' || departmentHandlerMayAct(context, event);
    },
    wantsFirstLineMediation: ({ event }) => as<'intake.accept'>(event).firstLineMediation,
    departmentAccepts: ({ context, event }) => {
      const departmentId = (event as { departmentId?: string }).departmentId;
      const departmentEvent = toDepartmentEvent(event);
      if (!departmentId || !departmentEvent) return false;
      const assignment = context.assignments[departmentId];
      return assignment !== undefined && departmentAccepts(assignment, departmentEvent);
    },
    urgesCentreOrAcceptingDepartment: ({ context, event }) => {
      const { departmentId } = as<'supervision.urge'>(event);
      if (departmentId === undefined) return true;
      const assignment = context.assignments[departmentId];
      const departmentEvent = toDepartmentEvent(event);
      return (
        assignment !== undefined && departmentEvent !== undefined && departmentAccepts(assignment, departmentEvent)
      );
    },
    callsNewDepartment: ({ context, event }) =>
      as<'handling.call_departments'>(event).departmentIds.some((id) => !context.assignments[id]),
    informationLapsed: ({ context, event }) => isPast(context.informationRequests.at(-1)?.dueBy, event.now),
    satisfied: ({ event }) => as<'resident.rate'>(event).score >= SATISFIED_SCORE,
    mayReopen: ({ context }) => context.followUp.reopenings.length < context.sla.maxReopens,
    followUpLapsed: ({ context, event }) => isPast(context.followUp.dueBy, event.now),
    correctionWindowLapsed: ({ context, event }) => isPast(context.correctionBy, event.now),
    tickChangesSomething: ({ context, event }) => {
      const stage = context.stageSupervision;
      if (stage && supervisionLevelAt(stage, event.now, context.sla.escalateAfterHours) !== stage.level) return true;
      return false;
    },
    tickChangesHandling: ({ context, event }) => {
      const stage = context.stageSupervision;
      if (stage && supervisionLevelAt(stage, event.now, context.sla.escalateAfterHours) !== stage.level) return true;
      const departmentEvent = { type: 'clock.tick' as const, now: event.now };
      return Object.values(context.assignments).some((a) => departmentAccepts(a, departmentEvent));
    },
  },
  actions: {
    superviseStage: assign(({ context, event }) => {
      const stage = context.stageSupervision;
      if (!stage) return {};
      const level = supervisionLevelAt(stage, event.now, context.sla.escalateAfterHours);
      if (level === stage.level) return {};
      const records: SupervisionRecord[] = [];
      if (stage.level === 'on_track') records.push({ at: event.now, kind: 'urged', target: 'centre', by: 'system' });
      if (level === 'escalated') records.push({ at: event.now, kind: 'escalated', target: 'centre', by: 'system' });
      return { stageSupervision: { ...stage, level }, supervisionLog: [...context.supervisionLog, ...records] };
    }),
    superviseDepartments: assign(({ context, event }) => {
      const tick = { type: 'clock.tick' as const, now: event.now };
      const assignments: Record<string, DepartmentAssignment> = {};
      const records: SupervisionRecord[] = [];
      for (const [id, before] of Object.entries(context.assignments)) {
        const after = departmentAccepts(before, tick) ? stepDepartment(before, tick) : before;
        if (after.context.urgings.length > before.context.urgings.length) {
          records.push({ at: event.now, kind: 'urged', target: id, by: 'system' });
        }
        if (after.context.escalatedAt && !before.context.escalatedAt) {
          records.push({ at: event.now, kind: 'escalated', target: id, by: 'system' });
        }
        assignments[id] = after;
      }
      return { assignments, supervisionLog: [...context.supervisionLog, ...records] };
    }),
    stepDepartment: assign(({ context, event }) => {
      const departmentId = (event as { departmentId?: string }).departmentId;
      const departmentEvent = toDepartmentEvent(event);
      const assignment = departmentId ? context.assignments[departmentId] : undefined;
      if (!departmentId || !departmentEvent || !assignment) return {};
      return { assignments: { ...context.assignments, [departmentId]: stepDepartment(assignment, departmentEvent) } };
    }),
    recordManualUrging: assign(({ context, event }) => {
      const e = as<'supervision.urge'>(event);
      return {
        supervisionLog: [
          ...context.supervisionLog,
          {
            at: e.now,
            kind: 'urged' as const,
            target: e.departmentId ?? 'centre',
            by: 'staff' as const,
            ...(e.note ? { note: e.note } : {}),
          },
        ],
      };
    }),
    recordManualEscalation: assign(({ context, event }) => {
      const e = as<'supervision.escalate'>(event);
      return {
        supervisionLog: [
          ...context.supervisionLog,
          { at: e.now, kind: 'escalated' as const, target: e.departmentId, by: 'staff' as const, note: e.note },
        ],
      };
    }),
    startRegistrationClock: assign(({ context, event }) => ({
      stageSupervision: stageDeadline('registration', addHours(event.now, context.sla.registrationHours)),
    })),
    startRoutingClock: assign(({ context, event }) => ({
      stageSupervision: stageDeadline('routing', addHours(event.now, context.sla.routingHours)),
    })),
    requestInformation: assign(({ context, event }) => {
      const e = as<'intake.request_information'>(event);
      return {
        stageSupervision: undefined,
        informationRequests: [
          ...context.informationRequests,
          {
            requestedAt: e.now,
            message: e.message,
            fields: [...e.fields],
            dueBy: addDays(e.now, context.sla.informationDays),
          },
        ],
      };
    }),
    recordSuppliedInformation: assign(({ context, event }) => {
      const e = as<'resident.supply_information'>(event);
      const requests = [...context.informationRequests];
      const last = requests.at(-1);
      if (last) {
        requests[requests.length - 1] = {
          ...last,
          answeredAt: e.now,
          answer: {
            message: e.message,
            ...(e.answers ? { answers: e.answers } : {}),
            ...(e.attachments ? { attachments: e.attachments } : {}),
          },
        };
      }
      return { informationRequests: requests };
    }),
    recordLapsedInformation: assign(({ context, event }) => {
      const requests = [...context.informationRequests];
      const last = requests.at(-1);
      if (last) requests[requests.length - 1] = { ...last, lapsedAt: event.now };
      return { informationRequests: requests };
    }),
    recordDecline: assign(({ context, event }) => {
      const e = as<'intake.decline'>(event);
      return {
        stageSupervision: undefined,
        referral: { channel: e.referral.channel, note: e.referral.note, at: e.now },
        correctionBy: addDays(e.now, context.sla.correctionWindowDays),
      };
    }),
    recordDuplicate: assign(({ event }) => {
      const e = as<'intake.mark_duplicate'>(event);
      return {
        stageSupervision: undefined,
        duplicateOf: e.duplicateOf,
        closure: { reason: 'duplicate' as const, at: e.now, how: 'marked_duplicate' as const },
      };
    }),
    recordCorrection: assign(({ context, event }) => {
      const e = as<'supervision.correct'>(event);
      return {
        referral: undefined,
        correctionBy: undefined,
        supervisionLog: [
          ...context.supervisionLog,
          { at: e.now, kind: 'corrected' as const, target: 'centre', by: 'staff' as const, note: e.note },
        ],
      };
    }),
    startFirstLineMediation: assign(({ event }) => ({
      stageSupervision: undefined,
      firstLineMediation: {
        startedAt: event.now,
        ...(as<'intake.accept'>(event).mediatorDepartmentId
          ? { departmentId: as<'intake.accept'>(event).mediatorDepartmentId }
          : {}),
      },
    })),
    endFirstLineMediation: assign(({ context, event }) => ({
      firstLineMediation: {
        startedAt: context.firstLineMediation?.startedAt ?? event.now,
        ...(context.firstLineMediation?.departmentId ? { departmentId: context.firstLineMediation.departmentId } : {}),
        endedAt: event.now,
        result: event.type === 'mediation.first_line_succeeded' ? ('succeeded' as const) : ('failed' as const),
        ...('note' in event && event.note ? { note: event.note } : {}),
      },
    })),
    recordFirstLineAgreement: assign(({ event }) => {
      const e = as<'mediation.first_line_succeeded'>(event);
      return { outcome: { kind: 'agreement' as const, summary: e.summary, at: e.now, firstLine: true } };
    }),
    assessRisk: assign(({ context, event }) => {
      const e = as<'risk.assess'>(event);
      const urgent = URGENT_RISK_LEVELS.includes(e.level);
      return {
        risk: {
          level: e.level,
          factors: [...(e.factors ?? [])],
          ...(e.note ? { note: e.note } : {}),
          assessedAt: e.now,
          publicSecurityCalled: urgent,
        },
        // High and critical risk bring in public security at once, before routing.
        assignments: urgent
          ? withDepartments(context, [context.publicSecurityDepartmentId], e.now, true)
          : context.assignments,
      };
    }),
    route: assign(({ context, event }) => {
      const e = as<'routing.route'>(event);
      return {
        routing: {
          complexity: e.complexity,
          level: e.level,
          departmentIds: [...e.departmentIds],
          ...(e.leaderInCharge ? { leaderInCharge: e.leaderInCharge } : {}),
          routedAt: e.now,
        },
        assignments: withDepartments(context, e.departmentIds, e.now, isUrgent(context)),
        stageSupervision: stageDeadline('handling', addDays(e.now, context.sla.handleDays[e.complexity])),
      };
    }),
    callDepartments: assign(({ context, event }) => {
      const e = as<'handling.call_departments'>(event);
      return { assignments: withDepartments(context, e.departmentIds, e.now, isUrgent(context)) };
    }),
    conveneSession: assign(({ context, event }) => {
      const e = as<'handling.convene_session'>(event);
      return {
        jointSessions: [
          ...context.jointSessions,
          { at: e.at, mode: e.mode, ...(e.place ? { place: e.place } : {}), convenedAt: e.now },
        ],
      };
    }),
    startMediation: assign(({ context, event }) => {
      const e = as<'mediation.start'>(event);
      return { mediation: { ...context.mediation, ...(e.mediator ? { mediator: e.mediator } : {}) } };
    }),
    scheduleMediationSession: assign(({ context, event }) => {
      const e = as<'mediation.schedule_session'>(event);
      return {
        mediation: {
          ...context.mediation,
          sessions: [
            ...context.mediation.sessions,
            { at: e.at, mode: e.mode, ...(e.place ? { place: e.place } : {}), scheduledAt: e.now },
          ],
        },
      };
    }),
    recordMediationSession: assign(({ context, event }) => {
      const e = as<'mediation.record_session'>(event);
      const sessions = [...context.mediation.sessions];
      const last = sessions.at(-1);
      if (last) sessions[sessions.length - 1] = { ...last, summary: e.summary, heldAt: e.now };
      return { mediation: { ...context.mediation, sessions } };
    }),
    recordAgreement: assign(({ event }) => {
      const e = as<'outcome.agreement'>(event);
      return {
        outcome: {
          kind: 'agreement' as const,
          summary: e.summary,
          ...(e.agreementRef ? { agreementRef: e.agreementRef } : {}),
          at: e.now,
          firstLine: false,
        },
      };
    }),
    requestJudicialConfirmation: assign(({ event }) => {
      const e = as<'outcome.request_judicial_confirmation'>(event);
      return {
        outcome: {
          kind: 'judicial_confirmation' as const,
          summary: e.summary,
          ...(e.agreementRef ? { agreementRef: e.agreementRef } : {}),
          at: e.now,
          requestedAt: e.now,
        },
      };
    }),
    recordJudicialConfirmation: assign(({ context, event }) => {
      const e = as<'judicial.confirmed'>(event);
      const outcome = context.outcome;
      if (outcome?.kind !== 'judicial_confirmation') return {};
      return { outcome: { ...outcome, at: e.now, ...(e.rulingRef ? { rulingRef: e.rulingRef } : {}) } };
    }),
    recordJudicialRefusal: assign(({ context }) => ({
      outcome: undefined,
      mediation: { ...context.mediation, round: context.mediation.round + 1 },
    })),
    recordReferral: assign(({ event }) => {
      const e = as<'outcome.refer'>(event);
      return { outcome: { kind: 'referral' as const, route: e.route, note: e.note, at: e.now } };
    }),
    startFollowUp: assign(({ context, event }) => ({
      stageSupervision: undefined,
      followUp: { ...context.followUp, dueBy: addDays(event.now, context.sla.followUpDays), rating: undefined },
    })),
    recordRating: assign(({ context, event }) => {
      const e = as<'resident.rate' | 'followup.record'>(event);
      return {
        followUp: {
          ...context.followUp,
          rating: {
            score: e.score,
            ...(e.comment ? { comment: e.comment } : {}),
            at: e.now,
            by: e.type === 'resident.rate' ? ('resident' as const) : ('staff' as const),
          },
        },
      };
    }),
    reopen: assign(({ context, event }) => {
      const e = as<'resident.request_reopen'>(event);
      const previousOutcome = context.outcome;
      if (!previousOutcome) return {};
      const complexity = context.routing?.complexity ?? 'simple';
      return {
        outcome: undefined,
        followUp: {
          reopenings: [...context.followUp.reopenings, { at: e.now, reason: e.reason, previousOutcome }],
        },
        mediation: { ...context.mediation, round: context.mediation.round + 1 },
        stageSupervision: stageDeadline('handling', addDays(e.now, context.sla.handleDays[complexity])),
      };
    }),
    closeResolved: assign(({ context, event }) => ({
      closure: {
        reason: 'resolved' as const,
        at: event.now,
        how: event.type === 'clock.tick' ? ('follow_up_lapsed' as const) : ('rated' as const),
      },
      followUp: { ...context.followUp },
    })),
    closeDeclined: assign(({ event }) => ({
      closure: { reason: 'declined' as const, at: event.now, how: 'correction_window_lapsed' as const },
    })),
    recordWithdrawal: assign(({ event }) => {
      const e = as<'resident.withdraw'>(event);
      return { stageSupervision: undefined, withdrawal: { at: e.now, ...(e.reason ? { reason: e.reason } : {}) } };
    }),
    addEvidence: assign(({ context, event }) => {
      const e = as<'resident.add_evidence'>(event);
      return { evidence: [...context.evidence, ...e.attachments.map((a) => ({ ...a, addedAt: e.now }))] };
    }),
    addNote: assign(({ context, event }) => {
      const e = as<'case.add_note'>(event);
      return { notes: [...context.notes, { at: e.now, by: e.actor, text: e.text }] };
    }),
  },
}).createMachine({
  id: 'case',
  initial: 'open',
  context: ({ input }) => initialCaseContext(input),
  states: {
    open: {
      description: 'Before resolution: the resident may withdraw at any point.',
      initial: 'registration',
      on: {
        'resident.withdraw': { guard: 'authorized', target: 'withdrawn', actions: 'recordWithdrawal' },
        'resident.add_evidence': { guard: 'authorized', actions: 'addEvidence' },
        'case.add_note': { guard: 'authorized', actions: 'addNote' },
      },
      states: {
        registration: {
          description: '登记受理: one case, one code.',
          initial: 'pendingReview',
          on: {
            'intake.decline': { guard: 'authorized', target: '#case.declined', actions: 'recordDecline' },
            'intake.mark_duplicate': { guard: 'authorized', target: '#case.closed', actions: 'recordDuplicate' },
          },
          states: {
            pendingReview: {
              on: {
                'intake.accept': [
                  {
                    guard: and(['authorized', 'wantsFirstLineMediation']),
                    target: '#case.open.firstLineMediation',
                    actions: 'startFirstLineMediation',
                  },
                  { guard: 'authorized', target: '#case.open.riskAssessment', actions: 'startRoutingClock' },
                ],
                'intake.request_information': {
                  guard: 'authorized',
                  target: 'awaitingInformation',
                  actions: 'requestInformation',
                },
                'clock.tick': { guard: and(['authorized', 'tickChangesSomething']), actions: 'superviseStage' },
              },
            },
            awaitingInformation: {
              description: '完善提示: the case waits for the resident.',
              on: {
                'resident.supply_information': {
                  guard: 'authorized',
                  target: 'pendingReview',
                  actions: ['recordSuppliedInformation', 'startRegistrationClock'],
                },
                'clock.tick': {
                  guard: and(['authorized', 'informationLapsed']),
                  target: 'pendingReview',
                  actions: ['recordLapsedInformation', 'startRegistrationClock'],
                },
              },
            },
          },
        },
        firstLineMediation: {
          description: '先行调解 at village or community level for simple matters.',
          on: {
            'mediation.first_line_succeeded': {
              guard: 'authorized',
              target: '#case.followUp',
              actions: ['endFirstLineMediation', 'recordFirstLineAgreement'],
            },
            'mediation.first_line_failed': {
              guard: 'authorized',
              target: 'riskAssessment',
              actions: ['endFirstLineMediation', 'startRoutingClock'],
            },
          },
        },
        riskAssessment: {
          description: '风险研判: high and critical bring in public security at once.',
          on: {
            'risk.assess': { guard: 'authorized', target: 'routing', actions: 'assessRisk' },
            'clock.tick': { guard: and(['authorized', 'tickChangesSomething']), actions: 'superviseStage' },
          },
        },
        routing: {
          description: '分类流转: by complexity to a level and to one or more departments.',
          on: {
            'routing.route': { guard: 'authorized', target: 'handling', actions: 'route' },
            'clock.tick': { guard: and(['authorized', 'tickChangesSomething']), actions: 'superviseStage' },
          },
        },
        handling: {
          description: 'Joint handling and mediation share departments, urging and outcomes.',
          initial: 'jointHandling',
          on: {
            'department.acknowledge': { guard: and(['authorized', 'departmentAccepts']), actions: 'stepDepartment' },
            'department.report_progress': {
              guard: and(['authorized', 'departmentAccepts']),
              actions: 'stepDepartment',
            },
            'department.complete': { guard: and(['authorized', 'departmentAccepts']), actions: 'stepDepartment' },
            'supervision.urge': {
              guard: and(['authorized', 'urgesCentreOrAcceptingDepartment']),
              actions: ['stepDepartment', 'recordManualUrging'],
            },
            'supervision.escalate': {
              guard: and(['authorized', 'departmentAccepts']),
              actions: ['stepDepartment', 'recordManualEscalation'],
            },
            'outcome.agreement': { guard: 'authorized', target: '#case.followUp', actions: 'recordAgreement' },
            'outcome.request_judicial_confirmation': {
              guard: 'authorized',
              target: '#case.open.judicialConfirmation',
              actions: 'requestJudicialConfirmation',
            },
            'outcome.refer': { guard: 'authorized', target: '#case.followUp', actions: 'recordReferral' },
            'clock.tick': {
              guard: and(['authorized', 'tickChangesHandling']),
              actions: ['superviseStage', 'superviseDepartments'],
            },
          },
          states: {
            jointHandling: {
              description: '中心吹哨、部门报到: each called department acknowledges and reports on its own.',
              on: {
                'handling.call_departments': {
                  guard: and(['authorized', 'callsNewDepartment']),
                  actions: 'callDepartments',
                },
                'handling.convene_session': { guard: 'authorized', actions: 'conveneSession' },
                'mediation.start': { guard: 'authorized', target: 'mediation', actions: 'startMediation' },
              },
            },
            mediation: {
              description: '调解: sessions until an outcome; reopened cases come back here.',
              initial: 'preparing',
              states: {
                preparing: {
                  on: {
                    'mediation.schedule_session': {
                      guard: 'authorized',
                      target: 'sessionScheduled',
                      actions: 'scheduleMediationSession',
                    },
                  },
                },
                sessionScheduled: {
                  on: {
                    'mediation.record_session': {
                      guard: 'authorized',
                      target: 'preparing',
                      actions: 'recordMediationSession',
                    },
                    'mediation.schedule_session': {
                      guard: 'authorized',
                      target: 'sessionScheduled',
                      reenter: true,
                      actions: 'scheduleMediationSession',
                    },
                  },
                },
              },
            },
          },
        },
        judicialConfirmation: {
          description: '司法确认: the court confirms the mediation agreement.',
          on: {
            'judicial.confirmed': {
              guard: 'authorized',
              target: '#case.followUp',
              actions: 'recordJudicialConfirmation',
            },
            'judicial.refused': { guard: 'authorized', target: 'handling.mediation', actions: 'recordJudicialRefusal' },
            'clock.tick': { guard: and(['authorized', 'tickChangesSomething']), actions: 'superviseStage' },
          },
        },
      },
    },
    followUp: {
      description: '回访: the resident rates the outcome; an unsatisfied resident may have it reopened.',
      entry: 'startFollowUp',
      initial: 'awaitingRating',
      on: {
        'resident.add_evidence': { guard: 'authorized', actions: 'addEvidence' },
        'case.add_note': { guard: 'authorized', actions: 'addNote' },
        'clock.tick': { guard: and(['authorized', 'followUpLapsed']), target: 'closed', actions: 'closeResolved' },
      },
      states: {
        awaitingRating: {
          on: {
            'resident.rate': [
              {
                guard: and(['authorized', 'satisfied']),
                target: '#case.closed',
                actions: ['recordRating', 'closeResolved'],
              },
              { guard: 'authorized', target: 'unsatisfied', actions: 'recordRating' },
            ],
            'followup.record': [
              {
                guard: and(['authorized', 'satisfied']),
                target: '#case.closed',
                actions: ['recordRating', 'closeResolved'],
              },
              { guard: 'authorized', target: 'unsatisfied', actions: 'recordRating' },
            ],
          },
        },
        unsatisfied: {
          on: {
            'resident.request_reopen': {
              guard: and(['authorized', 'mayReopen']),
              target: '#case.open.handling.mediation',
              actions: 'reopen',
            },
          },
        },
      },
    },
    declined: {
      description: 'Declined with a referral; a supervisor may correct it until the window closes.',
      on: {
        'supervision.correct': {
          guard: 'authorized',
          target: '#case.open.registration.pendingReview',
          actions: ['recordCorrection', 'startRegistrationClock'],
        },
        'case.add_note': { guard: 'authorized', actions: 'addNote' },
        'clock.tick': {
          guard: and(['authorized', 'correctionWindowLapsed']),
          target: 'closed',
          actions: 'closeDeclined',
        },
      },
    },
    closed: { type: 'final', description: '案结事了: archived with the whole trail.' },
    withdrawn: { type: 'final', description: 'Withdrawn by the resident before resolution.' },
  },
});

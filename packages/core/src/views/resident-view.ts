import type { LocalizedText } from '../i18n/locale.js';
import { type Open311Status, open311Status } from '../mappings/open311-status.js';
import type { CaseFiling, Party } from '../schemas/case-filing.js';
import type { Department } from '../schemas/tenant-config.js';
import { allowedEvents, type CaseSnapshot } from '../workflow/advance-case.js';
import type { CaseEventType } from '../workflow/case-events.js';
import type { CaseOutcome } from '../workflow/case-machine.js';
import type { SupervisionLevel } from '../workflow/deadlines.js';
import {
  type DepartmentAssignment,
  type DepartmentPhase,
  departmentPhase,
  departmentSupervision,
} from '../workflow/department-machine.js';
import { residentTimeline, type TimelineEntry } from '../workflow/timeline.js';
import { type ClosedLoopProgress, closedLoopProgress } from './closed-loop-progress.js';
import { type ResidentTimelineEntry, timelineMessage } from './resident-timeline.js';

/** Another party as the applicant sees them: who, not their phone, id number or address. */
export type OtherPartyView = Pick<Party, 'kind' | 'name' | 'relationship'>;

/**
 * A called department as the resident sees it (中心吹哨、部门报到): who, which deadline binds it now
 * (acknowledge-by while called, report-by while handling), when it acknowledged and completed, and
 * whether it is on time, urged (催办) or escalated to supervision (督办).
 */
export interface ResidentDepartmentView {
  departmentId: string;
  /** From the tenant configuration, when the view was given it. */
  name?: LocalizedText;
  phase: DepartmentPhase;
  /** The supervision level of its current deadline; a completed department keeps the level it ended on. */
  supervision: SupervisionLevel;
  calledAt: string;
  acknowledgeBy?: string;
  acknowledgedAt?: string;
  reportBy?: string;
  completedAt?: string;
  lastUrgedAt?: string;
  escalatedAt?: string;
}

/** The deadline the centre (or, for requested information, the resident) is bound by now. */
export interface StageDeadlineView {
  kind: 'registration_review' | 'information' | 'routing' | 'handling' | 'follow_up';
  dueBy: string;
  supervision: SupervisionLevel;
}

export const NEXT_STEPS = [
  'registration_review',
  'information',
  'first_line_mediation',
  'risk_assessment',
  'routing',
  'department_acknowledgement',
  'department_report',
  'outcome',
  'mediation',
  'judicial_confirmation',
  'rating',
  'nothing',
] as const;

/** What the case waits for next, and from whom, as data a view can render. */
export interface NextStepView {
  who: ClosedLoopProgress['waitingFor'];
  what: (typeof NEXT_STEPS)[number];
  /** The deadline of that step, when there is one. */
  dueBy?: string;
}

/**
 * What a resident may see of their case: their own filing (other parties' private data removed),
 * progress, public timeline, and what they can do now. No internal notes, risk assessment, staff
 * identities or supervision internals.
 */
export interface ResidentCaseView {
  caseNumber: string;
  tenantId: string;
  filedAt: string;
  categoryId: string;
  progress: ClosedLoopProgress;
  status: Open311Status;
  filing: Omit<CaseFiling, 'otherParties'> & { otherParties: OtherPartyView[] };
  /** The open request for more information (完善提示), if the case waits for the resident. */
  informationRequest?: { message: string; fields: string[]; dueBy: string };
  /**
   * The departments called in, shown once the case is routed: public security called at the internal
   * risk assessment would otherwise reveal a high rating before anything else happens.
   */
  departments: ResidentDepartmentView[];
  stageDeadline?: StageDeadlineView;
  next: NextStepView;
  sessions: Array<{ kind: 'joint' | 'mediation'; at: string; mode: string; place?: string }>;
  outcome?: CaseOutcome;
  referral?: { channel: string; note: string };
  followUp?: { dueBy?: string; rating?: { score: number; comment?: string }; canReopen: boolean };
  closedAt?: string;
  withdrawnAt?: string;
  /** Resident events the case accepts now. */
  allowedActions: CaseEventType[];
  timeline: ResidentTimelineEntry[];
  updatedAt: string;
}

const LEVEL_OF: Record<'onTime' | 'urged' | 'escalated', SupervisionLevel> = {
  onTime: 'on_track',
  urged: 'urged',
  escalated: 'escalated',
};

function departmentView(a: DepartmentAssignment, names: ReadonlyMap<string, LocalizedText>): ResidentDepartmentView {
  const { context } = a;
  const phase = departmentPhase(a);
  const current = departmentSupervision(a);
  const supervision: SupervisionLevel = current
    ? LEVEL_OF[current]
    : context.escalatedAt
      ? 'escalated'
      : context.urgings.length
        ? 'urged'
        : 'on_track';
  const name = names.get(context.departmentId);
  return {
    departmentId: context.departmentId,
    ...(name ? { name } : {}),
    phase,
    supervision,
    calledAt: context.calledAt,
    ...(phase === 'called' ? { acknowledgeBy: context.dueBy } : {}),
    ...(context.acknowledgedAt ? { acknowledgedAt: context.acknowledgedAt } : {}),
    ...(phase === 'handling' ? { reportBy: context.dueBy } : {}),
    ...(context.completedAt ? { completedAt: context.completedAt } : {}),
    ...(context.urgings.length ? { lastUrgedAt: context.urgings.at(-1)!.at } : {}),
    ...(context.escalatedAt ? { escalatedAt: context.escalatedAt } : {}),
  };
}

function stageDeadline(snapshot: CaseSnapshot): StageDeadlineView | undefined {
  const { context } = snapshot;
  const stage = context.stageSupervision;
  if (snapshot.matches({ open: { registration: 'awaitingInformation' } })) {
    const request = context.informationRequests.at(-1);
    return request ? { kind: 'information', dueBy: request.dueBy, supervision: 'on_track' } : undefined;
  }
  if (snapshot.matches({ followUp: 'awaitingRating' }) && context.followUp.dueBy)
    return { kind: 'follow_up', dueBy: context.followUp.dueBy, supervision: 'on_track' };
  if (!stage || snapshot.status === 'done' || snapshot.matches('declined') || snapshot.matches('followUp'))
    return undefined;
  const kind = stage.stage === 'registration' ? 'registration_review' : stage.stage;
  if (kind === 'registration_review' && !snapshot.matches({ open: 'registration' })) return undefined;
  return { kind, dueBy: stage.dueBy, supervision: stage.level };
}

const earliest = (instants: Array<string | undefined>) =>
  instants.filter((x): x is string => x !== undefined).sort()[0];

function nextStep(
  snapshot: CaseSnapshot,
  progress: ClosedLoopProgress,
  departments: ResidentDepartmentView[],
  deadline: StageDeadlineView | undefined,
): NextStepView {
  const who = progress.waitingFor;
  const step = (what: NextStepView['what'], dueBy?: string): NextStepView => ({
    who,
    what,
    ...(dueBy ? { dueBy } : {}),
  });
  if (who === 'nobody') return step('nothing');
  if (snapshot.matches({ open: { registration: 'awaitingInformation' } })) return step('information', deadline?.dueBy);
  if (snapshot.matches({ open: 'registration' })) return step('registration_review', deadline?.dueBy);
  if (snapshot.matches({ open: 'firstLineMediation' })) return step('first_line_mediation');
  if (snapshot.matches({ open: 'riskAssessment' })) return step('risk_assessment', deadline?.dueBy);
  if (snapshot.matches({ open: 'routing' })) return step('routing', deadline?.dueBy);
  if (snapshot.matches({ open: { handling: 'jointHandling' } })) {
    const called = departments.filter((d) => d.phase === 'called');
    if (called.length) return step('department_acknowledgement', earliest(called.map((d) => d.acknowledgeBy)));
    const handling = departments.filter((d) => d.phase === 'handling');
    if (handling.length) return step('department_report', earliest(handling.map((d) => d.reportBy)));
    return step('outcome', deadline?.dueBy);
  }
  if (snapshot.matches({ open: { handling: 'mediation' } })) return step('mediation', deadline?.dueBy);
  if (snapshot.matches({ open: 'judicialConfirmation' })) return step('judicial_confirmation');
  if (snapshot.matches('followUp')) return step('rating', deadline?.dueBy);
  return step('nothing');
}

/**
 * The resident's view of a case. Pass the tenant's departments to name the called departments
 * (the view is then a function of the case's events and those names).
 */
export function residentView(
  snapshot: CaseSnapshot,
  timeline: readonly TimelineEntry[],
  tenant?: { departments: readonly Pick<Department, 'id' | 'name'>[] },
): ResidentCaseView {
  const { context } = snapshot;
  const { otherParties, ...filing } = context.filing;
  const awaiting = snapshot.matches({ open: { registration: 'awaitingInformation' } });
  const request = context.informationRequests.at(-1);
  const allowed = allowedEvents(snapshot, { role: 'resident' });
  const visible = residentTimeline(timeline).map((entry) => ({ ...entry, ...timelineMessage(entry) }));
  const names = new Map((tenant?.departments ?? []).map((d) => [d.id, d.name] as const));
  const progress = closedLoopProgress(snapshot);
  const departments = context.routing ? Object.values(context.assignments).map((a) => departmentView(a, names)) : [];
  const deadline = stageDeadline(snapshot);
  return {
    caseNumber: context.caseNumber,
    tenantId: context.tenantId,
    filedAt: context.filedAt,
    categoryId: context.filing.categoryId,
    progress,
    status: open311Status(snapshot),
    filing: {
      ...filing,
      otherParties: otherParties.map((p) => ({
        kind: p.kind,
        name: p.name,
        ...(p.relationship ? { relationship: p.relationship } : {}),
      })),
    },
    ...(awaiting && request
      ? { informationRequest: { message: request.message, fields: request.fields, dueBy: request.dueBy } }
      : {}),
    departments,
    ...(deadline ? { stageDeadline: deadline } : {}),
    next: nextStep(snapshot, progress, departments, deadline),
    sessions: [
      ...context.jointSessions.map((s) => ({
        kind: 'joint' as const,
        at: s.at,
        mode: s.mode,
        ...(s.place ? { place: s.place } : {}),
      })),
      ...context.mediation.sessions.map((s) => ({
        kind: 'mediation' as const,
        at: s.at,
        mode: s.mode,
        ...(s.place ? { place: s.place } : {}),
      })),
    ].sort((a, b) => a.at.localeCompare(b.at)),
    ...(context.outcome ? { outcome: context.outcome } : {}),
    ...(context.referral ? { referral: { channel: context.referral.channel, note: context.referral.note } } : {}),
    ...(context.followUp.dueBy || context.followUp.rating
      ? {
          followUp: {
            ...(context.followUp.dueBy ? { dueBy: context.followUp.dueBy } : {}),
            ...(context.followUp.rating
              ? {
                  rating: {
                    score: context.followUp.rating.score,
                    ...(context.followUp.rating.comment ? { comment: context.followUp.rating.comment } : {}),
                  },
                }
              : {}),
            canReopen: allowed.includes('resident.request_reopen'),
          },
        }
      : {}),
    ...(context.closure ? { closedAt: context.closure.at } : {}),
    ...(context.withdrawal ? { withdrawnAt: context.withdrawal.at } : {}),
    allowedActions: allowed,
    timeline: visible,
    updatedAt: timeline.at(-1)?.at ?? context.filedAt,
  };
}

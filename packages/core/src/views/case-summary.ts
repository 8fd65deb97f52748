import type { RoutingLevel } from '../schemas/tenant-config.js';
import { type CaseSnapshot, nextDeadline } from '../workflow/advance-case.js';
import type { Complexity, RiskLevel } from '../workflow/case-events.js';
import { isPast } from '../workflow/deadlines.js';
import { departmentPhase, departmentSupervision } from '../workflow/department-machine.js';
import { type CaseEnding, type ClosedLoopStage, closedLoopProgress } from './closed-loop-progress.js';

/** One row of a staff queue: what filters and sorting need, nothing personal. */
export interface CaseSummary {
  caseNumber: string;
  tenantId: string;
  categoryId: string;
  placeId: string;
  filedAt: string;
  /** Dot path of the active leaf state, e.g. `open.handling.jointHandling`. */
  state: string;
  stage: ClosedLoopStage;
  ended?: CaseEnding;
  waitingFor: ReturnType<typeof closedLoopProgress>['waitingFor'];
  riskLevel?: RiskLevel;
  complexity?: Complexity;
  level?: RoutingLevel;
  departmentIds: string[];
  /** Departments still to acknowledge or report. */
  openDepartmentIds: string[];
  /** Missed a deadline that has been urged or escalated and not yet met, or one just passed. */
  overdue: boolean;
  /** 催办: a deadline (the centre's stage or a department's) was urged and none is escalated yet. */
  urged: boolean;
  /** 督办: a deadline was missed past the grace period and the case went to the supervisor. */
  escalated: boolean;
  nextDeadline?: string;
}

export function stateToPath(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value as Record<string, unknown>)[0] ?? ['', ''];
  return `${key}.${stateToPath(inner)}`;
}

export function caseSummary(snapshot: CaseSnapshot, now: string): CaseSummary {
  const { context } = snapshot;
  const progress = closedLoopProgress(snapshot);
  const active = snapshot.status === 'active';
  const assignments = Object.values(context.assignments);
  const departmentLevels =
    active && snapshot.matches({ open: 'handling' }) ? assignments.map(departmentSupervision) : [];
  const stageLevel = active ? context.stageSupervision?.level : undefined;
  const next = nextDeadline(snapshot);
  const levels = [stageLevel, ...departmentLevels];
  const escalated = active && levels.includes('escalated');
  const overdue =
    active &&
    (stageLevel === 'urged' ||
      stageLevel === 'escalated' ||
      departmentLevels.some((l) => l === 'urged' || l === 'escalated') ||
      isPast(next, now));
  return {
    caseNumber: context.caseNumber,
    tenantId: context.tenantId,
    categoryId: context.filing.categoryId,
    placeId: context.filing.location.placeId,
    filedAt: context.filedAt,
    state: stateToPath(snapshot.value),
    stage: progress.stage,
    ...(progress.ending ? { ended: progress.ending } : {}),
    waitingFor: progress.waitingFor,
    ...(context.risk ? { riskLevel: context.risk.level } : {}),
    ...(context.routing ? { complexity: context.routing.complexity, level: context.routing.level } : {}),
    // The first-line mediator counts as involved, so its handlers find the case in their queue.
    departmentIds: [
      ...new Set([
        ...(context.firstLineMediation?.departmentId ? [context.firstLineMediation.departmentId] : []),
        ...assignments.map((a) => a.context.departmentId),
      ]),
    ],
    openDepartmentIds: assignments.filter((a) => departmentPhase(a) !== 'completed').map((a) => a.context.departmentId),
    overdue,
    // Urged and escalated are disjoint, so a queue can show 催办 and 督办 apart; overdue covers both.
    urged: active && !escalated && levels.includes('urged'),
    escalated,
    ...(next ? { nextDeadline: next } : {}),
  };
}

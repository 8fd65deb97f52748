import { type Open311Status, open311Status } from '../mappings/open311-status.js';
import type { CaseFiling, Party } from '../schemas/case-filing.js';
import { allowedEvents, type CaseSnapshot } from '../workflow/advance-case.js';
import type { CaseEventType } from '../workflow/case-events.js';
import type { CaseOutcome } from '../workflow/case-machine.js';
import { type DepartmentPhase, departmentPhase } from '../workflow/department-machine.js';
import { residentTimeline, type TimelineEntry } from '../workflow/timeline.js';
import { type ClosedLoopProgress, closedLoopProgress } from './closed-loop-progress.js';

/** Another party as the applicant sees them: who, not their phone, id number or address. */
export type OtherPartyView = Pick<Party, 'kind' | 'name' | 'relationship'>;

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
  departments: Array<{ departmentId: string; phase: DepartmentPhase; acknowledgedAt?: string; completedAt?: string }>;
  sessions: Array<{ kind: 'joint' | 'mediation'; at: string; mode: string; place?: string }>;
  outcome?: CaseOutcome;
  referral?: { channel: string; note: string };
  followUp?: { dueBy?: string; rating?: { score: number; comment?: string }; canReopen: boolean };
  closedAt?: string;
  withdrawnAt?: string;
  /** Resident events the case accepts now. */
  allowedActions: CaseEventType[];
  timeline: TimelineEntry[];
  updatedAt: string;
}

export function residentView(snapshot: CaseSnapshot, timeline: readonly TimelineEntry[]): ResidentCaseView {
  const { context } = snapshot;
  const { otherParties, ...filing } = context.filing;
  const awaiting = snapshot.matches({ open: { registration: 'awaitingInformation' } });
  const request = context.informationRequests.at(-1);
  const allowed = allowedEvents(snapshot, { role: 'resident' });
  const visible = residentTimeline(timeline);
  return {
    caseNumber: context.caseNumber,
    tenantId: context.tenantId,
    filedAt: context.filedAt,
    categoryId: context.filing.categoryId,
    progress: closedLoopProgress(snapshot),
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
    departments: Object.values(context.assignments).map((a) => ({
      departmentId: a.context.departmentId,
      phase: departmentPhase(a),
      ...(a.context.acknowledgedAt ? { acknowledgedAt: a.context.acknowledgedAt } : {}),
      ...(a.context.completedAt ? { completedAt: a.context.completedAt } : {}),
    })),
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

import {
  allowedConsultationEvents,
  type ConsultationContext,
  type ConsultationEventType,
  type ConsultationSnapshot,
  type ConsultationStatus,
  type ConsultationSummary,
  consultationStatus,
  consultationSummary,
} from '../consultation/consultation-machine.js';
import { allowedEvents, type CaseSnapshot } from '../workflow/advance-case.js';
import type { CaseEventType } from '../workflow/case-events.js';
import type { CaseContext } from '../workflow/case-machine.js';
import type { WorkflowActor } from '../workflow/roles.js';
import type { TimelineEntry } from '../workflow/timeline.js';
import { type CaseSummary, caseSummary, stateToPath } from './case-summary.js';

/** The staff record of a case: the whole statechart context plus the active state as a dot path. */
export interface StaffCaseRecord extends CaseContext {
  /** Dot path of the active leaf state, e.g. `open.handling.jointHandling` (as in `CaseSummary.state`). */
  state: string;
}

/** What staff see of one case: the record, its queue row, the full timeline and the events they may send now. */
export interface StaffCaseDetail {
  case: StaffCaseRecord;
  summary: CaseSummary;
  timeline: TimelineEntry[];
  allowedEvents: CaseEventType[];
}

/**
 * The staff case detail every backend answers (the server's route and the local backend alike).
 * `actor` is who asks; without one (an administrator, who sends no workflow events) nothing is allowed.
 */
export function staffCaseDetail(
  snapshot: CaseSnapshot,
  timeline: readonly TimelineEntry[],
  actor: WorkflowActor | undefined,
  now: string,
): StaffCaseDetail {
  return {
    case: { ...snapshot.context, state: stateToPath(snapshot.value) },
    summary: caseSummary(snapshot, now),
    timeline: [...timeline],
    allowedEvents: actor ? allowedEvents(snapshot, actor) : [],
  };
}

/** The staff record of a consultation: its context plus `status` (the chart's state). */
export interface StaffConsultationRecord extends ConsultationContext {
  status: ConsultationStatus;
}

export interface StaffConsultationDetail {
  consultation: StaffConsultationRecord;
  summary: ConsultationSummary;
  timeline: TimelineEntry[];
  allowedEvents: ConsultationEventType[];
}

/** The staff consultation detail every backend answers. */
export function staffConsultationDetail(
  snapshot: ConsultationSnapshot,
  timeline: readonly TimelineEntry[],
  actor: WorkflowActor | undefined,
): StaffConsultationDetail {
  return {
    consultation: { ...snapshot.context, status: consultationStatus(snapshot) },
    summary: consultationSummary(snapshot),
    timeline: [...timeline],
    allowedEvents: actor ? allowedConsultationEvents(snapshot, actor) : [],
  };
}

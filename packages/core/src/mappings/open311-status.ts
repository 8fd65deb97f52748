import type { CaseEnding, ClosedLoopProgress, ClosedLoopStage } from '../views/closed-loop-progress.js';
import type { CaseSnapshot } from '../workflow/advance-case.js';

/** FixMyStreet's extended statuses (a superset of Open311's open/closed). */
export const FIXMYSTREET_STATUSES = [
  'open',
  'investigating',
  'in_progress',
  'action_scheduled',
  'fixed',
  'closed',
  'duplicate',
  'not_councils_responsibility',
  'no_further_action',
  'internal_referral',
  'unable_to_fix',
] as const;
export type FixMyStreetStatus = (typeof FIXMYSTREET_STATUSES)[number];

export interface Open311Status {
  status: 'open' | 'closed';
  extendedStatus: FixMyStreetStatus;
}

/**
 * How a case looks to an Open311 GeoReport v2 client. A resolved case awaiting follow-up is already
 * `closed` (fixed or referred), because Open311 has no "awaiting rating"; a reopening opens it again.
 */
export function open311Status(snapshot: CaseSnapshot): Open311Status {
  const { context } = snapshot;
  const open = (extendedStatus: FixMyStreetStatus): Open311Status => ({ status: 'open', extendedStatus });
  const closed = (extendedStatus: FixMyStreetStatus): Open311Status => ({ status: 'closed', extendedStatus });
  if (snapshot.matches({ open: { registration: 'pendingReview' } })) return open('open');
  if (snapshot.matches({ open: { registration: 'awaitingInformation' } })) return open('investigating');
  if (snapshot.matches({ open: 'riskAssessment' }) || snapshot.matches({ open: 'routing' }))
    return open('investigating');
  if (snapshot.matches({ open: { handling: { mediation: 'sessionScheduled' } } })) return open('action_scheduled');
  if (snapshot.matches({ open: 'judicialConfirmation' })) return open('action_scheduled');
  if (snapshot.matches('open')) return open('in_progress');
  if (snapshot.matches('declined')) return closed('not_councils_responsibility');
  if (snapshot.matches('withdrawn')) return closed('closed');
  if (context.closure?.reason === 'duplicate') return closed('duplicate');
  if (context.closure?.reason === 'declined') return closed('not_councils_responsibility');
  // Resolved: referred onward on the legal roadmap, or settled here.
  return closed(context.outcome?.kind === 'referral' ? 'internal_referral' : 'fixed');
}

/**
 * Spellings real servers use for FixMyStreet's states (FixMyStreet's own labels, Open311 adapters'
 * upper-case codes), folded onto the canonical names above.
 */
const FIXMYSTREET_ALIASES: Record<string, FixMyStreetStatus> = {
  confirmed: 'open',
  new: 'open',
  received: 'open',
  submitted: 'open',
  for_triage: 'open',
  reopen: 'open',
  reopened: 'open',
  acknowledged: 'investigating',
  planned: 'action_scheduled',
  not_responsible: 'not_councils_responsibility',
  not_council_responsibility: 'not_councils_responsibility',
  fixed_council: 'fixed',
  fixed_user: 'fixed',
  resolved: 'fixed',
  completed: 'fixed',
  referred: 'internal_referral',
  wont_fix: 'unable_to_fix',
};

/** A status string as a server sends it (`IN_PROGRESS`, `In progress`, `fixed - council`), if it is one. */
export function parseFixMyStreetStatus(raw: string | undefined | null): FixMyStreetStatus | undefined {
  if (!raw) return undefined;
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .replace(/_+/g, '_');
  if ((FIXMYSTREET_STATUSES as readonly string[]).includes(key)) return key as FixMyStreetStatus;
  return FIXMYSTREET_ALIASES[key];
}

/** Where an extended status puts a request on the closed loop, for clients of foreign Open311 servers. */
export interface Open311LoopPosition {
  status: 'open' | 'closed';
  stage: ClosedLoopStage;
  waitingFor: ClosedLoopProgress['waitingFor'];
  ending?: CaseEnding;
}

/**
 * The reverse of `open311Status`: an Open311 status (and FixMyStreet's extended one, when sent) as a
 * closed-loop position. Each open state goes to the first stage `open311Status` maps onto it; `fixed`
 * and `internal_referral` end resolved (settled here or referred onward), the refusals end declined.
 * A plain `closed` says nothing about how it ended, so it carries no ending.
 */
export function open311LoopPosition(status: 'open' | 'closed', extended?: FixMyStreetStatus): Open311LoopPosition {
  const closed = (ending?: CaseEnding): Open311LoopPosition => ({
    status: 'closed',
    stage: 'closed',
    waitingFor: 'nobody',
    ...(ending ? { ending } : {}),
  });
  switch (extended) {
    case 'investigating':
      return { status: 'open', stage: 'risk_assessment', waitingFor: 'centre' };
    case 'in_progress':
      return { status: 'open', stage: 'joint_handling', waitingFor: 'departments' };
    case 'action_scheduled':
      return { status: 'open', stage: 'mediation', waitingFor: 'centre' };
    case 'fixed':
    case 'internal_referral':
      return closed('resolved');
    case 'duplicate':
      return closed('duplicate');
    case 'not_councils_responsibility':
    case 'unable_to_fix':
    case 'no_further_action':
      return closed('declined');
    case 'closed':
      return closed();
    default:
      return status === 'closed' ? closed() : { status: 'open', stage: 'registration', waitingFor: 'centre' };
  }
}

/**
 * The FixMyStreet status a timeline entry moves a case to, for Open311 update lists. Entries that do
 * not change what an Open311 client would show (notes, evidence, ticks) are absent: the status stays.
 */
export const OPEN311_EVENT_STATUS: Readonly<Partial<Record<string, FixMyStreetStatus>>> = {
  'case.filed': 'open',
  'intake.accept': 'investigating',
  'intake.request_information': 'investigating',
  'intake.decline': 'not_councils_responsibility',
  'intake.mark_duplicate': 'duplicate',
  'resident.supply_information': 'investigating',
  'mediation.first_line_succeeded': 'fixed',
  'mediation.first_line_failed': 'investigating',
  'risk.assess': 'investigating',
  'routing.route': 'in_progress',
  'handling.call_departments': 'in_progress',
  'handling.convene_session': 'action_scheduled',
  'department.acknowledge': 'in_progress',
  'department.report_progress': 'in_progress',
  'department.complete': 'in_progress',
  'mediation.start': 'in_progress',
  'mediation.schedule_session': 'action_scheduled',
  'mediation.record_session': 'in_progress',
  'outcome.agreement': 'fixed',
  'outcome.request_judicial_confirmation': 'action_scheduled',
  'judicial.confirmed': 'fixed',
  'judicial.refused': 'in_progress',
  'outcome.refer': 'internal_referral',
  'case.resolved': 'fixed',
  'resident.request_reopen': 'in_progress',
  'resident.withdraw': 'closed',
};

/** FixMyStreet statuses Open311 reports as `closed`. */
export const OPEN311_CLOSED_STATUSES: ReadonlySet<FixMyStreetStatus> = new Set([
  'fixed',
  'closed',
  'duplicate',
  'not_councils_responsibility',
  'no_further_action',
  'internal_referral',
  'unable_to_fix',
]);

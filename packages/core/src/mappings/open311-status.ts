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

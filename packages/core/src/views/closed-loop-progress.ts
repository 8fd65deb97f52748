import type { CaseSnapshot } from '../workflow/advance-case.js';

/** The stages of the closed loop (闭环) as a resident or a progress indicator sees them. */
export const CLOSED_LOOP_STAGES = [
  'registration',
  'first_line_mediation',
  'risk_assessment',
  'routing',
  'joint_handling',
  'mediation',
  'resolution',
  'follow_up',
  'closed',
] as const;
export type ClosedLoopStage = (typeof CLOSED_LOOP_STAGES)[number];

export type CaseEnding = 'resolved' | 'declined' | 'duplicate' | 'withdrawn';

export interface ClosedLoopProgress {
  stage: ClosedLoopStage;
  /** Who the case is waiting for right now. */
  waitingFor: 'resident' | 'centre' | 'departments' | 'court' | 'nobody';
  /** Set once the case has ended, or while it stands declined. */
  ending?: CaseEnding;
  steps: Array<{ stage: ClosedLoopStage; status: 'done' | 'current' | 'upcoming' | 'skipped' }>;
}

/** The closed-loop stage a snapshot is in. */
export function closedLoopStage(snapshot: CaseSnapshot): ClosedLoopStage {
  if (snapshot.matches({ open: 'registration' })) return 'registration';
  if (snapshot.matches({ open: 'firstLineMediation' })) return 'first_line_mediation';
  if (snapshot.matches({ open: 'riskAssessment' })) return 'risk_assessment';
  if (snapshot.matches({ open: 'routing' })) return 'routing';
  if (snapshot.matches({ open: { handling: 'jointHandling' } })) return 'joint_handling';
  if (snapshot.matches({ open: { handling: 'mediation' } })) return 'mediation';
  if (snapshot.matches({ open: 'judicialConfirmation' })) return 'resolution';
  if (snapshot.matches('followUp')) return 'follow_up';
  return 'closed';
}

/** Stage, who it waits for, and a done/current/upcoming/skipped list for progress indicators. */
export function closedLoopProgress(snapshot: CaseSnapshot): ClosedLoopProgress {
  const { context } = snapshot;
  const stage = closedLoopStage(snapshot);
  let ending: CaseEnding | undefined;
  if (snapshot.matches('withdrawn')) ending = 'withdrawn';
  else if (snapshot.matches('declined')) ending = 'declined';
  else if (context.closure) ending = context.closure.reason;

  let waitingFor: ClosedLoopProgress['waitingFor'] = 'centre';
  if (snapshot.status === 'done' || ending === 'declined') waitingFor = 'nobody';
  else if (snapshot.matches({ open: { registration: 'awaitingInformation' } }) || snapshot.matches('followUp'))
    waitingFor = 'resident';
  else if (snapshot.matches({ open: 'judicialConfirmation' })) waitingFor = 'court';
  else if (snapshot.matches({ open: { handling: 'jointHandling' } })) waitingFor = 'departments';

  // Which stages this case actually went through, so skipped ones show as skipped.
  const visited = new Set<ClosedLoopStage>(['registration']);
  if (context.firstLineMediation) visited.add('first_line_mediation');
  if (context.risk || context.firstLineMediation?.result === 'failed' || context.routing)
    visited.add('risk_assessment');
  if (context.routing) {
    visited.add('routing');
    visited.add('joint_handling');
  }
  if (
    context.mediation.sessions.length > 0 ||
    context.mediation.round > 0 ||
    snapshot.matches({ open: { handling: 'mediation' } })
  ) {
    visited.add('mediation');
  }
  if (context.outcome || context.followUp.reopenings.length > 0) visited.add('resolution');
  if (context.followUp.dueBy) visited.add('follow_up');
  visited.add(stage);

  const currentIndex = CLOSED_LOOP_STAGES.indexOf(stage);
  const steps = CLOSED_LOOP_STAGES.map((s, index) => {
    let status: 'done' | 'current' | 'upcoming' | 'skipped';
    if (s === stage) status = stage === 'closed' ? 'done' : 'current';
    else if (index < currentIndex) status = visited.has(s) ? 'done' : 'skipped';
    else status = ending && ending !== 'resolved' ? 'skipped' : 'upcoming';
    return { stage: s, status };
  });
  return { stage, waitingFor, ...(ending ? { ending } : {}), steps };
}

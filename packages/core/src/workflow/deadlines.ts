/** Time arithmetic over ISO instants. Time is data: nothing here reads the clock. */
export function addHours(instant: string, hours: number): string {
  return new Date(Date.parse(instant) + hours * 3_600_000).toISOString();
}

export function addDays(instant: string, days: number): string {
  return addHours(instant, days * 24);
}

/** True once `now` has reached `deadline`, so a clock tick at the due instant acts. A missing deadline never passes. */
export function isPast(deadline: string | undefined, now: string): boolean {
  return deadline !== undefined && Date.parse(now) >= Date.parse(deadline);
}

export function earliest(instants: Iterable<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const instant of instants) {
    if (instant !== undefined && (best === undefined || Date.parse(instant) < Date.parse(best))) best = instant;
  }
  return best;
}

/**
 * Supervision of one deadline: on track until it passes, then urged (催办), then escalated to the
 * supervisor (督办) once `escalateAfterHours` more have passed.
 */
export type SupervisionLevel = 'on_track' | 'urged' | 'escalated';

export interface SupervisedDeadline {
  dueBy: string;
  level: SupervisionLevel;
}

/** The level a deadline should be at by `now`. Levels only rise; a reset gives a new deadline. */
export function supervisionLevelAt(
  deadline: SupervisedDeadline,
  now: string,
  escalateAfterHours: number,
): SupervisionLevel {
  if (isPast(addHours(deadline.dueBy, escalateAfterHours), now)) return 'escalated';
  if (isPast(deadline.dueBy, now)) return deadline.level === 'escalated' ? 'escalated' : 'urged';
  return deadline.level;
}

/** When this deadline next needs the clock: the due time, then the escalation time, then never. */
export function nextSupervisionInstant(deadline: SupervisedDeadline, escalateAfterHours: number): string | undefined {
  if (deadline.level === 'on_track') return deadline.dueBy;
  if (deadline.level === 'urged') return addHours(deadline.dueBy, escalateAfterHours);
  return undefined;
}

import type { Role } from './roles.js';

/**
 * One line of a case's trail (全程留痕). Built by the core for every accepted event; the server stores
 * it in the hash-chained event log and every timeline is derived from that log.
 */
export interface TimelineEntry {
  at: string;
  /** A case event type, or a derived fact such as `supervision.urged` or `case.closed`. */
  type: string;
  actor: { role: Role; departmentId?: string; id?: string };
  visibility: 'resident' | 'internal';
  data: Record<string, unknown>;
}

/** Data keys never shown to residents even on a resident-visible entry. */
const INTERNAL_DATA_KEYS = new Set(['note', 'factors', 'leaderInCharge', 'mediator']);

/** The part of a timeline a resident may see: resident-visible entries, staff identities and internal fields removed. */
export function residentTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return entries
    .filter((entry) => entry.visibility === 'resident')
    .map((entry) => ({
      at: entry.at,
      type: entry.type,
      actor: {
        role: entry.actor.role,
        ...(entry.actor.departmentId ? { departmentId: entry.actor.departmentId } : {}),
      },
      visibility: entry.visibility,
      data: Object.fromEntries(Object.entries(entry.data).filter(([key]) => !INTERNAL_DATA_KEYS.has(key))),
    }));
}

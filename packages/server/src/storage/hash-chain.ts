import { createHash } from 'node:crypto';
import type { TimelineEntry } from '@jiefen/core';

/** The chain starts from 64 zeros so the first event is hashed like every other. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so equal data always hashes equal. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedEvent {
  seq: number;
  entry: TimelineEntry;
  prevHash: string;
  hash: string;
}

/** hash = sha256(canonical JSON of prev hash, seq and the whole entry). */
export function eventHash(prevHash: string, seq: number, entry: TimelineEntry): string {
  const material = canonicalJson({
    prev: prevHash,
    seq,
    type: entry.type,
    actor: entry.actor,
    at: entry.at,
    visibility: entry.visibility,
    data: entry.data,
  });
  return createHash('sha256').update(material).digest('hex');
}

/** Chain new entries after (lastSeq, headHash). */
export function chain(entries: readonly TimelineEntry[], lastSeq: number, headHash: string): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  let prev = headHash;
  let seq = lastSeq;
  for (const entry of entries) {
    seq += 1;
    const hash = eventHash(prev, seq, entry);
    out.push({ seq, entry, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

export interface ChainVerification {
  valid: boolean;
  length: number;
  /** The first sequence number whose link or hash does not hold. */
  brokenAt?: number;
}

/**
 * Recompute every link. `head` is the (seq, hash) the case row says is last, so a deleted tail or a
 * rewritten event (whose hash would have to be recomputed onwards) is caught as well as an edited one.
 */
export function verifyChain(
  events: ReadonlyArray<{ seq: number; entry: TimelineEntry; prevHash: string; hash: string }>,
  head: { seq: number; hash: string },
): ChainVerification {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    if (
      event.seq !== expectedSeq ||
      event.prevHash !== prev ||
      eventHash(prev, event.seq, event.entry) !== event.hash
    ) {
      return { valid: false, length: events.length, brokenAt: expectedSeq };
    }
    prev = event.hash;
    expectedSeq += 1;
  }
  if (head.seq !== events.length || head.hash !== prev) {
    return { valid: false, length: events.length, brokenAt: Math.min(events.length, head.seq) + 1 };
  }
  return { valid: true, length: events.length };
}

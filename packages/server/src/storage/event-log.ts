import type { TimelineEntry } from '@jiefen/core';
import { type Kysely, sql, type Transaction } from 'kysely';
import { compiledPerDialect } from './compiled.js';
import { type ChainedEvent, type ChainVerification, chain, verifyChain } from './hash-chain.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Append entries to a stream's chain inside the caller's transaction; returns the chained rows. */
export async function appendEvents(
  trx: Db,
  streamId: string,
  entries: readonly TimelineEntry[],
  lastSeq: number,
  headHash: string,
): Promise<ChainedEvent[]> {
  const chained = chain(entries, lastSeq, headHash);
  await insertChained(trx, streamId, chained);
  return chained;
}

/** One event: run on most changes, so compiled once per dialect (see compiled.ts). */
const insertOneEvent = compiledPerDialect<{
  streamId: string;
  seq: number;
  type: string;
  actor: string;
  at: string;
  visibility: string;
  data: string;
  prevHash: string;
  hash: string;
}>((value, executor) =>
  sql`insert into events (stream_id, seq, type, actor, at, visibility, data, prev_hash, hash)
      values (${value('streamId')}, ${value('seq')}, ${value('type')}, ${value('actor')}, ${value('at')},
        ${value('visibility')}, ${value('data')}, ${value('prevHash')}, ${value('hash')})`.compile(executor),
);

/** The tenant's active webhooks: looked up on every change, so compiled once per dialect. */
const activeWebhooks = compiledPerDialect<{ tenantId: string }, { id: string }>((value, executor) =>
  sql<{ id: string }>`select id from webhooks where tenant_id = ${value('tenantId')} and active = 1`.compile(executor),
);

/** Write events already chained (a new stream computes its chain first to know its head). */
export async function insertChained(trx: Db, streamId: string, chained: readonly ChainedEvent[]): Promise<void> {
  if (chained.length === 0) return;
  if (chained.length === 1) {
    // The usual case (a filing, most transitions) as one statement compiled once: the query builder
    // took ~8× as long to build and compile this insert as a tagged template, which still compiles each run.
    const [event] = chained as [ChainedEvent];
    const { entry } = event;
    await insertOneEvent(trx, {
      streamId,
      seq: event.seq,
      type: entry.type,
      actor: JSON.stringify(entry.actor),
      at: entry.at,
      visibility: entry.visibility,
      data: JSON.stringify(entry.data),
      prevHash: event.prevHash,
      hash: event.hash,
    });
    return;
  }
  await trx
    .insertInto('events')
    .values(
      chained.map((event) => ({
        stream_id: streamId,
        seq: event.seq,
        type: event.entry.type,
        actor: JSON.stringify(event.entry.actor),
        at: event.entry.at,
        visibility: event.entry.visibility,
        data: JSON.stringify(event.entry.data),
        prev_hash: event.prevHash,
        hash: event.hash,
      })),
    )
    .execute();
}

/** The stream's events in order, as chained rows. */
export async function loadEvents(db: Db, streamId: string): Promise<ChainedEvent[]> {
  const rows = await db.selectFrom('events').selectAll().where('stream_id', '=', streamId).orderBy('seq').execute();
  return rows.map((row) => ({
    seq: row.seq,
    prevHash: row.prev_hash,
    hash: row.hash,
    entry: {
      at: row.at,
      type: row.type,
      actor: JSON.parse(row.actor) as TimelineEntry['actor'],
      visibility: row.visibility as TimelineEntry['visibility'],
      data: JSON.parse(row.data) as Record<string, unknown>,
    },
  }));
}

/** The timeline is derived from the log, never stored beside it. */
export async function loadTimeline(db: Db, streamId: string): Promise<TimelineEntry[]> {
  return (await loadEvents(db, streamId)).map((event) => event.entry);
}

export async function verifyStream(
  db: Db,
  streamId: string,
  head: { seq: number; hash: string },
): Promise<ChainVerification> {
  return verifyChain(await loadEvents(db, streamId), head);
}

/**
 * Queue one webhook delivery per active subscription of the tenant for each new event, in the same
 * transaction as the event (an outbox): a crash after commit loses no notification.
 */
export async function enqueueWebhooks(
  trx: Db,
  tenantId: string,
  streamId: string,
  events: readonly ChainedEvent[],
  now: string,
): Promise<void> {
  if (events.length === 0) return;
  const { rows: hooks } = await activeWebhooks(trx, { tenantId });
  if (hooks.length === 0) return;
  const rows = hooks.flatMap((hook) =>
    events.map((event) => ({
      webhook_id: hook.id,
      stream_id: streamId,
      seq: event.seq,
      event_type: event.entry.type,
      payload: JSON.stringify({
        tenantId,
        stream: streamId.startsWith('JC-') ? 'consultation' : 'case',
        number: streamId,
        seq: event.seq,
        type: event.entry.type,
        at: event.entry.at,
        actor: {
          role: event.entry.actor.role,
          ...(event.entry.actor.departmentId ? { departmentId: event.entry.actor.departmentId } : {}),
        },
        visibility: event.entry.visibility,
        data: event.entry.data,
        hash: event.hash,
      }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    })),
  );
  await trx.insertInto('webhook_deliveries').values(rows).execute();
}

/** Used by PostgreSQL writers: the notification is delivered to every listener when the transaction commits. */
export async function notifyInTransaction(trx: Db, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(trx);
}

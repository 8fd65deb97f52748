import type { Storage } from './database.js';

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

/** A first request whose process died is taken over after this long rather than blocking its key for 30 days. */
const ABANDONED_AFTER_MS = 5 * 60_000;

/**
 * Idempotency keys: the first request claims (scope, key) with its request hash; the response is
 * stored when it finishes; a later request with the same key replays it, or is refused when its
 * body differs or the first one is still running.
 */
export class IdempotencyStore {
  constructor(
    private readonly storage: Storage,
    private readonly retentionDays: number,
  ) {}

  async claim(scope: string, key: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
    const nowIso = now.toISOString();
    const expires = new Date(now.getTime() + this.retentionDays * 86_400_000).toISOString();
    const inserted = await this.storage.db
      .insertInto('idempotency_keys')
      .values({
        scope,
        idempotency_key: key,
        request_hash: requestHash,
        status: 'in_flight',
        response_status: null,
        response_body: null,
        holds_secret: 0,
        created_at: nowIso,
        expires_at: expires,
      })
      .onConflict((oc) => oc.columns(['scope', 'idempotency_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { kind: 'claimed' };

    const row = await this.storage.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    if (!row) return this.claim(scope, key, requestHash, now); // expired and removed in between
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status === 'done' && row.response_status !== null && row.response_body !== null) {
      return { kind: 'replay', status: row.response_status, body: row.response_body };
    }
    if (now.getTime() - Date.parse(row.created_at) > ABANDONED_AFTER_MS) {
      const taken = await this.storage.db
        .updateTable('idempotency_keys')
        .set({ created_at: nowIso })
        .where('scope', '=', scope)
        .where('idempotency_key', '=', key)
        .where('status', '=', 'in_flight')
        .where('created_at', '=', row.created_at)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) return { kind: 'claimed' };
    }
    return { kind: 'in_flight' };
  }

  async complete(scope: string, key: string, status: number, body: string, holdsSecret: boolean): Promise<void> {
    await this.storage.db
      .updateTable('idempotency_keys')
      .set({ status: 'done', response_status: status, response_body: body, holds_secret: holdsSecret ? 1 : 0 })
      .where('scope', '=', scope)
      .where('idempotency_key', '=', key)
      .execute();
  }

  /** A failed first request (5xx) frees its key so the client's retry runs again. */
  async release(scope: string, key: string): Promise<void> {
    await this.storage.db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', scope)
      .where('idempotency_key', '=', key)
      .execute();
  }

  /**
   * Housekeeping: drop expired keys, and after a day remove one-time secrets (access codes, tracking
   * tokens) from stored responses, so they are not kept in clear for the whole retention period.
   */
  async sweep(now: Date): Promise<void> {
    await this.storage.db.deleteFrom('idempotency_keys').where('expires_at', '<=', now.toISOString()).execute();
    const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
    const rows = await this.storage.db
      .selectFrom('idempotency_keys')
      .select(['scope', 'idempotency_key', 'response_body'])
      .where('holds_secret', '=', 1)
      .where('created_at', '<=', dayAgo)
      .execute();
    for (const row of rows) {
      const body = JSON.parse(row.response_body ?? '{}') as Record<string, unknown>;
      delete body.accessCode;
      delete body.trackingToken;
      body.secretsRedacted = true;
      await this.storage.db
        .updateTable('idempotency_keys')
        .set({ response_body: JSON.stringify(body), holds_secret: 0 })
        .where('scope', '=', row.scope)
        .where('idempotency_key', '=', row.idempotency_key)
        .execute();
    }
  }
}

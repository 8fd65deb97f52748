import { compiledStatement } from './compiled.js';
import type { Storage } from './database.js';
import type { WriteTransaction } from './transactions.js';

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'mismatch' };

/** A key's committed state: only finished requests are ever committed. */
export type StoredKey = { requestHash: string; status: number; body: string };

/**
 * Idempotency keys. A request claims (scope, key) by inserting its row INSIDE the transaction that
 * makes its change, and stores its response in that row before the commit: claim, change and
 * response commit together or not at all. So there is no committed "in flight" marker a dead
 * process could leave behind. While the first request runs, its uncommitted row is the claim: on
 * PostgreSQL a second process inserting the same key waits on it (a unique-index conflict with an
 * open transaction), then sees the committed response or, after a rollback or a crash, the key free;
 * on SQLite the single writer serialises the two. A later request with the same key replays the
 * response, or is refused when its body differs.
 */
export class IdempotencyStore {
  readonly #find: (
    parameters: readonly unknown[],
  ) => Promise<
    { request_hash: string; status: string; response_status: number | null; response_body: string | null } | undefined
  >;

  /** The claim and the stored response: every POST with a key runs both (compiled once, see compiled.ts). */
  readonly #claim;
  readonly #complete;

  constructor(
    private readonly storage: Storage,
    private readonly retentionDays: number,
  ) {
    type Key = { scope: string; key: string };
    this.#claim = compiledStatement<Key & { requestHash: string; createdAt: string; expiresAt: string }>((value) =>
      storage.db
        .insertInto('idempotency_keys')
        .values({
          scope: value('scope'),
          idempotency_key: value('key'),
          request_hash: value('requestHash'),
          status: 'in_flight',
          response_status: null,
          response_body: null,
          holds_secret: 0,
          created_at: value('createdAt'),
          expires_at: value('expiresAt'),
        })
        .onConflict((oc) => oc.columns(['scope', 'idempotency_key']).doNothing()),
    );
    this.#complete = compiledStatement<Key & { status: number; body: string; holdsSecret: number }>((value) =>
      storage.db
        .updateTable('idempotency_keys')
        .set({
          status: 'done',
          response_status: value('status'),
          response_body: value('body'),
          holds_secret: value('holdsSecret'),
        })
        .where('scope', '=', value('scope'))
        .where('idempotency_key', '=', value('key')),
    );
    this.#find = storage.preparedRead(
      storage.db
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status', 'response_status', 'response_body'])
        .where('scope', '=', '')
        .where('idempotency_key', '=', ''),
    );
  }

  /**
   * The committed answer of a key, if it has one: the cheap check before a request does any work
   * (validation, hashing) or takes the writer. Not authoritative: `claim` decides, in the transaction.
   */
  async find(scope: string, key: string): Promise<StoredKey | undefined> {
    const row = await this.#find([scope, key]);
    if (row?.status !== 'done' || row.response_status === null || row.response_body === null) return undefined;
    return { requestHash: row.request_hash, status: row.response_status, body: row.response_body };
  }

  /**
   * Claim the key in `tx`. PostgreSQL: the insert waits while another transaction holds the same key
   * uncommitted (up to the pool's `lock_timeout`, then the driver's lock error: the caller answers
   * 409 request_in_flight).
   */
  async claim(
    tx: WriteTransaction,
    scope: string,
    key: string,
    requestHash: string,
    now: Date,
  ): Promise<IdempotencyClaim> {
    const nowIso = now.toISOString();
    const expires = new Date(now.getTime() + this.retentionDays * 86_400_000).toISOString();
    const inserted = await this.#claim(tx.trx, { scope, key, requestHash, createdAt: nowIso, expiresAt: expires });
    if (Number(inserted.numAffectedRows ?? 0n) === 1) return { kind: 'claimed' };

    const row = await tx.trx
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    if (!row) return this.claim(tx, scope, key, requestHash, now); // expired and swept in between
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status === 'done' && row.response_status !== null && row.response_body !== null) {
      return { kind: 'replay', status: row.response_status, body: row.response_body };
    }
    // A committed 'in_flight' row was left by a server version that committed its claim on its own;
    // this version never commits one, so whoever wrote it is gone: take it over.
    await tx.trx
      .updateTable('idempotency_keys')
      .set({ created_at: nowIso, expires_at: expires })
      .where('scope', '=', scope)
      .where('idempotency_key', '=', key)
      .execute();
    return { kind: 'claimed' };
  }

  /** Store the response in the claiming transaction: it commits with the change it describes. */
  async complete(
    tx: WriteTransaction,
    scope: string,
    key: string,
    status: number,
    body: string,
    holdsSecret: boolean,
  ): Promise<void> {
    await this.#complete(tx.trx, { scope, key, status, body, holdsSecret: holdsSecret ? 1 : 0 });
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

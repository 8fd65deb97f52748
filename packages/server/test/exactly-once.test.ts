import { createHash } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/storage/hash-chain.js';
import {
  ENGINES,
  fileCase,
  freshDatabase,
  type Harness,
  newKey,
  sampleFiling,
  staff,
  startHarness,
  tenant,
} from './support/harness.js';

/** Short lock waits, so a held lock turns into a 409 within the test's patience. */
const LOCK_WAIT_MS = 300;

const FILING_SCOPE = `POST /api/v1/tenants/${tenant.id}/cases `;
const fingerprint = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex');

/**
 * Another writer, outside the server process: a second SQLite connection on the same file, or a
 * PostgreSQL session. `hold` opens a transaction and keeps it open until `commit` or `rollback`.
 */
interface OtherWriter {
  /** SQLite: take the write lock. PostgreSQL: lock the case row. */
  holdCase(caseNumber: string): Promise<void>;
  /** Insert an idempotency key's row uncommitted, as a live first request does. */
  holdKey(scope: string, key: string, requestHash: string, now: Date): Promise<void>;
  /** Store a response in the held key row (what the first request does before committing). */
  finishKey(scope: string, key: string, status: number, body: string): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

async function otherWriter(h: Harness): Promise<OtherWriter> {
  const keyRow = (scope: string, key: string, requestHash: string, now: Date) => [
    scope,
    key,
    requestHash,
    now.toISOString(),
    new Date(now.getTime() + 86_400_000).toISOString(),
  ];
  const insertKey =
    'insert into idempotency_keys (scope, idempotency_key, request_hash, status, response_status, response_body, holds_secret, created_at, expires_at) ' +
    "values ($1, $2, $3, 'in_flight', null, null, 0, $4, $5)";
  const finish =
    "update idempotency_keys set status = 'done', response_status = $3, response_body = $4 where scope = $1 and idempotency_key = $2";
  if (h.database.engine === 'sqlite') {
    const db = new SqliteDatabase(h.database.file);
    const positional = (sql: string) => sql.replace(/\$\d/g, '?');
    return {
      async holdCase() {
        db.exec('begin immediate');
      },
      async holdKey(scope, key, hash, now) {
        db.exec('begin immediate');
        db.prepare(positional(insertKey)).run(...keyRow(scope, key, hash, now));
      },
      async finishKey(scope, key, status, body) {
        db.prepare(positional(finish)).run(scope, key, status, body);
      },
      async commit() {
        db.exec('commit');
      },
      async rollback() {
        db.exec('rollback');
      },
      async close() {
        if (db.inTransaction) db.exec('rollback');
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: h.database.connectionString });
  await client.connect();
  return {
    async holdCase(caseNumber) {
      await client.query('begin');
      await client.query('select case_number from cases where case_number = $1 for update', [caseNumber]);
    },
    async holdKey(scope, key, hash, now) {
      await client.query('begin');
      await client.query(insertKey, keyRow(scope, key, hash, now));
    },
    async finishKey(scope, key, status, body) {
      await client.query(finish, [scope, key, status, body]);
    },
    async commit() {
      await client.query('commit');
    },
    async rollback() {
      await client.query('rollback');
    },
    async close() {
      await client.end();
    },
  };
}

async function startWithLockWait(engine: (typeof ENGINES)[number], waitMs: number) {
  const database = await freshDatabase(engine);
  return startHarness(engine, {
    database:
      database.engine === 'sqlite' ? { ...database, busyTimeoutMs: waitMs } : { ...database, lockTimeoutMs: waitMs },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(ENGINES)('exactly once on %s', (engine) => {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
  });

  /** `lockWaitMs`: short where a test wants the 409, the default 5 s where it wants the wait to succeed. */
  async function setUp(lockWaitMs = LOCK_WAIT_MS) {
    const h = await startWithLockWait(engine, lockWaitMs);
    open.push(h);
    const other = await otherWriter(h);
    open.push(other);
    return { h, other };
  }

  const file = (h: Harness, key: string, body: unknown = sampleFiling()) =>
    h.request('POST', `/api/v1/tenants/${tenant.id}/cases`, { body, headers: { 'idempotency-key': key } });

  async function countRows(h: Harness, table: 'cases' | 'idempotency_keys'): Promise<number> {
    const row = await h.app.jiefen.storage.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('commits nothing for a refused request, so its key runs fresh once corrected', async () => {
    const { h } = await setUp();
    const key = newKey();
    const refused = await file(h, key, { ...sampleFiling(), categoryId: 'no-such-category' });
    expect(refused.status).toBe(422);
    expect(await countRows(h, 'idempotency_keys')).toBe(0);
    const filed = await file(h, key);
    expect(filed.status).toBe(201);
    expect(filed.headers.get('idempotent-replayed')).toBeNull();
    expect(await countRows(h, 'cases')).toBe(1);
  });

  it('takes over a claim that an older server version committed on its own and then died with', async () => {
    const { h, other } = await setUp();
    const key = newKey();
    const body = sampleFiling();
    await other.holdKey(FILING_SCOPE, key, fingerprint(body), h.clock.now());
    await other.commit();
    const filed = await file(h, key, body);
    expect(filed.status).toBe(201);
    const replay = await file(h, key, body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.caseNumber).toBe(filed.body.caseNumber);
    expect(await countRows(h, 'cases')).toBe(1);
  });

  it('answers 409 concurrent_update with Retry-After while another writer holds the case, and changes nothing', async () => {
    const { h, other } = await setUp();
    const filed = await fileCase(h);
    const key = newKey();
    const send = (locale: string) =>
      h.request('POST', `/api/v1/staff/cases/${filed.caseNumber}/transitions`, {
        body: { type: 'intake.accept', firstLineMediation: false },
        headers: { ...staff(h, 'intake_officer'), 'idempotency-key': key, 'accept-language': locale },
      });
    await other.holdCase(filed.caseNumber);
    const messages = new Set<string>();
    for (const locale of ['zh-CN', 'zh-HK', 'en']) {
      const blocked = await send(locale);
      expect(blocked.status).toBe(409);
      expect(blocked.headers.get('retry-after')).toBe('1');
      expect(blocked.body.error.code).toBe('concurrent_update');
      expect(blocked.body.error.messageKey).toBe('server.concurrent_update');
      messages.add(blocked.body.error.message);
    }
    expect(messages.size).toBe(3);
    await other.rollback();
    const detail = await h.request('GET', `/api/v1/staff/cases/${filed.caseNumber}`, {
      headers: staff(h, 'intake_officer'),
    });
    expect(detail.body.timeline.map((e: { type: string }) => e.type)).not.toContain('intake.accept');
    // The key was not used up by the refusals: the retry with it runs the change.
    const retried = await send('en');
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(retried.body.timeline.map((e: { type: string }) => e.type)).toContain('intake.accept');
  });

  it('answers racing transitions of one case with 200 or 409, never 500, and keeps the chain whole', async () => {
    const { h } = await setUp();
    const filed = await fileCase(h);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        h.request('POST', `/api/v1/staff/cases/${filed.caseNumber}/transitions`, {
          body: { type: 'intake.accept', firstLineMediation: false },
          headers: { ...staff(h, 'intake_officer'), 'idempotency-key': newKey() },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect(answer.status).toBe(409);
      expect(['transition_rejected', 'concurrent_update']).toContain(answer.body.error.code);
    }
    const verified = await h.request('GET', `/api/v1/staff/cases/${filed.caseNumber}/verify`, {
      headers: staff(h, 'supervisor'),
    });
    expect(verified.body.valid).toBe(true);
  });

  if (engine === 'postgres') {
    it('makes a second process wait on a live claim, then replay what the first one committed', async () => {
      const { h, other } = await setUp(5000);
      const key = newKey();
      const body = sampleFiling();
      await other.holdKey(FILING_SCOPE, key, fingerprint(body), h.clock.now());
      const waiting = file(h, key, body);
      await sleep(100);
      const stored = { caseNumber: 'JF-HELD-BY-THE-OTHER-PROCESS' };
      await other.finishKey(FILING_SCOPE, key, 201, JSON.stringify(stored));
      await other.commit();
      const answer = await waiting;
      expect(answer.status).toBe(201);
      expect(answer.headers.get('idempotent-replayed')).toBe('true');
      expect(answer.body).toEqual(stored);
      expect(await countRows(h, 'cases')).toBe(0);
    });

    it('runs the request fresh when the process holding the claim dies (its transaction rolls back)', async () => {
      const { h, other } = await setUp(5000);
      const key = newKey();
      const body = sampleFiling();
      await other.holdKey(FILING_SCOPE, key, fingerprint(body), h.clock.now());
      const waiting = file(h, key, body);
      await sleep(100);
      await other.rollback();
      const answer = await waiting;
      expect(answer.status).toBe(201);
      expect(answer.headers.get('idempotent-replayed')).toBeNull();
      expect(await countRows(h, 'cases')).toBe(1);
    });

    it('answers 409 request_in_flight when the live claim outlasts the lock timeout, and blocks nothing after', async () => {
      const { h, other } = await setUp();
      const key = newKey();
      const body = sampleFiling();
      await other.holdKey(FILING_SCOPE, key, fingerprint(body), h.clock.now());
      const answer = await file(h, key, body);
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('request_in_flight');
      expect(answer.headers.get('retry-after')).toBe('1');
      await other.rollback();
      expect((await file(h, key, body)).status).toBe(201);
    });
  }
});

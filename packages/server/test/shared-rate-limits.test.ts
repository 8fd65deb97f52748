import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfigInput } from '../src/config.js';
import { type RateLimiter, SharedFixedWindowLimiter } from '../src/security/rate-limits.js';
import {
  ENGINES,
  fileCase,
  freshDatabase,
  type Harness,
  newKey,
  START,
  sampleFiling,
  startHarness,
  tenant,
} from './support/harness.js';

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/**
 * Two server processes' worth of instances on one PostgreSQL database, sharing one test clock, as
 * behind a load balancer.
 */
async function twoProcesses(rateLimit: ServerConfigInput['rateLimit'], config: ServerConfigInput = {}) {
  const first = await startHarness('postgres', { config: { ...config, rateLimit } });
  open.push(first);
  const second = await startHarness('postgres', {
    database: first.database,
    clock: first.clock,
    config: { ...config, rateLimit },
  });
  open.push(second);
  return [first, second] as const;
}

function lookup(h: Harness, caseNumber: string, headers: Record<string, string>) {
  return h.request('GET', `/api/v1/cases/${caseNumber}`, { headers: { 'accept-language': 'en', ...headers } });
}

async function storedWindows(h: Harness) {
  return h.app.jiefen.storage.db.selectFrom('rate_limit_windows').selectAll().orderBy('window_start').execute();
}

describe('rate limits shared through PostgreSQL', () => {
  it('refuses once the count of both processes together passes the limit', async () => {
    const [a, b] = await twoProcesses({ lookupPerClientPerMinute: 4 });
    const filed = await fileCase(a);
    const token = { 'x-jiefen-tracking-token': filed.trackingToken };
    const statuses: number[] = [];
    for (const h of [a, b, a, b]) statuses.push((await lookup(h, filed.caseNumber, token)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);

    for (const h of [a, b]) {
      const refused = await lookup(h, filed.caseNumber, token);
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        error: { code: 'rate_limited', message: expect.any(String), messageKey: 'server.rate_limited' },
      });
      // The window is aligned to the minute the clock stands at the start of.
      expect(refused.headers.get('retry-after')).toBe('60');
    }
  });

  it('starts a new window for both processes when the minute has passed', async () => {
    const [a, b] = await twoProcesses({ lookupPerClientPerMinute: 2 });
    const filed = await fileCase(a);
    const token = { 'x-jiefen-tracking-token': filed.trackingToken };
    await lookup(a, filed.caseNumber, token);
    await lookup(b, filed.caseNumber, token);
    a.clock.advance(45_000);
    const refused = await lookup(a, filed.caseNumber, token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('15');

    a.clock.advance(15_000);
    expect((await lookup(b, filed.caseNumber, token)).status).toBe(200);
    expect((await lookup(a, filed.caseNumber, token)).status).toBe(200);
    expect((await lookup(b, filed.caseNumber, token)).status).toBe(429);
  });

  it('keeps each client to its own count on either process', async () => {
    const [a, b] = await twoProcesses(
      { lookupPerClientPerMinute: 3 },
      // Clients are told apart by X-Forwarded-For, as behind the load balancer.
      { trustProxy: true },
    );
    const [first, second] = [await fileCase(a), await fileCase(a)];
    const client = (ip: string, trackingToken: string) => ({
      'x-forwarded-for': ip,
      'x-jiefen-tracking-token': trackingToken,
    });
    // Client one's fourth lookup is refused on either process, for any case; another client still gets through.
    expect((await lookup(a, first.caseNumber, client('203.0.113.1', first.trackingToken))).status).toBe(200);
    expect((await lookup(b, first.caseNumber, client('203.0.113.1', first.trackingToken))).status).toBe(200);
    expect((await lookup(a, second.caseNumber, client('203.0.113.1', second.trackingToken))).status).toBe(200);
    expect((await lookup(b, second.caseNumber, client('203.0.113.1', second.trackingToken))).status).toBe(429);
    expect((await lookup(a, first.caseNumber, client('203.0.113.1', first.trackingToken))).status).toBe(429);
    expect((await lookup(b, first.caseNumber, client('203.0.113.2', first.trackingToken))).status).toBe(200);
    expect((await lookup(a, second.caseNumber, client('203.0.113.2', second.trackingToken))).status).toBe(200);
  });

  it('counts failed guesses on a case across both processes', async () => {
    const [a, b] = await twoProcesses({ lookupPerCasePerMinute: 4 }, { trustProxy: true });
    const filed = await fileCase(a);
    const guess = (h: Harness, ip: string, code = 'GUESSGUESSGU') =>
      lookup(h, filed.caseNumber, { 'x-forwarded-for': ip, 'x-jiefen-access-code': code });
    // Two guessers, alternating processes: four failures put the case over its limit.
    for (const [h, ip] of [
      [a, '198.51.100.1'],
      [b, '198.51.100.2'],
      [a, '198.51.100.2'],
      [b, '198.51.100.1'],
    ] as const)
      expect((await guess(h, ip)).status).toBe(404);
    // Each guesser is now refused on either process; the resident, from a fresh address, gets in.
    for (const h of [a, b]) {
      expect((await guess(h, '198.51.100.1')).status).toBe(429);
      expect((await guess(h, '198.51.100.2', filed.accessCode)).status).toBe(429);
    }
    expect((await guess(b, '203.0.113.50', filed.accessCode)).status).toBe(200);
    expect((await guess(a, '203.0.113.51', filed.accessCode)).status).toBe(200);
  });

  it('allows at most the limit plus each process’s slack when both are flooded at once, then refuses on both', async () => {
    // Limit 50 per client: each process may run ahead of the shared count by min(8, 50/10) = 5 hits.
    const [a, b] = await twoProcesses({ lookupPerClientPerMinute: 50, sharedSlack: 8 });
    const filed = await fileCase(a);
    const token = { 'x-jiefen-tracking-token': filed.trackingToken };
    const flood = await Promise.all(
      Array.from({ length: 120 }, (_, i) => lookup(i % 2 === 0 ? a : b, filed.caseNumber, token)),
    );
    const allowed = flood.filter((r) => r.status === 200).length;
    expect(flood.filter((r) => r.status !== 200 && r.status !== 429)).toEqual([]);
    expect(allowed).toBeGreaterThanOrEqual(50);
    expect(allowed).toBeLessThanOrEqual(50 + 2 * 5);
    // Every hit reached the shared count; from now on both processes refuse.
    await Promise.all([a, b].map((h) => h.app.jiefen.rateLimitWindows.settled()));
    for (const h of [a, b]) expect((await lookup(h, filed.caseNumber, token)).status).toBe(429);
    // Those two refusals were decided locally and are counted in the background: wait for them too.
    await Promise.all([a, b].map((h) => h.app.jiefen.rateLimitWindows.settled()));
    const counts = (await storedWindows(a)).map((row) => row.count).sort((x, y) => x - y);
    expect(counts).toEqual([1, 122]);
  });

  it('answers from its own count while the shared table is busy, and waits once its slack is used', async () => {
    const [a] = await twoProcesses({ lookupPerClientPerMinute: 50, sharedSlack: 3 });
    const filed = await fileCase(a);
    const token = { 'x-jiefen-tracking-token': filed.trackingToken };
    await a.app.jiefen.rateLimitWindows.settled();
    // Another session holds the counters table: no upsert can finish.
    const holder = new pg.Client({ connectionString: (a.database as { connectionString: string }).connectionString });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE rate_limit_windows IN EXCLUSIVE MODE');
      for (let i = 0; i < 3; i++) expect((await lookup(a, filed.caseNumber, token)).status).toBe(200);
      // The fourth would run past the slack: it waits for the database.
      let answered = false;
      const fourth = lookup(a, filed.caseNumber, token).then((r) => {
        answered = true;
        return r;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(answered).toBe(false);
      await holder.query('COMMIT');
      expect((await fourth).status).toBe(200);
    } finally {
      await holder.end();
    }
    await a.app.jiefen.rateLimitWindows.settled();
    expect((await storedWindows(a)).map((row) => row.count).sort((x, y) => x - y)).toEqual([1, 4]);
  });

  it('lets a hit past its slack in on the answer already on its way, without an upsert of its own first', async () => {
    const [a] = await twoProcesses({});
    const store = a.app.jiefen.rateLimitWindows;
    const sent: number[] = [];
    const increment = store.increment.bind(store);
    store.increment = (keys, windowStart) => {
      sent.push(keys.length);
      return increment(keys, windowStart);
    };
    const limiter = new SharedFixedWindowLimiter(store, 100, 60_000, () => START.getTime(), 2);
    const holder = new pg.Client({ connectionString: (a.database as { connectionString: string }).connectionString });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE rate_limit_windows IN EXCLUSIVE MODE');
      // Two hits within the slack are answered at once and counted in the background.
      expect(limiter.hit('burst')).toEqual({ allowed: true, remaining: 99, retryAfterSeconds: 60 });
      expect(limiter.hit('burst')).toEqual({ allowed: true, remaining: 98, retryAfterSeconds: 60 });
      // The third has no slack: it waits, and asks the database nothing yet.
      const third = limiter.hit('burst');
      expect(third).toBeInstanceOf(Promise);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(sent).toEqual([1, 1]);
      await holder.query('COMMIT');
      // The background answers free the slack: the third is decided by the same rule and counted.
      expect(await third).toMatchObject({ allowed: true });
      expect(sent).toEqual([1, 1, 1]);
    } finally {
      await holder.end();
    }
    await store.settled();
    expect((await storedWindows(a)).map((row) => row.count)).toEqual([3]);
  });

  it('refuses a client it knows to be over the limit without asking the database', async () => {
    const [a] = await twoProcesses({ lookupPerClientPerMinute: 2 });
    const filed = await fileCase(a);
    const token = { 'x-jiefen-tracking-token': filed.trackingToken };
    expect((await lookup(a, filed.caseNumber, token)).status).toBe(200);
    expect((await lookup(a, filed.caseNumber, token)).status).toBe(200);
    expect((await lookup(a, filed.caseNumber, token)).status).toBe(429);
    const holder = new pg.Client({ connectionString: (a.database as { connectionString: string }).connectionString });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE rate_limit_windows IN EXCLUSIVE MODE');
      // Answered while the table is locked: the refusal is decided from what this process already knows.
      expect((await lookup(a, filed.caseNumber, token)).status).toBe(429);
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    await a.app.jiefen.rateLimitWindows.settled();
    // The refused hits still count in the shared table.
    expect((await storedWindows(a)).map((row) => row.count).sort((x, y) => x - y)).toEqual([1, 4]);
  });

  it('shares the public limit on filings', async () => {
    const [a, b] = await twoProcesses({ publicPerMinute: 3 });
    const file = (h: Harness) =>
      h.request('POST', `/api/v1/tenants/${tenant.id}/cases`, {
        body: sampleFiling(),
        headers: { 'idempotency-key': newKey() },
      });
    const statuses = [];
    for (const h of [a, b, a, b]) statuses.push((await file(h)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('stores hashed keys only, and the sweep removes windows that have ended', async () => {
    const [a, b] = await twoProcesses({ lookupPerClientPerMinute: 100 }, { trustProxy: true });
    const filed = await fileCase(a);
    const headers = { 'x-forwarded-for': '198.51.100.7', 'x-jiefen-tracking-token': filed.trackingToken };
    await lookup(a, filed.caseNumber, headers);
    await lookup(b, filed.caseNumber, headers);
    // A failed guess on the case counts per case and per case and client.
    await lookup(b, filed.caseNumber, { 'x-forwarded-for': '198.51.100.7', 'x-jiefen-access-code': 'GUESSGUESSGU' });
    await Promise.all([a, b].map((h) => h.app.jiefen.rateLimitWindows.settled()));

    const rows = await storedWindows(a);
    // Filing (public), per client for the lookups, and the two failure counts.
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.key).toMatch(/^[\w-]{22}$/);
      expect(row.window_start).toBe(START.getTime());
    }
    expect(rows.map((row) => row.count).sort()).toEqual([1, 1, 1, 3]);
    const stored = JSON.stringify(rows);
    for (const secret of [filed.caseNumber, filed.trackingToken, '198.51.100.7', '127.0.0.1'])
      expect(stored).not.toContain(secret);

    // Two minutes on, a lookup opens a new window; the sweep keeps it and drops the ended ones.
    a.clock.advance(120_000);
    await lookup(b, filed.caseNumber, headers);
    await b.app.jiefen.rateLimitWindows.settled();
    expect(await storedWindows(a)).toHaveLength(5);
    await b.app.jiefen.scheduler.runOnce();
    const left = await storedWindows(a);
    expect(left).toHaveLength(1);
    expect(left.every((row) => row.window_start === START.getTime() + 120_000)).toBe(true);
  });

  it('gives every concurrent hit from both processes its own count, none lost or repeated', async () => {
    const [a, b] = await twoProcesses({});
    const windowStart = START.getTime();
    const hits = Array.from({ length: 60 }, (_, i) =>
      (i % 2 === 0 ? a : b).app.jiefen.rateLimitWindows.increment(['shared-key', `own-${i % 3}`], windowStart),
    );
    const counts = await Promise.all(hits);
    expect(counts.map(([shared]) => shared).sort((x, y) => x! - y!)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    for (const own of [0, 1, 2])
      expect(
        counts
          .filter((_, i) => i % 3 === own)
          .map(([, n]) => n)
          .sort((x, y) => x! - y!),
      ).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('implements the limiter interface over the shared windows', async () => {
    const [a, b] = await twoProcesses({});
    let now = START.getTime() + 50_000;
    const limiters: RateLimiter[] = [a, b].map(
      (h) => new SharedFixedWindowLimiter(h.app.jiefen.rateLimitWindows, 2, 60_000, () => now),
    );
    expect(await limiters[0]!.hit('k')).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 10 });
    expect(await limiters[1]!.hit('k')).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 10 });
    expect(await limiters[0]!.hit('k')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 10 });
    now += 10_000;
    expect(await limiters[1]!.hit('k')).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 60 });
  });

  it('keeps the counters in an unlogged table (no WAL flush per lookup)', async () => {
    const [a] = await twoProcesses({});
    const { rows } = await sql<{
      relpersistence: string;
    }>`select relpersistence from pg_class where relname = 'rate_limit_windows'`.execute(a.app.jiefen.storage.db);
    expect(rows).toEqual([{ relpersistence: 'u' }]);
  });

  it('stays per process when the memory store is chosen', async () => {
    const [a, b] = await twoProcesses({ lookupPerClientPerMinute: 1, store: 'memory' });
    const filed = await fileCase(a);
    const token = { 'x-jiefen-tracking-token': filed.trackingToken };
    expect((await lookup(a, filed.caseNumber, token)).status).toBe(200);
    expect((await lookup(b, filed.caseNumber, token)).status).toBe(200);
    expect((await lookup(a, filed.caseNumber, token)).status).toBe(429);
    expect(await storedWindows(a)).toHaveLength(0);
  });
});

describe.each(ENGINES)('rate limit store default (%s)', (engine) => {
  it(`is ${engine === 'postgres' ? 'the database' : 'memory'}`, async () => {
    const h = await startHarness(engine, { database: await freshDatabase(engine) });
    open.push(h);
    expect(h.app.jiefen.config.rateLimit.store).toBe(engine === 'postgres' ? 'database' : 'memory');
  });
});

describe.each(ENGINES)('database rate limit store (%s)', (engine) => {
  it('counts in rate_limit_windows when chosen', async () => {
    const h = await startHarness(engine, { config: { rateLimit: { lookupPerClientPerMinute: 1, store: 'database' } } });
    open.push(h);
    const filed = await fileCase(h);
    const token = { 'x-jiefen-tracking-token': filed.trackingToken };
    expect((await lookup(h, filed.caseNumber, token)).status).toBe(200);
    const refused = await lookup(h, filed.caseNumber, token);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    await h.app.jiefen.rateLimitWindows.settled();
    expect((await storedWindows(h)).map((row) => row.count).sort()).toEqual([1, 2]);
  });
});

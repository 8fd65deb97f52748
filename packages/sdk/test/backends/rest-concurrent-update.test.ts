import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import { buildServer, type DatabaseConfig } from '@jiefen/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../../../test/support/postgres.js';
import { createRestBackend } from '../../src/backends/rest/rest-backend.js';
import { isJiefenHttpError } from '../../src/errors.js';

type Server = Awaited<ReturnType<typeof buildServer>>;

/** How long the server waits for a lock before answering 409 concurrent_update. */
const LOCK_WAIT_MS = 200;

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster();
}, 60_000);
afterAll(() => cluster?.stop());

/**
 * A second server instance on the same database is "another writer": its own SQLite connection or
 * PostgreSQL pool. It holds a case (SQLite: the write lock of BEGIN IMMEDIATE; PostgreSQL: the row)
 * until `release()`.
 */
function holdCase(other: Server, caseNumber: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held!: () => void;
  const holding = new Promise<void>((resolve) => {
    held = resolve;
  });
  const storage = other.jiefen.storage;
  const done = storage.db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('cases').select('case_number').where('case_number', '=', caseNumber);
    if (storage.engine === 'postgres') query = query.forUpdate();
    await query.execute();
    held();
    await released;
  });
  return { holding, release, done };
}

describe.each(['sqlite', 'postgres'] as const)('the rest backend and 409 concurrent_update on %s', (engine) => {
  let server: Server;
  let other: Server;
  let url: string;
  let token: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jiefen-sdk-conflict-'));
    const database: DatabaseConfig =
      engine === 'sqlite'
        ? { engine, file: join(dataDir, 'jiefen.sqlite'), busyTimeoutMs: LOCK_WAIT_MS }
        : { engine, connectionString: cluster.url(), lockTimeoutMs: LOCK_WAIT_MS, poolSize: 4 };
    const config = {
      database,
      dataDir,
      logLevel: 'silent',
      seedTenants: [{ config: qingshanTenant, allowedOrigins: [] }],
      scheduler: { enabled: false },
    };
    server = await buildServer(config);
    await server.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    other = await buildServer(config);
    const issued = await server.jiefen.staffTokens.issue({
      tenantId: qingshanTenant.id,
      role: 'intake_officer',
      name: 'sdk conflict test',
      now: new Date(),
    });
    token = issued.token;
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A backend whose fetch counts attempts and lets the test act on each answer. */
  function backend(onAnswer: (status: number, attempt: number) => void = () => {}) {
    let attempts = 0;
    const counting: typeof fetch = async (input, init) => {
      const attempt = ++attempts;
      const response = await fetch(input, init);
      onAnswer(response.status, attempt);
      return response;
    };
    const rest = createRestBackend({
      baseUrl: url,
      tenant: qingshanTenant.id,
      staffCredential: () => token,
      fetch: counting,
    });
    return { rest, attempts: () => attempts };
  }

  async function newCase(): Promise<string> {
    const receipt = await backend().rest.fileCase(qingshanSampleFiling(), { idempotencyKey: crypto.randomUUID() });
    return receipt.caseNumber;
  }

  it('sends a keyed transition again after the Retry-After and gets it through once the lock is gone', async () => {
    const caseNumber = await newCase();
    const hold = holdCase(other, caseNumber);
    await hold.holding;
    const statuses: number[] = [];
    const { rest, attempts } = backend((status) => {
      statuses.push(status);
      // The first answer was the conflict: the other writer finishes, the retry can go through.
      if (status === 409) hold.release();
    });
    const detail = await rest.staff!.transition(
      caseNumber,
      { type: 'intake.accept', firstLineMediation: false },
      { idempotencyKey: crypto.randomUUID() },
    );
    await hold.done;
    expect(statuses).toEqual([409, 200]);
    expect(attempts()).toBe(2);
    expect(detail.timeline.filter((e) => e.type === 'intake.accept')).toHaveLength(1);
  });

  it('does not resend an unkeyed transition: the conflict reaches the caller, retryable', async () => {
    const caseNumber = await newCase();
    const hold = holdCase(other, caseNumber);
    await hold.holding;
    const { rest, attempts } = backend();
    const failure = await rest
      .staff!.transition(caseNumber, { type: 'intake.accept', firstLineMediation: false })
      .catch((error: unknown) => error);
    hold.release();
    await hold.done;
    expect(attempts()).toBe(1);
    expect(isJiefenHttpError(failure) && failure.code).toBe('concurrent_update');
    expect(isJiefenHttpError(failure) && failure.retryable).toBe(true);
    expect(isJiefenHttpError(failure) && failure.retryAfterMs).toBe(1000);
  });

  it('does not resend a keyed transition the case refuses (transition_rejected)', async () => {
    const caseNumber = await newCase();
    const accept = { type: 'intake.accept', firstLineMediation: false } as const;
    await backend().rest.staff!.transition(caseNumber, accept, { idempotencyKey: crypto.randomUUID() });
    const { rest, attempts } = backend();
    const failure = await rest
      .staff!.transition(caseNumber, accept, { idempotencyKey: crypto.randomUUID() })
      .catch((error: unknown) => error);
    expect(attempts()).toBe(1);
    expect(isJiefenHttpError(failure) && failure.status).toBe(409);
    expect(isJiefenHttpError(failure) && failure.code).toBe('transition_rejected');
  });
});

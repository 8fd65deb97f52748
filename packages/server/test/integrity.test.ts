import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENGINES,
  fileCase,
  type Harness,
  newKey,
  sampleFiling,
  staff,
  startHarness,
  tenant,
  transition,
} from './support/harness.js';

describe.each(ENGINES)('idempotency and the hash chain on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  const file = (key: string | undefined, body: unknown) =>
    h.request('POST', `/api/v1/tenants/${tenant.id}/cases`, { body, headers: key ? { 'idempotency-key': key } : {} });

  it('requires an Idempotency-Key on filing', async () => {
    const response = await file(undefined, sampleFiling());
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('idempotency_key_required');
  });

  it('replays the first answer for the same key and body', async () => {
    const key = newKey();
    const first = await file(key, sampleFiling());
    const second = await file(key, sampleFiling());
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    const queue = await h.request('GET', '/api/v1/staff/cases?limit=100', { headers: staff(h, 'coordinator') });
    expect(queue.body.items.filter((i: { caseNumber: string }) => i.caseNumber === first.body.caseNumber)).toHaveLength(
      1,
    );
  });

  it('refuses the same key with a different body (422)', async () => {
    const key = newKey();
    expect((await file(key, sampleFiling())).status).toBe(201);
    const other = await file(key, sampleFiling({ desiredOutcome: '希望对方道歉并赔偿。' }));
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
  });

  it('keeps keys for at least 30 days', async () => {
    const key = newKey();
    const first = await file(key, sampleFiling());
    await h.app.jiefen.idempotency.sweep(new Date(h.clock.now().getTime() + 29 * 86_400_000));
    const replay = await file(key, sampleFiling());
    expect(replay.body.caseNumber).toBe(first.body.caseNumber);
    // After a day the stored answer no longer holds the access code in clear.
    expect(replay.body.accessCode).toBeUndefined();
  });

  it('chains every event and detects tampering', async () => {
    const filed = await fileCase(h);
    await transition(h, filed.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
    await transition(h, filed.caseNumber, 'coordinator', {
      type: 'risk.assess',
      level: 'medium',
      note: '双方情绪激动',
    });
    const verify = () =>
      h.request('GET', `/api/v1/staff/cases/${filed.caseNumber}/verify`, { headers: staff(h, 'supervisor') });
    expect((await verify()).body).toEqual({ valid: true, length: 3 });

    const db = h.app.jiefen.storage.db;
    await db
      .updateTable('events')
      .set({ data: JSON.stringify({ level: 'low' }) })
      .where('stream_id', '=', filed.caseNumber)
      .where('seq', '=', 3)
      .execute();
    expect((await verify()).body).toEqual({ valid: false, length: 3, brokenAt: 3 });
  });

  it('detects a removed tail event', async () => {
    const filed = await fileCase(h);
    await transition(h, filed.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
    await h.app.jiefen.storage.db
      .deleteFrom('events')
      .where('stream_id', '=', filed.caseNumber)
      .where('seq', '=', 2)
      .execute();
    const result = await h.request('GET', `/api/v1/staff/cases/${filed.caseNumber}/verify`, {
      headers: staff(h, 'admin'),
    });
    expect(result.body.valid).toBe(false);
  });

  if (engine === 'sqlite') {
    it('verifies a chain from the command line', async () => {
      const filed = await fileCase(h);
      const db = h.database as { file: string };
      const { stdout } = await promisify(execFile)(
        fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url)),
        ['--conditions=source', 'src/verify-chain.ts', filed.caseNumber],
        {
          cwd: fileURLToPath(new URL('..', import.meta.url)),
          env: { ...process.env, JIEFEN_DATA_DIR: db.file.replace(/\/jiefen\.sqlite$/, '') },
        },
      );
      expect(JSON.parse(stdout)).toMatchObject({ number: filed.caseNumber, valid: true, length: 1 });
    });
  }
});

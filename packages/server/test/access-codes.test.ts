import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qingshanSampleConsultation } from '@jiefen/core/demo';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACCESS_CODE_KEY_FILE,
  AccessCodeHasher,
  generateAccessCodeKey,
  hashAccessCodeWithScrypt,
  loadAccessCodeKeys,
  newStaffToken,
  newTrackingToken,
  parseAccessCodeKeys,
} from '../src/security/credentials.js';
import { ENGINES, fileCase, type Harness, newKey, startHarness, tenant } from './support/harness.js';

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

const keyText = (id: string, secret: Buffer) => `${id}:${secret.toString('base64url')}`;
const HMAC_HASH = /^hmac-sha256\$[\w-]+\$[\w-]{43}$/;

describe('tracking and staff tokens', () => {
  it('are 256 random bits each, never repeated across refills of the random pool', () => {
    // 1,000 tokens draw 32 kB: the 4 kB pool is refilled several times on the way.
    const tokens = Array.from({ length: 1000 }, (_, i) => (i % 2 ? newTrackingToken() : newStaffToken()));
    for (const [i, token] of tokens.entries()) {
      expect(token).toMatch(i % 2 ? /^jft_[\w-]{43}$/ : /^jfs_[\w-]{43}$/);
      expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    }
    const bodies = new Set(tokens.map((t) => t.slice(4)));
    expect(bodies.size).toBe(tokens.length);
    // A pool handed out zeroed or stale would show as one repeated byte value.
    const bytes = Buffer.concat(tokens.map((t) => Buffer.from(t.slice(4), 'base64url')));
    expect(new Set(bytes).size).toBe(256);
  });
});

describe('AccessCodeHasher', () => {
  const key = generateAccessCodeKey();
  const hasher = new AccessCodeHasher([key]);

  it('stores HMAC-SHA-256 under the current key, naming scheme and key id', () => {
    const stored = hasher.hash('7K3Q-X9MP-A2BC');
    expect(stored).toMatch(HMAC_HASH);
    expect(stored.split('$')[1]).toBe(key.id);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it('accepts the code however it is typed, and nothing else', () => {
    const stored = hasher.hash('7K3QX9MPA2BC');
    expect(hasher.verify('7k3q x9mp-a2bc', stored)).toBe(true);
    expect(hasher.verify('7K3QX9MPA2BD', stored)).toBe(false);
    expect(hasher.verify('7K3QX9MPA2BC', stored.slice(0, -2))).toBe(false);
  });

  it('never matches a hash under another key or an unknown scheme', () => {
    const other = new AccessCodeHasher([generateAccessCodeKey()]);
    expect(hasher.verify('7K3QX9MPA2BC', other.hash('7K3QX9MPA2BC'))).toBe(false);
    expect(hasher.verify('7K3QX9MPA2BC', 'plain$7K3QX9MPA2BC')).toBe(false);
  });

  it('verifies legacy scrypt hashes and asks for them to be rehashed', async () => {
    const legacy = await hashAccessCodeWithScrypt('7K3QX9MPA2BC', { N: 1024, r: 8, p: 1 });
    expect(await hasher.verify('7K3QX9MPA2BC', legacy)).toBe(true);
    expect(await hasher.verify('7K3QX9MPA2BD', legacy)).toBe(false);
    expect(hasher.needsRehash(legacy)).toBe(true);
  });

  it('verifies under an older key of the keyring and asks for the current one', () => {
    const old = generateAccessCodeKey();
    const stored = new AccessCodeHasher([old]).hash('7K3QX9MPA2BC');
    const rotated = new AccessCodeHasher([key, old]);
    expect(rotated.verify('7K3QX9MPA2BC', stored)).toBe(true);
    expect(rotated.needsRehash(stored)).toBe(true);
    expect(rotated.needsRehash(rotated.hash('7K3QX9MPA2BC'))).toBe(false);
  });

  it('refuses malformed keyrings', () => {
    expect(() => parseAccessCodeKeys('', 'test')).toThrow(/no access-code key/);
    expect(() => parseAccessCodeKeys('k1:c2hvcnQ', 'test')).toThrow(/at least 32 bytes/);
    const secret = keyText('k1', generateAccessCodeKey().secret);
    expect(() => parseAccessCodeKeys(`${secret},${secret}`, 'test')).toThrow(/twice/);
    expect(parseAccessCodeKeys(`# comment, with a comma\n${secret}\n`, 'test').map((k) => k.id)).toEqual(['k1']);
  });
});

describe('the access-code key', () => {
  it('is generated 0600 in the data directory on first start and read back after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiefen-key-'));
    const first = loadAccessCodeKeys(dir, undefined);
    expect(first.generated).toBe(true);
    expect(statSync(join(dir, ACCESS_CODE_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = loadAccessCodeKeys(dir, undefined);
    expect(again.generated).toBe(false);
    expect(again.keys[0]!.secret.equals(first.keys[0]!.secret)).toBe(true);
  });

  it('is one key when several processes start at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiefen-key-'));
    const loaded = await Promise.all(Array.from({ length: 8 }, async () => loadAccessCodeKeys(dir, undefined)));
    expect(new Set(loaded.map((l) => l.keys[0]!.id)).size).toBe(1);
    expect(loaded.filter((l) => l.generated)).toHaveLength(1);
  });

  it('is refused when others can read the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiefen-key-'));
    loadAccessCodeKeys(dir, undefined);
    chmodSync(join(dir, ACCESS_CODE_KEY_FILE), 0o644);
    expect(() => loadAccessCodeKeys(dir, undefined)).toThrow(/readable by others/);
  });

  it('comes from the environment when given there, and then no file is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiefen-key-'));
    const key = generateAccessCodeKey();
    const loaded = loadAccessCodeKeys(dir, keyText('prod1', key.secret));
    expect(loaded.keys[0]!.id).toBe('prod1');
    expect(() => statSync(join(dir, ACCESS_CODE_KEY_FILE))).toThrow();
  });
});

describe.each(ENGINES)('access codes at rest (%s)', (engine) => {
  it('are HMACs under the server key, which is not in the database, and survive a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiefen-key-'));
    const h = await startHarness(engine, { config: { dataDir } });
    open.push(h);
    const filed = await fileCase(h);
    const row = await h.app.jiefen.cases.findCredentials(filed.caseNumber);
    expect(row!.access_code_hash).toMatch(HMAC_HASH);
    expect(row!.access_code_hash).not.toContain(filed.accessCode);
    const secret = readFileSync(join(dataDir, ACCESS_CODE_KEY_FILE), 'utf8').trim().split('\n').at(-1)!.split(':')[1]!;
    const dump = JSON.stringify(await h.app.jiefen.storage.db.selectFrom('cases').selectAll().execute());
    expect(dump).not.toContain(secret);

    await h.close();
    open.pop();
    const restarted = await startHarness(engine, { database: h.database, clock: h.clock, config: { dataDir } });
    open.push(restarted);
    const view = await restarted.request('GET', `/api/v1/cases/${filed.caseNumber}`, {
      headers: { 'x-jiefen-access-code': filed.accessCode },
    });
    expect(view.status).toBe(200);
  });

  it('stored as scrypt before are accepted and rehashed to HMAC on the next successful lookup', async () => {
    const h = await startHarness(engine);
    open.push(h);
    const filed = await fileCase(h);
    const legacy = await hashAccessCodeWithScrypt(filed.accessCode, { N: 1024, r: 8, p: 1 });
    await h.app.jiefen.storage.db
      .updateTable('cases')
      .set({ access_code_hash: legacy })
      .where('case_number', '=', filed.caseNumber)
      .execute();
    const look = (code: string) =>
      h.request('GET', `/api/v1/cases/${filed.caseNumber}`, { headers: { 'x-jiefen-access-code': code } });
    const stored = async () => (await h.app.jiefen.cases.findCredentials(filed.caseNumber))!.access_code_hash;

    // A wrong code changes nothing.
    expect((await look('GUESSGUESSGU')).status).toBe(404);
    expect(await stored()).toBe(legacy);

    expect((await look(filed.accessCode)).status).toBe(200);
    const rehashed = await stored();
    expect(rehashed).toMatch(HMAC_HASH);
    expect(rehashed.split('$')[1]).toBe(h.app.jiefen.accessCodes.currentKeyId);
    expect((await look(filed.accessCode.toLowerCase())).status).toBe(200);
    expect((await look('GUESSGUESSGU')).status).toBe(404);
    expect(await stored()).toBe(rehashed);
  });

  it('of consultations are rehashed the same way', async () => {
    const h = await startHarness(engine);
    open.push(h);
    const created = await h.request('POST', `/api/v1/tenants/${tenant.id}/consultations`, {
      body: qingshanSampleConsultation(),
      headers: { 'idempotency-key': newKey() },
    });
    const { consultationNumber, accessCode } = created.body as { consultationNumber: string; accessCode: string };
    const legacy = await hashAccessCodeWithScrypt(accessCode, { N: 1024, r: 8, p: 1 });
    await h.app.jiefen.storage.db
      .updateTable('consultations')
      .set({ access_code_hash: legacy })
      .where('consultation_number', '=', consultationNumber)
      .execute();
    const view = await h.request('GET', `/api/v1/consultations/${consultationNumber}`, {
      headers: { 'x-jiefen-access-code': accessCode },
    });
    expect(view.status).toBe(200);
    const row = await h.app.jiefen.consultations.findRow(consultationNumber);
    expect(row!.access_code_hash).toMatch(HMAC_HASH);
  });

  it('under a rotated-out key still verify and move to the new key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jiefen-key-'));
    const old = generateAccessCodeKey();
    const h = await startHarness(engine, { config: { dataDir, accessCodeKey: keyText('old', old.secret) } });
    open.push(h);
    const filed = await fileCase(h);
    await h.close();
    open.pop();

    const next = generateAccessCodeKey();
    const keyring = `${keyText('new', next.secret)},${keyText('old', old.secret)}`;
    const rotated = await startHarness(engine, {
      database: h.database,
      clock: h.clock,
      config: { dataDir, accessCodeKey: keyring },
    });
    open.push(rotated);
    const before = (await rotated.app.jiefen.cases.findCredentials(filed.caseNumber))!.access_code_hash;
    expect(before.split('$')[1]).toBe('old');
    const view = await rotated.request('GET', `/api/v1/cases/${filed.caseNumber}`, {
      headers: { 'x-jiefen-access-code': filed.accessCode },
    });
    expect(view.status).toBe(200);
    const after = (await rotated.app.jiefen.cases.findCredentials(filed.caseNumber))!.access_code_hash;
    expect(after.split('$')[1]).toBe('new');
    // Writing the key file is skipped when the key comes from configuration.
    expect(() => writeFileSync(join(dataDir, ACCESS_CODE_KEY_FILE), '', { flag: 'wx' })).not.toThrow();
  });
});

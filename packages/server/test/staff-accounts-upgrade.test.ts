import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { hashToken, newStaffToken } from '../src/security/credentials.js';
import { migrateTo } from '../src/storage/migrations.js';
import { startHarness } from './support/harness.js';

/** A database from before staff accounts: its tokens keep working, each now with a member. */
describe('upgrading to staff accounts', () => {
  it('gives every existing token a member and keeps it working', async () => {
    const dir = `/tmp/jiefen-test/upgrade-${randomBytes(4).toString('hex')}`;
    mkdirSync(dir, { recursive: true });
    const file = `${dir}/jiefen.sqlite`;
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    await migrateTo(old, 'sqlite', '0002_rate_limit_windows');
    const token = newStaffToken();
    await old
      .insertInto('staff_tokens')
      .values({
        id: 'legacy-token',
        token_hash: hashToken(token),
        tenant_id: 'qingshan',
        role: 'department_handler',
        department_id: 'court',
        name: 'legacy court handler',
        created_at: '2025-01-01T00:00:00.000Z',
        revoked_at: null,
      })
      .execute();
    await old.destroy();

    const h = await startHarness('sqlite', { database: { engine: 'sqlite', file } });
    try {
      const me = await h.request('GET', '/api/v1/staff/me', { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(me.body.member).toMatchObject({
        name: 'legacy court handler',
        role: 'department_handler',
        departmentId: 'court',
      });
      expect(me.body.token).toMatchObject({ id: 'legacy-token', status: 'active' });
      expect(me.body.token.expiresAt).toBeUndefined();
    } finally {
      await h.close();
    }
  });
});

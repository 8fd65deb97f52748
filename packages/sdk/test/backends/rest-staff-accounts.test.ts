import {
  IssuedStaffTokenSchema,
  StaffAuditEntrySchema,
  StaffMemberDetailSchema,
  StaffMemberSchema,
  StaffSessionSchema,
} from '@jiefen/core';
import { qingshanSampleFiling } from '@jiefen/core/demo';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  createLocalBackend,
  createRestBackend,
  isJiefenError,
  isJiefenUnsupportedError,
  type JiefenBackend,
  memoryStorage,
  uuidv7,
} from '../../src/index.js';
import { type RunningServer, startJiefenServer } from '../fixtures/jiefen-server.js';

/** `client.staff`'s account operations over the REST backend, against the real reference server. */
describe('staff accounts through the SDK (rest)', () => {
  let server: RunningServer;
  let admin: JiefenBackend;
  const as = (token: string) =>
    createRestBackend({ baseUrl: server.url, tenant: 'qingshan', staffCredential: async () => token });

  beforeAll(async () => {
    server = await startJiefenServer();
    admin = as(await server.staffToken('admin'));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates a handler for another department, issues a token, and that token works', async () => {
    const client = createClient({ backend: admin, storage: memoryStorage(), outbox: { autoStart: false } });
    try {
      expect(client.capabilities.staffAccounts).toBe(true);
      const member = v.parse(
        StaffMemberSchema,
        await client.staff.createMember({
          name: '白石法庭 陈',
          role: 'department_handler',
          departmentId: 'tribunal-baishi',
        }),
      );
      const issued = v.parse(IssuedStaffTokenSchema, await client.staff.issueToken(member.id, { expiresInDays: 7 }));
      const handler = as(issued.token);
      const session = v.parse(StaffSessionSchema, await handler.staff!.me());
      expect(session.member).toMatchObject({ id: member.id, departmentId: 'tribunal-baishi' });
      expect(session.token.expiresAt).toBe(issued.info.expiresAt);
      expect((await handler.staff!.listCases()).items).toEqual([]);

      const list = await client.staff.listMembers({ role: 'department_handler', department: 'tribunal-baishi' });
      expect(list.items.map((m) => m.id)).toEqual([member.id]);
      const detail = v.parse(StaffMemberDetailSchema, await client.staff.getMember(member.id));
      expect(detail.tokens.map((t) => t.id)).toEqual([issued.info.id]);
      expect(detail.tokens[0]?.lastUsedAt).toBeDefined();

      const moved = await client.staff.updateMember(member.id, {
        name: '白石法庭 陈',
        role: 'department_handler',
        departmentId: 'court',
      });
      expect(moved.departmentId).toBe('court');
      expect((await handler.staff!.me()).member.departmentId).toBe('court');

      await client.staff.revokeToken(member.id, issued.info.id);
      const refused = await handler.staff!.me().catch((e: unknown) => e);
      expect(isJiefenError(refused) && refused.kinds).toContain('forbidden');
      expect(isJiefenError(refused) && 'status' in refused && refused.status).toBe(401);

      const second = await client.staff.issueToken(member.id);
      await client.staff.disableMember(member.id, '调岗');
      expect(
        await as(second.token)
          .staff!.me()
          .catch((e: unknown) => isJiefenError(e)),
      ).toBe(true);
      const reenabled = await client.staff.enableMember(member.id);
      expect(reenabled.disabledAt).toBeUndefined();

      const audit = await client.staff.auditLog({ member: member.id });
      expect(audit.items.map((e) => v.parse(StaffAuditEntrySchema, e).action)).toEqual([
        'member.enabled',
        'member.disabled',
        'token.issued',
        'token.revoked',
        'member.updated',
        'token.issued',
        'member.created',
      ]);
    } finally {
      await client.close();
    }
  });

  it('refuses account operations with a non-admin credential (403)', async () => {
    const coordinator = as(await server.staffToken('coordinator'));
    const refused = await coordinator.staff!.createMember({ name: 'x', role: 'coordinator' }).catch((e: unknown) => e);
    expect(isJiefenError(refused) && 'status' in refused && refused.status).toBe(403);
    expect((await coordinator.staff!.me()).member.role).toBe('coordinator');
  });

  it('reports a bad member as validation issues, in the contract shape', async () => {
    const error = await admin
      .staff!.createMember({ name: 'x', role: 'department_handler', departmentId: 'nowhere' })
      .catch((e: unknown) => e);
    expect(isJiefenError(error) && error.kinds).toContain('validation');
    expect((error as { issues: Array<{ path: string; key: string }> }).issues).toEqual([
      { path: 'departmentId', key: 'validation.unknown_department', params: {} },
    ]);
  });

  it('is declared unsupported by the local backend, which has no credentials to manage', async () => {
    const local = createLocalBackend();
    expect(local.capabilities.staffAccounts).toBe(false);
    await local.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() });
    for (const call of [() => local.staff.me(), () => local.staff.listMembers(), () => local.staff.auditLog()]) {
      expect(isJiefenUnsupportedError(await call().catch((e: unknown) => e))).toBe(true);
    }
  });
});

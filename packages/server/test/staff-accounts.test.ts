import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IssuedStaffTokenSchema,
  StaffAuditEntrySchema,
  StaffMemberDetailSchema,
  StaffMemberSchema,
  StaffSessionSchema,
} from '@jiefen/core';
import { QINGSHAN_DEMO_HANDLER_DEPARTMENTS, qingshanTenant } from '@jiefen/core/demo';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStaffBanner, seedDemoStaff } from '../src/demo-staff.js';
import { ENGINES, fileCase, type Harness, newKey, staff, startHarness, tenant, transition } from './support/harness.js';

const DAY = 86_400_000;

describe.each(ENGINES)('staff accounts on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  const admin = () => staff(h, 'admin');
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  async function createMember(body: Record<string, unknown>) {
    const created = await h.request('POST', '/api/v1/staff/members', { body, headers: admin() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return v.parse(StaffMemberSchema, created.body);
  }
  async function issueToken(memberId: string, body: Record<string, unknown> = {}) {
    const issued = await h.request('POST', `/api/v1/staff/members/${memberId}/tokens`, { body, headers: admin() });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    return v.parse(IssuedStaffTokenSchema, issued.body);
  }

  it('gives a second department its own handler, who acts for that department only', async () => {
    const member = await createMember({
      name: '松林司法所 王敏',
      role: 'department_handler',
      departmentId: 'justice-songlin',
      contact: { phone: '0751-888 1234', email: 'wangmin@songlin.example.cn' },
    });
    expect(member).toMatchObject({ role: 'department_handler', departmentId: 'justice-songlin' });
    expect(member.contact?.phone).toBe('07518881234');
    const { token, info } = await issueToken(member.id, { label: 'desk 2', expiresInDays: 30 });
    expect(info).toMatchObject({ memberId: member.id, label: 'desk 2', status: 'active' });
    expect(Date.parse(info.expiresAt!) - h.clock.now().getTime()).toBe(30 * DAY);

    const filed = await fileCase(h);
    await transition(h, filed.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
    await transition(h, filed.caseNumber, 'coordinator', { type: 'risk.assess', level: 'low' });
    await transition(h, filed.caseNumber, 'coordinator', {
      type: 'routing.route',
      complexity: 'simple',
      level: 'village',
      departmentIds: ['justice-songlin'],
    });
    const acknowledged = await h.request('POST', `/api/v1/staff/cases/${filed.caseNumber}/transitions`, {
      body: { type: 'department.acknowledge', departmentId: 'justice-songlin' },
      headers: bearer(token),
    });
    expect(acknowledged.status).toBe(200);
    // The trail records the member, not the token.
    expect(acknowledged.body.timeline.at(-1).actor).toEqual({
      role: 'department_handler',
      departmentId: 'justice-songlin',
      id: member.id,
    });
    // The harness's handler (labour bureau) is not on this case.
    const other = await h.request('GET', `/api/v1/staff/cases/${filed.caseNumber}`, {
      headers: staff(h, 'department_handler'),
    });
    expect(other.status).toBe(404);

    const me = await h.request('GET', '/api/v1/staff/me', { headers: bearer(token) });
    expect(me.status).toBe(200);
    expect(v.parse(StaffSessionSchema, me.body).member.id).toBe(member.id);
    const detail = await h.request('GET', `/api/v1/staff/members/${member.id}`, { headers: admin() });
    const parsed = v.parse(StaffMemberDetailSchema, detail.body);
    expect(parsed.tokens).toHaveLength(1);
    expect(parsed.tokens[0]?.lastUsedAt).toBe(h.clock.now().toISOString());
    expect(JSON.stringify(detail.body)).not.toContain(token);
  });

  it('lists members by role and department', async () => {
    const member = await createMember({ name: '法院 联络员', role: 'department_handler', departmentId: 'court' });
    const list = await h.request('GET', '/api/v1/staff/members?role=department_handler&department=court', {
      headers: admin(),
    });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.map((m: { id: string }) => m.id)).toContain(member.id);
    expect(list.body.items.every((m: { departmentId?: string }) => m.departmentId === 'court')).toBe(true);
    for (const item of list.body.items) v.parse(StaffMemberSchema, item);
  });

  it('refuses a handler without a department, a department the tenant lacks, and unknown fields', async () => {
    const post = (body: unknown) =>
      h.request('POST', '/api/v1/staff/members', { body, headers: { ...admin(), 'accept-language': 'en' } });
    const before = (await h.request('GET', '/api/v1/staff/members', { headers: admin() })).body.items.length;
    const noDepartment = await post({ name: '无部门', role: 'department_handler' });
    expect(noDepartment.status).toBe(422);
    expect(noDepartment.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['departmentId']);
    const unknown = await post({ name: '虚构', role: 'department_handler', departmentId: 'atlantis' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.issues).toEqual([
      { path: 'departmentId', key: 'validation.unknown_department', params: {} },
    ]);
    const coordinatorWithDepartment = await post({ name: '协调', role: 'coordinator', departmentId: 'court' });
    expect(coordinatorWithDepartment.status).toBe(422);
    const extra = await post({ name: '多余', role: 'coordinator', password: 'x' });
    expect(extra.status).toBe(422);
    const badRole = await post({ name: '超管', role: 'root' });
    expect(badRole.status).toBe(422);
    expect((await h.request('GET', '/api/v1/staff/members', { headers: admin() })).body.items.length).toBe(before);
  });

  it('applies a role change to existing tokens at once', async () => {
    const member = await createMember({ name: '李 协调', role: 'coordinator' });
    const { token } = await issueToken(member.id);
    const filed = await fileCase(h);
    const verify = () => h.request('GET', `/api/v1/staff/cases/${filed.caseNumber}/verify`, { headers: bearer(token) });
    expect((await verify()).status).toBe(403);
    const updated = await h.request('PUT', `/api/v1/staff/members/${member.id}`, {
      body: { name: '李 督办', role: 'supervisor' },
      headers: admin(),
    });
    expect(updated.status).toBe(200);
    expect(updated.body.role).toBe('supervisor');
    expect((await verify()).status).toBe(200);
  });

  it('stops every token of a disabled member; enabling does not revive them', async () => {
    const member = await createMember({ name: '赵 受理', role: 'intake_officer' });
    const first = await issueToken(member.id);
    const second = await issueToken(member.id);
    const queue = (token: string) => h.request('GET', '/api/v1/staff/cases', { headers: bearer(token) });
    expect((await queue(first.token)).status).toBe(200);
    const disabled = await h.request('POST', `/api/v1/staff/members/${member.id}/disable`, {
      body: { reason: '调离' },
      headers: admin(),
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).toBe(h.clock.now().toISOString());
    for (const token of [first.token, second.token]) {
      const refused = await queue(token);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('unauthorized');
    }
    const noToken = await h.request('POST', `/api/v1/staff/members/${member.id}/tokens`, {
      body: {},
      headers: admin(),
    });
    expect(noToken.status).toBe(409);
    const listed = await h.request('GET', '/api/v1/staff/members', { headers: admin() });
    expect(listed.body.items.map((m: { id: string }) => m.id)).not.toContain(member.id);
    const all = await h.request('GET', '/api/v1/staff/members?includeDisabled=true', { headers: admin() });
    expect(all.body.items.map((m: { id: string }) => m.id)).toContain(member.id);

    const enabled = await h.request('POST', `/api/v1/staff/members/${member.id}/enable`, {
      body: {},
      headers: admin(),
    });
    expect(enabled.status).toBe(200);
    expect(enabled.body.disabledAt).toBeUndefined();
    expect((await queue(first.token)).status).toBe(401);
    expect((await queue((await issueToken(member.id)).token)).status).toBe(200);
  });

  it('revokes one token and refuses an expired one with 401 saying it expired', async () => {
    const member = await createMember({ name: '钱 督办', role: 'supervisor' });
    const kept = await issueToken(member.id, { expiresInDays: 1 });
    const revoked = await issueToken(member.id);
    const queue = (token: string) =>
      h.request('GET', '/api/v1/staff/cases', { headers: { ...bearer(token), 'accept-language': 'en' } });
    const revoke = await h.request('POST', `/api/v1/staff/members/${member.id}/tokens/${revoked.info.id}/revoke`, {
      headers: admin(),
      body: {},
    });
    expect(revoke.status).toBe(200);
    expect(revoke.body.status).toBe('revoked');
    expect((await queue(revoked.token)).status).toBe(401);
    expect((await queue(kept.token)).status).toBe(200);

    h.clock.advance(DAY);
    const expired = await queue(kept.token);
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ code: 'unauthorized', messageKey: 'server.token_expired' });
    expect(expired.body.error.message).toContain('expired');
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
    const detail = await h.request('GET', `/api/v1/staff/members/${member.id}`, { headers: admin() });
    const statuses = Object.fromEntries(
      detail.body.tokens.map((t: { id: string; status: string }) => [t.id, t.status]),
    );
    expect(statuses).toEqual({ [kept.info.id]: 'expired', [revoked.info.id]: 'revoked' });
    const tooLong = await h.request('POST', `/api/v1/staff/members/${member.id}/tokens`, {
      body: { expiresInDays: 366 },
      headers: admin(),
    });
    expect(tooLong.status).toBe(422);
  });

  it('writes every change to the audit log: who, what, when, and never a token', async () => {
    const member = await createMember({ name: '孙 审计', role: 'coordinator' });
    const issued = await issueToken(member.id, { label: 'audit' });
    await h.request('PUT', `/api/v1/staff/members/${member.id}`, {
      body: { name: '孙 审计', role: 'intake_officer' },
      headers: admin(),
    });
    await h.request('POST', `/api/v1/staff/members/${member.id}/tokens/${issued.info.id}/revoke`, {
      body: {},
      headers: admin(),
    });
    await h.request('POST', `/api/v1/staff/members/${member.id}/disable`, { body: {}, headers: admin() });
    const log = await h.request('GET', `/api/v1/staff/audit?member=${member.id}`, { headers: admin() });
    expect(log.status).toBe(200);
    const entries = log.body.items.map((e: unknown) => v.parse(StaffAuditEntrySchema, e));
    expect(entries.map((e: { action: string }) => e.action)).toEqual([
      'member.disabled',
      'token.revoked',
      'member.updated',
      'token.issued',
      'member.created',
    ]);
    const adminSession = (await h.request('GET', '/api/v1/staff/me', { headers: admin() })).body;
    for (const entry of entries) {
      expect(entry.actor).toMatchObject({ kind: 'staff', memberId: adminSession.member.id, role: 'admin' });
      expect(entry.at).toBe(h.clock.now().toISOString());
      expect(entry.memberId).toBe(member.id);
    }
    expect(entries[2].details).toMatchObject({ before: { role: 'coordinator' }, after: { role: 'intake_officer' } });
    expect(JSON.stringify(log.body)).not.toContain(issued.token);
    const paged = await h.request('GET', '/api/v1/staff/audit?limit=2', { headers: admin() });
    expect(paged.body.items).toHaveLength(2);
    const next = await h.request('GET', `/api/v1/staff/audit?limit=2&cursor=${paged.body.nextCursor}`, {
      headers: admin(),
    });
    expect(next.body.items[0].id).toBeLessThan(paged.body.items[1].id);
  });

  it('will not let an administrator lock themselves out, nor reach another tenant’s members', async () => {
    const self = (await h.request('GET', '/api/v1/staff/me', { headers: admin() })).body.member;
    const disable = await h.request('POST', `/api/v1/staff/members/${self.id}/disable`, {
      body: {},
      headers: admin(),
    });
    expect(disable.status).toBe(403);
    expect(disable.body.error.messageKey).toBe('server.own_account');
    const demote = await h.request('PUT', `/api/v1/staff/members/${self.id}`, {
      body: { name: self.name, role: 'coordinator' },
      headers: admin(),
    });
    expect(demote.status).toBe(403);
    expect((await h.request('GET', '/api/v1/staff/cases', { headers: admin() })).status).toBe(200);

    const foreign = await h.app.jiefen.staffTokens.issue({
      tenantId: 'elsewhere',
      role: 'admin',
      name: 'other admin',
      now: h.clock.now(),
    });
    const member = await createMember({ name: '本区 成员', role: 'coordinator' });
    const peek = await h.request('GET', `/api/v1/staff/members/${member.id}`, { headers: bearer(foreign.token) });
    expect(peek.status).toBe(404);
    const list = await h.request('GET', '/api/v1/staff/members', { headers: bearer(foreign.token) });
    expect(list.body.items.map((m: { id: string }) => m.id)).not.toContain(member.id);
  });

  it('replays a keyed member creation instead of creating the member twice', async () => {
    const key = newKey();
    const body = { name: '周 重试', role: 'coordinator' };
    const first = await h.request('POST', '/api/v1/staff/members', {
      body,
      headers: { ...admin(), 'idempotency-key': key },
    });
    const again = await h.request('POST', '/api/v1/staff/members', {
      body,
      headers: { ...admin(), 'idempotency-key': key },
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const named = (await h.request('GET', '/api/v1/staff/members', { headers: admin() })).body.items.filter(
      (m: { name: string }) => m.name === '周 重试',
    );
    expect(named).toHaveLength(1);
  });

  it('seeds a demo handler for every department the demo loop uses, and keeps their tokens across restarts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jiefen-demo-')), 'demo-staff-tokens.json');
    const accounts = await seedDemoStaff(h.app, tenant, QINGSHAN_DEMO_HANDLER_DEPARTMENTS, file);
    const handlers = accounts.filter((a) => a.role === 'department_handler');
    expect(handlers.map((a) => a.departmentId)).toEqual([...QINGSHAN_DEMO_HANDLER_DEPARTMENTS]);
    expect(accounts.map((a) => a.role)).toEqual(
      expect.arrayContaining(['intake_officer', 'coordinator', 'supervisor', 'admin']),
    );
    for (const account of accounts) {
      const me = await h.request('GET', '/api/v1/staff/me', { headers: bearer(account.token) });
      expect(me.status, account.key).toBe(200);
      expect(me.body.member).toMatchObject({
        role: account.role,
        ...(account.departmentId ? { departmentId: account.departmentId } : {}),
      });
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // A restart prints the same tokens; a revoked one is replaced for the same member.
    const psb = handlers.find((a) => a.departmentId === 'psb')!;
    const session = (await h.request('GET', '/api/v1/staff/me', { headers: bearer(psb.token) })).body;
    await h.request('POST', `/api/v1/staff/members/${psb.memberId}/tokens/${session.token.id}/revoke`, {
      body: {},
      headers: admin(),
    });
    const again = await seedDemoStaff(h.app, tenant, QINGSHAN_DEMO_HANDLER_DEPARTMENTS, file);
    for (const account of again.filter((a) => a.key !== psb.key)) {
      expect(account.token).toBe(accounts.find((a) => a.key === account.key)?.token);
    }
    const renewed = again.find((a) => a.key === psb.key)!;
    expect(renewed.token).not.toBe(psb.token);
    expect(renewed.memberId).toBe(psb.memberId);
    expect(JSON.parse(readFileSync(file, 'utf8'))[psb.key].token).toBe(renewed.token);

    const banner = demoStaffBanner(qingshanTenant, again, 'http://localhost:3000');
    for (const account of again) expect(banner).toContain(account.token);
    expect(banner).toContain('POST http://localhost:3000/api/v1/staff/members');
    expect(banner).toContain('/api/v1/staff/members/<id>/tokens');
    expect(banner).toContain('client.staff.createMember');
    expect(banner).toContain('client.staff.issueToken');
  });
});

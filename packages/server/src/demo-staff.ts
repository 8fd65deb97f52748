import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ACTING_STAFF_ROLES, pickText, STAFF_ROLES, type StaffRole, type TenantConfig } from '@jiefen/core';
import type { FastifyInstance } from 'fastify';

/** One demo account: who it is and the token it signs in with. */
export interface DemoStaffAccount {
  key: string;
  role: StaffRole;
  departmentId?: string;
  name: string;
  memberId: string;
  token: string;
}

/**
 * Demo staff accounts for the demo tenant: one member per role, and a department handler for each
 * department the demo loop calls (`QINGSHAN_DEMO_HANDLER_DEPARTMENTS`). Their tokens are kept in
 * `file` (mode 0600) so a restart prints the same ones; a token that no longer works (revoked,
 * its member disabled, a fresh database) is replaced, and the member reused when it still exists.
 */
export async function seedDemoStaff(
  app: FastifyInstance,
  tenant: TenantConfig,
  handlerDepartments: readonly string[],
  file: string,
): Promise<DemoStaffAccount[]> {
  const saved: Record<string, { memberId?: string; token?: string }> = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : {};
  const wanted: Array<{ key: string; role: StaffRole; departmentId?: string; name: string }> = [
    ...STAFF_ROLES.filter((role) => role !== 'department_handler').map((role) => ({
      key: role,
      role,
      name: `demo ${role}`,
    })),
    ...handlerDepartments.map((departmentId) => {
      const department = tenant.departments.find((d) => d.id === departmentId);
      if (!department) throw new Error(`demo handler for unknown department ${departmentId}`);
      return {
        key: `department_handler:${departmentId}`,
        role: 'department_handler' as const,
        departmentId,
        name: `demo handler · ${pickText(department.name, 'zh-CN')}`,
      };
    }),
  ];
  const now = app.jiefen.clock.now();
  const accounts: DemoStaffAccount[] = [];
  for (const account of wanted) {
    const previous = saved[account.key];
    const working = previous?.token ? await app.jiefen.staffTokens.authenticate(previous.token, now) : undefined;
    if (working && previous?.token) {
      accounts.push({ ...account, memberId: working.memberId, token: previous.token });
      continue;
    }
    const member = previous?.memberId
      ? await app.jiefen.staffAccounts.getMember(tenant.id, previous.memberId)
      : undefined;
    const issued = await app.jiefen.staffTokens.issue({
      tenantId: tenant.id,
      role: account.role,
      name: account.name,
      now,
      label: 'demo',
      ...(account.departmentId ? { departmentId: account.departmentId } : {}),
      ...(member && !member.disabledAt ? { memberId: member.id } : {}),
    });
    accounts.push({ ...account, memberId: issued.principal.memberId, token: issued.token });
  }
  mkdirSync(dirname(file), { recursive: true });
  const toSave = Object.fromEntries(accounts.map((a) => [a.key, { memberId: a.memberId, token: a.token }]));
  writeFileSync(file, JSON.stringify(toSave, null, 2), { mode: 0o600 });
  return accounts;
}

/** The start banner's staff part: the demo tokens, then how to get one for anybody else. */
export function demoStaffBanner(tenant: TenantConfig, accounts: readonly DemoStaffAccount[], baseUrl: string): string {
  const width = Math.max(...accounts.map((a) => a.key.length)) + 2;
  const lines = accounts.map((a) => `  ${a.key.padEnd(width)} ${a.token}`);
  const admin = accounts.find((a) => a.role === 'admin');
  const acting = ACTING_STAFF_ROLES.join(' | ');
  return [
    `Demo tenant: ${tenant.id}`,
    'Demo staff tokens (Authorization: Bearer …):',
    ...lines,
    '',
    'A handler for another department, or any other account: create a member with the admin token, then',
    'issue it a token (shown once; expires in 90 days unless you say otherwise):',
    `  curl -X POST ${baseUrl}/api/v1/staff/members -H 'Authorization: Bearer ${admin?.token ?? '<admin token>'}' \\`,
    `       -H 'Content-Type: application/json' -d '{"name":"…","role":"department_handler","departmentId":"court"}'`,
    `  curl -X POST ${baseUrl}/api/v1/staff/members/<id>/tokens -H 'Authorization: Bearer <admin token>' \\`,
    `       -H 'Content-Type: application/json' -d '{"label":"desk","expiresInDays":30}'`,
    '  or with the SDK: const m = await client.staff.createMember({ name, role, departmentId });',
    '                   const { token } = await client.staff.issueToken(m.id, { expiresInDays: 30 });',
    `  roles: ${acting} | admin; departments: GET ${baseUrl}/api/v1/tenants/${tenant.id}/config`,
    '',
  ].join('\n');
}

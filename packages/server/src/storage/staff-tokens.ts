import { randomUUID } from 'node:crypto';
import { hashToken, newStaffToken } from '../security/credentials.js';
import type { Storage } from './database.js';

/** Staff roles: the core's workflow roles plus the tenant administrator. */
export const STAFF_ROLES = ['intake_officer', 'coordinator', 'department_handler', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffPrincipal {
  tokenId: string;
  tenantId: string;
  role: StaffRole;
  departmentId?: string;
  name: string;
}

export class StaffTokenStore {
  constructor(private readonly storage: Storage) {}

  /** Issue a token; the plain token is returned once and only its hash is stored. */
  async issue(input: {
    tenantId: string;
    role: StaffRole;
    departmentId?: string;
    name: string;
    now: Date;
    token?: string;
  }): Promise<{
    token: string;
    principal: StaffPrincipal;
  }> {
    if (input.role === 'department_handler' && !input.departmentId)
      throw new Error('department handlers need a department');
    const token = input.token ?? newStaffToken();
    const id = randomUUID();
    await this.storage.db
      .insertInto('staff_tokens')
      .values({
        id,
        token_hash: hashToken(token),
        tenant_id: input.tenantId,
        role: input.role,
        department_id: input.departmentId ?? null,
        name: input.name,
        created_at: input.now.toISOString(),
        revoked_at: null,
      })
      .execute();
    return {
      token,
      principal: {
        tokenId: id,
        tenantId: input.tenantId,
        role: input.role,
        name: input.name,
        ...(input.departmentId ? { departmentId: input.departmentId } : {}),
      },
    };
  }

  async authenticate(token: string): Promise<StaffPrincipal | undefined> {
    // Lookup by hash: the database index does the comparison, so no timing leak about the token itself.
    const row = await this.storage.db
      .selectFrom('staff_tokens')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      tokenId: row.id,
      tenantId: row.tenant_id,
      role: row.role as StaffRole,
      name: row.name,
      ...(row.department_id ? { departmentId: row.department_id } : {}),
    };
  }

  async hasToken(token: string): Promise<boolean> {
    return (await this.authenticate(token)) !== undefined;
  }
}

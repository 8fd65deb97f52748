import { STAFF_ROLES, type StaffRole } from '@jiefen/core';
import { hashToken } from '../security/credentials.js';
import type { Storage } from './database.js';
import { type StaffAccountStore, SYSTEM_ACTOR } from './staff-accounts.js';
import { isConcurrencyConflict } from './transactions.js';

// The roles are the core's (the one source); re-exported for the server's own imports.
export { STAFF_ROLES, type StaffRole };

/** Who a request acts as: the token, the member it belongs to, and the member's current role. */
export interface StaffPrincipal {
  tokenId: string;
  memberId: string;
  tenantId: string;
  role: StaffRole;
  departmentId?: string;
  name: string;
}

/** Why a bearer token was refused: all 401, but an expired token gets its own message. */
export type StaffRefusal = 'unknown' | 'expired';

/** How stale `last_used_at` may get before a request writes it again: authentication stays a read. */
const LAST_USE_RESOLUTION_MS = 60_000;

/**
 * Authentication by bearer token. A token works while it is neither revoked nor expired and its
 * member is not disabled; it acts as the member's *current* role and department, so an update or a
 * disable takes effect on the next request.
 */
export class StaffTokenStore {
  constructor(
    private readonly storage: Storage,
    private readonly accounts: StaffAccountStore,
  ) {}

  /**
   * Issue a token from code (demo seeding, tests, scripts): creates a member with this name, role and
   * department, or uses `memberId`. Administrators use the admin routes, which always set an expiry.
   */
  async issue(input: {
    tenantId: string;
    role: StaffRole;
    departmentId?: string;
    name: string;
    now: Date;
    memberId?: string;
    expiresAt?: Date;
    label?: string;
  }): Promise<{ token: string; principal: StaffPrincipal }> {
    if (input.role === 'department_handler' && !input.departmentId)
      throw new Error('department handlers need a department');
    const member =
      input.memberId !== undefined
        ? await this.accounts.getMember(input.tenantId, input.memberId)
        : await this.accounts.createMember(
            input.tenantId,
            {
              name: input.name,
              role: input.role,
              ...(input.departmentId ? { departmentId: input.departmentId } : {}),
            },
            SYSTEM_ACTOR('issued from code'),
            input.now,
          );
    if (!member) throw new Error(`no staff member ${input.memberId}`);
    const issued = await this.accounts.issueToken(
      input.tenantId,
      member.id,
      { label: input.label ?? input.name, ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}) },
      SYSTEM_ACTOR('issued from code'),
      input.now,
    );
    return {
      token: issued.token,
      principal: {
        tokenId: issued.info.id,
        memberId: member.id,
        tenantId: member.tenantId,
        role: member.role,
        name: member.name,
        ...(member.departmentId ? { departmentId: member.departmentId } : {}),
      },
    };
  }

  /** The principal of a working token, or why it does not work. */
  async check(token: string, now: Date): Promise<{ principal: StaffPrincipal } | { refused: StaffRefusal }> {
    // Lookup by hash: the database index does the comparison, so no timing leak about the token itself.
    const row = await this.storage.db
      .selectFrom('staff_tokens as t')
      .innerJoin('staff_members as m', 'm.id', 't.member_id')
      .select([
        't.id as token_id',
        't.expires_at',
        't.last_used_at',
        'm.id as member_id',
        'm.tenant_id',
        'm.role',
        'm.department_id',
        'm.name',
      ])
      .where('t.token_hash', '=', hashToken(token))
      .where('t.revoked_at', 'is', null)
      .where('m.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) return { refused: 'unknown' };
    if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) return { refused: 'expired' };
    if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= LAST_USE_RESOLUTION_MS) {
      // Bookkeeping: when another writer holds the database past the busy timeout, the request still
      // goes on (its own write then answers 409 concurrent_update if the writer is still there).
      try {
        await this.storage.db
          .updateTable('staff_tokens')
          .set({ last_used_at: now.toISOString() })
          .where('id', '=', row.token_id)
          .execute();
      } catch (error) {
        if (!isConcurrencyConflict(error)) throw error;
      }
    }
    return {
      principal: {
        tokenId: row.token_id,
        memberId: row.member_id,
        tenantId: row.tenant_id,
        role: row.role as StaffRole,
        name: row.name,
        ...(row.department_id ? { departmentId: row.department_id } : {}),
      },
    };
  }

  async authenticate(token: string, now: Date = new Date()): Promise<StaffPrincipal | undefined> {
    const result = await this.check(token, now);
    return 'principal' in result ? result.principal : undefined;
  }

  async hasToken(token: string, now: Date = new Date()): Promise<boolean> {
    return (await this.authenticate(token, now)) !== undefined;
  }
}

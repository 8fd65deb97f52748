import { randomUUID } from 'node:crypto';
import type {
  StaffAuditAction,
  StaffAuditActor,
  StaffAuditEntry,
  StaffContact,
  StaffMember,
  StaffRole,
  StaffToken,
} from '@jiefen/core';
import type { Selectable, Transaction } from 'kysely';
import { hashToken, newStaffToken } from '../security/credentials.js';
import type { Storage } from './database.js';
import type { Database, StaffAuditTable, StaffMembersTable, StaffTokensTable } from './schema.js';
import { inTransaction, type WriteTransaction } from './transactions.js';

export const SYSTEM_ACTOR = (reason: string): StaffAuditActor => ({ kind: 'system', reason });

/** What an account change writes: already validated (schema, tenant's departments) by the route. */
export interface MemberFields {
  name: string;
  role: StaffRole;
  departmentId?: string;
  contact?: StaffContact;
}

type MemberRow = Selectable<StaffMembersTable>;
type TokenRow = Selectable<StaffTokensTable>;

function memberView(row: MemberRow): StaffMember {
  const contact = row.contact ? (JSON.parse(row.contact) as StaffContact) : undefined;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    role: row.role as StaffRole,
    ...(row.department_id ? { departmentId: row.department_id } : {}),
    ...(contact && Object.keys(contact).length > 0 ? { contact } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.disabled_at ? { disabledAt: row.disabled_at } : {}),
  };
}

function tokenView(row: TokenRow, now: Date): StaffToken {
  const expired = row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime();
  return {
    id: row.id,
    memberId: row.member_id ?? '',
    label: row.name,
    createdAt: row.created_at,
    ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
    ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
    ...(row.revoked_at ? { revokedAt: row.revoked_at } : {}),
    status: row.revoked_at ? 'revoked' : expired ? 'expired' : 'active',
  };
}

function auditView(row: Selectable<StaffAuditTable>): StaffAuditEntry {
  return {
    id: Number(row.id),
    at: row.at,
    actor: JSON.parse(row.actor) as StaffAuditActor,
    action: row.action as StaffAuditAction,
    ...(row.member_id ? { memberId: row.member_id } : {}),
    ...(row.token_id ? { tokenId: row.token_id } : {}),
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

const memberFields = (m: MemberFields) => ({
  name: m.name,
  role: m.role,
  department_id: m.departmentId ?? null,
  contact: m.contact && Object.keys(m.contact).length > 0 ? JSON.stringify(m.contact) : null,
});

/**
 * Staff accounts of each tenant: members, their tokens (only a sha256 of each is stored: tokens are
 * 256 random bits, see security/credentials.ts) and the audit log. Every change and its audit entry
 * are one transaction, so the log never misses a change nor records one that did not happen.
 */
export class StaffAccountStore {
  constructor(private readonly storage: Storage) {}

  async #audit(
    trx: Transaction<Database>,
    tenantId: string,
    actor: StaffAuditActor,
    action: StaffAuditAction,
    now: Date,
    target: { memberId?: string; tokenId?: string },
    details: Record<string, unknown>,
  ): Promise<void> {
    await trx
      .insertInto('staff_audit')
      .values({
        tenant_id: tenantId,
        at: now.toISOString(),
        actor: JSON.stringify(actor),
        action,
        member_id: target.memberId ?? null,
        token_id: target.tokenId ?? null,
        details: JSON.stringify(details),
      })
      .execute();
  }

  async createMember(
    tenantId: string,
    fields: MemberFields,
    actor: StaffAuditActor,
    now: Date,
    tx?: WriteTransaction,
  ): Promise<StaffMember> {
    const iso = now.toISOString();
    const row: MemberRow = {
      id: randomUUID(),
      tenant_id: tenantId,
      ...memberFields(fields),
      created_at: iso,
      updated_at: iso,
      disabled_at: null,
    };
    await inTransaction(this.storage, tx, async ({ trx }) => {
      await trx.insertInto('staff_members').values(row).execute();
      await this.#audit(trx, tenantId, actor, 'member.created', now, { memberId: row.id }, { after: memberView(row) });
    });
    return memberView(row);
  }

  async listMembers(
    tenantId: string,
    filters: { role?: StaffRole; departmentId?: string; includeDisabled?: boolean } = {},
  ): Promise<StaffMember[]> {
    let query = this.storage.db.selectFrom('staff_members').selectAll().where('tenant_id', '=', tenantId);
    if (filters.role) query = query.where('role', '=', filters.role);
    if (filters.departmentId) query = query.where('department_id', '=', filters.departmentId);
    if (!filters.includeDisabled) query = query.where('disabled_at', 'is', null);
    return (await query.orderBy('name').orderBy('id').execute()).map(memberView);
  }

  async getMember(tenantId: string, id: string): Promise<StaffMember | undefined> {
    const row = await this.#member(this.storage.db, tenantId, id);
    return row ? memberView(row) : undefined;
  }

  async #member(db: Storage['db'] | Transaction<Database>, tenantId: string, id: string) {
    return db
      .selectFrom('staff_members')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Replace a member's name, role, department and contact. Undefined when there is no such member. */
  async updateMember(
    tenantId: string,
    id: string,
    fields: MemberFields,
    actor: StaffAuditActor,
    now: Date,
    tx?: WriteTransaction,
  ): Promise<StaffMember | undefined> {
    return inTransaction(this.storage, tx, async ({ trx }) => {
      const before = await this.#member(trx, tenantId, id);
      if (!before) return undefined;
      const after: MemberRow = { ...before, ...memberFields(fields), updated_at: now.toISOString() };
      await trx
        .updateTable('staff_members')
        .set({ ...memberFields(fields), updated_at: after.updated_at })
        .where('id', '=', id)
        .execute();
      await this.#audit(
        trx,
        tenantId,
        actor,
        'member.updated',
        now,
        { memberId: id },
        {
          before: memberView(before),
          after: memberView(after),
        },
      );
      return memberView(after);
    });
  }

  /**
   * Disable (or enable again) a member. Disabling also revokes every token still working, so enabling
   * a member later does not bring old tokens back: they get new ones.
   */
  async setDisabled(
    tenantId: string,
    id: string,
    disabled: boolean,
    actor: StaffAuditActor,
    now: Date,
    reason?: string,
    tx?: WriteTransaction,
  ): Promise<StaffMember | undefined> {
    const iso = now.toISOString();
    return inTransaction(this.storage, tx, async ({ trx }) => {
      const before = await this.#member(trx, tenantId, id);
      if (!before) return undefined;
      if ((before.disabled_at !== null) === disabled) return memberView(before);
      const disabledAt = disabled ? iso : null;
      await trx
        .updateTable('staff_members')
        .set({ disabled_at: disabledAt, updated_at: iso })
        .where('id', '=', id)
        .execute();
      let revoked: string[] = [];
      if (disabled) {
        const open = await trx
          .selectFrom('staff_tokens')
          .select('id')
          .where('member_id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
        revoked = open.map((t) => t.id);
        if (revoked.length > 0)
          await trx.updateTable('staff_tokens').set({ revoked_at: iso }).where('id', 'in', revoked).execute();
      }
      await this.#audit(
        trx,
        tenantId,
        actor,
        disabled ? 'member.disabled' : 'member.enabled',
        now,
        { memberId: id },
        { ...(disabled ? { revokedTokenIds: revoked } : {}), ...(reason ? { reason } : {}) },
      );
      return memberView({ ...before, disabled_at: disabledAt, updated_at: iso });
    });
  }

  /** Issue a token for a member; the plain token is answered once and only its hash is kept. */
  async issueToken(
    tenantId: string,
    memberId: string,
    input: { label?: string; expiresAt?: Date },
    actor: StaffAuditActor,
    now: Date,
    tx?: WriteTransaction,
  ): Promise<{ token: string; info: StaffToken }> {
    const token = newStaffToken();
    return inTransaction(this.storage, tx, async ({ trx }) => {
      const member = await this.#member(trx, tenantId, memberId);
      if (!member) throw new Error(`no staff member ${memberId}`);
      const row: TokenRow = {
        id: randomUUID(),
        token_hash: hashToken(token),
        member_id: memberId,
        tenant_id: tenantId,
        role: member.role,
        department_id: member.department_id,
        name: input.label ?? member.name,
        created_at: now.toISOString(),
        expires_at: input.expiresAt ? input.expiresAt.toISOString() : null,
        last_used_at: null,
        revoked_at: null,
      };
      await trx.insertInto('staff_tokens').values(row).execute();
      await this.#audit(
        trx,
        tenantId,
        actor,
        'token.issued',
        now,
        { memberId, tokenId: row.id },
        {
          label: row.name,
          ...(row.expires_at ? { expiresAt: row.expires_at } : {}),
        },
      );
      return { token, info: tokenView(row, now) };
    });
  }

  async listTokens(tenantId: string, memberId: string, now: Date): Promise<StaffToken[]> {
    const rows = await this.storage.db
      .selectFrom('staff_tokens')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('member_id', '=', memberId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => tokenView(row, now));
  }

  async getToken(tenantId: string, tokenId: string, now: Date): Promise<StaffToken | undefined> {
    const row = await this.storage.db
      .selectFrom('staff_tokens')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', tokenId)
      .executeTakeFirst();
    return row ? tokenView(row, now) : undefined;
  }

  /** Revoke one token of a member. Revoking a revoked token changes nothing (and logs nothing). */
  async revokeToken(
    tenantId: string,
    memberId: string,
    tokenId: string,
    actor: StaffAuditActor,
    now: Date,
    tx?: WriteTransaction,
  ): Promise<StaffToken | undefined> {
    return inTransaction(this.storage, tx, async ({ trx }) => {
      const row = await trx
        .selectFrom('staff_tokens')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('member_id', '=', memberId)
        .where('id', '=', tokenId)
        .executeTakeFirst();
      if (!row) return undefined;
      if (row.revoked_at) return tokenView(row, now);
      const revokedAt = now.toISOString();
      await trx.updateTable('staff_tokens').set({ revoked_at: revokedAt }).where('id', '=', tokenId).execute();
      await this.#audit(trx, tenantId, actor, 'token.revoked', now, { memberId, tokenId }, { label: row.name });
      return tokenView({ ...row, revoked_at: revokedAt }, now);
    });
  }

  /** The audit log, newest first; `before` is the `id` of the last entry of the previous page. */
  async audit(
    tenantId: string,
    filters: { memberId?: string; before?: number; limit: number },
  ): Promise<StaffAuditEntry[]> {
    let query = this.storage.db.selectFrom('staff_audit').selectAll().where('tenant_id', '=', tenantId);
    if (filters.memberId) query = query.where('member_id', '=', filters.memberId);
    if (filters.before !== undefined) query = query.where('id', '<', filters.before);
    return (await query.orderBy('id', 'desc').limit(filters.limit).execute()).map(auditView);
  }
}

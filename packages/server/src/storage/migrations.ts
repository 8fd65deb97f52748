import { randomUUID } from 'node:crypto';
import { caseSummary, restoreCase } from '@jiefen/core';
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Engine } from './database.js';

/**
 * Migrations in code, applied in name order by Kysely's migrator. The few type differences between
 * engines (binary column, auto-increment key) are chosen here once, not scattered through queries.
 */
function migrations(engine: Engine): Record<string, Migration> {
  const binary = engine === 'postgres' ? 'bytea' : 'blob';
  return {
    '0001_initial': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('tenants')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('config', 'text', (c) => c.notNull())
          .addColumn('allowed_origins', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('cases')
          .addColumn('case_number', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('snapshot', 'text', (c) => c.notNull())
          .addColumn('access_code_hash', 'text', (c) => c.notNull())
          .addColumn('tracking_token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('stage', 'text', (c) => c.notNull())
          .addColumn('level', 'text')
          .addColumn('risk_level', 'text')
          .addColumn('department_ids', 'text', (c) => c.notNull())
          .addColumn('overdue', 'integer', (c) => c.notNull())
          .addColumn('next_due_at', 'text')
          .addColumn('filed_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('last_seq', 'integer', (c) => c.notNull())
          .addColumn('head_hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('cases_tenant_filed').on('cases').columns(['tenant_id', 'filed_at']).execute();
        await db.schema.createIndex('cases_next_due').on('cases').column('next_due_at').execute();

        await db.schema
          .createTable('events')
          .addColumn('stream_id', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('visibility', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('events_pk', ['stream_id', 'seq'])
          .execute();

        await db.schema
          .createTable('consultations')
          .addColumn('consultation_number', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('snapshot', 'text', (c) => c.notNull())
          .addColumn('access_code_hash', 'text', (c) => c.notNull())
          .addColumn('tracking_token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('filed_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('last_seq', 'integer', (c) => c.notNull())
          .addColumn('head_hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('consultations_tenant_filed')
          .on('consultations')
          .columns(['tenant_id', 'filed_at'])
          .execute();

        await db.schema
          .createTable('idempotency_keys')
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('idempotency_key', 'text', (c) => c.notNull())
          .addColumn('request_hash', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('response_status', 'integer')
          .addColumn('response_body', 'text')
          .addColumn('holds_secret', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'idempotency_key'])
          .execute();
        await db.schema.createIndex('idempotency_keys_expiry').on('idempotency_keys').column('expires_at').execute();

        await db.schema
          .createTable('staff_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('department_id', 'text')
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();

        await db.schema
          .createTable('webhooks')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('secret', 'text', (c) => c.notNull())
          .addColumn('active', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('webhook_deliveries')
          .addColumn('id', engine === 'postgres' ? 'bigserial' : 'integer', (c) =>
            engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('webhook_id', 'text', (c) => c.notNull())
          .addColumn('stream_id', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('event_type', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('last_status_code', 'integer')
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('delivered_at', 'text')
          .execute();
        await db.schema
          .createIndex('webhook_deliveries_due')
          .on('webhook_deliveries')
          .columns(['status', 'next_attempt_at'])
          .execute();

        await db.schema
          .createTable('uploads')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('media_type', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('content', binary, (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    // Both engines get the table, so switching `rateLimit.store` needs no migration; only the database store
    // writes it. UNLOGGED on PostgreSQL: counters need no crash durability, and a logged table would make
    // every lookup a WAL flush (the table is emptied after a crash and not copied to standbys: limits restart).
    '0002_rate_limit_windows': {
      async up(db: Kysely<any>) {
        const table = db.schema.createTable('rate_limit_windows');
        await (engine === 'postgres' ? table.modifyFront(sql`unlogged`) : table)
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('window_start', 'bigint', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('rate_limit_windows_pk', ['key', 'window_start'])
          .execute();
        // The sweep deletes by window start alone.
        await db.schema
          .createIndex('rate_limit_windows_start')
          .on('rate_limit_windows')
          .column('window_start')
          .execute();
      },
    },
    // Queue filters for 催办 and 督办 apart from `overdue`. Both are facts of the snapshot alone (not of
    // the time), so existing rows are filled from their snapshots here.
    'srv-staff_0001_case_supervision_columns': {
      async up(db: Kysely<any>) {
        await db.schema
          .alterTable('cases')
          .addColumn('urged', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('cases')
          .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        const now = new Date().toISOString();
        const rows = await db.selectFrom('cases').select(['case_number', 'snapshot']).execute();
        for (const row of rows as Array<{ case_number: string; snapshot: string }>) {
          const summary = caseSummary(restoreCase(JSON.parse(row.snapshot)), now);
          if (!summary.urged && !summary.escalated) continue;
          await db
            .updateTable('cases')
            .set({ urged: summary.urged ? 1 : 0, escalated: summary.escalated ? 1 : 0 })
            .where('case_number', '=', row.case_number)
            .execute();
        }
      },
    },
    // Staff accounts: members (name, role, department, contact), their tokens (hashed, expiring, with
    // last use) and an audit log of every change. Tokens issued before accounts existed each get a member.
    'srv-staff_0002_staff_accounts': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('staff_members')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('department_id', 'text')
          .addColumn('contact', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('disabled_at', 'text')
          .execute();
        await db.schema
          .createIndex('staff_members_tenant')
          .on('staff_members')
          .columns(['tenant_id', 'name'])
          .execute();
        await db.schema.alterTable('staff_tokens').addColumn('member_id', 'text').execute();
        await db.schema.alterTable('staff_tokens').addColumn('expires_at', 'text').execute();
        await db.schema.alterTable('staff_tokens').addColumn('last_used_at', 'text').execute();
        await db.schema.createIndex('staff_tokens_member').on('staff_tokens').column('member_id').execute();
        const tokens = await db.selectFrom('staff_tokens').selectAll().execute();
        for (const token of tokens as Array<Record<string, string | null>>) {
          const memberId = randomUUID();
          await db
            .insertInto('staff_members')
            .values({
              id: memberId,
              tenant_id: token.tenant_id,
              name: token.name,
              role: token.role,
              department_id: token.department_id,
              contact: null,
              created_at: token.created_at,
              updated_at: token.created_at,
              disabled_at: null,
            })
            .execute();
          await db.updateTable('staff_tokens').set({ member_id: memberId }).where('id', '=', token.id!).execute();
        }
        await db.schema
          .createTable('staff_audit')
          .addColumn('id', engine === 'postgres' ? 'bigserial' : 'integer', (c) =>
            engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('member_id', 'text')
          .addColumn('token_id', 'text')
          .addColumn('details', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('staff_audit_tenant').on('staff_audit').columns(['tenant_id', 'id']).execute();
      },
    },
  };
}

class CodeMigrationProvider implements MigrationProvider {
  constructor(private readonly engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.engine);
  }
}

/** Apply migrations up to and including `name` (tests of upgrades start from an older schema). */
export async function migrateTo(db: Kysely<any>, engine: Engine, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider: new CodeMigrationProvider(engine), allowUnorderedMigrations: true });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error;
}

/** Bring the schema up to date. Safe to run from several processes: Kysely takes a migration lock. */
export async function migrateToLatest(db: Kysely<any>, engine: Engine): Promise<void> {
  // Branches add migrations independently (each prefixed with its name), so a database may have run
  // one that sorts after a newly merged one: apply those too instead of refusing to start.
  const migrator = new Migrator({ db, provider: new CodeMigrationProvider(engine), allowUnorderedMigrations: true });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

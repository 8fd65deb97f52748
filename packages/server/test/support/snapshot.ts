import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { canonicalJson } from '../../src/storage/hash-chain.js';
import type { Database } from '../../src/storage/schema.js';

/**
 * Tables a refused request must leave as they were. `rate_limit_windows` is left out: every request
 * counts towards a limit, refused or not, by design.
 */
const GUARDED_TABLES: ReadonlyArray<keyof Database> = [
  'tenants',
  'cases',
  'events',
  'consultations',
  'idempotency_keys',
  'staff_tokens',
  'webhooks',
  'webhook_deliveries',
  'uploads',
];

/** Columns that change on reads by design (a token's last use), not by what a request changed. */
const VOLATILE_COLUMN = /last_used/;

/** PostgreSQL: every table's count and hash in one round trip, computed by the server. */
async function postgresSnapshot(app: FastifyInstance): Promise<Record<string, string>> {
  const db = app.jiefen.storage.db;
  const volatile = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and column_name like '%last\_used%'`.execute(db);
  const parts = GUARDED_TABLES.map((table) => {
    const drop = volatile.rows.filter((r) => r.table_name === table).map((r) => r.column_name);
    const row = drop.length ? sql`(to_jsonb(x) - ${sql.val(drop)}::text[])::text` : sql`to_jsonb(x)::text`;
    return sql`select ${table}::text as t, count(*)::int as n,
      md5(coalesce(string_agg(${row}, E'\n' order by ${row}), '')) as h from ${sql.table(table)} x`;
  });
  const result = await sql<{ t: string; n: number; h: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(result.rows.map((r) => [r.t, `${r.n}:${r.h.slice(0, 16)}`]));
}

/** Row count and a content hash per guarded table: equal snapshots mean nothing was written. */
export async function databaseSnapshot(app: FastifyInstance): Promise<Record<string, string>> {
  if (app.jiefen.storage.engine === 'postgres') return postgresSnapshot(app);
  const out: Record<string, string> = {};
  for (const table of GUARDED_TABLES) {
    const rows = (await app.jiefen.storage.db.selectFrom(table).selectAll().execute()) as Array<
      Record<string, unknown>
    >;
    const lines = rows
      .map((row) => {
        const kept = Object.entries(row).filter(([column]) => !VOLATILE_COLUMN.test(column));
        // Buffers (upload bytes) and dates hash by their content.
        return canonicalJson(
          Object.fromEntries(
            kept.map(([k, v]) => [
              k,
              Buffer.isBuffer(v) ? v.toString('base64') : v instanceof Date ? v.toISOString() : v,
            ]),
          ),
        );
      })
      .sort();
    out[table] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}

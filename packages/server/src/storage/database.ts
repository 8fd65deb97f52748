import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export type DatabaseConfig =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; connectionString: string; poolSize?: number };

/** One open database: the Kysely query layer plus what the engine-specific parts need. */
export interface Storage {
  engine: Engine;
  db: Kysely<Database>;
  /** PostgreSQL only: the pool, for LISTEN/NOTIFY on a dedicated client. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

/** Open (and migrate) the configured database. */
export async function openStorage(config: DatabaseConfig): Promise<Storage> {
  if (config.engine === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = new SqliteDatabase(config.file);
    // WAL lets readers run while a write commits; NORMAL sync is durable across process crashes in WAL mode.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrateToLatest(db, 'sqlite');
    return { engine: 'sqlite', db, close: () => db.destroy() };
  }
  // Integers come back as numbers: the only bigints are delivery ids, far below 2^53.
  pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
  const pool = new pg.Pool({ connectionString: config.connectionString, max: config.poolSize ?? 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrateToLatest(db, 'postgres');
  return { engine: 'postgres', db, pool, close: () => db.destroy() };
}

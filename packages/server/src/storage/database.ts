import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  type Compilable,
  CompiledQuery,
  Kysely,
  type SqliteDatabase as KyselySqlite,
  PostgresDialect,
  SqliteAdapter,
  type SqliteDialectConfig,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import pg from 'pg';
import { BackgroundCheckpointer, INLINE_CHECKPOINT_BACKSTOP_PAGES } from './checkpointer.js';
import { GroupCommit } from './group-commit.js';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export type DatabaseConfig =
  | {
      engine: 'sqlite';
      file: string;
      /** How long a writer waits for another process's write lock before `409 concurrent_update`. Default 5 000. */
      busyTimeoutMs?: number;
    }
  | {
      engine: 'postgres';
      connectionString: string;
      poolSize?: number;
      /**
       * How long a statement waits for a row lock (a case another request is changing, an idempotency
       * key another process is still working on) before `409`. Default 5 000.
       */
      lockTimeoutMs?: number;
    };

/** One open database: the Kysely query layer plus what the engine-specific parts need. */
export interface Storage {
  engine: Engine;
  db: Kysely<Database>;
  /** PostgreSQL only: the pool, for LISTEN/NOTIFY on a dedicated client. */
  pool?: pg.Pool;
  /** SQLite only: write transactions share commits (see group-commit.ts). */
  groupCommit?: GroupCommit;
  /**
   * A hot read compiled once: `query` is built with placeholder values, its SQL is kept and run with
   * new `parameters` each call. SQLite runs it as a cached statement on a read-only connection (WAL:
   * it sees the last committed state, never a write transaction still open on the writer, and needs
   * no turn on the writer's queue); PostgreSQL as a named prepared statement on each pooled connection.
   */
  preparedRead<Row>(query: Compilable<Row>): (parameters: readonly unknown[]) => Promise<Row | undefined>;
  /**
   * A hot write compiled once, answering its returned rows. SQLite runs it through Kysely on the
   * writer (its statement cache keeps it prepared, and it takes its turn with open transactions rather
   * than joining one); PostgreSQL as a named prepared statement, like `preparedRead`.
   */
  preparedWrite<Row>(query: Compilable<Row>): (parameters: readonly unknown[]) => Promise<Row[]>;
  close(): Promise<void>;
}

/**
 * better-sqlite3 with prepared statements kept by SQL text: Kysely asks for `prepare(sql)` on every
 * query, and preparing was ~13% of a lookup's CPU. Kysely runs one query at a time on the connection,
 * so a cached statement is never in use twice. Bounded; the oldest statement goes first.
 */
function withStatementCache(sqlite: KyselySqlite, max = 500): KyselySqlite {
  const statements = new Map<string, ReturnType<KyselySqlite['prepare']>>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
        if (statements.size > max) statements.delete(statements.keys().next().value as string);
      }
      return statement;
    },
  };
}

/**
 * Write transactions start with `BEGIN IMMEDIATE`: the write lock is taken at the start, so a
 * transaction that reads first (an idempotency key, a case row) can never find its snapshot stale
 * when it comes to write (SQLITE_BUSY_SNAPSHOT, which busy_timeout does not wait out). Kysely's
 * driver opens deferred transactions; this is the same driver with that one statement changed.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: Parameters<SqliteDriver['beginTransaction']>[0]): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

function immediateSqliteDialect(config: SqliteDialectConfig) {
  return {
    createDriver: () => new ImmediateSqliteDriver(config),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createAdapter: () => new SqliteAdapter(),
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
  };
}

/** Open (and migrate) the configured database. `onBackgroundError`: a failed background checkpoint (SQLite). */
export async function openStorage(
  config: DatabaseConfig,
  onBackgroundError: (message: string) => void = (message) => console.error(`jiefen: ${message}`),
): Promise<Storage> {
  if (config.engine === 'sqlite') {
    if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
    const sqlite = new SqliteDatabase(config.file);
    // WAL lets readers run while a write commits; NORMAL sync is durable across process crashes in WAL mode.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(config.busyTimeoutMs ?? 5000))}`);
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: immediateSqliteDialect({ database: withStatementCache(sqlite) }) });
    await migrateToLatest(db, 'sqlite');
    // An in-memory database has no second connection to offer; it reads through the writer.
    const reader =
      config.file === ':memory:' ? sqlite : new SqliteDatabase(config.file, { readonly: true, fileMustExist: true });
    // Checkpoints run on their own connection in a worker, not inside a request's COMMIT (see
    // checkpointer.ts); the writer keeps a far larger inline threshold only as a backstop.
    let checkpointer: BackgroundCheckpointer | undefined;
    if (config.file !== ':memory:') {
      sqlite.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_BACKSTOP_PAGES}`);
      checkpointer = new BackgroundCheckpointer(config.file, onBackgroundError);
    }
    return {
      engine: 'sqlite',
      db,
      groupCommit: new GroupCommit(db, () => sqlite.inTransaction),
      preparedRead<Row>(query: Compilable<Row>) {
        const statement = reader.prepare(query.compile().sql);
        return (parameters) => Promise.resolve(statement.get(parameters) as Row | undefined);
      },
      preparedWrite<Row>(query: Compilable<Row>) {
        const { sql } = query.compile();
        return async (parameters) => [...(await db.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]))).rows];
      },
      close: async () => {
        await checkpointer?.stop();
        if (reader !== sqlite) reader.close();
        await db.destroy();
      },
    };
  }
  // Integers come back as numbers: the only bigints are delivery ids, far below 2^53.
  pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: config.poolSize ?? 10,
    // A session setting, sent once per connection: no round trip per transaction.
    lock_timeout: config.lockTimeoutMs ?? 5000,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrateToLatest(db, 'postgres');
  let prepared = 0;
  const namedStatement = <Row>(query: Compilable<Row>, kind: string) => {
    const text = query.compile().sql;
    const name = `jiefen_${kind}_${++prepared}`;
    return async (parameters: readonly unknown[]) =>
      (await pool.query({ name, text, values: parameters as unknown[] })).rows as Row[];
  };
  return {
    engine: 'postgres',
    db,
    pool,
    preparedRead: (query) => {
      const read = namedStatement(query, 'read');
      return async (parameters) => (await read(parameters))[0];
    },
    preparedWrite: (query) => namedStatement(query, 'write'),
    close: () => db.destroy(),
  };
}

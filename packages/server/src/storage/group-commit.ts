import { CompiledQuery, type ControlledTransaction, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

interface Job {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const SAVEPOINT = CompiledQuery.raw('savepoint jiefen_write');
const RELEASE = CompiledQuery.raw('release jiefen_write');
const ROLLBACK_TO = CompiledQuery.raw('rollback to jiefen_write');

/** Most write transactions one commit carries: bounds how long the first of them waits for its answer. */
export const GROUP_COMMIT_MAX = 32;

/**
 * SQLite group commit. Write transactions that arrive in the same turn of the event loop share one
 * `BEGIN IMMEDIATE … COMMIT`, each inside its own savepoint: a transaction whose work throws is rolled
 * back to its savepoint (nothing of it stays, its caller gets the error), the others go on. Every caller
 * is answered only after the shared COMMIT, so a success is never reported for a change that could
 * still be lost, and if the COMMIT fails (or SQLite rolls the whole transaction back, as it does on a
 * full disk or an I/O error) every transaction of the batch fails and none is applied. Each
 * transaction's atomicity (an idempotency key's claim, its change and stored response together) is
 * therefore kept; a crash before the COMMIT loses only unanswered work, which its client retries.
 *
 * Why: on a filing the COMMIT (writing ~14 pages to the WAL) and BEGIN took a twelfth of the server's
 * CPU, and consecutive filings dirty the same pages (the rowid ends of the tables, the time-ordered
 * indexes), which one commit writes once. SQLite has one writer anyway, so batching costs no concurrency.
 *
 * The batch starts in `setImmediate`, after the event loop has handed over every request that arrived
 * in this poll; transactions queued while a batch runs join it up to `GROUP_COMMIT_MAX`. As with one
 * transaction per write, work must use the `trx` it is given: a write transaction opened from inside
 * another would wait for the batch it is part of.
 */
export class GroupCommit {
  readonly #queue: Job[] = [];
  #scheduled = false;

  constructor(
    private readonly db: Kysely<Database>,
    /** better-sqlite3's `inTransaction`: false after SQLite rolled the transaction back by itself. */
    private readonly inTransaction: () => boolean,
  ) {}

  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#batch();
    } finally {
      // Never left set by a batch that threw: later writes would wait for a drain that never comes.
      this.#scheduled = false;
      if (this.#queue.length > 0) {
        this.#scheduled = true;
        setImmediate(() => void this.#drain());
      }
    }
  }

  async #batch(): Promise<void> {
    let trx: ControlledTransaction<Database>;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (error) {
      // No transaction (another process holds the write lock past busy_timeout): everyone waiting fails.
      for (const job of this.#queue.splice(0, GROUP_COMMIT_MAX)) job.reject(error);
      return;
    }
    const done: Array<{ job: Job; value: unknown }> = [];
    for (let taken = 0; taken < GROUP_COMMIT_MAX && this.#queue.length > 0; taken++) {
      const job = this.#queue.shift()!;
      try {
        await trx.executeQuery(SAVEPOINT);
        const value = await job.work(trx);
        await trx.executeQuery(RELEASE);
        done.push({ job, value });
      } catch (error) {
        job.reject(error);
        if (!this.inTransaction()) return this.#abandon(trx, done, error);
        try {
          await trx.executeQuery(ROLLBACK_TO);
          await trx.executeQuery(RELEASE);
        } catch (rollbackError) {
          return this.#abandon(trx, done, rollbackError);
        }
      }
    }
    try {
      await trx.commit().execute();
    } catch (error) {
      return this.#abandon(trx, done, error);
    }
    for (const { job, value } of done) job.resolve(value);
  }

  /** The shared transaction is lost: roll back what is left of it and fail every transaction it held. */
  async #abandon(trx: ControlledTransaction<Database>, done: Array<{ job: Job }>, error: unknown): Promise<void> {
    // Releases the connection even when SQLite has already rolled back ("no transaction is active").
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    for (const { job } of done) job.reject(error);
  }
}

import type { Transaction } from 'kysely';
import type { Storage } from './database.js';
import type { Database } from './schema.js';

/**
 * One write transaction, handed from the route (which owns the idempotency key) down into the stores,
 * so the key's claim, the change and the stored response commit together or not at all.
 */
export interface WriteTransaction {
  readonly trx: Transaction<Database>;
  /** Run once the transaction has committed, never after a rollback (local change events, view caches). */
  afterCommit(action: () => void): void;
}

/**
 * Another writer holds the row or the database (PostgreSQL lock timeout, serialization failure or
 * deadlock; SQLite busy past its timeout), or the row moved on under us. Nothing was written: the
 * same request, retried with its idempotency key, runs fresh. Answered `409 concurrent_update`.
 */
export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

/** PostgreSQL SQLSTATEs that mean "someone else holds it, try again": serialization, deadlock, lock timeout. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01', '55P03']);

/** Driver errors that say another writer got in the way (nothing of this transaction was kept). */
export function isConcurrencyConflict(error: unknown): boolean {
  if (error instanceof ConcurrentUpdateError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return false;
  return RETRYABLE_SQLSTATES.has(code) || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/**
 * Run `work` in one write transaction (SQLite: a savepoint in a `BEGIN IMMEDIATE` transaction shared with
 * the other writes of this event-loop turn, answered after its COMMIT, see group-commit.ts; PostgreSQL: READ
 * COMMITTED with row locks and the pool's `lock_timeout`). After-commit actions run only on success.
 * A concurrency conflict surfaces as `ConcurrentUpdateError`.
 */
export async function writeTransaction<T>(storage: Storage, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
  const actions: Array<() => void> = [];
  let result: T;
  try {
    const run = (trx: Transaction<Database>) => work({ trx, afterCommit: (action) => void actions.push(action) });
    // SQLite: in a savepoint of a commit shared with the other writes of this turn (group-commit.ts).
    result = storage.groupCommit ? await storage.groupCommit.run(run) : await storage.db.transaction().execute(run);
  } catch (error) {
    if (isConcurrencyConflict(error) && !(error instanceof ConcurrentUpdateError)) {
      throw new ConcurrentUpdateError('another writer got in the way', { cause: error });
    }
    throw error;
  }
  for (const action of actions) action();
  return result;
}

/** Join the caller's transaction when there is one, else open one of our own. */
export function inTransaction<T>(
  storage: Storage,
  tx: WriteTransaction | undefined,
  work: (tx: WriteTransaction) => Promise<T>,
): Promise<T> {
  return tx ? work(tx) : writeTransaction(storage, work);
}

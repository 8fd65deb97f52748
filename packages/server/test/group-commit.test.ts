import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../src/storage/database.js';
import type { Database } from '../src/storage/schema.js';
import { writeTransaction } from '../src/storage/transactions.js';
import { ENGINES, freshDatabase } from './support/harness.js';

// A transaction is a Kysely instance bound to its connection.
const put = (db: Kysely<Database>, id: string) =>
  db
    .insertInto('tenants')
    .values({ id, config: '{}', allowed_origins: '[]', updated_at: '2025-06-02T00:00:00.000Z' })
    .execute();

async function ids(storage: Storage): Promise<string[]> {
  return (await storage.db.selectFrom('tenants').select('id').orderBy('id').execute()).map((r) => r.id);
}

describe.each(ENGINES)('write transactions started together on %s', (engine) => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await openStorage(await freshDatabase(engine));
  });
  afterAll(async () => {
    await storage.close();
  });

  it('keep each one atomic: the one that fails leaves nothing, the others commit with their after-commit actions', async () => {
    const committed: string[] = [];
    const write = (id: string, fail: boolean) =>
      writeTransaction(storage, async (tx) => {
        await put(tx.trx, id);
        await put(tx.trx, `${id}-second`);
        tx.afterCommit(() => committed.push(id));
        if (fail) throw new Error(`refused ${id}`);
        return id;
      });
    const outcomes = await Promise.allSettled([write('a', false), write('b', true), write('c', false)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('refused b'));
    expect(await ids(storage)).toEqual(['a', 'a-second', 'c', 'c-second']);
    expect(committed.sort()).toEqual(['a', 'c']);
    await storage.db.deleteFrom('tenants').execute();
  });
});

describe('SQLite group commit', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await openStorage(await freshDatabase('sqlite'));
  });
  afterAll(async () => {
    await storage.close();
  });
  const committedCount = () =>
    storage.preparedRead<{ n: number }>(
      storage.db.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')),
    );

  it('runs writes of one turn in one transaction and answers them only once it has committed', async () => {
    // The reader connection sees committed rows only: inside the second write, the first write's row
    // is visible through the shared transaction but not yet committed.
    const count = committedCount();
    const seen: Array<{ throughTransaction: number; committed: number }> = [];
    let firstAnswered = false;
    const first = writeTransaction(storage, async (tx) => {
      await put(tx.trx, 'first');
    }).then(() => {
      firstAnswered = true;
    });
    const second = writeTransaction(storage, async (tx) => {
      const through = await tx.trx
        .selectFrom('tenants')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      seen.push({ throughTransaction: Number(through.n), committed: Number((await count([]))?.n) });
      expect(firstAnswered).toBe(false);
      await put(tx.trx, 'second');
    });
    await Promise.all([first, second]);
    expect(seen).toEqual([{ throughTransaction: 1, committed: 0 }]);
    expect(await ids(storage)).toEqual(['first', 'second']);
    await storage.db.deleteFrom('tenants').execute();
  });

  it('fails every write of the batch, and keeps none, when SQLite rolls the shared transaction back', async () => {
    const kept = writeTransaction(storage, async (tx) => {
      await put(tx.trx, 'would-be-kept');
      return 'answered';
    });
    // SQLite ends the whole transaction by itself on some errors (a full disk, an I/O error); a
    // ROLLBACK inside the work stands in for that.
    const lost = writeTransaction(storage, async (tx) => {
      await put(tx.trx, 'lost');
      await sql`rollback`.execute(tx.trx);
      throw new Error('disk full');
    });
    const outcomes = await Promise.allSettled([kept, lost]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await ids(storage)).toEqual([]);
    // The connection is free again: the next write commits.
    await writeTransaction(storage, (tx) => put(tx.trx, 'after'));
    expect(await ids(storage)).toEqual(['after']);
    await storage.db.deleteFrom('tenants').execute();
  });
});

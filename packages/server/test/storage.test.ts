import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compiledStatement } from '../src/storage/compiled.js';
import { openStorage, type Storage } from '../src/storage/database.js';
import { ENGINES, freshDatabase } from './support/harness.js';

describe.each(ENGINES)('storage on %s', (engine) => {
  let storage: Storage;
  afterAll(async () => {
    await storage?.close();
  });
  afterEach(async () => {
    await storage.db.deleteFrom('tenants').execute();
  });

  const put = (db: Storage['db'], id: string) =>
    db
      .insertInto('tenants')
      .values({ id, config: '{}', allowed_origins: '[]', updated_at: '2025-06-02T00:00:00.000Z' })
      .execute();

  it('runs a prepared read with new parameters each time', async () => {
    storage = await openStorage(await freshDatabase(engine));
    const byId = storage.preparedRead(
      storage.db.selectFrom('tenants').select(['id', 'config']).where('id', '=', 'placeholder'),
    );
    await put(storage.db, 'qingshan');
    await put(storage.db, 'baishui');
    expect(await byId(['qingshan'])).toEqual({ id: 'qingshan', config: '{}' });
    expect(await byId(['baishui'])).toEqual({ id: 'baishui', config: '{}' });
    expect(await byId(['placeholder'])).toBeUndefined();
  });

  it('sees committed writes only, never a transaction still open', async () => {
    const byId = storage.preparedRead(storage.db.selectFrom('tenants').select('id').where('id', '=', ''));
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const written = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const transaction = storage.db.transaction().execute(async (trx) => {
      await put(trx, 'uncommitted');
      inserted();
      await held;
    });
    await written;
    expect(await byId(['uncommitted'])).toBeUndefined();
    release();
    await transaction;
    expect(await byId(['uncommitted'])).toEqual({ id: 'uncommitted' });
  });

  it('reuses cached statements across queries of the same shape', async () => {
    for (const id of ['a', 'b', 'c']) await put(storage.db, id);
    const rows = await storage.db.selectFrom('tenants').select('id').where('id', 'in', ['a', 'c']).execute();
    const again = await storage.db.selectFrom('tenants').select('id').where('id', 'in', ['b', 'c']).execute();
    expect(rows.map((r) => r.id).sort()).toEqual(['a', 'c']);
    expect(again.map((r) => r.id).sort()).toEqual(['b', 'c']);
  });

  it("runs a compiled statement with named values, in the caller's transaction, keeping fixed values", async () => {
    const insert = compiledStatement<{ id: string; at: string }>((value) =>
      storage.db
        .insertInto('tenants')
        .values({ id: value('id'), config: '{"fixed":true}', allowed_origins: '[]', updated_at: value('at') })
        .onConflict((oc) => oc.doNothing()),
    );
    // Values given in another order than the columns: they are bound by name.
    const first = await insert(storage.db, { at: '2025-06-02T01:00:00.000Z', id: 'compiled-a' });
    expect(Number(first.numAffectedRows)).toBe(1);
    expect(Number((await insert(storage.db, { id: 'compiled-a', at: 'x' })).numAffectedRows)).toBe(0);
    await expect(
      storage.db.transaction().execute(async (trx) => {
        await insert(trx, { id: 'compiled-rolled-back', at: '2025-06-02T02:00:00.000Z' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const rows = await storage.db.selectFrom('tenants').selectAll().orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'compiled-a', config: '{"fixed":true}', allowed_origins: '[]', updated_at: '2025-06-02T01:00:00.000Z' },
    ]);
  });

  it('refuses a compiled statement run without one of its values, and writes nothing', async () => {
    const insert = compiledStatement<{ id: string; at: string }>((value) =>
      storage.db
        .insertInto('tenants')
        .values({ id: value('id'), config: '{}', allowed_origins: '[]', updated_at: value('at') }),
    );
    await expect(insert(storage.db, { id: 'missing-at' } as never)).rejects.toThrow('no value for at');
    expect(await storage.db.selectFrom('tenants').selectAll().execute()).toEqual([]);
  });
});

import { afterAll, afterEach, describe, expect, it } from 'vitest';
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
});

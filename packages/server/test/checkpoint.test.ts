import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../src/storage/database.js';
import { freshDatabase } from './support/harness.js';

/** Polls until `check` holds (the checkpointer runs on its own timer); fails after `ms`. */
async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('SQLite checkpoints in the background', () => {
  let storage: Storage | undefined;
  afterEach(async () => {
    await storage?.close();
    storage = undefined;
  });

  it('copies committed pages into the database file without the writer checkpointing', async () => {
    const config = await freshDatabase('sqlite');
    if (config.engine !== 'sqlite') throw new Error('expected SQLite');
    storage = await openStorage(config);
    const { file } = config;
    const before = statSync(file).size;
    // About 300 pages of WAL in one commit: under the default inline threshold (1,000) and far
    // under the backstop, so nothing but the background connection copies them into the file.
    const config4k = 'x'.repeat(4000);
    await storage.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 300; i++) {
        await trx
          .insertInto('tenants')
          .values({ id: `t${i}`, config: config4k, allowed_origins: '[]', updated_at: '2025-06-02T01:00:00.000Z' })
          .execute();
      }
    });
    const wal = statSync(`${file}-wal`).size;
    expect(wal).toBeGreaterThan(300 * 4096);
    expect(wal).toBeLessThan(1000 * 4096);
    await eventually(() => statSync(file).size >= before + 300 * 4096);
    expect(
      await storage.db
        .selectFrom('tenants')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
    ).toEqual({ n: 300 });
  });

  it('stops the background connection on close, so the file can be opened again at once', async () => {
    const config = await freshDatabase('sqlite');
    if (config.engine !== 'sqlite') throw new Error('expected SQLite');
    storage = await openStorage(config);
    await storage.db
      .insertInto('tenants')
      .values({ id: 'kept', config: '{}', allowed_origins: '[]', updated_at: '2025-06-02T01:00:00.000Z' })
      .execute();
    await storage.close();
    // The writer closed last and did the final checkpoint: the WAL is gone.
    expect(existsSync(`${config.file}-wal`)).toBe(false);
    storage = await openStorage(config);
    expect(await storage.db.selectFrom('tenants').select('id').execute()).toEqual([{ id: 'kept' }]);
  });
});

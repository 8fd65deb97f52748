import { qingshanSampleFiling } from '@jiefen/core/demo';
import { expect, it } from 'vitest';
import {
  createClient,
  createLocalBackend,
  isJiefenStorageError,
  type LocalStores,
  memoryStorage,
  memoryStores,
} from '../../src/index.js';

it('gives a synchronous snapshot of the outbox that is replaced on every change and found again after a reload', async () => {
  const storage = memoryStorage();
  const backend = createLocalBackend();
  const first = createClient({ backend, storage, outbox: { autoStart: false } });
  expect(first.outbox.getSnapshot()).toEqual([]);
  const before = first.outbox.getSnapshot();
  const status = await first.submitCase(qingshanSampleFiling());
  const saved = first.outbox.getSnapshot();
  expect(saved).not.toBe(before);
  expect(saved.map((s) => [s.id, s.state])).toEqual([[status.id, 'saved']]);
  expect(first.outbox.getSnapshot()).toBe(saved); // unchanged: the same array
  await first.outbox.flush({ force: true });
  expect(first.outbox.getSnapshot().map((s) => s.state)).toEqual(['received']);
  await first.close();

  // A reload: the new page's outbox shows what the last one left once it starts.
  const second = createClient({ backend, storage });
  await second.outbox.list();
  expect(second.outbox.getSnapshot().map((s) => [s.id, s.state])).toEqual([[status.id, 'received']]);
  await second.outbox.remove(status.id);
  expect(second.outbox.getSnapshot()).toEqual([]);
  await second.close();
});

it('treats a stored case the core cannot restore as a storage error, rejected rather than retried', async () => {
  const stores = memoryStores(['cases', 'consultations', 'tokens', 'idempotency', 'uploads']) as LocalStores;
  const backend = createLocalBackend({ stores });
  const client = createClient({ backend, storage: memoryStorage() });
  const receipt = await client.fileCase(qingshanSampleFiling());
  const entries = await stores.cases.entries();
  expect(entries.length).toBe(1);
  const [key, stored] = entries[0]!;
  const damaged = stored as { persisted: { machineVersion: number } };
  await stores.cases.set(key, { ...damaged, persisted: { ...damaged.persisted, machineVersion: 999 } });

  const lookup = await backend.getCase(receipt).catch((error: unknown) => error);
  expect(isJiefenStorageError(lookup)).toBe(true);
  const status = await client.submitCaseAction(receipt, { type: 'resident.withdraw', reason: '已和解' });
  const refused = await client.outbox.waitFor(status.id).catch((error: unknown) => error);
  expect(isJiefenStorageError(refused)).toBe(true);
  expect((await client.outbox.get(status.id))?.state).toBe('rejected');
  expect((await client.outbox.get(status.id))?.lastError?.messageKey).toBe('sdk.error.storage');
  await client.close();
});

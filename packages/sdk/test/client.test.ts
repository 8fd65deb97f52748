import { qingshanSampleFiling } from '@jiefen/core/demo';
import { expect, it } from 'vitest';
import {
  createClient,
  createLocalBackend,
  createRestBackend,
  isJiefenUnsupportedError,
  type JiefenBackend,
  JiefenNetworkError,
  memoryStorage,
} from '../src/index.js';

it('retries a resident action on a transient failure with the same idempotency key', async () => {
  const local = createLocalBackend();
  const keys: Array<string | undefined> = [];
  const backend: JiefenBackend = {
    ...local,
    async sendCaseAction(access, command, options) {
      keys.push(options?.idempotencyKey);
      if (keys.length === 1) throw new JiefenNetworkError('reset');
      return local.sendCaseAction(access, command, options);
    },
  };
  const client = createClient({ backend, storage: memoryStorage() });
  const receipt = await client.fileCase(qingshanSampleFiling());
  const view = await client.withdrawCase(receipt, '已和解');
  expect(view.withdrawnAt).toBeTruthy();
  expect(keys).toHaveLength(2);
  expect(keys[0]).toBe(keys[1]);
  await client.close();
});

it('says clearly when there is no staff credential', async () => {
  const client = createClient({
    backend: createRestBackend({ baseUrl: 'http://127.0.0.1:9', tenant: 'qingshan' }),
    storage: memoryStorage(),
    outbox: { autoStart: false },
  });
  expect(client.capabilities.staff).toBe(false);
  expect(isJiefenUnsupportedError(await client.staff.listCases().catch((e: unknown) => e))).toBe(true);
  await client.close();
});

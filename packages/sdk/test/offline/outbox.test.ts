import 'fake-indexeddb/auto';
import { qingshanSampleFiling } from '@jiefen/core/demo';
import { describe, expect, it } from 'vitest';
import {
  createClient,
  createLocalBackend,
  deviceSealer,
  idbStorage,
  isJiefenValidationError,
  type JiefenBackend,
  JiefenNetworkError,
  memoryStorage,
  Outbox,
  type SubmissionState,
} from '../../src/index.js';

let n = 0;

/** A local backend behind a switch: while `offline`, every filing fails like a dead connection. */
function flakyBackend() {
  const inner = createLocalBackend();
  const state = { offline: true, calls: 0 };
  const backend: JiefenBackend = {
    ...inner,
    kind: 'flaky-local',
    async fileCase(filing, call) {
      state.calls += 1;
      if (state.offline) throw new JiefenNetworkError('offline');
      return inner.fileCase(filing, call);
    },
  };
  return { backend, state, inner };
}

describe('outbox', () => {
  it('keeps a submission saved on the device while offline and survives a reload', async () => {
    const storage = idbStorage(`jiefen-outbox-test-${n++}`);
    const { backend, state } = flakyBackend();
    const persisted: string[] = [];
    const options = {
      storage,
      outbox: { retryBaseMs: 5, retryMaxMs: 20, requestPersistence: async () => persisted.push('asked') },
    };
    const first = createClient({ backend, ...options });
    const seen: SubmissionState[] = [];
    first.outbox.subscribe((s) => seen.push(s.state));
    const status = await first.submitCase(qingshanSampleFiling());
    expect(status.state).toBe('saved');
    await first.outbox.flush({ force: true });
    const saved = await first.outbox.get(status.id);
    expect(saved?.state).toBe('saved');
    expect(saved?.lastError?.messageKey).toBe('sdk.error.network');
    expect(persisted.length).toBeGreaterThan(0);
    await first.close(); // the tab is closed while offline

    // The payload is encrypted at rest.
    const raw = JSON.stringify(await storage.outbox.get(status.id));
    expect(raw).not.toContain('13800138000');

    state.offline = false;
    const second = createClient({ backend, ...options }); // page load sends what is waiting
    const done = await second.outbox.waitFor(status.id);
    expect(done.state).toBe('received');
    expect(done.number).toMatch(/^JF-/);
    expect(seen).toEqual(expect.arrayContaining(['saved', 'sending']));
    expect(await second.outbox.pending()).toEqual([]);
    await second.outbox.remove(status.id);
    expect(await second.outbox.list()).toEqual([]);
    await second.close();
  });

  it('marks a submission the backend refuses as rejected, with the field issues, and stops retrying it', async () => {
    const backend = createLocalBackend();
    const storage = memoryStorage();
    const outbox = new Outbox({ backend, store: storage.outbox, sealer: deviceSealer(storage.keys), retryBaseMs: 5 });
    const status = await outbox.enqueueCase({ ...qingshanSampleFiling(), description: '太短' });
    outbox.start();
    const error = await outbox.waitFor(status.id).catch((e: unknown) => e);
    expect(isJiefenValidationError(error) && error.issues.map((i) => i.path)).toEqual(['description']);
    const rejected = await outbox.get(status.id);
    expect(rejected?.state).toBe('rejected');
    expect(rejected?.lastError?.issues?.[0]?.key).toBe('validation.too_short');
    await outbox.flush({ force: true });
    expect((await outbox.get(status.id))?.attempts).toBe(1);
    outbox.stop();
  });

  it('refuses an invalid filing before storing it when the configuration is at hand', async () => {
    const storage = memoryStorage();
    const client = createClient({ backend: createLocalBackend(), storage });
    const error = await client
      .submitCase({ ...qingshanSampleFiling(), startedOn: '2999-01-01' })
      .catch((e: unknown) => e);
    expect(isJiefenValidationError(error) && error.issues).toEqual([
      { path: 'startedOn', key: 'validation.date_in_future', params: {} },
    ]);
    expect(await storage.outbox.entries()).toEqual([]);
    await client.close();
  });

  it('retries on the browser going online', async () => {
    const storage = memoryStorage();
    const { backend, state } = flakyBackend();
    const target = new EventTarget();
    const originalWindow = (globalThis as { window?: unknown }).window;
    (globalThis as { window?: unknown }).window = target;
    try {
      // Long backoff: only the `online` event can bring the retry forward.
      const client = createClient({ backend, storage, outbox: { retryBaseMs: 60_000, retryMaxMs: 60_000 } });
      const status = await client.submitCase(qingshanSampleFiling());
      await client.outbox.flush();
      const callsWhileOffline = state.calls;
      state.offline = false;
      target.dispatchEvent(new Event('online'));
      const done = await client.outbox.waitFor(status.id);
      expect(done.state).toBe('received');
      expect(state.calls).toBeGreaterThan(callsWhileOffline);
      await client.close();
    } finally {
      (globalThis as { window?: unknown }).window = originalWindow;
    }
  });
});

import { qingshanSampleFiling } from '@jiefen/core/demo';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient, createRestBackend, type JiefenClient, memoryStorage } from '../../src/index.js';
import { type FaultProxy, startFaultProxy } from '../fixtures/fault-proxy.js';
import { type RunningServer, startJiefenServer } from '../fixtures/jiefen-server.js';

const TOTAL = 1000;
const RELOAD_AT = new Set([120, 380, 610, 870]);
const SEED = Number(process.env.JIEFEN_FAULT_SEED ?? 20261126);

let server: RunningServer;
let proxy: FaultProxy;
beforeAll(async () => {
  server = await startJiefenServer();
  proxy = await startFaultProxy({
    upstream: server.url,
    seed: SEED,
    rates: { drop: 0.07, error500: 0.04, error503: 0.04, rateLimited: 0.05, stall: 0.04, dropAfterCommit: 0.08 },
    stallMs: 500,
  });
});
afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const marker = (i: number) => `[fault-run ${SEED} case ${String(i).padStart(4, '0')}]`;

it(`delivers ${TOTAL} cases exactly once through a faulty network with reloads in between`, async () => {
  // One device: the storage outlives every "page load"; each client is one page.
  const storage = memoryStorage();
  const page = (): JiefenClient =>
    createClient({
      backend: createRestBackend({
        baseUrl: proxy.url,
        tenant: 'qingshan',
        timeoutMs: 250,
        retry: { limit: 4, backoffLimitMs: 20 },
      }),
      storage,
      outbox: { retryBaseMs: 5, retryMaxMs: 40, concurrency: 12, requestPersistence: async () => undefined },
    });

  let client = page();
  let reloads = 0;
  const base = qingshanSampleFiling();
  for (let i = 0; i < TOTAL; i++) {
    if (RELOAD_AT.has(i)) {
      await client.close(); // the tab closes mid-flight: requests are aborted, the outbox stays
      client = page();
      reloads += 1;
    }
    await client.submitCase({ ...base, description: `${base.description} ${marker(i)}` });
  }

  // Drain, with one more reload while half-way through.
  const deadline = Date.now() + 45_000;
  let reloadedWhileDraining = false;
  for (;;) {
    const pending = (await client.outbox.pending()).length;
    if (pending === 0) break;
    if (Date.now() > deadline) throw new Error(`${pending} submissions still pending`);
    if (!reloadedWhileDraining && pending < TOTAL / 2) {
      await client.close();
      client = page();
      reloads += 1;
      reloadedWhileDraining = true;
    }
    await sleep(50);
  }

  const statuses = await client.outbox.list();
  await client.close();

  // Every case arrived exactly once: count the markers in what the server stored.
  const rows = await server.context.storage.db.selectFrom('cases').select(['case_number', 'snapshot']).execute();
  const byMarker = new Map<string, string[]>();
  for (const row of rows) {
    const description = JSON.parse(row.snapshot).snapshot.context.filing.description as string;
    const found = /\[fault-run \d+ case \d{4}\]/.exec(description)?.[0];
    if (found) byMarker.set(found, [...(byMarker.get(found) ?? []), row.case_number]);
  }
  const duplicated = [...byMarker].filter(([, numbers]) => numbers.length > 1);
  const missing = Array.from({ length: TOTAL }, (_, i) => marker(i)).filter((m) => !byMarker.has(m));
  expect(duplicated).toEqual([]);
  expect(missing).toEqual([]);
  expect(rows.length).toBe(TOTAL);

  // The device knows every case number, and they are the server's.
  expect(statuses.filter((s) => s.state === 'received')).toHaveLength(TOTAL);
  const received = new Set(statuses.map((s) => s.number));
  expect(received).toEqual(new Set(rows.map((r) => r.case_number)));

  // The run really met every fault, and the reloads happened.
  expect(reloads).toBe(RELOAD_AT.size + 1);
  for (const fault of ['drop', 'error500', 'error503', 'rateLimited', 'stall', 'dropAfterCommit'] as const) {
    expect(proxy.counts[fault]).toBeGreaterThan(10);
  }
  console.info(`fault proxy (seed ${SEED}):`, JSON.stringify(proxy.counts));
}, 90_000);

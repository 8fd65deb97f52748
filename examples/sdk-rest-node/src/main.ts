/**
 * The REST backend from Node: a township's own script (or a server-side portal) talks to a Jiefen
 * server. Point JIEFEN_URL (and JIEFEN_STAFF_TOKEN for the staff part) at a running server; without
 * JIEFEN_URL the example starts the reference server in-process on a temporary SQLite file.
 *
 *   node_modules/.bin/tsx --conditions=source examples/sdk-rest-node/src/main.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import { createClient, formatSdkMessage, isJiefenNotFoundError, memoryStorage } from '@jiefen/sdk';
import { createRestBackend } from '@jiefen/sdk/rest';
import { buildServer, type JiefenContext } from '@jiefen/server';

async function referenceServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiefen-example-'));
  const app = await buildServer({
    dataDir,
    logLevel: 'silent',
    seedTenants: [{ config: qingshanTenant, allowedOrigins: [] }],
    scheduler: { enabled: false },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const context = (app as unknown as { jiefen: JiefenContext }).jiefen;
  const { token } = await context.staffTokens.issue({
    tenantId: 'qingshan',
    role: 'coordinator',
    name: 'example coordinator',
    now: new Date(),
  });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    token,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function main(log: (line: string) => void = console.log) {
  const own = process.env.JIEFEN_URL ? undefined : await referenceServer();
  const baseUrl = process.env.JIEFEN_URL ?? own!.url;
  const staffToken = process.env.JIEFEN_STAFF_TOKEN ?? own?.token;
  const client = createClient({
    // A backend instance: only the REST backend is loaded (`@jiefen/sdk/rest`).
    backend: createRestBackend({
      baseUrl,
      tenant: process.env.JIEFEN_TENANT ?? 'qingshan',
      timeoutMs: 10_000,
      retry: { limit: 3, backoffLimitMs: 2000 },
      locale: 'en',
      // Asked before every staff call, so a real integration can refresh it.
      ...(staffToken ? { staffCredential: async () => staffToken } : {}),
    }),
    // Node has no IndexedDB: keep the outbox in memory (or inject a file-backed KeyValueStore).
    storage: memoryStorage(),
  });
  try {
    const config = await client.getTenantConfig();
    log(`Connected to ${baseUrl}: ${config.name.en}`);

    // Filing goes through the outbox: stored first, sent with an Idempotency-Key, retried until received.
    const receipt = await client.fileCase(qingshanSampleFiling());
    log(formatSdkMessage('sdk.outbox.received', { caseNumber: receipt.caseNumber }, 'en'));

    const found = await client.findCase(receipt.caseNumber, receipt.accessCode);
    log(`Found by number + access code: stage ${found.progress.stage}`);
    const wrong = await client.findCase(receipt.caseNumber, 'WRONGCODE234').catch((e: unknown) => e);
    log(`Wrong access code → ${isJiefenNotFoundError(wrong) ? formatSdkMessage(wrong.messageKey, {}, 'en') : wrong}`);

    // Follow it live (SSE) while the centre accepts it.
    const watch = client.watchCase({ trackingToken: receipt.trackingToken, caseNumber: receipt.caseNumber });
    const updates = watch[Symbol.asyncIterator]();
    await updates.next();
    let stage = found.progress.stage;
    if (client.capabilities.staff) {
      await client.staff.transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: true });
      stage = (await updates.next()).value?.progress.stage ?? stage;
      log(`Live update: stage ${stage}`);
      const queue = await client.staff.listCases({ stage: 'first_line_mediation' });
      log(`Staff queue (first-line mediation): ${queue.items.length} case(s)`);
    }
    watch.close();
    return { caseNumber: receipt.caseNumber, stage };
  } finally {
    await client.close();
    await own?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

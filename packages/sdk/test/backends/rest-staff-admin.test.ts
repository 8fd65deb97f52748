import {
  CaseChainVerificationSchema,
  CreatedWebhookSchema,
  WebhookDeliverySchema,
  WebhookSubscriptionSchema,
} from '@jiefen/core';
import { qingshanSampleFiling } from '@jiefen/core/demo';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRestBackend,
  isJiefenError,
  isJiefenValidationError,
  type JiefenBackend,
  uuidv7,
} from '../../src/index.js';
import { type RunningServer, startJiefenServer } from '../fixtures/jiefen-server.js';

/** The staff API's supervision and administration calls (hash chain, webhooks) against the real server. */
describe('staff supervision and webhooks through the SDK (rest)', () => {
  let server: RunningServer;
  const as = (token: string): JiefenBackend =>
    createRestBackend({ baseUrl: server.url, tenant: 'qingshan', staffCredential: async () => token });

  beforeAll(async () => {
    server = await startJiefenServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("verifies a case's hash chain as a supervisor, and refuses a coordinator", async () => {
    const resident = createRestBackend({ baseUrl: server.url, tenant: 'qingshan' });
    const receipt = await resident.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() });
    const coordinator = as(await server.staffToken('coordinator'));
    await coordinator.staff!.transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false });

    const supervisor = as(await server.staffToken('supervisor'));
    const verdict = v.parse(CaseChainVerificationSchema, await supervisor.staff!.verifyCase(receipt.caseNumber));
    expect(verdict.valid).toBe(true);
    // The filing and the registration: two links at least.
    expect(verdict.length).toBeGreaterThanOrEqual(2);

    const refused = await coordinator.staff!.verifyCase(receipt.caseNumber).catch((e: unknown) => e);
    expect(isJiefenError(refused) && refused.kinds).toContain('forbidden');
  });

  it('creates a webhook, lists it, and reads its delivery log as the events happen', async () => {
    const admin = as(await server.staffToken('admin'));
    // Nothing listens on port 9 (discard): deliveries are attempted and logged, none succeeds.
    const created = v.parse(CreatedWebhookSchema, await admin.staff!.createWebhook('http://127.0.0.1:9/jiefen'));
    expect(created.secret.length).toBeGreaterThan(10);
    const listed = await admin.staff!.listWebhooks();
    expect(listed.items.map((w) => v.parse(WebhookSubscriptionSchema, w).id)).toContain(created.id);
    expect(listed.items.some((w) => 'secret' in w)).toBe(false);

    const resident = createRestBackend({ baseUrl: server.url, tenant: 'qingshan' });
    const receipt = await resident.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() });
    const log = await admin.staff!.listWebhookDeliveries(created.id);
    expect(log.items.length).toBeGreaterThan(0);
    for (const delivery of log.items) v.parse(WebhookDeliverySchema, delivery);
    expect(log.items.map((d) => d.number)).toContain(receipt.caseNumber);

    const bad = await admin.staff!.createWebhook('not a url').catch((e: unknown) => e);
    expect(isJiefenValidationError(bad)).toBe(true);
    expect((await admin.staff!.listWebhooks()).items).toHaveLength(listed.items.length);
  });
});

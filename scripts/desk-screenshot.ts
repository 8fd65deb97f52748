/**
 * Takes docs/images/center-desk-queue.png and center-desk-case.png: the centre desk as `pnpm start`
 * serves it (the real server with the demo staff accounts, the built desk, the strict policy), signed
 * in as the demo coordinator, with a demo case registered, assessed and routed to two departments.
 *
 *   pnpm --filter @jiefen/example-center-desk build && pnpm desk:screenshot
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QINGSHAN_DEMO_HANDLER_DEPARTMENTS, qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import { createRestBackend, uuidv7 } from '@jiefen/sdk';
import { buildServer, seedDemoStaff } from '@jiefen/server';
import { launchChromium } from '../test/e2e/support/browser.js';

const images = fileURLToPath(new URL('../docs/images/', import.meta.url));
const deskDist = fileURLToPath(new URL('../examples/center-desk/dist', import.meta.url));
mkdirSync(images, { recursive: true });

const dataDir = mkdtempSync(join(tmpdir(), 'jiefen-desk-shot-'));
const app = await buildServer(
  {
    dataDir,
    logLevel: 'silent',
    seedTenants: [{ config: qingshanTenant, allowedOrigins: [] }],
    scheduler: { enabled: false },
  },
  { staticSites: [{ prefix: '/desk/', root: deskDist }] },
);
const accounts = await seedDemoStaff(
  app,
  qingshanTenant,
  QINGSHAN_DEMO_HANDLER_DEPARTMENTS,
  join(dataDir, 'tokens.json'),
);
await app.listen({ port: 0, host: '127.0.0.1' });
const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const token = (key: string) => accounts.find((a) => a.key === key)!.token;
const browser = await launchChromium();
try {
  const resident = createRestBackend({ baseUrl, tenant: 'qingshan' });
  const staff = createRestBackend({ baseUrl, tenant: 'qingshan', staffCredential: () => token('coordinator') }).staff!;
  const { caseNumber } = await resident.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() });
  await staff.transition(caseNumber, { type: 'intake.accept', firstLineMediation: false });
  await staff.transition(caseNumber, { type: 'risk.assess', level: 'medium', factors: ['拖欠工资三个月'] });
  await staff.transition(caseNumber, {
    type: 'routing.route',
    complexity: 'complex',
    level: 'town',
    departmentIds: ['labour-bureau', 'justice-bureau'],
  });

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${baseUrl}/desk/`);
  await page.locator('jf-center-desk #token').fill(token('coordinator'));
  await page.locator('jf-center-desk form button[type="submit"]').click();
  await page.locator(`jf-desk-queue tr[data-case="${caseNumber}"]`).waitFor();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(images, 'center-desk-queue.png'), fullPage: true });

  await page.goto(`${baseUrl}/desk/#/case/${caseNumber}`);
  await page.locator('jf-desk-case button[data-action="handling.convene_session"]').click();
  await page.locator('jf-desk-case jf-desk-action-form select[name="mode"]').waitFor();
  await page.screenshot({ path: join(images, 'center-desk-case.png'), fullPage: true });
  console.log(`wrote ${join(images, 'center-desk-queue.png')} and center-desk-case.png`);
} finally {
  await browser.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}

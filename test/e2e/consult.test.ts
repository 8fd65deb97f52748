import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage } from './support/browser.js';
import { PORTAL_DIR, type RunningServer, readManifest, startJiefenServer, WIDGETS_DIST } from './support/servers.js';

const QUESTION = '老板拖欠了我三个月工资，一共一万二千元，我该怎么要回来？';
const ANSWER = '可以先向劳动监察大队投诉，也可以直接申请劳动仲裁；仲裁不收费，带上工资条和聊天记录。';

// The portal's consultation page (`consult.html`: <jf-provider> with <jf-consult-request> and
// <jf-intake-form>) as `pnpm start` serves it: the real reference server, the built drop-in bundle,
// the strict policy with Trusted Types. A resident asks; staff assign, schedule and answer through
// the staff API; the element shows each step; the resident rates.
describe('the consultation page against the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let staffToken: string;

  beforeAll(async () => {
    readManifest(); // fails clearly when the widgets were not built
    server = await startJiefenServer({
      staticSites: [
        { prefix: '/', root: PORTAL_DIR },
        { prefix: '/widgets/', root: WIDGETS_DIST, kind: 'widgets' },
      ],
    });
    const issued = await server.context.staffTokens.issue({
      tenantId: 'qingshan',
      role: 'coordinator',
      name: 'e2e coordinator',
      now: server.context.clock.now(),
    });
    staffToken = issued.token;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function staff(number: string, command: Record<string, unknown>) {
    const response = await fetch(`${server.url}/api/v1/staff/consultations/${number}/transitions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(command),
    });
    if (response.status !== 200) throw new Error(`${command.type}: ${response.status} ${await response.text()}`);
  }

  const consult = (page: Page, selector: string) => page.locator(`jf-consult-request ${selector}`);
  const status = (page: Page) => consult(page, '[part="tracking"]').getAttribute('data-status');
  async function refresh(page: Page, wanted: string) {
    await expect
      .poll(
        async () => {
          await consult(page, '.refresh button').click();
          return status(page);
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(wanted);
  }

  it('asks, is assigned, scheduled and answered by staff, and rates: shown at each step', async () => {
    const page = await browser.newPage();
    const report = await watchPage(page);
    await page.goto(`${server.url}/consult.html`);
    const topic = consult(page, 'input[name="f-topicId"]').first();
    await topic.waitFor({ state: 'visible', timeout: 30_000 }).catch((error: Error) => {
      throw new Error(`no topic: ${error.message}\n${report.errors.join('\n')}`);
    });
    // Both elements under the provider are up on one client.
    await page.locator('jf-intake-form [part="category-card"]').first().waitFor({ state: 'visible', timeout: 30_000 });

    await topic.check();
    await consult(page, '#f-question').fill(QUESTION);
    await consult(page, 'input[name="f-channel"][value="video"]').check();
    await consult(page, '#f-name').fill('王秀英');
    await consult(page, '#f-phone').fill('13800138000');
    await consult(page, '[part="submit-button"]').click();

    const numberCell = consult(page, '[part="consultation-number"]');
    await numberCell.waitFor({ state: 'visible', timeout: 15_000 });
    const number = (await numberCell.textContent())!.trim();
    expect(number).toMatch(/^[A-Z]+-\d{8}-/);
    expect((await consult(page, '[part="access-code"]').textContent())!.trim().length).toBeGreaterThan(4);
    await consult(page, '[part="qr-code"]').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await status(page)).toBe('requested');

    await staff(number, { type: 'consultation.assign', lawyer: '李明律师' });
    await refresh(page, 'assigned');
    expect(await consult(page, '[data-now]').textContent()).toContain('李明律师已接手您的咨询');

    await staff(number, {
      type: 'consultation.schedule',
      at: '2030-03-04T02:00:00.000Z',
      channel: 'video',
    });
    await refresh(page, 'scheduled');
    expect(await consult(page, '[data-now]').textContent()).toMatch(/已约定：2030年3月4日.*视频/);

    await staff(number, { type: 'consultation.answer', summary: ANSWER });
    await refresh(page, 'answered');
    expect(await consult(page, '[data-answer]').textContent()).toBe(ANSWER);

    await consult(page, 'input[name="rating-score"][value="5"]').check();
    await consult(page, '[part="rating"] button[type="submit"]').click();
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('closed');

    // The server holds what the element showed.
    const detail = await fetch(`${server.url}/api/v1/staff/consultations/${number}`, {
      headers: { authorization: `Bearer ${staffToken}` },
    }).then((r) => r.json());
    expect(JSON.stringify(detail)).toContain('"score":5');

    expect(await report.violations()).toEqual([]);
    expect(report.errors).toEqual([]);
    await page.close();
  });

  it('opens the consultation from its tracking link on another device', async () => {
    const response = await fetch(`${server.url}/api/v1/tenants/qingshan/consultations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-${Date.now()}` },
      body: JSON.stringify({
        topicId: 'general',
        question: '村里要征收我家的承包地，补偿标准怎么算？',
        channel: 'phone',
        preferredTimes: [],
        name: '赵建国',
        phone: '13900139000',
        locale: 'zh-CN',
      }),
    });
    expect(response.status).toBe(201);
    const receipt = (await response.json()) as { consultationNumber: string; trackingToken: string };
    await staff(receipt.consultationNumber, { type: 'consultation.assign', lawyer: '村法律顾问陈静' });

    const context = await browser.newContext(); // a fresh device: nothing on it
    const page = await context.newPage();
    const report = await watchPage(page);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(
      `${server.url}/consult.html#jf-consultation=${encodeURIComponent(`${receipt.consultationNumber}.${receipt.trackingToken}`)}`,
    );
    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('assigned');
    expect(await consult(page, '[data-now]').textContent()).toContain('村法律顾问陈静');
    // The token travels in a header, never in a URL the server logs.
    expect(requests.some((url) => url.includes(receipt.trackingToken))).toBe(false);
    expect(await report.violations()).toEqual([]);
    expect(report.errors).toEqual([]);
    await context.close();
  });
});

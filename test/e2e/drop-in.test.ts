import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import { PORTAL_CONTENT_SECURITY_POLICY } from '@jiefen/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage } from './support/browser.js';
import {
  type DistManifest,
  type RunningServer,
  readManifest,
  startJiefenServer,
  startPageServer,
  WIDGETS_DIST,
} from './support/servers.js';

/**
 * The drop-in bundle as a portal developer deploys it: the built `dist/` copied onto the portal's
 * own site (another origin than the API), the page embedding it with a script tag and attributes,
 * the real reference server answering with CORS for that origin. The page runs under the strict
 * policy, with the API's origin added to `connect-src` as the guide says.
 */
describe('the drop-in bundle on a portal of its own, against the real server', () => {
  let api: RunningServer;
  let site: { url: string; close(): Promise<void> };
  let siteDir: string;
  let browser: Browser;
  let manifest: DistManifest;
  const typedDescription = '楼上邻居每天深夜在家装修敲打，已经持续两个月，多次沟通无果，影响老人休息。';

  beforeAll(async () => {
    manifest = readManifest();
    api = await startJiefenServer({
      staticSites: [{ prefix: '/widgets/', root: WIDGETS_DIST, kind: 'widgets' }],
    });
    siteDir = mkdtempSync(join(tmpdir(), 'jiefen-portal-'));
    cpSync(WIDGETS_DIST, join(siteDir, 'widgets'), { recursive: true });
    // The module script, with the element's attributes. `prefill.js` plays the portal that knows who is
    // filing (a grid worker's tool); a property set from the page's own script, not inline.
    writeFileSync(
      join(siteDir, 'index.html'),
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>portal</title><link rel="icon" href="data:,">
<script type="module" src="/widgets/jiefen.js"></script>
<script type="module" src="/prefill.js"></script></head>
<body><jf-intake-form tenant="${qingshanTenant.id}" endpoint="${api.url}"></jf-intake-form></body></html>`,
    );
    const { description: _typedLater, ...prefill } = qingshanSampleFiling();
    writeFileSync(
      join(siteDir, 'prefill.js'),
      `document.querySelector('jf-intake-form').prefill = ${JSON.stringify(prefill)};\n`,
    );
    // The classic script, from the API server's /widgets/ (another origin), pinned by its hash.
    const classic = (integrity: string) =>
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>classic</title><link rel="icon" href="data:,">
<script src="${api.url}/widgets/${manifest.classic.versioned}" integrity="${integrity}" crossorigin="anonymous" defer></script></head>
<body><jf-intake-form tenant="${qingshanTenant.id}" endpoint="${api.url}"></jf-intake-form></body></html>`;
    writeFileSync(join(siteDir, 'classic.html'), classic(manifest.classic.integrity));
    writeFileSync(join(siteDir, 'tampered.html'), classic(`sha384-${Buffer.alloc(48).toString('base64')}`));

    const policy = PORTAL_CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' ${api.url}`).replace(
      "default-src 'self'",
      `default-src 'self'; connect-src 'self' ${api.url}`,
    );
    site = await startPageServer([{ prefix: '/', root: siteDir, contentSecurityPolicy: policy }]);
    // The tenant's administrator allows the portal's origin (what the admin API's CORS list does).
    await api.context.tenants.put(qingshanTenant, [site.url], new Date());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await api?.close();
    if (siteDir) rmSync(siteDir, { recursive: true, force: true });
  });

  const part = (page: Page, name: string) => page.locator(`jf-intake-form [part="${name}"]`);

  async function next(page: Page, expectedHeading: RegExp) {
    await part(page, 'next-button').click();
    await expect.poll(() => part(page, 'step-heading').textContent(), { timeout: 10_000 }).toMatch(expectedHeading);
  }

  it('files a case the resident typed and shows the receipt the server issued', async () => {
    const page = await browser.newPage();
    const report = await watchPage(page);
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${api.url}/api/`))
        apiCalls.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    await page.goto(`${site.url}/`);

    await expect.poll(() => part(page, 'category-card').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await next(page, /具体情况/);
    // The one thing the portal did not prefill: the resident types what happened.
    await page.locator('jf-intake-form #f-description').fill(typedDescription);
    await next(page, /对方/);
    await next(page, /证据/);
    await next(page, /您的信息/);
    await next(page, /核对/);
    await part(page, 'submit-button').click();

    const caseNumber = (await part(page, 'case-number').textContent({ timeout: 30_000 }))?.trim() ?? '';
    const accessCode = (await part(page, 'access-code').textContent())?.trim() ?? '';
    expect(caseNumber).toMatch(/^JF-/);
    expect(accessCode.length).toBeGreaterThan(0);

    // The server has exactly this case, with the words the resident typed.
    const lookup = await fetch(`${api.url}/api/v1/cases/${encodeURIComponent(caseNumber)}`, {
      headers: { 'x-jiefen-access-code': accessCode, accept: 'application/json' },
    });
    expect(lookup.status).toBe(200);
    const view = (await lookup.json()) as { caseNumber: string; filing: { description: string } };
    expect(view.caseNumber).toBe(caseNumber);
    expect(view.filing.description).toBe(typedDescription);
    expect(apiCalls).toContain(`POST /api/v1/tenants/${qingshanTenant.id}/cases`);

    expect(await report.violations()).toEqual([]);
    expect(report.errors).toEqual([]);
    await page.close();
  });

  it('runs the classic script from another origin when its integrity matches, and refuses a tampered one', async () => {
    const page = await browser.newPage();
    const report = await watchPage(page);
    await page.goto(`${site.url}/classic.html`);
    await expect.poll(() => part(page, 'category-card').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => customElements.get('jf-intake-form') !== undefined)).toBe(true);
    expect(await report.violations()).toEqual([]);
    expect(report.errors).toEqual([]);

    const tampered = await browser.newPage();
    const tamperedReport = await watchPage(tampered);
    await tampered.goto(`${site.url}/tampered.html`);
    await tampered.waitForLoadState('load');
    expect(await tampered.evaluate(() => customElements.get('jf-intake-form'))).toBeUndefined();
    expect(tamperedReport.errors.join('\n')).toMatch(/integrity/i);
    await page.close();
    await tampered.close();
  });
});

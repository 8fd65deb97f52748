import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { qingshanSampleFiling } from '@jiefen/core/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage } from './support/browser.js';
import { PORTAL_DIR, type RunningServer, readManifest, startJiefenServer, WIDGETS_DIST } from './support/servers.js';

/**
 * Issue 9's budget for the tracker's first render (the lookup form accepting input), bytes of gzip -9
 * (1 kB = 1000 B). Met since the SDK's tracker actor, xstate, the client and the backend load only when
 * the resident first touches the form (or at once from a tracking link, a remembered case, a page-given
 * client or a provider): 59.8 kB → 54.4 kB → 36.3 kB on 2026-12-02. The ceiling holds today's size
 * (about 0.5 kB above it) so it cannot grow unnoticed. 37.1 kB once lit and the shared styles came in
 * the intake form's `first-screen-shared` file (build/first-screen-chunks.js), with core's messages.
 */
const TRACKER_FIRST_RENDER_BUDGET = 40_000;
const TRACKER_FIRST_RENDER_CEILING = 37_400;

const gzipOf = (file: string) => gzipSync(readFileSync(join(WIDGETS_DIST, file)), { level: 9 }).byteLength;

// The portal's tracking page (`examples/township-portal/track.html`) as `pnpm start` serves it: the
// real server, the page and the built drop-in bundle on one origin, under the strict policy. Its
// first render is measured from what the page actually fetched, in the built files' gzip sizes.
describe('<jf-case-tracker> on the portal, from the built drop-in bundle', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startJiefenServer({
      staticSites: [
        { prefix: '/', root: PORTAL_DIR },
        { prefix: '/widgets/', root: WIDGETS_DIST, kind: 'widgets' },
      ],
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(page: Page, path: string) {
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    const report = await watchPage(page);
    await page.goto(`${server.url}${path}`);
    return { scripts, report };
  }

  it('is a lazy chunk of its own in the manifest', () => {
    const manifest = readManifest();
    const tracker = manifest.elements['jf-case-tracker'];
    expect(tracker, 'manifest.elements["jf-case-tracker"]').toBeDefined();
    expect(tracker!.chunk).toMatch(/^case-tracker-/);
    expect(manifest.module.upfront.some((file) => file.startsWith('case-tracker-'))).toBe(false);
  });

  it('first render (the lookup form) within its ceiling (issue budget 40 kB, printed), no policy violation', async () => {
    const page = await browser.newPage();
    const { scripts, report } = await open(page, '/track.html');
    await page.locator('jf-case-tracker [part~="lookup"] input[name="caseNumber"]').waitFor({ timeout: 30_000 });
    const fetched = [...new Set(scripts)];
    for (const path of fetched) expect(path.startsWith('/widgets/'), path).toBe(true);
    const files = fetched.map((path) => ({ path, gzip: gzipOf(path.slice('/widgets/'.length)) }));
    const total = files.reduce((sum, file) => sum + file.gzip, 0);
    const gap = total - TRACKER_FIRST_RENDER_BUDGET;
    console.info(
      `first render of <jf-case-tracker>: ${total} B gzip; issue budget ${TRACKER_FIRST_RENDER_BUDGET} B ` +
        `(${gap > 0 ? `OVER by ${gap} B` : 'met'}), ceiling ${TRACKER_FIRST_RENDER_CEILING} B\n` +
        files.map((file) => `  ${file.path}  ${file.gzip} B`).join('\n'),
    );
    expect(fetched).toContain('/widgets/jiefen.js');
    expect(fetched.some((path) => path.includes('/case-tracker-'))).toBe(true);
    // The intake form's code is not part of the tracker's page.
    expect(fetched.some((path) => path.includes('/intake-form-'))).toBe(false);
    expect(total).toBeLessThanOrEqual(TRACKER_FIRST_RENDER_CEILING);
    expect(await report.violations()).toEqual([]);
    expect(report.errors).toEqual([]);
    await page.close();
  });

  it('opens a case from the receipt link, drops the token from the address bar, and shows the closed loop', async () => {
    const answer = await fetch(`${server.url}/api/v1/tenants/qingshan/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(qingshanSampleFiling()),
    });
    expect(answer.status).toBe(201);
    const receipt = (await answer.json()) as { caseNumber: string; trackingToken: string };
    const page = await browser.newPage();
    const { report } = await open(page, `/track.html#jf-track=${encodeURIComponent(receipt.trackingToken)}`);
    await expect
      .poll(() => page.locator('jf-case-tracker #case-heading').textContent(), { timeout: 30_000 })
      .toContain(receipt.caseNumber);
    expect(page.url()).not.toContain(receipt.trackingToken);
    expect(
      await page.locator('jf-case-tracker [part~="stages"] [aria-current="step"]').getAttribute('data-stage'),
    ).toBe('registration');
    expect(await report.violations()).toEqual([]);
    expect(report.errors).toEqual([]);
    await page.close();
  });
});

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage } from './support/browser.js';
import { type RunningServer, startJiefenServer, WIDGETS_DIST } from './support/servers.js';

/**
 * Issue 9's joint budget: the intake form, the case tracker and the consultation request on one page
 * (under one `<jf-provider>`), shared code loaded once, at most 70 kB gzip -9 (1 kB = 1000 B) until all
 * three accept input. Not met yet (each element alone is over its own budget, see portal.test.ts and
 * tracker-budget.test.ts), so the test holds today's size as a ceiling so it cannot grow, and prints
 * the gap. Measured 97.5 kB in 22 files on 2026-12-02: it counts everything requested until all three
 * accept input, including the intake form's later steps, which it prefetches right after its first
 * paint, and each element's zh-CN strings.
 */
const ALL_THREE_BUDGET = 70_000;
// 99.9 kB in 26 files once the intake form got its first screen (2026-12-02): in a <jf-provider> it
// draws none, but its shared code is cut into more, separately gzipped chunks so that the first
// screen can load without the actor (+1.9 kB here, and +0.4 kB of loader; −40 kB on the intake
// form's own first interaction, test/e2e/portal.test.ts). 102.0 kB in 28 files after the tracker's
// actor moved into a lazy chunk of its own (in a provider it loads at once: +1.1 kB here, −18 kB on the
// tracker's own first render) and consultations went live.
// 103.3 kB in 24 files once the intake form's first screen came in two files
// (build/first-screen-chunks.js): fewer files, but code grouped for the first screen travels together.
const ALL_THREE_CEILING = 103_500;

const here = dirname(fileURLToPath(import.meta.url));
const gzipOf = (file: string) => gzipSync(readFileSync(join(WIDGETS_DIST, file)), { level: 9 }).byteLength;

describe('the three resident elements on one page, from the built drop-in bundle', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startJiefenServer({
      staticSites: [
        { prefix: '/', root: join(here, 'fixtures/all-elements') },
        { prefix: '/widgets/', root: WIDGETS_DIST, kind: 'widgets' },
      ],
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('all three accept input within the ceiling (issue budget 70 kB, printed), each shared file once', async () => {
    const page = await browser.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    const report = await watchPage(page);
    await page.goto(`${server.url}/`);
    await page
      .locator('jf-intake-form [part="category-card"] input[type="radio"]')
      .first()
      .waitFor({ timeout: 30_000 });
    await page.locator('jf-case-tracker [part~="lookup"] input[name="caseNumber"]').waitFor({ timeout: 30_000 });
    await page.locator('jf-consult-request input[name="f-topicId"]').first().waitFor({ timeout: 30_000 });
    expect(report.errors, report.errors.join('\n')).toEqual([]);

    // Shared code loaded once: no script was requested twice.
    expect(scripts.length).toBe(new Set(scripts).size);
    for (const path of scripts) expect(path.startsWith('/widgets/'), path).toBe(true);
    for (const element of ['intake-form-', 'case-tracker-', 'consult-request-', 'provider-'])
      expect(
        scripts.some((path) => path.includes(`/${element}`)),
        element,
      ).toBe(true);
    const files = scripts.map((path) => ({ path, gzip: gzipOf(path.slice('/widgets/'.length)) }));
    const total = files.reduce((sum, file) => sum + file.gzip, 0);
    const gap = total - ALL_THREE_BUDGET;
    console.info(
      `three elements on one page: ${total} B gzip in ${files.length} files; issue budget ${ALL_THREE_BUDGET} B ` +
        `(${gap > 0 ? `OVER by ${gap} B` : 'met'}), ceiling ${ALL_THREE_CEILING} B\n` +
        files.map((file) => `  ${file.path}  ${file.gzip} B`).join('\n'),
    );
    expect(total).toBeLessThanOrEqual(ALL_THREE_CEILING);
    await page.close();
  });
});

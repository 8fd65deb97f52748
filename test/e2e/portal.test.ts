import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PORTAL_CONTENT_SECURITY_POLICY } from '@jiefen/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage } from './support/browser.js';
import {
  type DistManifest,
  PORTAL_DIR,
  type RunningServer,
  readManifest,
  startJiefenServer,
  WIDGETS_DIST,
} from './support/servers.js';

/** Budgets in bytes of gzip -9 (1 kB = 1000 B). The loader's is issue 8's. */
const LOADER_BUDGET = 3_000;
/**
 * Issue 8 asks 40 kB for the first interaction (goal 30 kB); see docs/widgets-guide.md, "Sizes", for
 * what it weighs. The test holds the size reached as a ceiling so it cannot grow, and prints the
 * issue's budget as met or over.
 */
const FIRST_INTERACTION_ISSUE_BUDGET = 40_000;
// 55.4 kB on the size branch; 57.7 kB once <jf-case-tracker> was merged (the code both elements use
// moved to a shared chunk, and separately gzipped files compress a little worse); 60.3 kB once every
// element could take its client from a <jf-provider> (@lit/context's consumer and the resolution);
// 24.9 kB once the category cards were drawn by a first screen before xstate, the SDK's actor and
// client were fetched (src/intake-form/first-screen/, 2026-12-02); 20.0 kB once the REST backend's
// entry was fetched with the element's code instead of beside the first screen. 21.9 kB once the
// first screen came in two files instead of seven (build/first-screen-chunks.js: each module file
// costs a phone's main thread a request, a compile and an instantiation; core's messages.ts came
// along, +1.2 kB).
const FIRST_INTERACTION_CEILING = 22_000;

declare global {
  interface Window {
    /** `performance.now()` when a category card's radio was first in the DOM and enabled. */
    __jfFirstCardAt?: number;
  }
}

/**
 * In the page, before any script: watch every shadow root as it is attached and note the moment a
 * category card's radio is there and enabled. A MutationObserver answers in the same task as the
 * render that added it, so what the form fetches after its first paint (the later steps, the filing
 * check) falls after that moment and is not counted in the first interaction.
 */
function noteFirstCard() {
  const check = (root: ShadowRoot) => {
    if (window.__jfFirstCardAt !== undefined) return;
    const radio = root.querySelector<HTMLInputElement>('[part="category-card"] input[type="radio"]');
    if (radio && !radio.disabled) window.__jfFirstCardAt = performance.now();
  };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init);
    new MutationObserver(() => check(root)).observe(root, { childList: true, subtree: true, attributes: true });
    return root;
  };
}

// The township portal exactly as `pnpm start` serves it: the real server, the page and the built
// drop-in bundle on one origin, under the strict policy with Trusted Types enforced.
describe('the township portal under a strict Content-Security-Policy', () => {
  let server: RunningServer;
  let browser: Browser;
  let manifest: DistManifest;

  beforeAll(async () => {
    manifest = readManifest();
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

  /** Open the portal, watching for policy violations and for the first usable category card. */
  async function openPortal(page: Page) {
    const report = await watchPage(page);
    await page.addInitScript(noteFirstCard);
    await page.goto(`${server.url}/`);
    return { report };
  }

  /** The scripts whose fetch started before the first card accepted input (Resource Timing, in the page). */
  const scriptsBeforeFirstCard = (page: Page) =>
    page.evaluate(() => {
      const cardAt = window.__jfFirstCardAt ?? Number.POSITIVE_INFINITY;
      return performance
        .getEntriesByType('resource')
        .filter((entry) => (entry as PerformanceResourceTiming).initiatorType !== 'fetch' && entry.startTime <= cardAt)
        .map((entry) => new URL(entry.name).pathname)
        .filter((path) => path.endsWith('.js'));
    });

  const firstCard = (page: Page) => page.locator('jf-intake-form [part="category-card"] input[type="radio"]').first();

  it('serves the page with the policy and the API with its own JSON headers', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(PORTAL_CONTENT_SECURITY_POLICY);
    expect(PORTAL_CONTENT_SECURITY_POLICY).toContain("require-trusted-types-for 'script'");
    expect(PORTAL_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);

    const loader = await fetch(`${server.url}/widgets/jiefen.js`);
    expect(loader.headers.get('content-type')).toMatch(/javascript/);
    expect(loader.headers.get('cache-control')).toBe('public, max-age=300');
    expect(loader.headers.get('access-control-allow-origin')).toBe('*');
    const versioned = await fetch(`${server.url}/widgets/${manifest.module.versioned}`);
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await versioned.arrayBuffer())).toEqual(Buffer.from(await loader.arrayBuffer()));

    const config = await fetch(`${server.url}/api/v1/tenants/qingshan/config`);
    expect(config.status).toBe(200);
    expect(config.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const missing = await fetch(`${server.url}/api/v1/no-such-route`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
  });

  it('renders the form and goes through a step with no policy violation, within the byte budgets', async () => {
    const page = await browser.newPage();
    const { report } = await openPortal(page);
    await firstCard(page)
      .waitFor({ state: 'visible', timeout: 30_000 })
      .catch((error: Error) => {
        throw new Error(`no category card: ${error.message}\n${report.errors.join('\n')}`);
      });
    expect(await firstCard(page).isEnabled()).toBe(true);
    // Everything fetched before the first card accepts input, measured from the built files.
    await expect.poll(() => page.evaluate(() => window.__jfFirstCardAt), { timeout: 10_000 }).toBeGreaterThan(0);
    const fetched = [...new Set(await scriptsBeforeFirstCard(page))];
    const firstInteraction = fetched.map((path) => {
      expect(path.startsWith('/widgets/'), `${path} is served from the widgets distribution`).toBe(true);
      const bytes = readFileSync(join(WIDGETS_DIST, path.slice('/widgets/'.length)));
      return { path, gzip: gzipSync(bytes, { level: 9 }).byteLength };
    });
    const total = firstInteraction.reduce((sum, file) => sum + file.gzip, 0);
    const gap = total - FIRST_INTERACTION_ISSUE_BUDGET;
    console.info(
      `first interaction of <jf-intake-form>: ${total} B gzip; issue budget ${FIRST_INTERACTION_ISSUE_BUDGET} B ` +
        `(${gap > 0 ? `OVER by ${gap} B` : 'met'}), ceiling ${FIRST_INTERACTION_CEILING} B\n` +
        firstInteraction.map((file) => `  ${file.path}  ${file.gzip} B`).join('\n'),
    );
    expect(fetched).toContain('/widgets/jiefen.js');
    expect(fetched.length).toBeGreaterThan(1); // the element came as a lazy chunk
    expect(total).toBeLessThanOrEqual(FIRST_INTERACTION_CEILING);

    expect(
      fetched.some((path) => path.includes('/later-steps-')),
      'later steps wait for the first paint',
    ).toBe(false);
    // The cards are the first screen's (src/intake-form/first-screen/): the element's own chunk, with
    // xstate and the SDK's actor and backend, is asked for once they are in the page.
    expect(
      fetched.some((path) => /\/(intake-form|xstate[^/]*|rest)-[a-z0-9]+\.js$/.test(path)),
      'the element’s code waits for the first screen',
    ).toBe(false);

    // The later steps and the filing check arrive while the resident reads the cards; once they
    // have, the connection may drop and the form still goes on (nothing else is fetched for a step).
    const laterChunks = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name).pathname)
          .filter((path) => /\/(later-steps|form-checks)-[a-z0-9]+\.js$/.test(path)),
      );
    await expect.poll(laterChunks, { timeout: 10_000 }).toHaveLength(2);
    await page.context().setOffline(true);

    // Through one step, offline: pick a category, go on, the details step opens with its questions.
    await firstCard(page).check();
    await page.locator('jf-intake-form [part="next-button"]').click();
    await expect
      .poll(() => page.locator('jf-intake-form [part="step-heading"]').textContent(), { timeout: 10_000 })
      .toBe('具体情况'); // the details step, in the page's language (zh-CN)
    expect(await page.locator('jf-intake-form [part="field"]').count()).toBeGreaterThan(0);
    await page.context().setOffline(false);
    expect(await report.violations()).toEqual([]);
    expect(report.errors).toEqual([]);
    await page.close();
  });

  it('keeps a card picked before the element’s code arrives, and focus on it', async () => {
    const page = await browser.newPage();
    // Hold the element's chunk back until the resident has picked (a slow phone on a slow line).
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/widgets\/intake-form-[a-z0-9]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const { report } = await openPortal(page);
    const card = page.locator('jf-intake-form [part="category-card"] input[type="radio"]').nth(1);
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    await card.focus();
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => customElements.get('jf-intake-form'))).toBeUndefined();
    const picked = await card.getAttribute('value');
    release();

    const form = page.locator('jf-intake-form');
    await expect
      .poll(() => form.evaluate((el) => (el as HTMLElementTagNameMap['jf-intake-form']).snapshot?.value), {
        timeout: 30_000,
      })
      .toEqual({ editing: 'idle' });
    await expect
      .poll(() =>
        form.evaluate((el) => {
          const active = el.shadowRoot?.activeElement as HTMLInputElement | null;
          return {
            categoryId: (el as HTMLElementTagNameMap['jf-intake-form']).snapshot?.context.form.categoryId,
            focused: active?.value,
            checked: active?.checked,
            steps: el.shadowRoot?.querySelectorAll('[part="step"]').length,
          };
        }),
      )
      .toEqual({ categoryId: picked, focused: picked, checked: true, steps: 1 });
    expect(await report.violations()).toEqual([]);
    expect(report.errors).toEqual([]);
    await page.close();
  });

  it('keeps the loader within its budget', () => {
    const upfront = manifest.module.upfront.map((file) => readFileSync(join(WIDGETS_DIST, file)));
    expect(upfront.length).toBeGreaterThan(0);
    const gzip = gzipSync(Buffer.concat(upfront), { level: 9 }).byteLength;
    console.info(`loader (${manifest.module.upfront.join(' + ')}): ${gzip} B gzip (budget ${LOADER_BUDGET} B)`);
    expect(gzip).toBeLessThanOrEqual(LOADER_BUDGET);
  });
});

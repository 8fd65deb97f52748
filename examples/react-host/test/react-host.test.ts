import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerStaticSites } from '@jiefen/server';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage } from '../../../test/e2e/support/browser.js';

const here = fileURLToPath(new URL('..', import.meta.url));

describe('the widgets inside a React app (@lit/react wrappers)', () => {
  let server: FastifyInstance;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    // The app as `pnpm build` builds it.
    execFileSync(process.execPath, [join(here, 'build.mjs')], { stdio: 'pipe' });
    // The built app as a page under the same strict policy the portal gets (no inline code, Trusted Types).
    server = Fastify({ logger: false });
    await registerStaticSites(server, [{ prefix: '/', root: join(here, 'dist') }]);
    await server.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps the generated wrappers in step with the widgets manifest', () => {
    // Exits non-zero (and the test fails) when src/generated/widgets.ts is stale.
    execFileSync(process.execPath, [join(here, 'generate-wrappers.mjs'), '--check'], { stdio: 'pipe' });
  });

  it('renders the intake form inside React, and jf-case-submitted arrives as the onCaseSubmitted prop', async () => {
    const page = await browser.newPage();
    const report = await watchPage(page);
    await page.goto(url);
    const part = (name: string) => page.locator(`jf-intake-form [part="${name}"]`);
    // The React-rendered form got its `prefill` property: the category is chosen, the next step is open.
    await expect.poll(() => part('category-card').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const next = async (heading: RegExp) => {
      await part('next-button').click();
      await expect.poll(() => part('step-heading').textContent(), { timeout: 10_000 }).toMatch(heading);
    };
    await next(/具体情况/);
    await page
      .locator('jf-intake-form #f-description')
      .fill('我在松林镇一家家具厂做木工，老板三个月没有发工资，多次讨要无果。');
    await next(/对方/);
    await next(/证据/);
    await next(/您的信息/);
    await next(/核对/);
    await part('submit-button').click();

    const submitted = page.locator('[data-host-status] [data-submitted]');
    await submitted.waitFor({ timeout: 30_000 });
    const submissionId = await submitted.getAttribute('data-submitted');
    expect(submissionId).toMatch(/^[0-9a-f-]{36}$/);
    // The local backend registers it at once: jf-case-received reaches React too, with the case number.
    const received = page.locator('[data-host-status] [data-received]');
    await received.waitFor({ timeout: 30_000 });
    expect(await received.getAttribute('data-received')).toBe((await part('case-number').textContent())?.trim());
    expect(report.errors).toEqual([]);
    expect(await report.violations()).toEqual([]);
    await page.close();
  });
});

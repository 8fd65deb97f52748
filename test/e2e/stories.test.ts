import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerStaticSites } from '@jiefen/server';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type PageReport, watchPage } from './support/browser.js';

const STATIC = fileURLToPath(new URL('../../storybook-static/', import.meta.url));

type StorybookWindow = Window & {
  __STORYBOOK_PREVIEW__?: {
    currentRender?: { id?: string; phase?: string };
    channel: { emit(event: string, payload: unknown): void };
  };
};

interface StoryIndex {
  entries: Record<string, { type: string; id: string; title: string; name: string }>;
}

function readIndex(): StoryIndex {
  try {
    return JSON.parse(readFileSync(join(STATIC, 'index.json'), 'utf8'));
  } catch {
    throw new Error('storybook-static/index.json is missing: run pnpm stories:build first');
  }
}

// The built Storybook, each story opened in Chromium: it renders, its `play` (which waits for the
// state the story is named after: the error summary, the receipt, the status line…) finishes, and
// nothing throws. A story that cannot reach its state fails here, not only when someone looks.
describe('the Storybook build', () => {
  const stories = Object.values(readIndex().entries).filter((entry) => entry.type === 'story');
  let server: FastifyInstance;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    server = Fastify({ logger: false });
    // Storybook's own preview runtime uses inline scripts: the strict policy is tested on the portal.
    await registerStaticSites(server, [
      { prefix: '/', root: STATIC, contentSecurityPolicy: "default-src 'self' 'unsafe-inline' data: blob:" },
    ]);
    await server.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await server?.close();
  });

  it('has a story for every state, each locale and elder mode', () => {
    const names = stories.map((story) => story.name);
    for (const name of ['Loading', 'Configuration Failed', 'Restore offered', 'Received', 'Rejected', 'Sending'])
      expect(names).toContain(name);
    expect(names.some((name) => /繁體中文/.test(name))).toBe(true);
    expect(names).toContain('English');
    expect(names.filter((name) => /^Elder mode/.test(name)).length).toBeGreaterThanOrEqual(3);
  });

  // One page for all stories: switching stories through Storybook's own channel (as its manager does)
  // instead of reloading the whole preview for each.
  let page: Page;
  let report: PageReport;
  const phase = () =>
    page.evaluate(() => {
      const preview = (window as StorybookWindow).__STORYBOOK_PREVIEW__;
      return { id: preview?.currentRender?.id, phase: preview?.currentRender?.phase };
    });

  it.each(stories.map((story) => [`${story.title} / ${story.name}`, story.id]))(
    '%s renders and plays to its state',
    async (_name, id) => {
      if (!page) {
        page = await browser.newPage();
        report = await watchPage(page);
        await page.goto(`${url}/iframe.html?id=${id}&viewMode=story`);
      } else {
        report.errors.length = 0;
        await page.evaluate((storyId) => {
          (window as StorybookWindow).__STORYBOOK_PREVIEW__!.channel.emit('setCurrentStory', {
            storyId,
            viewMode: 'story',
          });
        }, id);
      }
      await expect
        .poll(phase, { timeout: 30_000 })
        .toEqual({ id, phase: expect.stringMatching(/^(finished|errored|aborted)$/) });
      expect(report.errors).toEqual([]);
      expect((await phase()).phase).toBe('finished');
      // At least one element per story, whichever it shows (a provider story shows two).
      expect(
        await page
          .locator('#storybook-root :is(jf-intake-form, jf-case-tracker, jf-consult-request) [part="base"]')
          .count(),
      ).toBeGreaterThanOrEqual(1);
    },
  );
});

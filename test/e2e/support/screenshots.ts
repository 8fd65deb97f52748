import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
/** Where CI picks up the pictures (`.ci/` is ignored by git). */
export const ARTIFACTS_DIR = join(repo, '.ci/artifacts/e2e');

/**
 * One flow's pictures, numbered in the order taken: `.ci/artifacts/e2e/<flow>/<nn>-<step>.png`. The
 * folder is emptied first, so what is there is one run's story.
 */
export function screenshots(flow: string): (page: Page, step: string) => Promise<void> {
  const dir = join(ARTIFACTS_DIR, flow);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page, step) => {
    n += 1;
    await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
  };
}

/**
 * Takes docs/images/township-portal.png: the township portal with the form, as `pnpm start` serves
 * it (the real server, the built bundle, the strict policy), in the machine's Chromium.
 *
 *   pnpm --filter @jiefen/widgets build && pnpm portal:screenshot
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/e2e/support/browser.js';
import { PORTAL_DIR, startJiefenServer, WIDGETS_DIST } from '../test/e2e/support/servers.js';

const target = fileURLToPath(new URL('../docs/images/township-portal.png', import.meta.url));
mkdirSync(fileURLToPath(new URL('../docs/images/', import.meta.url)), { recursive: true });

const server = await startJiefenServer({
  staticSites: [
    { prefix: '/', root: PORTAL_DIR },
    { prefix: '/widgets/', root: WIDGETS_DIST, kind: 'widgets' },
  ],
});
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}/`);
  await page.locator('jf-intake-form [part="category-card"]').first().waitFor({ state: 'visible', timeout: 30_000 });
  // Let web fonts and layout settle before the picture.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: target, fullPage: true });
  console.log(`wrote ${target}`);
} finally {
  await browser.close();
  await server.close();
}

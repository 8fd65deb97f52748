import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * The machine's Chromium through playwright-core (never `playwright install`: it downloads a browser
 * this machine cannot reach). Same flags as the browser test runner's launcher.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath =
    process.env.CHROME_PATH ??
    ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
  if (!executablePath) throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROME_PATH');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface PolicyViolation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

/** What a page reported: CSP and Trusted Types violations, uncaught errors, console errors. */
export interface PageReport {
  violations(): Promise<PolicyViolation[]>;
  errors: string[];
}

declare global {
  interface Window {
    __jiefenViolations?: PolicyViolation[];
  }
}

/**
 * Listen for `securitypolicyviolation` from the first script on (an init script is injected by the
 * browser itself, so the policy under test does not apply to it), and collect page errors.
 */
export async function watchPage(page: Page): Promise<PageReport> {
  await page.addInitScript(() => {
    window.__jiefenViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__jiefenViolations!.push({
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        sample: event.sample,
        source: `${event.sourceFile}:${event.lineNumber}`,
      });
    });
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Failed loads are reported with their URL below; the console line has none.
    if (message.text().startsWith('Failed to load resource')) return;
    errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    // The browser asks for /favicon.ico by itself where a page names no icon.
    if (response.status() < 400 || new URL(response.url()).pathname === '/favicon.ico') return;
    errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    errors,
    violations: () => page.evaluate(() => window.__jiefenViolations ?? []),
  };
}

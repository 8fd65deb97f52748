// Browser tests run in the machine's Chromium (Debian's /usr/bin/chromium): test tools that download
// their own browser cannot reach the network here. Sources are served as TypeScript through esbuild,
// resolving workspace packages to their sources like vitest does.
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { jiefenServerPlugin } from './packages/widgets/test-browser/support/jiefen-server-plugin.js';

const executablePath =
  process.env.CHROME_PATH ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
if (!executablePath) throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROME_PATH');

export default {
  files: ['packages/*/test-browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser', 'import'] },
  // `jiefenServerPlugin`: the real reference server for tests that need it (the tracker's live test).
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.browser.json' }), jiefenServerPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
};

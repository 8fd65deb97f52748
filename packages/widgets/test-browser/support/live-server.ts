// The real reference server for the tracker's live browser test, run as its own process by
// `jiefen-server-plugin.js` (tsx, `source` conditions): the demo tenant on a temporary SQLite file,
// accepting the test runner's origin (CORS), with the demo staff accounts; it prints one JSON line
// `{ url, tokens }` and serves until killed.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QINGSHAN_DEMO_HANDLER_DEPARTMENTS, qingshanTenant } from '@jiefen/core/demo';
import { buildServer } from '@jiefen/server';
import { seedDemoStaff } from '../../../server/src/demo-staff.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jiefen-tracker-live-'));
const app = await buildServer({
  dataDir,
  logLevel: 'silent',
  seedTenants: [{ config: qingshanTenant, allowedOrigins: (process.env.JIEFEN_TEST_ORIGINS ?? '').split(',') }],
  scheduler: { enabled: false },
});
const accounts = await seedDemoStaff(
  app,
  qingshanTenant,
  QINGSHAN_DEMO_HANDLER_DEPARTMENTS,
  join(dataDir, 'tokens.json'),
);
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as AddressInfo;
const tokens = Object.fromEntries(accounts.map((a) => [a.key, a.token]));
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, tokens })}\n`);

const stop = () => {
  void app.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

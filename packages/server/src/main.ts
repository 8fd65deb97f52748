#!/usr/bin/env node
// First: sizes the libuv pool before any module can start using it.
import './threadpool.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { QINGSHAN_DEMO_HANDLER_DEPARTMENTS, qingshanTenant } from '@jiefen/core/demo';
import { buildServer } from './app.js';
import { loadConfig } from './config.js';
import { demoStaffBanner, seedDemoStaff } from './demo-staff.js';
import { staticSitesFromEnv } from './routes/static-sites.js';

/**
 * `jiefen-server`: configuration from `JIEFEN_CONFIG` (JSON file) and the environment, the demo
 * tenant `qingshan` seeded when no tenant is configured, with demo staff accounts (one per role, a
 * handler for each department the demo loop calls) whose tokens are printed at start,
 * graceful shutdown on SIGINT/SIGTERM (in-flight requests finish, then the database closes).
 * `--fresh` (or `JIEFEN_FRESH=1`) starts from an empty data directory; otherwise data is kept.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (process.argv.includes('--fresh') || process.env.JIEFEN_FRESH === '1') startFresh(config.dataDir);
  const demo = config.seedTenants.length === 0;
  if (demo)
    config.seedTenants = [
      { config: qingshanTenant, allowedOrigins: ['http://localhost:5173', 'http://localhost:8080'] },
    ];
  const staticSites = staticSitesFromEnv(process.env.JIEFEN_STATIC);
  const app = await buildServer(config, { staticSites });

  let banner = '';
  if (demo) {
    // Demo tokens are kept in the data directory so a restart prints the same ones.
    const file = join(config.dataDir, 'demo-staff-tokens.json');
    const accounts = await seedDemoStaff(app, qingshanTenant, QINGSHAN_DEMO_HANDLER_DEPARTMENTS, file);
    banner = demoStaffBanner(qingshanTenant, accounts, `http://localhost:${config.port}`);
  }

  await app.listen({ port: config.port, host: config.host });
  if (banner) process.stdout.write(`\n${banner}\n`);
  process.stdout.write(
    `Jiefen server on http://localhost:${config.port} (${app.jiefen.storage.engine}, data in ${config.dataDir}); API reference at /api/v1/docs\n`,
  );
  // The first thing a newcomer should open: the portal page with the form (JIEFEN_STATIC, see static-sites.ts).
  // The centre desk (examples/center-desk) is a page like the portal; it is named by what it serves.
  const isDesk = (root: string) => /center-desk/.test(root);
  for (const site of staticSites)
    process.stdout.write(
      `${site.kind === 'widgets' ? 'Widgets (drop-in bundle)' : isDesk(site.root) ? 'Centre desk (staff console)' : 'Portal page'} at http://localhost:${config.port}${site.prefix} (from ${site.root})\n`,
    );
  const desk = staticSites.find((site) => site.kind !== 'widgets' && isDesk(site.root));
  if (desk && demo)
    process.stdout.write(
      `Sign in to the centre desk at http://localhost:${config.port}${desk.prefix} with one of the demo staff tokens above (coordinator moves a case along; a department_handler:… token sees its own department only)\n`,
    );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * Remove what a previous run left: the SQLite database (with its WAL files) and the demo tokens. Only
 * these names are removed, never the directory, so a mistyped JIEFEN_DATA_DIR cannot wipe anything else.
 * A PostgreSQL database is left alone: dropping it is an operator's decision.
 */
function startFresh(dataDir: string): void {
  const names = ['jiefen.sqlite', 'jiefen.sqlite-wal', 'jiefen.sqlite-shm', 'demo-staff-tokens.json'];
  for (const name of names) rmSync(join(dataDir, name), { force: true });
  process.stdout.write(`Starting fresh: removed the demo database and tokens in ${dataDir}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

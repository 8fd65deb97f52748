import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { qingshanTenant } from '@jiefen/core/demo';
import { buildServer, type JiefenContext, registerStaticSites, type StaticSite } from '@jiefen/server';
import Fastify from 'fastify';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
export const PORTAL_DIR = join(repo, 'examples/township-portal');
export const WIDGETS_DIST = join(repo, 'packages/widgets/dist');

/** The build's manifest (`pnpm --filter @jiefen/widgets build` writes it). */
export interface DistManifest {
  name: string;
  version: string;
  module: { entry: string; versioned: string; integrity: string; upfront: string[]; gzip: number };
  classic: { entry: string; versioned: string; integrity: string; gzip: number };
  elements: Record<string, { chunk: string; files: string[]; gzip: number }>;
  files: Record<string, { loads: string; raw: number; gzip: number; integrity: string; imports: string[] }>;
}

export function readManifest(): DistManifest {
  try {
    return JSON.parse(readFileSync(join(WIDGETS_DIST, 'manifest.json'), 'utf8'));
  } catch {
    throw new Error('packages/widgets/dist/manifest.json is missing: run pnpm --filter @jiefen/widgets build first');
  }
}

export interface RunningServer {
  url: string;
  context: JiefenContext;
  close(): Promise<void>;
}

/**
 * The real reference server, in-process on a temporary SQLite file, serving `staticSites` beside the
 * API exactly as `pnpm start` does, with the demo tenant accepting `allowedOrigins`.
 */
export async function startJiefenServer(
  options: { staticSites?: StaticSite[]; allowedOrigins?: string[] } = {},
): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiefen-dist-'));
  const app = await buildServer(
    {
      dataDir,
      logLevel: 'silent',
      seedTenants: [{ config: qingshanTenant, allowedOrigins: options.allowedOrigins ?? [] }],
      scheduler: { enabled: false },
    },
    { staticSites: options.staticSites ?? [] },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    context: app.jiefen,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A portal developer's own site on another origin: only static files (with the strict CSP, from the
 * same static-sites code the server uses), the API living elsewhere.
 */
export async function startPageServer(sites: StaticSite[]): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  await registerStaticSites(app, sites);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  // `localhost`, not 127.0.0.1: a different origin from the API server's URL.
  return { url: `http://localhost:${port}`, close: () => app.close() };
}

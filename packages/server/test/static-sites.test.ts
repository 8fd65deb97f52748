import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qingshanTenant } from '@jiefen/core/demo';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.js';
import { PORTAL_CONTENT_SECURITY_POLICY, staticSitesFromEnv } from '../src/routes/static-sites.js';

// The static directories `pnpm start` serves beside the API: a portal page and the widgets bundle.
describe('static sites beside the API', () => {
  let app: FastifyInstance;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'jiefen-static-'));
    const page = join(root, 'portal');
    const widgets = join(root, 'widgets');
    mkdirSync(join(widgets, 'v1.2.3'), { recursive: true });
    mkdirSync(page, { recursive: true });
    writeFileSync(join(page, 'index.html'), '<!doctype html><title>portal</title>');
    writeFileSync(join(page, '.env'), 'SECRET=1');
    writeFileSync(join(root, 'outside.txt'), 'not served');
    writeFileSync(join(widgets, 'jiefen.js'), 'export {};');
    writeFileSync(join(widgets, 'intake-form-0a1b2c3d.js'), 'export {};');
    writeFileSync(join(widgets, 'v1.2.3', 'jiefen.js'), 'export {};');
    app = await buildServer(
      {
        dataDir: join(root, 'data'),
        logLevel: 'silent',
        seedTenants: [{ config: qingshanTenant, allowedOrigins: [] }],
        scheduler: { enabled: false },
      },
      {
        staticSites: [
          { prefix: '/', root: page },
          { prefix: '/widgets/', root: widgets, kind: 'widgets' },
        ],
      },
    );
  });
  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the page under the strict policy, revalidated on every visit', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<title>portal</title>');
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toBe(PORTAL_CONTENT_SECURITY_POLICY);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the widgets to any origin, immutable where versioned or content-hashed', async () => {
    const current = await app.inject({ method: 'GET', url: '/widgets/jiefen.js' });
    expect(current.statusCode).toBe(200);
    expect(current.headers['content-type']).toMatch(/javascript/);
    expect(current.headers['cache-control']).toBe('public, max-age=300');
    expect(current.headers['access-control-allow-origin']).toBe('*');
    expect(current.headers['cross-origin-resource-policy']).toBe('cross-origin');
    for (const url of ['/widgets/v1.2.3/jiefen.js', '/widgets/intake-form-0a1b2c3d.js']) {
      const immutable = await app.inject({ method: 'GET', url });
      expect(immutable.statusCode, url).toBe(200);
      expect(immutable.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
  });

  it('serves nothing outside the directories and no dotfiles', async () => {
    for (const url of ['/../outside.txt', '/widgets/../outside.txt', '/%2e%2e/outside.txt', '/.env']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.body, url).not.toContain('not served');
      expect(response.body, url).not.toContain('SECRET');
    }
  });

  it('leaves the API its JSON headers and its own not-found answer', async () => {
    const config = await app.inject({ method: 'GET', url: `/api/v1/tenants/${qingshanTenant.id}/config` });
    expect(config.statusCode).toBe(200);
    expect(config.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/no-such-route',
      headers: { 'accept-language': 'en' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(missing.json().error.code).toBe('not_found');
    const missingFile = await app.inject({ method: 'GET', url: '/no-such-page.html' });
    expect(missingFile.statusCode).toBe(404);
    expect(missingFile.json().error.code).toBe('not_found');
  });
});

describe('JIEFEN_STATIC', () => {
  it('reads prefix=directory pairs, relative to the working directory', () => {
    expect(staticSitesFromEnv('/=examples/township-portal;/widgets/=/srv/widgets;widgets:/cdn=dist', '/repo')).toEqual([
      { prefix: '/', root: '/repo/examples/township-portal', kind: 'page' },
      { prefix: '/widgets/', root: '/srv/widgets', kind: 'widgets' },
      { prefix: '/cdn/', root: '/repo/dist', kind: 'widgets' },
    ]);
    expect(staticSitesFromEnv(undefined)).toEqual([]);
    expect(staticSitesFromEnv('  ')).toEqual([]);
  });

  it('refuses a pair it cannot read', () => {
    expect(() => staticSitesFromEnv('examples')).toThrow(/prefix=directory/);
    expect(() => staticSitesFromEnv('site=examples')).toThrow(/must start with \//);
  });
});

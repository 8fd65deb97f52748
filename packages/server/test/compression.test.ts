import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { qingshanTenant } from '@jiefen/core/demo';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.js';
import type { ServerConfigInput } from '../src/config.js';
import { fileCase, startHarness } from './support/harness.js';

// Answers travel compressed when the client accepts it: a resident on a cheap phone's mobile data
// fetches the tenant configuration (tens of kB of JSON) and the widgets' chunks before the first field.
// Raw node:http, not fetch: fetch inflates by itself and would hide what went over the wire.

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

function get(base: string, path: string, headers: Record<string, string> = {}, firstChunkOnly = false) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = httpRequest(new URL(path, base), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (firstChunkOnly) {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) });
          req.destroy();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!firstChunkOnly) reject(error);
    });
    req.end();
  });
}

const open: Array<{ app: FastifyInstance; root: string }> = [];
afterEach(async () => {
  for (const { app, root } of open.splice(0)) {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  }
});

async function start(config: ServerConfigInput = {}) {
  const root = mkdtempSync(join(tmpdir(), 'jiefen-compress-'));
  const widgets = join(root, 'widgets');
  mkdirSync(widgets);
  // A chunk well over the threshold, as a real one is.
  writeFileSync(join(widgets, 'chunk-0a1b2c3d.js'), `export const text = ${JSON.stringify('解纷 '.repeat(4000))};\n`);
  const app = await buildServer(
    {
      dataDir: join(root, 'data'),
      logLevel: 'silent',
      seedTenants: [{ config: qingshanTenant, allowedOrigins: [] }],
      scheduler: { enabled: false },
      ...config,
    },
    { staticSites: [{ prefix: '/widgets/', root: widgets, kind: 'widgets' }] },
  );
  open.push({ app, root });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

const CONFIG = `/api/v1/tenants/${qingshanTenant.id}/config`;

describe('compressed answers', () => {
  it('sends the tenant configuration as brotli or gzip, as accepted, and the same JSON either way', async () => {
    const { base } = await start();
    const plain = await get(base, CONFIG);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const json = JSON.parse(plain.bytes.toString('utf8'));
    expect(plain.bytes.length).toBeGreaterThan(10_000);

    const br = await get(base, CONFIG, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    // The security and caching headers survive compression.
    expect(br.headers['x-content-type-options']).toBe('nosniff');
    expect(br.headers['cache-control']).toBe(plain.headers['cache-control']);
    expect(br.bytes.length).toBeLessThan(plain.bytes.length / 3);
    expect(JSON.parse(brotliDecompressSync(br.bytes).toString('utf8'))).toEqual(json);

    const gzip = await get(base, CONFIG, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.bytes).toString('utf8'))).toEqual(json);
  });

  it('compresses the widgets’ files and leaves small answers and refusals alone', async () => {
    const { base } = await start();
    const chunk = await get(base, '/widgets/chunk-0a1b2c3d.js', { 'accept-encoding': 'gzip' });
    expect(chunk.status).toBe(200);
    expect(chunk.headers['content-encoding']).toBe('gzip');
    expect(chunk.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(chunk.bytes).toString('utf8')).toContain('解纷 解纷');

    const ready = await get(base, '/readyz', { 'accept-encoding': 'gzip' });
    expect(ready.status).toBe(200);
    expect(ready.headers['content-encoding']).toBeUndefined();

    const refused = await get(base, '/api/v1/cases/QS-NOPE', { 'accept-encoding': 'gzip', 'accept-language': 'en' });
    expect(refused.status).toBe(404);
    expect(JSON.parse(refused.bytes.toString('utf8'))).toMatchObject({ error: { code: expect.any(String) } });
  });

  it('never compresses an event stream: its first bytes arrive as they are written', async () => {
    const h = await startHarness('sqlite');
    try {
      const filed = await fileCase(h);
      const first = await get(
        h.base,
        `/api/v1/cases/${filed.caseNumber}/events`,
        { 'accept-encoding': 'br, gzip', 'x-jiefen-tracking-token': filed.trackingToken },
        true,
      );
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(first.headers['content-encoding']).toBeUndefined();
      expect(first.bytes.toString('utf8')).toMatch(/^: connected/);
    } finally {
      await h.close();
    }
  });

  it('can be turned off for a reverse proxy that compresses itself', async () => {
    const { base } = await start({ compression: false });
    const answer = await get(base, CONFIG, { 'accept-encoding': 'br, gzip' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBeUndefined();
  });
});

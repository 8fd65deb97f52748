import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestBackend } from '../../src/entries/rest.js';
import { isJiefenError, JiefenNetworkError, JiefenTimeoutError } from '../../src/errors.js';
import { createHttp, HttpStatusError } from '../../src/transport/http.js';

// The SDK's fetch wrapper against a real HTTP server: each route counts its hits and misbehaves on
// purpose (503 with Retry-After, a stall past the timeout, a refusal), so retries are counted.
type Handler = (request: IncomingMessage, response: ServerResponse, hit: number) => void;
const hits = new Map<string, number>();
const bodies: string[] = [];
const routes: Record<string, Handler> = {
  '/busy': (_rq, rs, hit) => {
    if (hit < 3) {
      rs.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' });
      rs.end('{"error":{"code":"unavailable"}}');
    } else {
      rs.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }
  },
  '/always-busy': (_rq, rs) => {
    rs.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' });
    rs.end('{"error":{"code":"unavailable","message":"busy"}}');
  },
  '/stall': (_rq, rs, hit) => {
    if (hit === 1) setTimeout(() => rs.writeHead(200).end('{"late":true}'), 400);
    else rs.writeHead(200, { 'content-type': 'application/json' }).end('{"second":true}');
  },
  '/refuse': (_rq, rs) => {
    rs.writeHead(422, { 'content-type': 'application/json' });
    rs.end(
      '{"error":{"code":"validation_failed","message":"bad","issues":[{"path":"x","key":"validation.required"}]}}',
    );
  },
  '/echo': (rq, rs) => {
    let body = '';
    rq.on('data', (chunk: Buffer) => {
      body += chunk.toString('latin1');
    });
    rq.on('end', () => {
      bodies.push(body);
      rs.writeHead(200, { 'content-type': 'application/json' });
      rs.end(JSON.stringify({ url: rq.url, type: rq.headers['content-type'], length: body.length }));
    });
  },
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    const route = routes[path];
    if (route) route(request, response, hit);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const http = createHttp({ timeoutMs: 200, retry: { limit: 3, methods: ['GET'], backoffLimitMs: 20 } });

describe('the SDK HTTP client over fetch', () => {
  it('retries a GET answered 503 with Retry-After until it succeeds', async () => {
    const response = await http(`${base}/busy`);
    expect(await response.json()).toEqual({ ok: true });
    expect(hits.get('/busy')).toBe(3);
  });

  it('gives up after the retry limit with the status and the parsed error body', async () => {
    const failure = await http(`${base}/always-busy`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpStatusError);
    expect((failure as HttpStatusError).response.status).toBe(503);
    expect((failure as HttpStatusError).data).toEqual({ error: { code: 'unavailable', message: 'busy' } });
    expect(hits.get('/always-busy')).toBe(4); // the first try and three retries
  });

  it('never retries a POST (the outbox resends it with its idempotency key)', async () => {
    hits.delete('/always-busy');
    await expect(http(`${base}/always-busy`, { method: 'POST', json: {} })).rejects.toBeInstanceOf(HttpStatusError);
    expect(hits.get('/always-busy')).toBe(1);
  });

  it('times an attempt out and retries it', async () => {
    const response = await http(`${base}/stall`);
    expect(await response.json()).toEqual({ second: true });
    expect(hits.get('/stall')).toBe(2);
    hits.delete('/stall');
    const noRetry = await http(`${base}/stall`, { retryLimit: 0 }).catch((error: unknown) => error);
    expect(noRetry).toBeInstanceOf(JiefenTimeoutError);
    expect((noRetry as JiefenTimeoutError).timeoutMs).toBe(200);
  });

  it('reports an unreachable server as a network failure, and a caller abort as the caller’s', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = await http(`http://127.0.0.1:${port}/`, { retryLimit: 0 }).catch((error: unknown) => error);
    expect(offline).toBeInstanceOf(JiefenNetworkError);

    const controller = new AbortController();
    const pending = http(`${base}/stall`, { signal: controller.signal, timeoutMs: 5000 });
    controller.abort(new DOMException('left the page', 'AbortError'));
    const aborted = await pending.catch((error: unknown) => error);
    expect(isJiefenError(aborted)).toBe(false);
    expect((aborted as DOMException).message).toBe('left the page');
  });

  it('sends JSON and query parameters', async () => {
    const response = await http(`${base}/echo`, { method: 'POST', json: { a: 1 }, searchParams: { q: '青山' } });
    expect(await response.json()).toEqual({
      url: `/echo?q=${encodeURIComponent('青山')}`,
      type: 'application/json',
      length: 7,
    });
  });
});

describe('the REST backend on that client', () => {
  it('maps a refusal to a localized validation error with its issues', async () => {
    const backend = createRestBackend({ baseUrl: base, tenant: 't', paths: { config: '/refuse' } });
    const failure = await backend.getTenantConfig().catch((error: unknown) => error);
    expect(isJiefenError(failure) && failure.messageKey).toBe('sdk.error.validation');
    expect(isJiefenError(failure) && failure.kinds).toContain('validation');
  });

  it('reports upload progress in Node by streaming the multipart body', async () => {
    const backend = createRestBackend({ baseUrl: base, tenant: 't', paths: { uploads: '/echo' } });
    const progress: { loaded: number; total: number }[] = [];
    const blob = new Blob([new Uint8Array(200_000).fill(65)], { type: 'application/pdf' });
    await backend
      .uploadAttachment({ blob, name: 'contract.pdf' }, { onProgress: (p) => progress.push(p) })
      .catch(() => undefined); // /echo answers no attachment: only the bytes sent matter here
    expect(progress.length).toBeGreaterThan(1);
    const last = progress.at(-1)!;
    expect(last.loaded).toBe(last.total);
    expect(last.total).toBeGreaterThan(200_000); // the file and its multipart framing
    expect(bodies.at(-1)?.length).toBe(last.total);
  });
});

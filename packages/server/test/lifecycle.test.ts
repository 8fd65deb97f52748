import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ENGINES, newKey, sampleFiling, startHarness, tenant } from './support/harness.js';

/** Send a request whose body arrives in two parts; `between` runs once the server has the request. */
function slowPost(
  url: string,
  body: string,
  headers: Record<string, string>,
  arrived: Promise<unknown>,
  between: () => Promise<void>,
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    const half = Math.floor(body.length / 2);
    request.write(body.slice(0, half));
    // From the moment the server has parsed the headers, the request is in flight.
    arrived.then(between).then(() => request.end(body.slice(half)), reject);
  });
}

describe.each(ENGINES)('graceful shutdown on %s', (engine) => {
  it('finishes a request that is in flight when shutdown begins, then refuses new connections', async () => {
    const h = await startHarness(engine);
    let closing: Promise<unknown> | undefined;
    const answer = await slowPost(
      `${h.base}/api/v1/tenants/${tenant.id}/cases`,
      JSON.stringify(sampleFiling()),
      { 'idempotency-key': newKey() },
      once(h.app.server, 'request'),
      async () => {
        // Shutdown starts while the filing's body is still arriving.
        closing = h.app.close();
        await new Promise((resolve) => setTimeout(resolve, 100));
      },
    );
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body).caseNumber).toMatch(/^JF-/);
    await closing;
    await expect(fetch(`${h.base}/healthz`)).rejects.toThrow();
  });
});

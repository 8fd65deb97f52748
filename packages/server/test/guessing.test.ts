import { qingshanSampleConsultation } from '@jiefen/core/demo';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, fileCase, type Harness, newKey, startHarness, tenant } from './support/harness.js';

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/** Clients are told apart by X-Forwarded-For (trustProxy), as behind the load balancer. */
function from(ip: string, credential: Record<string, string>) {
  return { 'x-forwarded-for': ip, 'accept-language': 'en', ...credential };
}

describe.each(ENGINES)('guessing on a case does not lock out its resident (%s)', (engine) => {
  async function start() {
    const h = await startHarness(engine, {
      config: {
        trustProxy: true,
        rateLimit: { lookupPerCasePerMinute: 5, lookupPerClientPerMinute: 10, publicPerMinute: 100 },
      },
    });
    open.push(h);
    return h;
  }

  it('lets the right code and the tracking token in after many wrong codes from other clients', async () => {
    const h = await start();
    const filed = await fileCase(h);
    const path = `/api/v1/cases/${filed.caseNumber}`;
    // 40 wrong codes from 20 clients: eight times the per-case limit.
    const guesses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await h.request('GET', path, {
        headers: from(`198.51.100.${i % 20}`, { 'x-jiefen-access-code': `GUESS${String(i).padStart(7, 'A')}` }),
      });
      guesses.push(response.status);
    }
    expect(guesses.slice(0, 20)).toEqual(Array(20).fill(404));
    // Each client that failed here is refused its second guess now that the case is over its limit.
    expect(guesses.slice(20)).toEqual(Array(20).fill(429));

    const byCode = await h.request('GET', path, {
      headers: from('203.0.113.7', { 'x-jiefen-access-code': filed.accessCode }),
    });
    expect(byCode.status).toBe(200);
    expect(byCode.body.caseNumber).toBe(filed.caseNumber);
    const byToken = await h.request('GET', path, {
      headers: from('203.0.113.8', { 'x-jiefen-tracking-token': filed.trackingToken }),
    });
    expect(byToken.status).toBe(200);
    // A valid tracking token is accepted even from an address that guessed.
    const tokenFromGuesser = await h.request('GET', path, {
      headers: from('198.51.100.3', { 'x-jiefen-tracking-token': filed.trackingToken }),
    });
    expect(tokenFromGuesser.status).toBe(200);
    const tracked = await h.request('GET', '/api/v1/track', {
      headers: from('203.0.113.9', { 'x-jiefen-tracking-token': filed.trackingToken }),
    });
    expect(tracked.status).toBe(200);
    // Successful lookups never count as guesses: many in a row stay fine.
    for (let i = 0; i < 8; i++)
      expect(
        (await h.request('GET', path, { headers: from('203.0.113.7', { 'x-jiefen-access-code': filed.accessCode }) }))
          .status,
      ).toBe(200);
  });

  it('still limits a client that keeps guessing, per case and per client', async () => {
    const h = await start();
    const filed = await fileCase(h);
    const guess = (n: string) =>
      h.request('GET', `/api/v1/cases/${n}`, {
        headers: from('198.51.100.99', { 'x-jiefen-access-code': 'GUESSGUESSGU' }),
      });
    for (let i = 0; i < 5; i++) expect((await guess(filed.caseNumber)).status).toBe(404);
    const refused = await guess(filed.caseNumber);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toEqual({
      code: 'rate_limited',
      message: expect.any(String),
      messageKey: 'server.rate_limited',
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other case numbers: the per-client limit (10 lookups a minute, all counted) stops it.
    const elsewhere: number[] = [];
    for (let i = 0; i < 5; i++) elsewhere.push((await guess(`JF-20250602-AAAA${i + 2}`)).status);
    expect(elsewhere).toEqual([404, 404, 404, 404, 429]);
    // After the minute, the client may try again.
    h.clock.advance(60_000);
    expect((await guess(filed.caseNumber)).status).toBe(404);
  });

  it('counts failures only: a resident looking up often is never refused by the per-case limit', async () => {
    const h = await start();
    const filed = await fileCase(h);
    const statuses: number[] = [];
    // Ten clients, two lookups each: four times the per-case limit of 5, none of them failing.
    for (let i = 0; i < 20; i++)
      statuses.push(
        (
          await h.request('GET', `/api/v1/cases/${filed.caseNumber}`, {
            headers: from(`203.0.113.${i % 10}`, { 'x-jiefen-access-code': filed.accessCode }),
          })
        ).status,
      );
    expect(statuses).toEqual(Array(20).fill(200));
  });

  it('protects consultations the same way', async () => {
    const h = await start();
    const created = await h.request('POST', `/api/v1/tenants/${tenant.id}/consultations`, {
      body: qingshanSampleConsultation(),
      headers: { 'idempotency-key': newKey() },
    });
    const { consultationNumber, accessCode } = created.body as { consultationNumber: string; accessCode: string };
    const path = `/api/v1/consultations/${consultationNumber}`;
    for (let i = 0; i < 6; i++)
      await h.request('GET', path, { headers: from(`198.51.100.${i}`, { 'x-jiefen-access-code': 'GUESSGUESSGU' }) });
    expect(
      (await h.request('GET', path, { headers: from('198.51.100.0', { 'x-jiefen-access-code': 'GUESSGUESSGU' }) }))
        .status,
    ).toBe(429);
    expect(
      (await h.request('GET', path, { headers: from('203.0.113.1', { 'x-jiefen-access-code': accessCode }) })).status,
    ).toBe(200);
  });
});

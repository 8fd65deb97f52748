import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { qingshanSampleConsultation } from '@jiefen/core/demo';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ENGINES,
  fileCase,
  type Harness,
  newKey,
  PORTAL_ORIGIN,
  sampleFiling,
  staff,
  startHarness,
  tenant,
} from './support/harness.js';

/** The exact headers every JSON API response carries (OWASP REST Security Cheat Sheet). */
const JSON_POLICY: Record<string, unknown> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  vary: 'Origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
/** Headers HTTP itself sets; the rest of a response's headers are the policy under test. */
// How the body travels (compression has its own test, compression.test.ts), not the policy.
const TRANSPORT_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'date',
  'connection',
  'keep-alive',
]);
function headerPolicy(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (TRANSPORT_HEADERS.has(name)) return;
    // `Vary: Accept-Encoding` comes with compressible answers; the policy part is `Origin`.
    out[name] =
      name === 'vary'
        ? value
            .split(',')
            .map((token) => token.trim())
            .filter((token) => token.toLowerCase() !== 'accept-encoding')
            .join(', ')
        : value;
  });
  return out;
}

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function form(files: Array<{ name: string; bytes: Buffer; type: string }>): FormData {
  const data = new FormData();
  for (const file of files) data.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return data;
}

describe.each(ENGINES)('safety on %s', (engine) => {
  const open: Harness[] = [];
  const start = async (...args: Parameters<typeof startHarness> extends [unknown, ...infer R] ? R : never) => {
    const h = await startHarness(engine, ...args);
    open.push(h);
    return h;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });

  it('stores uploads by their sniffed type and refuses disguised or oversized files', async () => {
    const h = await start({ config: { limits: { uploadBytes: 4096 } } });
    const ok = await fetch(`${h.base}/api/v1/tenants/${tenant.id}/uploads`, {
      method: 'POST',
      body: form([{ name: 'photo.jpg', bytes: PNG, type: 'image/jpeg' }]),
    });
    expect(ok.status).toBe(201);
    const { attachment } = (await ok.json()) as { attachment: { id: string; mediaType: string; size: number } };
    expect(attachment).toMatchObject({ mediaType: 'image/png', size: PNG.length });

    const disguised = await fetch(`${h.base}/api/v1/tenants/${tenant.id}/uploads`, {
      method: 'POST',
      headers: { 'accept-language': 'en' },
      body: form([{ name: 'evil.png', bytes: Buffer.from('<script>alert(1)</script>'), type: 'image/png' }]),
    });
    expect(disguised.status).toBe(415);
    expect(((await disguised.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');

    const big = Buffer.concat([PNG, Buffer.alloc(8192)]);
    const tooLarge = await fetch(`${h.base}/api/v1/tenants/${tenant.id}/uploads`, {
      method: 'POST',
      body: form([{ name: 'big.png', bytes: big, type: 'image/png' }]),
    });
    expect(tooLarge.status).toBe(413);

    // The uploaded file can be referenced in a filing; an unknown id cannot.
    const filed = await h.request('POST', `/api/v1/tenants/${tenant.id}/cases`, {
      body: sampleFiling({ attachments: [{ id: attachment.id, name: 'x.png', mediaType: 'image/gif', size: 1 }] }),
      headers: { 'idempotency-key': newKey() },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.case.filing.attachments[0]).toMatchObject({
      id: attachment.id,
      mediaType: 'image/png',
      size: PNG.length,
    });
    const unknown = await h.request('POST', `/api/v1/tenants/${tenant.id}/cases`, {
      body: sampleFiling({ attachments: [{ id: 'att_nope', name: 'x.png', mediaType: 'image/png', size: 1 }] }),
      headers: { 'idempotency-key': newKey() },
    });
    expect(unknown.status).toBe(422);
    expect(Object.keys(unknown.body.error.fields)).toContain('attachments.0.id');
  });

  it("refuses uploads over the tenant's own limits with the form's field issue, and stores nothing", async () => {
    // A township that takes only PDFs of at most 70 bytes (the PNG is 68) (the server's own ceiling is far higher).
    const strict = { ...tenant, attachments: { maxBytes: 70, mediaTypes: ['application/pdf'] } };
    const h = await start({ config: { seedTenants: [{ config: strict, allowedOrigins: [PORTAL_ORIGIN] }] } });
    const upload = (name: string, bytes: Buffer, type: string) =>
      fetch(`${h.base}/api/v1/tenants/${tenant.id}/uploads`, {
        method: 'POST',
        headers: { 'accept-language': 'en' },
        body: form([{ name, bytes, type }]),
      });
    const png = await upload('photo.png', PNG, 'image/png');
    expect(png.status).toBe(422);
    type Refusal = {
      error: { code: string; fields: Record<string, string>; issues: Array<{ path: string; key: string }> };
    };
    const pngBody = (await png.json()) as Refusal;
    expect(pngBody.error.code).toBe('validation_failed');
    expect(pngBody.error.issues).toEqual([expect.objectContaining({ path: 'file', key: 'validation.file_type' })]);
    expect(pngBody.error.fields.file).toBeTruthy();

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1');
    const big = Buffer.concat([pdf, Buffer.alloc(100, 0x20)]);
    const tooLarge = await upload('scan.pdf', big, 'application/pdf');
    expect(tooLarge.status).toBe(422);
    const largeBody = (await tooLarge.json()) as Refusal;
    expect(largeBody.error.issues).toEqual([
      expect.objectContaining({ path: 'file', key: 'validation.file_too_large' }),
    ]);
    expect(largeBody.error.fields.file).toBeTruthy();

    // Within both limits: stored.
    expect(pdf.length).toBeLessThanOrEqual(70);
    const small = await upload('scan.pdf', pdf, 'application/pdf');
    expect(small.status).toBe(201);
    expect(((await small.json()) as { attachment: { mediaType: string } }).attachment.mediaType).toBe(
      'application/pdf',
    );
    const stored = await h.app.jiefen.storage.db
      .selectFrom('uploads')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(stored?.n)).toBe(1);
  });

  it('adds evidence from a multipart upload to the case', async () => {
    const h = await start();
    const filed = await fileCase(h);
    const response = await fetch(`${h.base}/api/v1/cases/${filed.caseNumber}/evidence`, {
      method: 'POST',
      headers: { 'x-jiefen-tracking-token': filed.trackingToken },
      body: form([
        { name: 'a.png', bytes: PNG, type: 'image/png' },
        { name: 'b.png', bytes: PNG, type: 'image/png' },
      ]),
    });
    expect(response.status).toBe(200);
    const view = (await response.json()) as { timeline: Array<{ type: string; data: { attachments?: unknown[] } }> };
    expect(view.timeline.at(-1)).toMatchObject({ type: 'resident.add_evidence' });
    expect(view.timeline.at(-1)!.data.attachments).toHaveLength(2);
  });

  it('limits JSON body size', async () => {
    const h = await start({ config: { limits: { bodyBytes: 1024 } } });
    const response = await h.request('POST', `/api/v1/tenants/${tenant.id}/cases`, {
      body: sampleFiling({ description: '很长'.repeat(2000) }),
      headers: { 'idempotency-key': newKey(), 'accept-language': 'en' },
    });
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({ code: 'payload_too_large', message: 'The request is too large' });
    const notJson = await h.request('POST', `/api/v1/tenants/${tenant.id}/cases`, {
      body: '{"broken"',
      headers: { 'idempotency-key': newKey() },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_request');
  });

  it('rate-limits guessing on a case and lookups per client', async () => {
    const h = await start({ config: { rateLimit: { lookupPerCasePerMinute: 3, lookupPerClientPerMinute: 6 } } });
    const filed = await fileCase(h);
    const look = (n: string) =>
      h.request('GET', `/api/v1/cases/${n}`, {
        headers: { 'x-jiefen-access-code': 'GUESSGUESSGU', 'accept-language': 'en' },
      });
    for (let i = 0; i < 3; i++) expect((await look(filed.caseNumber)).status).toBe(404);
    // Three failures put the case over its limit: this client, which failed on it, may not guess on.
    const limited = await look(filed.caseNumber);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBeTruthy();
    // Guessing across many numbers hits the per-client limit (every lookup counts: this is the 7th).
    for (let i = 0; i < 2; i++) expect((await look(`JF-20250602-AAAA${i + 2}`)).status).toBe(404);
    expect((await look('JF-20250602-BBBBB')).status).toBe(429);
  });

  it('answers CORS only for the tenant’s allowed portals', async () => {
    const h = await start();
    const preflight = (origin: string, path: string) =>
      fetch(h.base + path, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,idempotency-key',
        },
      });
    const allowed = await preflight(PORTAL_ORIGIN, `/api/v1/tenants/${tenant.id}/cases`);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('if-none-match');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-max-age')).toBe('600');
    const refused = await preflight('https://evil.example.com', `/api/v1/tenants/${tenant.id}/cases`);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-headers')).toBeNull();
    const lookup = await preflight(PORTAL_ORIGIN, '/api/v1/cases/JF-20250602-AAAAA');
    expect(lookup.headers.get('access-control-allow-origin')).toBe(PORTAL_ORIGIN);

    // An admin changes the allowlist; the new portal is answered.
    const put = await h.request('PUT', '/api/v1/staff/tenant/origins', {
      body: { origins: ['https://new.portal.cn'] },
      headers: staff(h, 'admin'),
    });
    expect(put.body.origins).toEqual(['https://new.portal.cn']);
    expect(
      (await preflight('https://new.portal.cn', `/api/v1/tenants/${tenant.id}/config`)).headers.get(
        'access-control-allow-origin',
      ),
    ).toBe('https://new.portal.cn');
  });

  it('sends the JSON API header policy: personal data is never stored, errors included', async () => {
    // One client (told apart by X-Forwarded-For) uses up its lookups; the error requests come from another.
    const h = await start({ config: { rateLimit: { lookupPerClientPerMinute: 2 }, trustProxy: true } });
    const filed = await fileCase(h);
    const token = { 'x-jiefen-tracking-token': filed.trackingToken, 'x-forwarded-for': '203.0.113.9' };
    const lookup = await fetch(`${h.base}/api/v1/cases/${filed.caseNumber}`, { headers: token });
    expect(lookup.status).toBe(200);
    expect(headerPolicy(lookup)).toEqual({ ...JSON_POLICY, etag: expect.stringMatching(/^"[\w-]{27}"$/) });
    const notModified = await fetch(`${h.base}/api/v1/cases/${filed.caseNumber}`, {
      headers: { ...token, 'if-none-match': lookup.headers.get('etag')! },
    });
    expect(notModified.status).toBe(304);
    expect(headerPolicy(notModified)).toEqual({ ...JSON_POLICY, etag: lookup.headers.get('etag') });

    const queue = await fetch(`${h.base}/api/v1/staff/cases`, { headers: staff(h, 'coordinator') });
    expect(queue.status).toBe(200);
    expect(headerPolicy(queue)).toEqual(JSON_POLICY);

    // Errors: unknown case, unknown route, unknown tenant (its config route opts in to caching only on success),
    // invalid body, rate limited.
    const limited = await fetch(`${h.base}/api/v1/cases/${filed.caseNumber}`, { headers: token });
    expect(limited.status).toBe(429);
    expect(headerPolicy(limited)).toEqual({ ...JSON_POLICY, 'retry-after': expect.any(String) });
    const errors = [
      await fetch(`${h.base}/api/v1/cases/JF-20250602-AAAAA`, {
        headers: { 'x-jiefen-tracking-token': filed.trackingToken },
      }),
      await fetch(`${h.base}/nowhere`),
      await fetch(`${h.base}/api/v1/tenants/baishui/config`),
      await fetch(`${h.base}/api/v1/tenants/${tenant.id}/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: '{}',
      }),
    ];
    expect(errors.map((r) => r.status)).toEqual([404, 404, 404, 422]);
    for (const response of errors) expect(headerPolicy(response)).toEqual(JSON_POLICY);
  });

  it('lets browsers and proxies cache the public tenant config, revalidated by ETag', async () => {
    const h = await start();
    const config = await fetch(`${h.base}/api/v1/tenants/${tenant.id}/config`);
    expect(config.status).toBe(200);
    const body = await config.text();
    expect(JSON.parse(body)).toMatchObject({ id: tenant.id });
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    expect(headerPolicy(config)).toEqual({ ...JSON_POLICY, 'cache-control': 'public, max-age=300', etag });
    const revalidated = await fetch(`${h.base}/api/v1/tenants/${tenant.id}/config`, {
      headers: { 'if-none-match': `W/${etag}` },
    });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(headerPolicy(revalidated)).toEqual({ ...JSON_POLICY, 'cache-control': 'public, max-age=300', etag });

    // An admin's change gives a new body and tag at once to the revalidating client.
    const edited = { ...tenant, name: { ...tenant.name, en: 'Qingshan Town (edited)' } };
    const put = await h.request('PUT', '/api/v1/staff/tenant/config', { body: edited, headers: staff(h, 'admin') });
    expect(put.status).toBe(200);
    const changed = await fetch(`${h.base}/api/v1/tenants/${tenant.id}/config`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as { name: { en: string } }).name.en).toBe('Qingshan Town (edited)');
  });

  it('serves the reference page with helmet’s HTML header set and a CSP it works under', async () => {
    const h = await start();
    for (const path of ['/api/v1/docs', '/api/v1/docs/render.js', '/api/v1/docs/style.css']) {
      const response = await fetch(h.base + path);
      expect(response.status).toBe(200);
      const { 'content-security-policy': csp, ...rest } = headerPolicy(response);
      // Same-origin script, style, images and fetch; no plug-ins, no inline handlers, no upgrade (see app.ts).
      expect(csp?.split(';').sort()).toEqual([
        "base-uri 'self'",
        "connect-src 'self'",
        "default-src 'self'",
        "font-src 'self' https: data:",
        "form-action 'self'",
        "frame-ancestors 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "script-src 'self'",
        "script-src-attr 'none'",
        "style-src 'self'",
      ]);
      expect(rest).toEqual({
        'cache-control': 'public, max-age=300',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        vary: 'Origin',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
    }
  });

  it('never lets a live stream be stored', async () => {
    const h = await start();
    const filed = await fileCase(h);
    const abort = new AbortController();
    const stream = await fetch(`${h.base}/api/v1/cases/${filed.caseNumber}/events`, {
      headers: { 'x-jiefen-tracking-token': filed.trackingToken },
      signal: abort.signal,
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('cache-control')).toBe('no-store');
    expect(stream.headers.get('content-security-policy')).toBe(JSON_POLICY['content-security-policy']);
    abort.abort();
  });

  it('adds CORS headers to allowed cross-origin requests only', async () => {
    const h = await start();
    const filed = await fileCase(h);
    const get = (origin?: string) =>
      fetch(`${h.base}/api/v1/cases/${filed.caseNumber}`, {
        headers: { 'x-jiefen-tracking-token': filed.trackingToken, ...(origin ? { origin } : {}) },
      });
    const allowed = await get(PORTAL_ORIGIN);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL_ORIGIN);
    expect(allowed.headers.get('access-control-expose-headers')).toContain('retry-after');
    // The polling tracker reads the ETag to send it back as If-None-Match.
    expect(allowed.headers.get('access-control-expose-headers')?.split(', ')).toContain('etag');
    const foreign = await get('https://evil.example.com');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const sameOrigin = await get();
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.headers.get('access-control-allow-origin')).toBeNull();
    // A tenant route answers only that tenant's portals.
    const otherTenant = await fetch(`${h.base}/api/v1/tenants/baishui/config`, { headers: { origin: PORTAL_ORIGIN } });
    expect(otherTenant.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never writes personal data to the log', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const h = await start({ logStream });
    const name = '欧阳晓燕';
    const phone = '13912345678';
    const filed = await fileCase(h, { applicant: { kind: 'person', name, phone } });
    await h.request('GET', `/api/v1/cases/${filed.caseNumber}`, {
      headers: { 'x-jiefen-access-code': filed.accessCode },
    });
    await h.request('POST', `/api/v1/tenants/${tenant.id}/cases`, {
      body: { ...sampleFiling({ applicant: { kind: 'person', name, phone: 'not-a-phone' } }), description: 'x' },
      headers: { 'idempotency-key': newKey() },
    });
    await h.request('POST', `/api/v1/tenants/${tenant.id}/consultations`, {
      body: qingshanSampleConsultation({ name, phone }),
      headers: { 'idempotency-key': newKey() },
    });
    const log = lines.join('');
    expect(log).toContain(filed.caseNumber); // requests are logged…
    for (const secret of [name, phone, filed.accessCode, filed.trackingToken]) expect(log).not.toContain(secret); // …personal data is not
  });

  it('publishes the OpenAPI document and a rendered reference page', async () => {
    const h = await start();
    const doc = await h.request('GET', '/api/v1/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(
      doc.body.paths['/api/v1/tenants/{tenant}/cases'].post.requestBody.content['application/json'].schema.$ref,
    ).toBe('#/components/schemas/CaseFilingInput');
    expect(doc.body.components.schemas.CaseFilingInput.properties.description.maxLength).toBe(5000);
    expect(doc.body.paths['/api/v1/staff/cases/{caseNumber}/transitions'].post['x-roles']).toContain('coordinator');
    const page = await fetch(`${h.base}/api/v1/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/api/v1/docs/render.js');
  });

  it('hides the test clock unless enabled', async () => {
    const h = await start({ config: { testClock: false } });
    expect((await h.request('POST', '/api/v1/test/clock', { body: { now: new Date().toISOString() } })).status).toBe(
      404,
    );
  });
});

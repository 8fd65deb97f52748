import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../src/http/json-body.js';
import { contractViolation, errorOf } from './support/contract.js';
import {
  ENGINES,
  fileCase,
  type Harness,
  newKey,
  sampleFiling,
  staff,
  startHarness,
  tenant,
} from './support/harness.js';
import { encodeRequest, type RawRequest, type RawResponse, rawExchange } from './support/raw-http.js';
import { databaseSnapshot } from './support/snapshot.js';

/** The 8-byte PNG signature and nothing else: too short for the type sniffer. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const nested = (depth: number, leaf = '0') => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

function multipart(boundary: string, parts: Array<{ name: string; filename: string; bytes: Buffer }>): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      part.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe('JSON depth scan', () => {
  it('finds nesting beyond the limit outside strings only', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(nestedObject(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    // Brackets inside strings (escaped quotes included) are text, not structure.
    expect(nestsDeeperThan(JSON.stringify({ s: '['.repeat(500), t: '\\"['.repeat(500) }), MAX_JSON_DEPTH)).toBe(false);
    // Siblings do not add up: depth, not count.
    expect(nestsDeeperThan(`[${Array(5000).fill('[[1]]').join(',')}]`, MAX_JSON_DEPTH)).toBe(false);
  });
});

describe.each(ENGINES)('hostile input on %s', (engine) => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await startHarness(engine, { config: { limits: { bodyBytes: 256 * 1024, uploadBytes: 64 * 1024 } } });
    port = Number(new URL(h.base).port);
  });
  afterAll(() => h.close());

  const send = (request: RawRequest) => rawExchange(port, encodeRequest(request, `127.0.0.1:${port}`));
  const json = (method: string, target: string, body: string | Buffer, headers: Array<[string, string]> = []) =>
    send({ method, target, body, headers: [['content-type', 'application/json'], ...headers] });

  /** The response is a contract refusal with this status and code, and the database did not change. */
  async function expectRefused(
    act: () => Promise<RawResponse>,
    status: number,
    code: string,
    messageKey?: string,
  ): Promise<RawResponse> {
    const before = await databaseSnapshot(h.app);
    const response = await act();
    expect(contractViolation(response), JSON.stringify(response).slice(0, 300)).toBeUndefined();
    expect(response.status).toBe(status);
    expect(errorOf(response).code).toBe(code);
    if (messageKey) expect(errorOf(response).messageKey).toBe(messageKey);
    expect(await databaseSnapshot(h.app)).toEqual(before);
    return response;
  }

  it('takes database snapshots that see every accepted write (so "unchanged" means something)', async () => {
    const before = await databaseSnapshot(h.app);
    expect(await databaseSnapshot(h.app)).toEqual(before);
    await fileCase(h);
    const after = await databaseSnapshot(h.app);
    expect(after.cases).not.toBe(before.cases);
    expect(after.events).not.toBe(before.events);
    expect(after.idempotency_keys).not.toBe(before.idempotency_keys);
    expect(after.tenants).toBe(before.tenants);
  });

  it('refuses JSON nested thousands of levels deep on a filing and a keyed transition, in the requested locale', async () => {
    const filed = await fileCase(h);
    for (const depth of [5_000, 40_000]) {
      const refused = await expectRefused(
        () =>
          json('POST', `/api/v1/tenants/${tenant.id}/cases`, nested(depth), [
            ['idempotency-key', newKey()],
            ['accept-language', 'en'],
          ]),
        400,
        'invalid_request',
        'server.json_too_deep',
      );
      expect(errorOf(refused).message).toBe(`The JSON body is nested too deeply (at most ${MAX_JSON_DEPTH} levels)`);
      await expectRefused(
        () =>
          json('POST', `/api/v1/staff/cases/${filed.caseNumber}/transitions`, nestedObject(depth), [
            ['idempotency-key', newKey()],
            ['authorization', staff(h, 'intake_officer').authorization],
          ]),
        400,
        'invalid_request',
        'server.json_too_deep',
      );
    }
    // Deep but within the limit reaches validation, as a 422 with fields.
    const filing = JSON.stringify({ ...sampleFiling(), answers: { deep: JSON.parse(nested(MAX_JSON_DEPTH - 3)) } });
    await expectRefused(
      () => json('POST', `/api/v1/tenants/${tenant.id}/cases`, filing, [['idempotency-key', newKey()]]),
      422,
      'validation_failed',
    );
  });

  it('refuses NUL characters in a body, a path or a query alike on both engines', async () => {
    const filed = await fileCase(h);
    const withNul = JSON.stringify(sampleFiling({ description: 'a neighbour\u0000 dispute that is long enough' }));
    expect(withNul).toContain('\\u0000');
    await expectRefused(
      () => json('POST', `/api/v1/tenants/${tenant.id}/cases`, withNul, [['idempotency-key', newKey()]]),
      400,
      'invalid_request',
      'server.nul_character',
    );
    // An escaped backslash followed by "u0000" is text, not a NUL: it reaches validation.
    const backslash = JSON.stringify({ type: 'resident.withdraw', reason: '\\u0000' });
    const answered = await json('POST', `/api/v1/cases/${filed.caseNumber}/actions`, backslash, [
      ['x-jiefen-tracking-token', filed.trackingToken],
    ]);
    expect(answered.status).not.toBe(400);
    expect(answered.status).toBeLessThan(500);
    for (const target of [`/api/v1/tenants/%00/config`, `/api/v1/cases/JF-%00`, `/api/v1/staff/cases?cursor=%00`]) {
      await expectRefused(
        () =>
          send({
            method: 'GET',
            target,
            // With an Origin, CORS looks the tenant up: the NUL must be refused before that.
            headers: [
              ['authorization', staff(h, 'coordinator').authorization],
              ['origin', 'https://evil.example'],
            ],
          }),
        400,
        'invalid_request',
        'server.bad_url',
      );
    }
  });

  it('answers HEAD on a live stream with the head alone instead of hanging', async () => {
    const filed = await fileCase(h);
    const response = await rawExchange(
      port,
      encodeRequest(
        {
          method: 'HEAD',
          target: `/api/v1/cases/${filed.caseNumber}/events`,
          headers: [['x-jiefen-tracking-token', filed.trackingToken]],
        },
        `127.0.0.1:${port}`,
      ),
      { head: true, timeoutMs: 5_000 },
    );
    expect(response).toMatchObject({ status: 200, reset: false });
    expect(response.headers['content-type']).toContain('text/event-stream');
  });

  it('refuses a required location answer given as [] or {}, with the field issue', async () => {
    for (const [answer, key] of [
      [[], 'validation.type'],
      [{}, 'validation.required'],
    ] as const) {
      const filing = sampleFiling({
        categoryId: 'land_forest',
        answers: { disputed_area: answer, land_type: 'forest' },
      });
      const refused = await expectRefused(
        () =>
          json('POST', `/api/v1/tenants/${tenant.id}/cases`, JSON.stringify(filing), [['idempotency-key', newKey()]]),
        422,
        'validation_failed',
      );
      const { issues } = JSON.parse(refused.body).error as { issues: Array<{ path: string; key: string }> };
      expect(issues).toContainEqual(expect.objectContaining({ path: 'answers.disputed_area', key }));
    }
  });

  it('refuses prototype-pollution keys before any handler sees them', async () => {
    for (const body of [
      `{"__proto__":{"polluted":true},"categoryId":"neighbour"}`,
      `{"constructor":{"prototype":{"polluted":true}}}`,
    ]) {
      await expectRefused(
        () => json('POST', `/api/v1/tenants/${tenant.id}/cases`, body, [['idempotency-key', newKey()]]),
        400,
        'invalid_request',
      );
    }
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses malformed multipart on uploads and evidence with 400, 413 or 415, never a 500 or a reset', async () => {
    const filed = await fileCase(h);
    const credential: [string, string] = ['x-jiefen-tracking-token', filed.trackingToken];
    const targets: Array<{ target: string; headers: Array<[string, string]> }> = [
      { target: `/api/v1/tenants/${tenant.id}/uploads`, headers: [] },
      { target: `/api/v1/cases/${filed.caseNumber}/evidence`, headers: [credential] },
    ];
    const whole = multipart('b0undary', [{ name: 'file', filename: 'a.png', bytes: PNG }]);
    for (const { target, headers } of targets) {
      const post = (contentType: string, body: Buffer) =>
        send({ method: 'POST', target, body, headers: [['content-type', contentType], ...headers] });
      // No boundary parameter.
      await expectRefused(
        () => post('multipart/form-data', whole),
        400,
        'invalid_request',
        'server.malformed_multipart',
      );
      // Garbage where the parts should be.
      await expectRefused(
        () => post('multipart/form-data; boundary=b0undary', Buffer.from('this is not multipart at all')),
        400,
        'invalid_request',
        'server.malformed_multipart',
      );
      // A part cut short: no closing boundary.
      await expectRefused(
        () => post('multipart/form-data; boundary=b0undary', whole.subarray(0, whole.length - 40)),
        400,
        'invalid_request',
        'server.malformed_multipart',
      );
      // Megabytes of bytes that are not multipart at all: over the upload limit, read to the end, answered.
      const noise = Buffer.alloc(3 * 1024 * 1024, 0x41);
      const tooMuch = await expectRefused(
        () => post('multipart/form-data; boundary=b0undary', noise),
        400,
        'invalid_request',
      );
      expect(tooMuch.reset).toBe(false);
      // Only the PNG signature: the sniffer finds no type.
      await expectRefused(
        () =>
          post(
            'multipart/form-data; boundary=b0undary',
            multipart('b0undary', [{ name: 'file', filename: 'p.png', bytes: PNG_SIGNATURE }]),
          ),
        415,
        'unsupported_media_type',
      );
      // A file over the limit: 413, readable (not a reset) even though the client was still sending.
      const big = multipart('b0undary', [
        { name: 'file', filename: 'big.png', bytes: Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]) },
      ]);
      await expectRefused(() => post('multipart/form-data; boundary=b0undary', big), 413, 'payload_too_large');
      // Not multipart at all.
      await expectRefused(() => post('text/plain', Buffer.from('hello')), 415, 'unsupported_media_type');
    }
  });

  it('strips bidi and control characters from uploaded file names', async () => {
    const body = multipart('b0undary', [{ name: 'file', filename: 'evidence\u202Egnp.exe', bytes: PNG }]);
    const response = await send({
      method: 'POST',
      target: `/api/v1/tenants/${tenant.id}/uploads`,
      body,
      headers: [['content-type', 'multipart/form-data; boundary=b0undary']],
    });
    expect(response.status).toBe(201);
    const { attachment } = JSON.parse(response.body) as { attachment: { name: string; mediaType: string } };
    expect(attachment).toMatchObject({ name: 'evidencegnp.exe', mediaType: 'image/png' });
    const pathy = multipart('b0undary', [{ name: 'file', filename: '..\\..\\\u0007\u2067', bytes: PNG }]);
    const fallback = await send({
      method: 'POST',
      target: `/api/v1/tenants/${tenant.id}/uploads`,
      body: pathy,
      headers: [['content-type', 'multipart/form-data; boundary=b0undary']],
    });
    expect(JSON.parse(fallback.body).attachment.name).toBe('attachment.png');
  });

  it('refuses a body over the limit with a readable 413, declared or streamed', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
    // Declared too large by Content-Length: refused before reading, the rest drained.
    await expectRefused(
      () => json('POST', `/api/v1/tenants/${tenant.id}/cases`, big, [['idempotency-key', newKey()]]),
      413,
      'payload_too_large',
    );
    // A slow client that reads only after sending everything still finds the 413 (not a reset).
    const slow = encodeRequest(
      {
        method: 'POST',
        target: `/api/v1/tenants/${tenant.id}/cases`,
        body: big,
        headers: [
          ['content-type', 'application/json'],
          ['idempotency-key', newKey()],
        ],
      },
      `127.0.0.1:${port}`,
    );
    await expectRefused(
      () => rawExchange(port, slow, { sendInSlices: { count: 8, pauseMs: 30 } }),
      413,
      'payload_too_large',
    );
    // Chunked, no length: refused once the limit is crossed while streaming.
    await expectRefused(
      () =>
        send({
          method: 'POST',
          target: `/api/v1/tenants/${tenant.id}/cases`,
          noContentLength: true,
          headers: [
            ['content-type', 'application/json'],
            ['transfer-encoding', 'chunked'],
            ['idempotency-key', newKey()],
          ],
          body: Buffer.concat([Buffer.from(`${big.length.toString(16)}\r\n`), big, Buffer.from('\r\n0\r\n\r\n')]),
        }),
      413,
      'payload_too_large',
    );
  });

  it('answers refusals raised below the routes in the contract shape and the requested locale', async () => {
    const en: [string, string] = ['accept-language', 'en'];
    const hk: [string, string] = ['accept-language', 'zh-HK'];
    // Invalid percent-encoding in a path.
    const badUrl = await expectRefused(
      () => send({ method: 'GET', target: '/api/v1/cases/%ff', headers: [en] }),
      400,
      'invalid_request',
      'server.bad_url',
    );
    expect(errorOf(badUrl).message).toBe('The request URL is not valid');
    // A path parameter longer than any id: not found, and the path is not echoed.
    const long = 'A'.repeat(500);
    const longParam = await expectRefused(
      () => send({ method: 'GET', target: `/api/v1/cases/${long}`, headers: [hk] }),
      404,
      'not_found',
    );
    expect(longParam.body).not.toContain(long);
    expect(errorOf(longParam).message).toBe('未找到，或憑證不正確');
    // Headers over the limit.
    const huge = await expectRefused(
      () => send({ method: 'GET', target: '/healthz', headers: [en, ['x-padding', 'x'.repeat(64 * 1024)]] }),
      431,
      'headers_too_large',
    );
    expect(errorOf(huge).message).toBe('The request headers are too large');
    // Malformed HTTP: not a request line at all, and a header line without a colon.
    await expectRefused(() => rawExchange(port, Buffer.from('HELLO THERE\r\n\r\n')), 400, 'invalid_request');
    const noColon = await expectRefused(
      () =>
        rawExchange(
          port,
          Buffer.from('GET /healthz HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nbroken header\r\n\r\n'),
        ),
      400,
      'invalid_request',
    );
    expect(errorOf(noColon).message).toBe('The request is malformed');
    // No Host header.
    await expectRefused(
      () => send({ method: 'GET', target: '/healthz', noHost: true }),
      400,
      'invalid_request',
      'server.host_required',
    );
    // CONNECT: answered, not a closed socket.
    await expectRefused(
      () =>
        rawExchange(
          port,
          Buffer.from('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nAccept-Language: en\r\n\r\n'),
        ),
      400,
      'invalid_request',
      'server.method_not_supported',
    );
    // An Expect header the server does not support.
    await expectRefused(
      () =>
        json('POST', `/api/v1/tenants/${tenant.id}/cases`, '{}', [
          ['expect', 'teapot'],
          ['idempotency-key', newKey()],
        ]),
      417,
      'expectation_failed',
    );
    // An unknown method and an unknown route.
    await expectRefused(
      () => send({ method: 'DELETE', target: `/api/v1/tenants/${tenant.id}/cases` }),
      404,
      'not_found',
    );
    await expectRefused(() => send({ method: 'GET', target: '/../../etc/passwd' }), 404, 'not_found');
  });
});

import fc from 'fast-check';
import type { RawRequest } from './raw-http.js';

/**
 * Hostile requests for every operation of the OpenAPI document, as fast-check arbitraries. The
 * operations come from the served document (`/api/v1/openapi.json`), so a route added later is fuzzed
 * without touching this file. Each request is near the contract (real ids, valid credentials most of
 * the time, bodies shaped by the route's JSON Schema) so it gets past the outer checks, then broken:
 * wrong types, missing and extra fields, prototype-pollution keys, deep nesting, huge strings, invalid
 * UTF-8, SQL metacharacters, path traversal in file names, bogus content types, huge headers.
 */

type JsonSchema = Record<string, unknown>;

export interface Operation {
  method: string;
  /** OpenAPI path, `{param}` style. */
  path: string;
  operationId: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: JsonSchema }>;
  body?: { kind: 'json'; schema: JsonSchema } | { kind: 'multipart' };
  /** Staff roles allowed, when the route needs a staff token. */
  roles?: string[];
  residentCredentials: boolean;
  idempotency: boolean;
}

/** Every operation of an OpenAPI 3.1 document. */
export function operationsOf(document: any): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries<Record<string, any>>(document.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      const parameters: any[] = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        ...(content['multipart/form-data']
          ? { body: { kind: 'multipart' as const } }
          : content['application/json']
            ? { body: { kind: 'json' as const, schema: content['application/json'].schema ?? {} } }
            : {}),
        ...(op['x-roles'] ? { roles: op['x-roles'] as string[] } : {}),
        residentCredentials: parameters.some((p) => p.name === 'X-Jiefen-Tracking-Token'),
        idempotency: parameters.some((p) => p.name === 'Idempotency-Key'),
      });
    }
  }
  return out;
}

/** Real values the fuzz starts from, so requests reach the handlers. */
export interface FuzzWorld {
  host: string;
  /** Values for path parameters by name (`tenant`, `caseNumber`, `number`…). */
  pathValues: Record<string, string[]>;
  /** Staff tokens by role. */
  tokens: Record<string, string>;
  /** Resident credentials that open the real case and consultation. */
  trackingTokens: string[];
  accessCodes: string[];
}

const SQL = ["' OR '1'='1", "'; DROP TABLE cases; --", '" OR ""="', '1; SELECT pg_sleep(5)', "\\'; --", '%', '_'];
const TRAVERSAL = [
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/shadow',
  '....//....//',
  '%2e%2e%2f',
  'C:\\boot.ini',
];
const WEIRD = [
  '',
  ' ',
  '\u0000',
  '\u202Egnp.exe',
  '\uFEFF',
  '\uD800',
  '𝕁𝕚𝕖𝕗𝕖𝕟',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '${7*7}',
  '{{7*7}}',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(400),
  'true',
  '[]',
  '{}',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '__defineGetter__'];

/** Strings that break things: SQL, traversal, controls, bidi, lone surrogates, huge. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SQL, ...TRAVERSAL, ...WEIRD) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 400_000 }).map((n) => 'x'.repeat(n)) },
  );

/** Any JSON value, hostile strings included; small. */
const anyJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    hostileString(),
    fc.constantFrom(null, true, false, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, [], {}),
  );

function resolve(schema: JsonSchema, document: any): JsonSchema {
  let current = schema;
  for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
    const name = (current.$ref as string).split('/').pop()!;
    current = document.components?.schemas?.[name] ?? {};
  }
  return current;
}

/**
 * A value shaped by a JSON Schema, broken here and there: each node is of the schema's type most of
 * the time and anything at all otherwise; required fields may be missing, unknown and
 * prototype-pollution keys may be added.
 */
export function valueFor(schema: JsonSchema, document: any, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, document);
  const typed = ((): fc.Arbitrary<unknown> => {
    if (depth > 6) return anyJson();
    const alternatives = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
    if (alternatives?.length) return fc.oneof(...alternatives.map((a) => valueFor(a, document, depth + 1)));
    if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...(s.enum as unknown[]));
    if (s.const !== undefined) return fc.constant(s.const);
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'string':
        return fc.oneof(
          fc.string({ maxLength: 30 }),
          hostileString(),
          fc.constantFrom('2025-06-01', '2025-06-01T00:00:00Z'),
        );
      case 'integer':
        return fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 53, 1e300));
      case 'number':
        return fc.oneof(fc.double({ noNaN: true }), fc.integer());
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(valueFor((s.items as JsonSchema) ?? {}, document, depth + 1), { maxLength: 4 });
      case 'object':
      case undefined: {
        const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
        const names = Object.keys(properties);
        if (names.length === 0)
          return type === 'object' ? fc.dictionary(hostileString(), anyJson(), { maxKeys: 4 }) : anyJson();
        return fc.record(Object.fromEntries(names.map((n) => [n, valueFor(properties[n]!, document, depth + 1)])), {
          requiredKeys: [],
        });
      }
      default:
        return anyJson();
    }
  })();
  const withExtras = typed.chain((value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? fc
          .dictionary(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 10 })), anyJson(), { maxKeys: 2 })
          .map((extra) => {
            // Defined as own properties, so "__proto__" is a key in the JSON, not a prototype change.
            const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
            for (const [k, v] of Object.entries(extra)) Object.defineProperty(out, k, { value: v, enumerable: true });
            return out;
          })
      : fc.constant(value),
  );
  return fc.oneof({ weight: 6, arbitrary: withExtras }, { weight: 1, arbitrary: anyJson() });
}

/** Ways to turn a value into body bytes, most of them broken. */
const jsonEncoding = fc.oneof(
  { weight: 5, arbitrary: fc.constant('plain' as const) },
  { weight: 1, arbitrary: fc.constant('proto' as const) },
  { weight: 1, arbitrary: fc.constant('constructor' as const) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 100_000 }).map((depth) => ({ nest: depth })) },
  { weight: 1, arbitrary: fc.constant('invalid-utf8' as const) },
  { weight: 1, arbitrary: fc.nat().map((cut) => ({ truncate: cut })) },
  { weight: 1, arbitrary: fc.constantFrom('', 'null', '"text"', '12', '[', '{"a":1}{"b":2}', '\uFEFF{}') },
);

function encodeJson(value: unknown, encoding: fc.Arbitrary<unknown> extends never ? never : any): Buffer {
  const text = JSON.stringify(value) ?? 'null';
  if (encoding === 'plain') return Buffer.from(text);
  if (encoding === 'proto')
    return Buffer.from(text.startsWith('{') ? `{"__proto__":{"polluted":1},${text.slice(1)}` : text);
  if (encoding === 'constructor')
    return Buffer.from(text.startsWith('{') ? `{"constructor":{"prototype":{"polluted":1}},${text.slice(1)}` : text);
  if (encoding === 'invalid-utf8') {
    const bytes = Buffer.from(text);
    const at = Math.floor(bytes.length / 2);
    return Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
      bytes.subarray(at),
    ]);
  }
  if (typeof encoding === 'string') return Buffer.from(encoding);
  if ('nest' in encoding) return Buffer.from(`${'['.repeat(encoding.nest)}${text}${']'.repeat(encoding.nest)}`);
  return Buffer.from(text.slice(0, encoding.truncate % (text.length + 1)));
}

const BOGUS_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/json; charset=utf-16',
  'application/json; charset="',
  'application/octet-stream',
  'image/png',
  '*/*',
  'a/b/c',
  ';;;',
];

/** PNG, JPEG and PDF magic numbers (often truncated), and noise. */
const fileBytes = fc.oneof(
  fc.constant(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  fc.constant(Buffer.from([0xff, 0xd8, 0xff])),
  fc.constant(Buffer.from('%PDF-1.')),
  fc.constant(Buffer.from('MZ\x90\x00')),
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  fc.integer({ min: 100_000, max: 3_000_000 }).map((n) => Buffer.alloc(n, 0x41)),
);

const fileName = fc.oneof(
  fc.constantFrom(...TRAVERSAL, 'photo\u202Egnp.exe', 'a"b.png', 'new\r\nline.png', '', '.', '..', 'x'.repeat(5000)),
  fc.string({ maxLength: 20 }),
);

const multipartBody = fc
  .record({
    boundary: fc.constantFrom('b0undary', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW'),
    parts: fc.array(
      fc.record({ field: fc.constantFrom('file', 'other', '__proto__', ''), name: fileName, bytes: fileBytes }),
      { maxLength: 3 },
    ),
    damage: fc.constantFrom('none', 'no-boundary-param', 'cut', 'no-closing', 'garbage', 'wrong-boundary'),
  })
  .map(({ boundary, parts, damage }) => {
    const chunks: Buffer[] = [];
    for (const part of parts) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"; filename="${part.name}"\r\n` +
            'Content-Type: image/png\r\n\r\n',
        ),
        part.bytes,
        Buffer.from('\r\n'),
      );
    }
    if (damage !== 'no-closing') chunks.push(Buffer.from(`--${boundary}--\r\n`));
    let body = Buffer.concat(chunks);
    if (damage === 'cut') body = body.subarray(0, Math.floor(body.length * 0.6));
    if (damage === 'garbage') body = Buffer.from('\u0000\u0001garbage garbage');
    const contentType =
      damage === 'no-boundary-param'
        ? 'multipart/form-data'
        : `multipart/form-data; boundary=${damage === 'wrong-boundary' ? 'other' : boundary}`;
    return { body, contentType };
  });

const ACCEPT_LANGUAGES = ['zh-CN', 'zh-HK', 'en', 'en-US,en;q=0.9', 'zh-TW', 'fr', '*', ';q=', 'x'.repeat(300)];

/** One hostile request for one of the operations. */
export function hostileRequest(
  document: any,
  operations: Operation[],
  world: FuzzWorld,
): fc.Arbitrary<RawRequest & { operationId: string; locale: string }> {
  return fc.constantFrom(...operations).chain((op) => {
    const pathValue = (name: string) =>
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...(world.pathValues[name] ?? ['x'])) },
        {
          weight: 2,
          arbitrary: hostileString().map((s) =>
            // Mostly percent-encoded (as a client library would), sometimes raw bytes on the wire.
            s.length > 2_000 ? s.slice(0, 2_000) : encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '')),
          ),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom('%ff', '%', '%2F..%2F', '..', 'a/b', 'A'.repeat(101), '%00', '\u00ff'),
        },
      );
    const query = op.queryParams.length
      ? fc
          .array(
            fc.tuple(
              fc.oneof(
                fc.constantFrom(...op.queryParams.map((q) => q.name)),
                fc.constantFrom('__proto__[x]', 'stage[]', 'unknown', 'limit'),
              ),
              fc.oneof(
                valueFor(op.queryParams[0]!.schema, document).map((v) => String(v)),
                hostileString().map((s) => s.slice(0, 500)),
              ),
            ),
            { maxLength: 4 },
          )
          .map((pairs) =>
            pairs.length
              ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, ''))}`).join('&')}`
              : '',
          )
      : fc.constantFrom('', '', '?x=1', '?__proto__[polluted]=1');
    const authorization = op.roles
      ? fc.oneof(
          {
            weight: 6,
            arbitrary: fc
              .constantFrom(...op.roles.map((r) => world.tokens[r]).filter((t): t is string => !!t))
              .map((t) => `Bearer ${t}`),
          },
          { weight: 1, arbitrary: fc.constantFrom(...Object.values(world.tokens)).map((t) => `Bearer ${t}`) },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              '',
              'Bearer',
              'Bearer ',
              'Basic YWRtaW46YWRtaW4=',
              "Bearer ' OR 1=1 --",
              `Bearer ${'a'.repeat(5000)}`,
            ),
          },
          { weight: 1, arbitrary: fc.constant(undefined) },
        )
      : fc.option(fc.constantFrom('Bearer nope', 'Basic x'), { nil: undefined });
    const credential = op.residentCredentials
      ? fc.oneof(
          fc.constantFrom(...world.trackingTokens).map((t) => ['x-jiefen-tracking-token', t] as [string, string]),
          fc.constantFrom(...world.accessCodes).map((c) => ['x-jiefen-access-code', c] as [string, string]),
          hostileString().map(
            (s) => ['x-jiefen-access-code', s.slice(0, 1_000).replace(/[^\x20-\x7e]/g, '?')] as [string, string],
          ),
          fc.constant(undefined),
        )
      : fc.constant(undefined);
    const idempotencyKey = fc.oneof(
      { weight: 5, arbitrary: fc.uuid().map((u) => `fuzz-${u}`) },
      { weight: 1, arbitrary: fc.constantFrom('short', 'x'.repeat(201), "' OR 1=1 --", 'ключ-ключ-ключ') },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    const body: fc.Arbitrary<{ bytes?: Buffer; contentType?: string }> =
      op.body?.kind === 'multipart'
        ? multipartBody.map(({ body, contentType }) => ({ bytes: body, contentType }))
        : op.body?.kind === 'json'
          ? fc
              .tuple(
                valueFor(op.body.schema, document),
                jsonEncoding,
                fc.option(fc.constantFrom(...BOGUS_CONTENT_TYPES), { freq: 6 }),
              )
              .map(([value, encoding, bogus]) => ({
                bytes: encodeJson(value, encoding),
                contentType: bogus ?? 'application/json',
              }))
          : fc.oneof(
              { weight: 4, arbitrary: fc.constant({}) },
              {
                weight: 1,
                arbitrary: anyJson().map((v) => ({
                  bytes: Buffer.from(JSON.stringify(v) ?? 'null'),
                  contentType: 'application/json',
                })),
              },
            );
    const extraHeaders = fc.array(
      fc.oneof(
        fc.tuple(
          fc.constantFrom('x-padding', 'cookie', 'referer'),
          fc.integer({ min: 1, max: 70_000 }).map((n) => 'p'.repeat(n)),
        ),
        fc.tuple(
          fc.constantFrom('x-forwarded-for', 'origin', 'if-none-match', 'last-event-id', 'content-encoding'),
          fc.constantFrom("' OR 1=1", 'https://evil.example', '"x"', '*', 'gzip', '-1'),
        ),
        fc.tuple(fc.constant('x-bad'), fc.constantFrom('a\u0000b', 'a\u0007b', '\u00ff\u00fe')),
      ),
      { maxLength: 2 },
    );
    return fc
      .record({
        params: fc.tuple(...op.pathParams.map(pathValue)),
        query,
        authorization,
        credential,
        idempotencyKey,
        body,
        locale: fc.constantFrom(...ACCEPT_LANGUAGES),
        extraHeaders,
        methodOverride: fc.option(fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE'), { freq: 12 }),
      })
      .map((r) => {
        let i = 0;
        const target = op.path.replace(/\{(\w+)\}/g, () => r.params[i++] ?? 'x') + r.query;
        const headers: Array<[string, string]> = [['accept-language', r.locale]];
        if (r.authorization !== undefined) headers.push(['authorization', r.authorization]);
        if (r.credential) headers.push(r.credential);
        if (op.idempotency && r.idempotencyKey !== undefined) headers.push(['idempotency-key', r.idempotencyKey]);
        if (r.body.contentType) headers.push(['content-type', r.body.contentType]);
        headers.push(...r.extraHeaders);
        return {
          operationId: op.operationId,
          locale: r.locale,
          method: r.methodOverride ?? op.method,
          // Non-ASCII in the target goes on the wire as raw bytes (latin1 keeps them one byte each).
          target: Buffer.from(target, 'latin1'),
          headers: headers.map(
            ([k, v]) => [k, Buffer.from(v, /[^\x20-\xff]/.test(v) ? 'utf8' : 'latin1')] as [string, Buffer],
          ),
          ...(r.body.bytes ? { body: r.body.bytes } : {}),
        };
      });
  });
}

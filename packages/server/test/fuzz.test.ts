import { qingshanSampleConsultation } from '@jiefen/core/demo';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/storage/hash-chain.js';
import { contractViolation, errorOf } from './support/contract.js';
import { ENGINES, fileCase, type Harness, newKey, startHarness, tenant } from './support/harness.js';
import { type FuzzWorld, hostileRequest, operationsOf } from './support/hostile-requests.js';
import { encodeRequest, rawExchange } from './support/raw-http.js';
import { databaseSnapshot } from './support/snapshot.js';

/**
 * Property-based hostile input over every route of the OpenAPI document, against a real listening
 * server on real sockets. `FUZZ_RUNS` requests per engine: 800 in the normal suite, 5,000 in
 * `pnpm test:fuzz`. `FUZZ_SEED` replays a run. The totals are printed for the record.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 800);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** The recursive definition `canonicalJson` replaced; the iterative one must agree with it. */
function recursiveCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(recursiveCanonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${recursiveCanonicalJson(v)}`).join(',')}}`;
}

describe('canonical JSON', () => {
  it('renders exactly what the recursive definition rendered, so stored hashes still verify', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything(), (json, anything) => {
        expect(canonicalJson(json)).toBe(recursiveCanonicalJson(json));
        expect(canonicalJson({ a: anything, b: undefined, z: [undefined, json] })).toBe(
          recursiveCanonicalJson({ a: anything, b: undefined, z: [undefined, json] }),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('never overflows the stack, however deep, and refuses cycles', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 200_000; i++) deep = i % 2 ? [deep] : { k: deep };
    const text = canonicalJson(deep);
    expect(text.length).toBeGreaterThan(400_000);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
    // The same object twice, not nested in itself, is not a cycle.
    const shared = { x: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});

interface Tally {
  requests: number;
  answered2xx: number;
  refused: number;
  status5xx: number;
  resets: number;
  nonContract: number;
  wrongLocale: number;
  databaseChanged: number;
  operations: Set<string>;
  failures: string[];
}

const CJK = /[\u3400-\u9fff]/;

describe.each(ENGINES)('hostile requests on %s', (engine) => {
  let h: Harness;
  let port: number;
  let world: FuzzWorld;
  let document: any;
  beforeAll(async () => {
    // No test clock route: moving the clock is not something a hostile client can do in production.
    h = await startHarness(engine, {
      config: {
        testClock: false,
        rateLimit: {
          publicPerMinute: 1_000_000,
          lookupPerCasePerMinute: 1_000_000,
          lookupPerClientPerMinute: 1_000_000,
        },
      },
    });
    port = Number(new URL(h.base).port);
    const filed = await fileCase(h);
    const consultation = await h.request('POST', `/api/v1/tenants/${tenant.id}/consultations`, {
      body: qingshanSampleConsultation(),
      headers: { 'idempotency-key': newKey() },
    });
    expect(consultation.status).toBe(201);
    const webhook = await h.request('POST', '/api/v1/staff/webhooks', {
      body: { url: 'https://hooks.qingshan.example.cn/jiefen' },
      headers: { authorization: `Bearer ${h.tokens.admin}` },
    });
    expect(webhook.status).toBe(201);
    document = (await h.request('GET', '/api/v1/openapi.json')).body;
    world = {
      host: `127.0.0.1:${port}`,
      pathValues: {
        tenant: [tenant.id, 'baishui'],
        caseNumber: [filed.caseNumber, 'JF-20250602-AAAAA'],
        number: [consultation.body.consultationNumber, 'JC-20250602-AAAAA'],
        id: [webhook.body.id, 'whk_unknown'],
      },
      tokens: h.tokens,
      trackingTokens: [filed.trackingToken, consultation.body.trackingToken],
      accessCodes: [filed.accessCode, consultation.body.accessCode, 'GUESSGUESSGU'],
    };
  }, 60_000);
  afterAll(() => h.close());

  it(`answers ${RUNS} hostile requests over every route: no 5xx, no reset, contract refusals, nothing written`, async () => {
    const operations = operationsOf(document);
    // Refusal bodies are checked against the document's own Error component too.
    const errorMatchesDocument = new Ajv2020({ strict: false }).compile(document.components.schemas.Error);
    // Path parameters this suite has no real value for (a route added later) get made-up ids.
    for (const op of operations) for (const p of op.pathParams) world.pathValues[p] ??= ['1', 'unknown-id'];
    expect(operations.length).toBeGreaterThanOrEqual(20);
    const tally: Tally = {
      requests: 0,
      answered2xx: 0,
      refused: 0,
      status5xx: 0,
      resets: 0,
      nonContract: 0,
      wrongLocale: 0,
      databaseChanged: 0,
      operations: new Set(),
      failures: [],
    };
    let before = await databaseSnapshot(h.app);
    const fail = (
      kind: string,
      request: { operationId: string; method: string; target: string | Buffer },
      detail: string,
    ) => {
      if (tally.failures.length < 20)
        tally.failures.push(
          `${kind} ${request.operationId} ${request.method} ${Buffer.from(request.target).toString('latin1').slice(0, 120)}: ${detail}`,
        );
    };
    await fc.assert(
      fc.asyncProperty(hostileRequest(document, operations, world), async (request) => {
        tally.requests++;
        tally.operations.add(request.operationId);
        const response = await rawExchange(port, encodeRequest(request, world.host), {
          head: request.method === 'HEAD',
        });
        if (response.reset) {
          tally.resets++;
          fail('reset', request, response.failure ?? '');
          return;
        }
        if (response.status >= 500) {
          tally.status5xx++;
          fail('5xx', request, response.body.slice(0, 200));
        }
        const mutating = request.method !== 'GET' && request.method !== 'HEAD';
        if (response.status >= 400) {
          tally.refused++;
          const violation = request.method === 'HEAD' ? undefined : contractViolation(response);
          const documented = violation || request.method === 'HEAD' || errorMatchesDocument(JSON.parse(response.body));
          if (violation || !documented) {
            tally.nonContract++;
            fail('shape', request, `${response.status} ${violation ?? JSON.stringify(errorMatchesDocument.errors)}`);
          } else if (request.method !== 'HEAD' && response.status !== 431) {
            // 431: the parser gave up before reaching Accept-Language, so the default locale answers.
            const english = request.locale.startsWith('en');
            const message = errorOf(response).message;
            const zh = ['zh-CN', 'zh-HK', 'zh-TW', 'fr', '*', ';q='].includes(request.locale) || !english;
            if ((english && CJK.test(message)) || (zh && !english && !CJK.test(message))) {
              tally.wrongLocale++;
              fail('locale', request, `${request.locale}: ${message}`);
            }
          }
          if (mutating) {
            const after = await databaseSnapshot(h.app);
            if (canonicalJson(after) !== canonicalJson(before)) {
              tally.databaseChanged++;
              fail('write', request, `${response.status} ${JSON.stringify(after)}`);
              before = after;
            }
          }
        } else {
          tally.answered2xx++;
          // An accepted change is a new baseline.
          if (mutating) before = await databaseSnapshot(h.app);
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
    );
    const summary = {
      engine,
      requests: tally.requests,
      operations: `${tally.operations.size}/${operations.length}`,
      answered2xx: tally.answered2xx,
      refused: tally.refused,
      status5xx: tally.status5xx,
      resets: tally.resets,
      nonContractRefusals: tally.nonContract,
      wrongLocale: tally.wrongLocale,
      databaseChangedByRefusal: tally.databaseChanged,
    };
    console.log(`fuzz ${JSON.stringify(summary)}`);
    expect(tally.failures).toEqual([]);
    expect(tally.requests).toBe(RUNS);
    expect(tally.refused).toBeGreaterThan(RUNS / 2);
    // Every operation was tried (hundreds of draws over a few dozen operations).
    expect(tally.operations.size).toBe(operations.length);
    expect(summary).toMatchObject({ status5xx: 0, resets: 0, nonContractRefusals: 0, databaseChangedByRefusal: 0 });
  }, 1_800_000);
});

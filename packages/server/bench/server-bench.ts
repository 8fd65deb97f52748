import { qingshanSampleFiling } from '@jiefen/core/demo';
import { startTestCluster } from '../../../test/support/postgres.js';
import { lookup, type Measurement, measure, startTarget, stopTarget, submission, type Target } from './load.js';

/**
 * `pnpm bench:server`: case submission and case lookup throughput and p50/p99 latency on SQLite and
 * PostgreSQL, beside a bare node:http server answering fixed JSON, in one run, with ratios against the
 * bare server. Each target runs in its own process; autocannon runs here, with the same connections
 * and duration for every measurement, after a discarded warm-up of the same request. The bare server is
 * measured at the start and again at the end, and the ratios use the mean, so a change in machine load
 * during the run shows up instead of skewing one side. Lookups also get a second ratio, against node:http
 * sending exactly the same response (status, headers, body size; sampled from the server) with no
 * routing, database or checks. A benchmark, not a test.
 *
 * Environment: BENCH_SECONDS (5), BENCH_CONNECTIONS (10), BENCH_WARMUP_SECONDS (2), BENCH_CASES (100).
 */
const settings = {
  duration: Number(process.env.BENCH_SECONDS ?? 5),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
};
const warmup = { ...settings, duration: Number(process.env.BENCH_WARMUP_SECONDS ?? 2) };
const filing = JSON.stringify(qingshanSampleFiling());

async function bare(label: string): Promise<Measurement[]> {
  const target = await startTarget(['bare']);
  const get = { url: `http://127.0.0.1:${target.port}/`, method: 'GET' };
  const post = { url: `http://127.0.0.1:${target.port}/`, method: 'POST', body: filing };
  await measure('warm-up', warmup, get);
  const out = [
    await measure(`bare node:http GET (fixed JSON) ${label}`, settings, get),
    await measure(`bare node:http POST (fixed JSON) ${label}`, settings, post),
  ];
  await stopTarget(target);
  return out;
}

async function server(engine: 'sqlite' | 'postgres', url: string, env: NodeJS.ProcessEnv = {}): Promise<Target> {
  return startTarget([engine, engine === 'postgres' ? url : ''], [], env);
}

/** Headers node:http adds itself; the rest of a sampled response is replayed by the `same-response` target. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** One real lookup answer (200, or 304 with `ifNoneMatch`): its status, headers and body size. */
async function sampleResponse(t: Target, ifNoneMatch?: string) {
  const filed = t.cases[0]!;
  const response = await fetch(`http://127.0.0.1:${t.port}/api/v1/cases/${filed.caseNumber}`, {
    headers: {
      'x-jiefen-tracking-token': filed.trackingToken,
      ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}),
    },
  });
  const bodyBytes = (await response.arrayBuffer()).byteLength;
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!TRANSPORT_HEADERS.has(name)) headers[name] = value;
  });
  return { status: response.status, headers, bodyBytes };
}

/** Measure node:http answering `sample` (a reference: the cost of sending that response, nothing else). */
async function sameResponse(name: string, sample: Awaited<ReturnType<typeof sampleResponse>>): Promise<Measurement> {
  const reference = await startTarget(['same-response', JSON.stringify(sample)]);
  const get = { url: `http://127.0.0.1:${reference.port}/`, method: 'GET' };
  await measure('warm-up', warmup, get, sample.status === 304 ? 304 : 200);
  const result = await measure(name, settings, get, sample.status === 304 ? 304 : 200);
  await stopTarget(reference);
  return result;
}

const SAME_VIEW = 'reference: node:http, same body size + same headers as a lookup';
const SAME_304 = 'reference: node:http, same 304 + same headers as a polling lookup';

const results: Measurement[] = [];
const cluster = await startTestCluster();
let bareStart: Measurement[];
let bareEnd: Measurement[];
try {
  bareStart = await bare('(start)');
  results.push(...bareStart);
  // A reference (not a ratio base): what Fastify alone costs.
  const fastify = await startTarget(['fastify']);
  const fastifyGet = { url: `http://127.0.0.1:${fastify.port}/`, method: 'GET' };
  await measure('warm-up', warmup, fastifyGet);
  results.push(await measure('reference: Fastify, no plugins, fixed JSON', settings, fastifyGet));
  await stopTarget(fastify);
  for (const engine of ['sqlite', 'postgres'] as const) {
    const url = cluster.url();
    const t = await server(engine, url);
    if (engine === 'sqlite') {
      // References for the second ratio column, sampled from the real server (idle meanwhile).
      const view = await sampleResponse(t);
      const notModified = await sampleResponse(t, view.headers.etag);
      if (view.status !== 200 || notModified.status !== 304) throw new Error('sample lookup failed');
      results.push(await sameResponse(`${SAME_VIEW} (${view.bodyBytes} B)`, view));
      results.push(await sameResponse(SAME_304, notModified));
    }
    await lookup(t, 'warm-up', 'token', warmup);
    results.push(await lookup(t, `${engine}: lookup by tracking token`, 'token', settings));
    results.push(await lookup(t, `${engine}: lookup by access code (HMAC)`, 'code', settings));
    // A separate measurement of the polling case; the full lookup above stays the headline row.
    await lookup(t, 'warm-up', 'conditional', warmup);
    results.push(await lookup(t, `${engine}: lookup (conditional, If-None-Match → 304)`, 'conditional', settings));
    await submission(t.port, 'warm-up', warmup);
    results.push(await submission(t.port, `${engine}: submit case`, settings));
    await stopTarget(t);
  }
  // A diagnostic, not a deployment: PostgreSQL with per-process (memory) rate limits, so the gap to
  // the row above is what the shared counter costs a lookup (an upsert per batch of hits).
  const perProcess = await server('postgres', cluster.url(), { BENCH_RATE_LIMIT_STORE: 'memory' });
  await lookup(perProcess, 'warm-up', 'token', warmup);
  results.push(await lookup(perProcess, 'diagnostic: postgres lookup by token, per-process limits', 'token', settings));
  await stopTarget(perProcess);
  bareEnd = await bare('(end)');
  results.push(...bareEnd);
} finally {
  cluster.stop();
}

const bareGet = (bareStart[0]!.rps + bareEnd[0]!.rps) / 2;
const barePost = (bareStart[1]!.rps + bareEnd[1]!.rps) / 2;
const sameView = results.find((r) => r.name.startsWith(SAME_VIEW))!.rps;
const same304 = results.find((r) => r.name === SAME_304)!.rps;
const pad = (s: string | number, n: number) => String(s).padStart(n);
const percent = (rps: number, base: number) => `${((100 * rps) / base).toFixed(1)}%`;
process.stdout.write(
  `\n${settings.duration} s per measurement after a ${warmup.duration} s warm-up, ${settings.connections} connections, ` +
    `autocannon in the parent process, each target in its own process\n` +
    `ratios against the mean of the two bare runs: GET ${bareGet.toFixed(0)} req/s, POST ${barePost.toFixed(0)} req/s\n\n`,
);
process.stdout.write(
  `${'measurement'.padEnd(74)}${pad('req/s', 9)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}` +
    `${pad('vs bare', 9)}${pad('vs same resp.', 15)}\n`,
);
for (const r of results) {
  const base = r.name.includes('submit') || r.name.includes('POST') ? barePost : bareGet;
  const isLookup = r.name.includes(': lookup');
  const same = isLookup ? percent(r.rps, r.name.includes('304') ? same304 : sameView) : '';
  process.stdout.write(
    `${r.name.padEnd(74)}${pad(r.rps.toFixed(0), 9)}${pad(r.p50, 8)}${pad(r.p99, 8)}${pad(r.errors, 8)}` +
      `${pad(percent(r.rps, base), 9)}${pad(same, 15)}\n`,
  );
}
process.stdout.write(
  "\nvs bare: against node:http answering a fixed 67-byte JSON (the issue's baseline); vs same resp.: against " +
    'node:http sending the identical response (status, headers, body size) with no routing, database or checks.\n' +
    'Targets: submissions ≥ 5% of bare POST on SQLite (issue 7); lookups on PostgreSQL close to SQLite.\n',
);

import { qingshanSampleFiling } from '@jiefen/core/demo';
import { startTestCluster } from '../../../test/support/postgres.js';
import { lookup, type Measurement, measure, startTarget, stopTarget, submission, type Target } from './load.js';

/**
 * `pnpm bench:server`: case submission and case lookup throughput and p50/p99 latency on SQLite and
 * PostgreSQL, beside a bare node:http server answering fixed JSON, in one run, with ratios against the
 * bare server. Each target runs in its own process; autocannon runs here, with the same connections
 * and duration for every measurement, after a discarded warm-up of the same request. The bare server is
 * measured at the start and again at the end, and the ratios use the mean, so a change in machine load
 * during the run shows up instead of skewing one side. A benchmark, not a test.
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

async function server(engine: 'sqlite' | 'postgres', url: string, scryptN?: number): Promise<Target> {
  return startTarget([engine, engine === 'postgres' ? url : '', scryptN ? String(scryptN) : '']);
}

const results: Measurement[] = [];
const cluster = await startTestCluster();
let bareStart: Measurement[];
let bareEnd: Measurement[];
try {
  bareStart = await bare('(start)');
  results.push(...bareStart);
  // References (not ratio bases): where the gap between the bare server and a real route comes from.
  for (const [kind, name] of [
    ['fastify', 'reference: Fastify, no plugins, fixed JSON'],
    ['bare-view', 'reference: node:http, 1.7 kB body + same headers'],
  ] as const) {
    const reference = await startTarget([kind]);
    const get = { url: `http://127.0.0.1:${reference.port}/`, method: 'GET' };
    await measure('warm-up', warmup, get);
    results.push(await measure(name, settings, get));
    await stopTarget(reference);
  }
  for (const engine of ['sqlite', 'postgres'] as const) {
    const url = cluster.url();
    const t = await server(engine, url);
    await lookup(t, 'warm-up', 'token', warmup);
    results.push(await lookup(t, `${engine}: lookup by tracking token`, 'token', settings));
    results.push(await lookup(t, `${engine}: lookup by access code (scrypt)`, 'code', settings));
    await submission(t.port, 'warm-up', warmup);
    results.push(await submission(t.port, `${engine}: submit case (default scrypt cost)`, settings));
    await stopTarget(t);
    // The same server with a light scrypt cost shows what the rest of the submission path costs.
    const light = await server(engine, url, 1 << 10);
    await submission(light.port, 'warm-up', warmup);
    results.push(await submission(light.port, `${engine}: submit case (scrypt N=2^10, for comparison)`, settings));
    await stopTarget(light);
  }
  bareEnd = await bare('(end)');
  results.push(...bareEnd);
} finally {
  cluster.stop();
}

const bareGet = (bareStart[0]!.rps + bareEnd[0]!.rps) / 2;
const barePost = (bareStart[1]!.rps + bareEnd[1]!.rps) / 2;
const pad = (s: string | number, n: number) => String(s).padStart(n);
process.stdout.write(
  `\n${settings.duration} s per measurement after a ${warmup.duration} s warm-up, ${settings.connections} connections, ` +
    `autocannon in the parent process, each target in its own process\n` +
    `ratios against the mean of the two bare runs: GET ${bareGet.toFixed(0)} req/s, POST ${barePost.toFixed(0)} req/s\n\n`,
);
process.stdout.write(
  `${'measurement'.padEnd(52)}${pad('req/s', 9)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}${pad('vs bare', 9)}\n`,
);
for (const r of results) {
  const base = r.name.includes('submit') || r.name.includes('POST') ? barePost : bareGet;
  process.stdout.write(
    `${r.name.padEnd(52)}${pad(r.rps.toFixed(0), 9)}${pad(r.p50, 8)}${pad(r.p99, 8)}${pad(r.errors, 8)}${pad(`${((100 * r.rps) / base).toFixed(1)}%`, 9)}\n`,
  );
}
process.stdout.write('\nTargets (SQLite): submissions ≥ 40% of bare POST, lookups ≥ 60% of bare GET.\n');

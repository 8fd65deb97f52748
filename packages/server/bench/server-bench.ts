import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { qingshanSampleFiling } from '@jiefen/core/demo';
import autocannon from 'autocannon';
import { startTestCluster } from '../../../test/support/postgres.js';

/**
 * `pnpm bench:server`: case submission and case lookup throughput and p50/p99 latency on SQLite and
 * PostgreSQL, beside a bare node:http server answering fixed JSON, in one run. Prints ratios against
 * the bare server. Each target runs in its own process; autocannon runs here. A benchmark, not a test.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const target = fileURLToPath(new URL('./target.ts', import.meta.url));

interface Target {
  port: number;
  caseNumber?: string;
  trackingToken?: string;
  accessCode?: string;
  child: ChildProcess;
}

function startTarget(args: string[]): Promise<Target> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['--conditions=source', target, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ ...JSON.parse(line), child });
    });
    child.once('exit', (code) => reject(new Error(`target ${args[0]} exited with ${code}`)));
  });
}

async function stopTarget(t: Target): Promise<void> {
  t.child.removeAllListeners('exit');
  const exited = new Promise((resolve) => t.child.once('exit', resolve));
  t.child.kill('SIGTERM');
  await exited;
}

interface Measurement {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(name: string, options: autocannon.Options): Promise<Measurement> {
  const result = await autocannon({ duration: DURATION, connections: CONNECTIONS, ...options });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors };
}

function submission(port: number, name: string): Promise<Measurement> {
  const body = JSON.stringify(qingshanSampleFiling());
  return measure(name, {
    url: `http://127.0.0.1:${port}/api/v1/tenants/qingshan/cases`,
    requests: [
      {
        method: 'POST',
        // A new Idempotency-Key per request: every request files a new case.
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body,
        }),
      },
    ],
  });
}

function lookup(t: Target, name: string, by: 'token' | 'code'): Promise<Measurement> {
  const headers: Record<string, string> =
    by === 'token' ? { 'x-jiefen-tracking-token': t.trackingToken! } : { 'x-jiefen-access-code': t.accessCode! };
  return measure(name, { url: `http://127.0.0.1:${t.port}/api/v1/cases/${t.caseNumber}`, headers });
}

const results: Measurement[] = [];
const cluster = await startTestCluster();
try {
  const bare = await startTarget(['bare']);
  results.push(await measure('bare node:http (fixed JSON)', { url: `http://127.0.0.1:${bare.port}/`, method: 'GET' }));
  results.push(
    await measure('bare node:http (POST)', {
      url: `http://127.0.0.1:${bare.port}/`,
      method: 'POST',
      body: JSON.stringify(qingshanSampleFiling()),
    }),
  );
  await stopTarget(bare);

  for (const engine of ['sqlite', 'postgres'] as const) {
    const args = engine === 'postgres' ? ['postgres', cluster.url()] : ['sqlite'];
    const server = await startTarget(args);
    results.push(await submission(server.port, `${engine}: submit case (scrypt N=2^14)`));
    results.push(await lookup(server, `${engine}: lookup by tracking token`, 'token'));
    results.push(await lookup(server, `${engine}: lookup by access code (scrypt)`, 'code'));
    await stopTarget(server);
    // The same server with a light scrypt cost shows what the rest of the submission path costs.
    const light = await startTarget([
      ...(engine === 'postgres' ? ['postgres', cluster.url()] : ['sqlite', '']),
      String(1 << 10),
    ]);
    results.push(await submission(light.port, `${engine}: submit case (scrypt N=2^10, for comparison)`));
    await stopTarget(light);
  }
} finally {
  cluster.stop();
}

const bareGet = results[0]!.rps;
const barePost = results[1]!.rps;
const pad = (s: string | number, n: number) => String(s).padStart(n);
process.stdout.write(`\n${DURATION}s per measurement, ${CONNECTIONS} connections, autocannon on this machine\n\n`);
process.stdout.write(
  `${'measurement'.padEnd(52)}${pad('req/s', 9)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}${pad('vs bare', 9)}\n`,
);
for (const r of results) {
  const base = r.name.includes('submit') || r.name.includes('POST') ? barePost : bareGet;
  process.stdout.write(
    `${r.name.padEnd(52)}${pad(r.rps.toFixed(0), 9)}${pad(r.p50, 8)}${pad(r.p99, 8)}${pad(r.errors, 8)}${pad(`${((100 * r.rps) / base).toFixed(1)}%`, 9)}\n`,
  );
}
process.stdout.write('\nTargets (SQLite): submissions ≥ 40% and lookups ≥ 60% of the bare server.\n');

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster, type TestCluster } from '../../../test/support/postgres.js';
import { lookup, startTarget, stopTarget, submission } from './load.js';

/**
 * `pnpm --filter @jiefen/server bench:profile <lookup|code|submit> [sqlite|postgres]`:
 * runs the server under `node --cpu-prof` while autocannon loads one route, then prints where the
 * server's CPU time went (self time by function and by package). For finding overhead, not for numbers.
 */
const [scenario = 'lookup', engine = 'sqlite'] = process.argv.slice(2);
const settings = { duration: Number(process.env.BENCH_SECONDS ?? 5), connections: 10 };
const dir = mkdtempSync(join(tmpdir(), 'jiefen-profile-'));

// Both V8's profile clock and hrtime are CLOCK_MONOTONIC: only samples taken under load are counted.
const window = { start: 0, end: 0 };
let cluster: TestCluster | undefined;
if (engine === 'postgres') cluster = await startTestCluster();
try {
  const args = engine === 'postgres' ? ['postgres', cluster!.url()] : ['sqlite', ''];
  const server = await startTarget(args, ['--cpu-prof', `--cpu-prof-dir=${dir}`], { BENCH_CASES: '40' });
  window.start = Number(process.hrtime.bigint() / 1000n);
  const result =
    scenario === 'submit'
      ? await submission(server.port, scenario, settings)
      : await lookup(server, scenario, scenario === 'code' ? 'code' : 'token', settings);
  window.end = Number(process.hrtime.bigint() / 1000n);
  await stopTarget(server);
  process.stdout.write(`${scenario} on ${engine}: ${result.rps.toFixed(0)} req/s, errors ${result.errors}\n`);
} finally {
  cluster?.stop();
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (at >= window.start && at <= window.end) self.set(id, (self.get(id) ?? 0) + delta);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

function where(url: string): string {
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const src = /packages\/([^/]+\/src\/.+)$/.exec(url);
  if (src) return src[1]!;
  return url.startsWith('node:') ? url : url ? url.split('/').slice(-2).join('/') : '(native/vm)';
}
const functions = new Map<string, number>();
const packages = new Map<string, number>();
for (const [id, time] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const key = `${functionName || '(anonymous)'}  ${where(url)}:${lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + time);
  packages.set(where(url), (packages.get(where(url)) ?? 0) + time);
}
// Inclusive time of our own functions (server and core): each sample counts once for every distinct
// function of ours on its stack.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
const inclusive = new Map<string, number>();
for (const [id, time] of self) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
    if (!/packages\/(server|core)\/src\//.test(url)) continue;
    const key = `${functionName || '(anonymous)'}  ${where(url)}:${lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + time);
  }
}
const top = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
process.stdout.write(
  `\nself time by package/file\n${top(packages, 25)}\n\nself time by function\n${top(functions, 40)}\n`,
);
process.stdout.write(`\ninclusive time of server and core functions\n${top(inclusive, 30)}\n`);
process.stdout.write(
  `\nsampled ${(total / 1e6).toFixed(2)} s of ${((window.end - window.start) / 1e6).toFixed(2)} s under load`,
);
process.stdout.write(`\nprofile: ${join(dir, file)}\n`);

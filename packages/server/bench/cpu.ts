import { readFileSync } from 'node:fs';
import { startTestCluster, type TestCluster } from '../../../test/support/postgres.js';
import { lookup, startTarget, stopTarget, submission } from './load.js';

/**
 * `pnpm --filter @jiefen/server bench:cpu <submit|token|code> [sqlite|postgres]`: the server process's
 * CPU time (user + system, from /proc) per request under the same load as the benchmark. Throughput on
 * a shared machine moves with everyone else's work; CPU per request moves much less, so this is the
 * number to compare before and after a change when the machine is busy. Linux only.
 */
const [scenario = 'submit', engine = 'sqlite'] = process.argv.slice(2);
const settings = { duration: Number(process.env.BENCH_SECONDS ?? 10), connections: 10 };

/** CPU milliseconds a process has used (utime + stime; clock ticks are 10 ms on Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

let cluster: TestCluster | undefined;
if (engine === 'postgres') cluster = await startTestCluster();
try {
  const server = await startTarget(engine === 'postgres' ? ['postgres', cluster!.url()] : ['sqlite', ''], [], {
    BENCH_CASES: '40',
  });
  const run = (name: string, duration: number) =>
    scenario === 'submit'
      ? submission(server.port, name, { ...settings, duration })
      : lookup(server, name, scenario === 'code' ? 'code' : 'token', { ...settings, duration });
  await run('warm-up', 2);
  const before = cpuMs(server.child.pid!);
  const result = await run(scenario, settings.duration);
  const used = cpuMs(server.child.pid!) - before;
  const requests = result.rps * settings.duration;
  await stopTarget(server);
  process.stdout.write(
    `${scenario} on ${engine}: ${result.rps.toFixed(0)} req/s, errors ${result.errors}, ` +
      `server CPU ${((1000 * used) / requests).toFixed(0)} µs per request\n`,
  );
} finally {
  cluster?.stop();
}

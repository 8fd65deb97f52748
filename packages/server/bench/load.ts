import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { qingshanSampleFiling } from '@jiefen/core/demo';
import autocannon from 'autocannon';

/** Shared by the benchmark and the profiler: target processes and the two measured requests. */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const target = fileURLToPath(new URL('./target.ts', import.meta.url));

export interface FiledCase {
  caseNumber: string;
  trackingToken: string;
  accessCode: string;
  /** The case view's ETag when seeded: what a polling tracker sends back as If-None-Match. */
  etag: string;
}

export interface Target {
  port: number;
  cases: FiledCase[];
  child: ChildProcess;
}

/** Start `target.ts` in its own Node process (`nodeArgs` e.g. `--cpu-prof`), resolved once it listens. */
export function startTarget(args: string[], nodeArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Target> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', '--conditions=source', target, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      // The first complete line naming the port; anything else (a log line) is passed through.
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('{"port"')) return resolve({ cases: [], ...JSON.parse(line), child });
        if (line) process.stderr.write(`${line}\n`);
      }
    });
    child.once('exit', (code) => reject(new Error(`target ${args.join(' ')} exited with ${code}`)));
  });
}

export async function stopTarget(t: Target): Promise<void> {
  t.child.removeAllListeners('exit');
  const exited = new Promise((resolve) => t.child.once('exit', resolve));
  t.child.kill('SIGTERM');
  await exited;
}

export interface Measurement {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface LoadSettings {
  duration: number;
  connections: number;
}

/** `expect: 304` counts every answer but a 304 as an error (the conditional lookup); otherwise every non-2xx. */
export async function measure(
  name: string,
  settings: LoadSettings,
  options: autocannon.Options,
  expect: 200 | 304 = 200,
): Promise<Measurement> {
  const result = await autocannon({ ...settings, ...options });
  const unexpected = expect === 304 ? result.non2xx - result['3xx'] + result['2xx'] : result.non2xx;
  const errors = result.errors + result.timeouts + unexpected;
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors };
}

/** File a new case per request: a fresh Idempotency-Key each time, the demo filing as body. */
export function submission(port: number, name: string, settings: LoadSettings): Promise<Measurement> {
  const body = JSON.stringify(qingshanSampleFiling());
  return measure(name, settings, {
    url: `http://127.0.0.1:${port}/api/v1/tenants/qingshan/cases`,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body,
        }),
      },
    ],
  });
}

/**
 * Look cases up round-robin over every filed case, by tracking token or by access code; `conditional`
 * is the polling tracker: tracking token plus the case's current ETag as If-None-Match (answered 304).
 */
export function lookup(
  t: Target,
  name: string,
  by: 'token' | 'code' | 'conditional',
  settings: LoadSettings,
): Promise<Measurement> {
  let next = 0;
  return measure(
    name,
    settings,
    {
      url: `http://127.0.0.1:${t.port}/`,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            const filed = t.cases[next++ % t.cases.length]!;
            const headers: Record<string, string> =
              by === 'code'
                ? { 'x-jiefen-access-code': filed.accessCode }
                : { 'x-jiefen-tracking-token': filed.trackingToken };
            if (by === 'conditional') headers['if-none-match'] = filed.etag;
            return {
              ...request,
              path: `/api/v1/cases/${filed.caseNumber}`,
              headers,
            };
          },
        },
      ],
    },
    by === 'conditional' ? 304 : 200,
  );
}

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRestBackend, type StaffOperations } from '@jiefen/sdk';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_MAIN = join(repo, 'packages/server/dist/main.js');
/** What `pnpm start` serves beside the API (the root package.json's `start` script). */
const STATIC_SITES = [
  `/=${join(repo, 'examples/township-portal')}`,
  `/widgets/=${join(repo, 'packages/widgets/dist')}`,
  `/desk/=${join(repo, 'examples/center-desk/dist')}`,
].join(';');

/**
 * The built server as `pnpm start` runs it (`node packages/server/dist/main.js`), in its own process so
 * a test can stop it (SIGTERM, the graceful shutdown) and start it again on the same port and data
 * directory: the seeded `qingshan` tenant, its demo staff accounts (tokens kept in the data
 * directory), the portal, widgets and desk, and the test clock (`JIEFEN_TEST_CLOCK=1`).
 */
export interface ServerProcess {
  url: string;
  dataDir: string;
  running(): boolean;
  /** SIGTERM, and wait until the process has exited (the port is free again). */
  stop(): Promise<void>;
  /** Start again on the same port and data directory. */
  start(): Promise<void>;
  /** The demo staff token for `key` (`coordinator`, `department_handler:grid`, …), as `pnpm start` printed it. */
  token(key: string): string;
  /** The SDK's staff API signed in as a demo account: for the test's own checks on what the server holds. */
  staff(key: string): StaffOperations;
  /** Move the server's clock (the test-mode control) and run the scheduler once. */
  setClock(now: string): Promise<{ now: string }>;
  /** What the process wrote, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startServerProcess(): Promise<ServerProcess> {
  if (!existsSync(SERVER_MAIN))
    throw new Error('packages/server/dist/main.js is missing: run pnpm test:dist (or pnpm build) first');
  if (!existsSync(join(repo, 'examples/center-desk/dist/desk.js')))
    throw new Error('examples/center-desk/dist is missing: run pnpm test:dist (or pnpm build) first');
  const dataDir = mkdtempSync(join(tmpdir(), 'jiefen-loop-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let log = '';

  async function start(): Promise<void> {
    if (child) throw new Error('the server is already running');
    const started = spawn(process.execPath, [SERVER_MAIN], {
      cwd: repo,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        JIEFEN_DATA_DIR: dataDir,
        JIEFEN_STATIC: STATIC_SITES,
        JIEFEN_TEST_CLOCK: '1',
        JIEFEN_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes(`Jiefen server on http://localhost:${port}`)) resolve();
      };
      started.stdout!.on('data', onData);
      started.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
      });
      started.once('exit', (code) => {
        if (child === started) child = undefined;
        reject(new Error(`the server exited with ${code} before listening:\n${log}`));
      });
    });
  }

  async function stop(): Promise<void> {
    const running = child;
    if (!running) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
    child = undefined;
  }

  function token(key: string): string {
    const saved = JSON.parse(readFileSync(join(dataDir, 'demo-staff-tokens.json'), 'utf8')) as Record<
      string,
      { token: string }
    >;
    const entry = saved[key];
    if (!entry) throw new Error(`no demo staff account ${key} (have ${Object.keys(saved).join(', ')})`);
    return entry.token;
  }

  await start();
  return {
    url,
    dataDir,
    running: () => child !== undefined,
    stop,
    start,
    token,
    staff: (key) => createRestBackend({ baseUrl: url, tenant: 'qingshan', staffCredential: () => token(key) }).staff!,
    async setClock(now) {
      const response = await fetch(`${url}/api/v1/test/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ now }),
      });
      if (response.status !== 200) throw new Error(`test clock: ${response.status} ${await response.text()}`);
      return (await response.json()) as { now: string };
    },
    output: () => log,
    async close() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

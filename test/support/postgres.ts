import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for tests: initdb + pg_ctl as the `postgres` user (the binaries refuse
 * to run as root), in a temp directory, on a free loopback port, trust auth. `stop()` removes it.
 */
export interface TestCluster {
  port: number;
  /** Connection string for a database in this cluster. */
  url(database?: string): string;
  stop(): void;
}

function findBinary(name: string): string {
  const fromPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (fromPath) return fromPath;
  const candidates = ['/usr/local/bin', '/usr/lib/postgresql'].flatMap((dir) => {
    if (!existsSync(dir)) return [];
    if (dir === '/usr/local/bin') return [join(dir, name)];
    return readdirSync(dir)
      .sort()
      .reverse()
      .map((version) => join(dir, version, 'bin', name));
  });
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`PostgreSQL binary ${name} not found (apt-get install -y postgresql)`);
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function asPostgres(command: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const [file, fileArgs] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  execFileSync(file, fileArgs, { stdio: 'pipe' });
}

export async function startTestCluster(): Promise<TestCluster> {
  const initdb = findBinary('initdb');
  const pgCtl = findBinary('pg_ctl');
  const dir = mkdtempSync(join(tmpdir(), 'jiefen-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  asPostgres(initdb, ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  asPostgres(pgCtl, [
    '-D',
    dataDir,
    '-l',
    join(dir, 'log'),
    '-o',
    `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    '-w',
    'start',
  ]);
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop() {
      try {
        asPostgres(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

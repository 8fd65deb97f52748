// A @web/test-runner plugin that gives browser tests the real reference server: the
// `jiefen-server` command starts it once (its own process, see live-server.ts) and answers its URL;
// `jiefen-staff` sends a staff statechart command over its HTTP API with a demo staff token, the way
// the centre's desk does, so a test can watch a case (or a consultation) move while staff move it. Stopped with the runner.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const script = fileURLToPath(new URL('./live-server.ts', import.meta.url));

export function jiefenServerPlugin() {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {Promise<{ url: string, tokens: Record<string, string> }> | undefined} */
  let server;

  const start = (origin) => {
    server ??= new Promise((resolve, reject) => {
      child = spawn(process.execPath, [require.resolve('tsx/cli'), '--conditions=source', script], {
        env: { ...process.env, JIEFEN_TEST_ORIGINS: [origin, origin.replace('localhost', '127.0.0.1')].join(',') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const line = output.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line));
      });
      child.on('exit', (code) => reject(new Error(`the Jiefen test server exited (${code})`)));
    });
    return server;
  };

  return {
    name: 'jiefen-server',
    async executeCommand({ command, payload }) {
      if (command === 'jiefen-server') {
        const { url } = await start(payload.origin);
        return { url };
      }
      if (command === 'jiefen-staff') {
        if (!server) throw new Error('start the server first (jiefen-server)');
        const { url, tokens } = await server;
        const token = tokens[payload.as];
        if (!token) throw new Error(`no demo staff account ${payload.as}`);
        // A consultation's command when `consultationNumber` is given, else the case's.
        const record = payload.consultationNumber
          ? `consultations/${encodeURIComponent(payload.consultationNumber)}`
          : `cases/${encodeURIComponent(payload.caseNumber)}`;
        const response = await fetch(`${url}/api/v1/staff/${record}/transitions`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify(payload.command),
        });
        return { status: response.status, body: await response.json() };
      }
      return undefined;
    },
    serverStop() {
      child?.kill('SIGTERM');
    },
  };
}

import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import { buildServer } from '../src/app.js';

/**
 * One benchmark target in its own process (so the load generator does not share its event loop):
 * `bare` (node:http, fixed JSON), or the server on `sqlite` / `postgres <url>`. Prints one JSON line
 * with the port and, for the server, a filed case to look up.
 */
const [kind, url, scryptN] = process.argv.slice(2);

if (kind === 'bare') {
  const body = JSON.stringify({ ok: true, caseNumber: 'JF-20250602-7K3QX', stage: 'registration' });
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
  });
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiefen-bench-'));
  const app = await buildServer({
    dataDir,
    database:
      kind === 'postgres'
        ? { engine: 'postgres', connectionString: url!, poolSize: 10 }
        : { engine: 'sqlite', file: join(dataDir, 'jiefen.sqlite') },
    logLevel: 'warn',
    scheduler: { enabled: false },
    rateLimit: {
      publicPerMinute: 10_000_000,
      lookupPerCasePerMinute: 10_000_000,
      lookupPerClientPerMinute: 10_000_000,
    },
    ...(scryptN ? { accessCodeScrypt: { N: Number(scryptN), r: 8, p: 1 } } : {}),
    seedTenants: [{ config: qingshanTenant, allowedOrigins: [] }],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const filed = await fetch(`http://127.0.0.1:${port}/api/v1/tenants/qingshan/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'bench-seed-case' },
    body: JSON.stringify(qingshanSampleFiling()),
  });
  const body = (await filed.json()) as { caseNumber: string; trackingToken: string; accessCode: string };
  process.stdout.write(
    `${JSON.stringify({ port, caseNumber: body.caseNumber, trackingToken: body.trackingToken, accessCode: body.accessCode })}\n`,
  );
  process.on('SIGTERM', () => {
    app.close().then(() => process.exit(0));
  });
}

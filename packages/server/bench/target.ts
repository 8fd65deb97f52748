// As in main.ts: the pool is sized before anything uses it.
import '../src/threadpool.js';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import Fastify from 'fastify';
import { buildServer } from '../src/app.js';
import { generateAccessCodeKey } from '../src/security/credentials.js';

/**
 * One benchmark target in its own process (so the load generator does not share its event loop):
 * `bare` (node:http, fixed JSON), `same-response <json>` (node:http answering a given status, headers
 * and body size), `fastify`, or the server on `sqlite` / `postgres <url>`.
 * Prints one JSON line: the port and, for the server, `BENCH_CASES` (default 100) filed cases with
 * their tracking tokens, access codes and ETags, so lookups spread over many cases as real ones do.
 */
const [kind, url] = process.argv.slice(2);

function printPort(address: ReturnType<typeof createServer>['address'] extends () => infer A ? A : never) {
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
}

if (kind === 'bare') {
  const body = JSON.stringify({ ok: true, caseNumber: 'JF-20250602-7K3QX', stage: 'registration' });
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => printPort(server.address()));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else if (kind === 'same-response') {
  // A reference: exactly the status, headers and body size a real lookup answers (sampled by the parent),
  // with no routing, database or credential check: what sending this response costs any server.
  const sample = JSON.parse(url!) as { status: number; headers: Record<string, string>; bodyBytes: number };
  const body = JSON.stringify({ padding: 'x'.repeat(Math.max(0, sample.bodyBytes - 14)) });
  const server = createServer((req, res) => {
    req.resume();
    if (sample.status === 304) {
      res.writeHead(304, sample.headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...sample.headers, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => printPort(server.address()));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else if (kind === 'fastify') {
  // A reference: Fastify with no plugins answering the bare server's fixed JSON.
  const app = Fastify({ logger: false });
  app.get('/', (_request, reply) => reply.send({ ok: true, caseNumber: 'JF-20250602-7K3QX', stage: 'registration' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  printPort(app.server.address());
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiefen-bench-'));
  // Configured as a PostgreSQL deployment would be (one key for every process), not generated.
  const key = generateAccessCodeKey();
  const app = await buildServer({
    dataDir,
    accessCodeKey: `${key.id}:${key.secret.toString('base64url')}`,
    database:
      kind === 'postgres'
        ? { engine: 'postgres', connectionString: url!, poolSize: 10 }
        : { engine: 'sqlite', file: join(dataDir, 'jiefen.sqlite') },
    logLevel: 'warn',
    scheduler: { enabled: false },
    // The limits are part of the measured path (every lookup is counted), set high enough not to refuse.
    rateLimit: {
      // `memory` for the diagnostic row that shows what the shared (database) counter costs on PostgreSQL.
      ...(process.env.BENCH_RATE_LIMIT_STORE === 'memory' ? { store: 'memory' as const } : {}),
      publicPerMinute: 10_000_000,
      lookupPerCasePerMinute: 10_000_000,
      lookupPerClientPerMinute: 10_000_000,
    },
    seedTenants: [{ config: qingshanTenant, allowedOrigins: [] }],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const count = Number(process.env.BENCH_CASES ?? 100);
  const cases: Array<{ caseNumber: string; trackingToken: string; accessCode: string; etag: string }> = [];
  // Filed four at a time, as concurrent residents would.
  for (let i = 0; i < count; i += 4) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(4, count - i) }, async (_, j) => {
        const filed = await fetch(`http://127.0.0.1:${port}/api/v1/tenants/qingshan/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `bench-seed-case-${i + j}` },
          body: JSON.stringify(qingshanSampleFiling()),
        });
        const body = (await filed.json()) as { caseNumber: string; trackingToken: string; accessCode: string };
        const view = await fetch(`http://127.0.0.1:${port}/api/v1/cases/${body.caseNumber}`, {
          headers: { 'x-jiefen-tracking-token': body.trackingToken },
        });
        await view.arrayBuffer();
        return {
          caseNumber: body.caseNumber,
          trackingToken: body.trackingToken,
          accessCode: body.accessCode,
          etag: view.headers.get('etag') ?? '',
        };
      }),
    );
    cases.push(...batch);
  }
  process.stdout.write(`${JSON.stringify({ port, cases })}\n`);
  process.on('SIGTERM', () => {
    app.close().then(() => process.exit(0));
  });
}

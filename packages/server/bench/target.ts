// As in main.ts: the pool is sized before anything uses it.
import '../src/threadpool.js';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import Fastify from 'fastify';
import { buildServer } from '../src/app.js';
import { helmetHeaders } from '../src/http/headers.js';

/**
 * One benchmark target in its own process (so the load generator does not share its event loop):
 * `bare` (node:http, fixed JSON), or the server on `sqlite` / `postgres <url>` with an optional scrypt
 * N. Prints one JSON line: the port and, for the server, `BENCH_CASES` (default 100) filed cases with
 * their tracking tokens and access codes, so lookups spread over many cases as real ones do.
 */
const [kind, url, scryptN] = process.argv.slice(2);

function printPort(address: ReturnType<typeof createServer>['address'] extends () => infer A ? A : never) {
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
}

if (kind === 'bare' || kind === 'bare-view') {
  // `bare-view` (a reference, not a ratio base): a body the size of a case view (1.7 kB) and the same
  // security headers the server sends, to show what bytes and headers alone cost.
  const view = kind === 'bare-view';
  const body = view
    ? JSON.stringify({ ok: true, padding: 'x'.repeat(1650) })
    : JSON.stringify({ ok: true, caseNumber: 'JF-20250602-7K3QX', stage: 'registration' });
  const extra = view ? { ...(await helmetHeaders({})), vary: 'Origin' } : {};
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { ...extra, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
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
  const app = await buildServer({
    dataDir,
    database:
      kind === 'postgres'
        ? { engine: 'postgres', connectionString: url!, poolSize: 10 }
        : { engine: 'sqlite', file: join(dataDir, 'jiefen.sqlite') },
    logLevel: 'warn',
    scheduler: { enabled: false },
    // The limits are part of the measured path (every lookup is counted), set high enough not to refuse.
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
  const count = Number(process.env.BENCH_CASES ?? 100);
  const cases: Array<{ caseNumber: string; trackingToken: string; accessCode: string }> = [];
  // Filed four at a time: scrypt runs in the libuv pool, so seeding takes a fraction of count × 35 ms.
  for (let i = 0; i < count; i += 4) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(4, count - i) }, async (_, j) => {
        const filed = await fetch(`http://127.0.0.1:${port}/api/v1/tenants/qingshan/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `bench-seed-case-${i + j}` },
          body: JSON.stringify(qingshanSampleFiling()),
        });
        const body = (await filed.json()) as { caseNumber: string; trackingToken: string; accessCode: string };
        return { caseNumber: body.caseNumber, trackingToken: body.trackingToken, accessCode: body.accessCode };
      }),
    );
    cases.push(...batch);
  }
  process.stdout.write(`${JSON.stringify({ port, cases })}\n`);
  process.on('SIGTERM', () => {
    app.close().then(() => process.exit(0));
  });
}

import { randomBytes } from 'node:crypto';
/**
 * Exactly once, even when the process dies (issue 7 §1). The real server runs as child `node`
 * processes and is SIGKILLed at random moments (seeded) while SDK clients push submissions through
 * their outboxes; it is started again on the same database each time. SQLite: one process on one
 * file. PostgreSQL: two processes behind a round-robin balancer, killed one or both at a time.
 * Afterwards, read straight from the database: every idempotency key is exactly one case (no
 * duplicates, no orphans), no key is blocked (each one replays), every acknowledged submission is
 * there, every hash chain verifies, and the deadlines that fell due while the servers were down fire
 * exactly once, through more kills.
 *
 * `pnpm test` runs a small count; `pnpm test:crash` the full run (CRASH_SUBMISSIONS, CRASH_KILLS,
 * CRASH_SEED, CRASH_ENGINES in the environment; see packages/server/README.md).
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { qingshanSampleConsultation, qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import { buildServer, type DatabaseConfig } from '@jiefen/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../../../test/support/postgres.js';
import type { CaseReceipt, ConsultationReceipt } from '../../src/backends/backend.js';
import { createRestBackend } from '../../src/backends/rest/rest-backend.js';
import { createClient, type JiefenClient } from '../../src/client.js';
import type { SubmissionStatus } from '../../src/offline/outbox.js';
import { memoryStorage } from '../../src/offline/storage.js';
import { seededRandom } from '../fixtures/fault-proxy.js';
import { buildServerBundle, freePort, roundRobin, ServerProcess } from '../fixtures/server-process.js';

const SUBMISSIONS = Number(process.env.CRASH_SUBMISSIONS ?? 40);
const KILLS = Number(process.env.CRASH_KILLS ?? 1);
/** Kills while the deadlines that fell due during the downtime are being fired. */
const DEADLINE_KILLS = Math.min(2, KILLS);
const SEED = Number(process.env.CRASH_SEED ?? 20261201);
const ENGINES = (process.env.CRASH_ENGINES ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;
const CLIENTS = 4;
/** Submissions waiting for an answer at any moment: steady traffic, so a kill always finds some. */
const WINDOW = Math.max(4, Math.min(32, Math.floor(SUBMISSIONS / 4)));
/** Generous: restarts on a shared, loaded 2-core machine take seconds each. */
const TIMEOUT_MS = 180_000 + SUBMISSIONS * 400 + KILLS * 20_000;
const HOUR = 3_600_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Kind = 'case' | 'consultation' | 'withdrawal';
interface Submission {
  kind: Kind;
  client: number;
  id: string;
  done: Promise<SubmissionStatus>;
  status?: SubmissionStatus;
  /** For a withdrawal: the case it withdraws. */
  caseNumber?: string;
}
/** Each keyed POST as first sent on the wire, to send it again afterwards. */
interface SentRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

let cluster: TestCluster | undefined;
let bundle: string;
const reports: Record<string, unknown>[] = [];

beforeAll(async () => {
  bundle = await buildServerBundle();
  if (ENGINES.includes('postgres')) cluster = await startTestCluster();
}, 60_000);
afterAll(() => {
  cluster?.stop();
  for (const report of reports) console.log(`CRASH-REPORT ${JSON.stringify(report)}`);
});

describe('exactly once across SIGKILL', () => {
  it.each(ENGINES)(
    'on %s',
    async (engine) => {
      const random = seededRandom(SEED + (engine === 'postgres' ? 1 : 0));
      const root = mkdtempSync(join(tmpdir(), `jiefen-crash-${engine}-`));
      const processes: ServerProcess[] = [];
      let balancer: Awaited<ReturnType<typeof roundRobin>> | undefined;
      const clients: JiefenClient[] = [];
      const started = performance.now();
      let passed = false;
      let progress: ReturnType<typeof setInterval> | undefined;
      try {
        // ---- the database and the server processes
        let database: DatabaseConfig;
        if (engine === 'sqlite') {
          database = { engine: 'sqlite', file: join(root, 'jiefen.sqlite') };
        } else {
          // The cluster is this file's alone: its default database will do.
          database = { engine: 'postgres', connectionString: cluster!.url(), poolSize: 8 };
        }
        const count = engine === 'sqlite' ? 1 : 2;
        // Every process on one database shares the access-code key, as the server README requires.
        const accessCodeKey = `crash:${randomBytes(32).toString('base64url')}`;
        for (let i = 0; i < count; i++) {
          const dataDir = join(root, `server-${i}`);
          mkdirSync(dataDir, { recursive: true });
          const configFile = join(dataDir, 'config.json');
          writeFileSync(
            configFile,
            JSON.stringify({
              database,
              seedTenants: [{ config: qingshanTenant, allowedOrigins: [] }],
              // The clients all come from one address.
              rateLimit: { publicPerMinute: 1e9, lookupPerCasePerMinute: 1e9, lookupPerClientPerMinute: 1e9 },
              accessCodeKey,
              scheduler: { enabled: true, intervalMs: 500, batchSize: 50 },
            }),
          );
          processes.push(
            new ServerProcess(
              `${engine}-${i}`,
              await freePort(),
              bundle,
              {
                JIEFEN_CONFIG: configFile,
                JIEFEN_DATA_DIR: dataDir,
                JIEFEN_TEST_CLOCK: '1',
                JIEFEN_LOG_LEVEL: 'warn',
              },
              join(root, `server-${i}.log`),
            ),
          );
        }
        for (const server of processes) await server.start();
        balancer = await roundRobin(processes.map((p) => p.port));

        // ---- SDK clients behind the balancer, each with its own outbox (memory storage)
        const sent = new Map<string, SentRequest>();
        const recordingFetch: typeof fetch = async (input, init) => {
          const request = new Request(input, init);
          const key = request.headers.get('idempotency-key');
          if (request.method === 'POST' && key && !sent.has(key)) {
            const headers: Record<string, string> = {};
            request.headers.forEach((value, name) => {
              headers[name] = value;
            });
            sent.set(key, { url: request.url, headers, body: await request.clone().text() });
          }
          return fetch(request);
        };
        for (let i = 0; i < CLIENTS; i++) {
          clients.push(
            createClient({
              backend: createRestBackend({
                baseUrl: balancer.url,
                tenant: qingshanTenant.id,
                timeoutMs: 5_000,
                fetch: recordingFetch,
              }),
              storage: memoryStorage(),
              encryptAtRest: false,
              outbox: { retryBaseMs: 100, retryMaxMs: 1_000, concurrency: 3 },
            }),
          );
        }

        // ---- traffic, with the killer running alongside
        const submissions: Submission[] = [];
        let settled = 0;
        const failures: string[] = [];
        const track = (submission: Submission) => {
          submissions.push(submission);
          submission.done.then(
            (status) => {
              submission.status = status;
              settled++;
            },
            (error: unknown) => {
              failures.push(`${submission.kind} ${submission.id}: ${String(error)}`);
              settled++;
            },
          );
        };
        const killLog: Array<{ at: number; victims: string[]; waiting: number; sending: number }> = [];
        let killsDone = 0;
        const restartMs: number[] = [];
        const sendingNow = async () => {
          let n = 0;
          for (const client of clients) n += (await client.outbox.list()).filter((s) => s.state === 'sending').length;
          return n;
        };
        const killOnce = async () => {
          const victims =
            processes.length > 1 && random() < 0.25 ? processes : [processes[Math.floor(random() * processes.length)]!];
          const waiting = submissions.length - settled;
          const sending = await sendingNow();
          await Promise.all(victims.map((victim) => victim.kill()));
          killLog.push({
            at: Math.round(performance.now() - started),
            victims: victims.map((v) => v.name),
            waiting,
            sending,
          });
          await sleep(random() * 500); // downtime
          const down = performance.now();
          await Promise.all(victims.map((victim) => victim.start()));
          restartMs.push(Math.round(performance.now() - down));
        };
        // Progress, for reading a stuck or failed run (the directory is kept when the test fails).
        progress = setInterval(() => {
          appendFileSync(
            join(root, 'progress.log'),
            `${Math.round(performance.now() - started)} ms: ${submissions.length} submitted, ${settled} settled, ${killLog.length} kills, connections ${balancer?.connections.join('/')}\n`,
          );
        }, 2_000);
        let killerArmed = false;
        const killer = (async () => {
          // Kill j falls at a random point of its share of the traffic, before the last window is let go.
          const span = SUBMISSIONS - WINDOW;
          for (let j = 0; j < KILLS; j++) {
            const threshold = Math.floor((span * (j + random())) / KILLS);
            while (settled < threshold) await sleep(10);
            await sleep(random() * 80);
            // A kill meets traffic: with submissions waiting for an answer.
            killerArmed = true;
            while (submissions.length - settled === 0) await sleep(2);
            killerArmed = false;
            await killOnce();
            killsDone++;
          }
        })();

        const withdrawalEvery = 10;
        let filed = 0;
        for (let i = 0; i < SUBMISSIONS; i++) {
          while (submissions.length - settled >= WINDOW) await sleep(5);
          // The last window waits for the killer: one submission at a time, and only when the killer is
          // ready for it, so that every kill meets traffic.
          while (SUBMISSIONS - i <= WINDOW && killsDone < KILLS && !(killerArmed && submissions.length === settled)) {
            await sleep(2);
          }
          const c = i % CLIENTS;
          const client = clients[c]!;
          const received = submissions.filter((s) => s.kind === 'case' && s.client === c && s.status);
          const roll = random();
          if (roll < 1 / withdrawalEvery && received.length > 0 && filed > 0) {
            // A resident action on a case already acknowledged: withdraw it (once, by its own key).
            const target = received[Math.floor(random() * received.length)]!;
            const receipt = target.status!.receipt as CaseReceipt;
            if (!submissions.some((s) => s.kind === 'withdrawal' && s.caseNumber === receipt.caseNumber)) {
              const status = await client.submitCaseAction(
                { caseNumber: receipt.caseNumber, accessCode: receipt.accessCode },
                { type: 'resident.withdraw', reason: '已经和解' },
              );
              track({
                kind: 'withdrawal',
                client: c,
                id: status.id,
                caseNumber: receipt.caseNumber,
                done: client.outbox.waitFor(status.id),
              });
              continue;
            }
          }
          if (roll < 0.3) {
            const status = await client.submitConsultation(qingshanSampleConsultation());
            track({ kind: 'consultation', client: c, id: status.id, done: client.outbox.waitFor(status.id) });
          } else {
            const status = await client.submitCase(
              qingshanSampleFiling({ description: `第 ${i} 件：${qingshanSampleFiling().description}` }),
            );
            filed++;
            track({ kind: 'case', client: c, id: status.id, done: client.outbox.waitFor(status.id) });
          }
        }
        await killer;
        await Promise.allSettled(submissions.map((s) => s.done));
        clearInterval(progress);
        const trafficMs = performance.now() - started;

        expect(failures).toEqual([]);
        expect(submissions.length).toBeGreaterThanOrEqual(SUBMISSIONS);
        expect(submissions.every((s) => s.status?.state === 'received')).toBe(true);
        // The kills happened, each with submissions waiting, and some with requests on the wire.
        expect(killLog).toHaveLength(KILLS);
        expect(killLog.every((k) => k.waiting > 0)).toBe(true);
        expect(killLog.reduce((n, k) => n + k.sending, 0)).toBeGreaterThan(0);
        if (processes.length > 1) expect(balancer.connections.every((n) => n > 0)).toBe(true);

        // ---- read the database directly
        const inspector = await buildServer({
          database,
          dataDir: join(root, 'inspector'),
          logLevel: 'silent',
          scheduler: { enabled: false },
          seedTenants: [],
        });
        try {
          const db = inspector.jiefen.storage.db;
          const caseRows = await db.selectFrom('cases').selectAll().execute();
          const consultationRows = await db.selectFrom('consultations').selectAll().execute();
          const keyRows = await db.selectFrom('idempotency_keys').selectAll().execute();
          const byKind = (kind: Kind) => submissions.filter((s) => s.kind === kind);
          const caseReceipts = byKind('case').map((s) => s.status!.receipt as CaseReceipt);
          const consultationReceipts = byKind('consultation').map((s) => s.status!.receipt as ConsultationReceipt);
          expect(caseReceipts.length).toBeGreaterThan(0);
          expect(consultationReceipts.length).toBeGreaterThan(0);

          // Every key is exactly one case: as many cases as filing keys, the very ones acknowledged.
          const caseNumbers = caseRows.map((r) => r.case_number).sort();
          expect(caseNumbers).toEqual(caseReceipts.map((r) => r.caseNumber).sort());
          expect(consultationRows.map((r) => r.consultation_number).sort()).toEqual(
            consultationReceipts.map((r) => r.consultationNumber).sort(),
          );
          const keyOf = new Map(keyRows.map((row) => [row.idempotency_key, row]));
          for (const submission of submissions) {
            const row = keyOf.get(submission.id);
            expect(row?.status).toBe('done');
            const stored = JSON.parse(row!.response_body!) as Record<string, unknown>;
            if (submission.kind === 'case') {
              expect(stored.caseNumber).toBe((submission.status!.receipt as CaseReceipt).caseNumber);
            }
            if (submission.kind === 'consultation') {
              expect(stored.consultationNumber).toBe(
                (submission.status!.receipt as ConsultationReceipt).consultationNumber,
              );
            }
          }
          // No key is blocked: nothing committed half-way, and each key answers again at once.
          const blocked = keyRows.filter((row) => row.status !== 'done');
          expect(blocked).toEqual([]);
          let replayed = 0;
          for (const submission of submissions) {
            const request = sent.get(submission.id)!;
            const again = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
            const body = (await again.json()) as Record<string, unknown>;
            expect(again.status, JSON.stringify(body)).toBeLessThan(300);
            expect(again.headers.get('idempotent-replayed')).toBe('true');
            if (submission.kind === 'case') {
              expect(body.caseNumber).toBe((submission.status!.receipt as CaseReceipt).caseNumber);
            }
            replayed++;
          }

          // Every acknowledged submission survived: the resident can open it with the receipt.
          const withdrawn = new Set(byKind('withdrawal').map((s) => s.caseNumber!));
          for (const receipt of caseReceipts) {
            const answer = await fetch(`${balancer.url}/api/v1/cases/${receipt.caseNumber}`, {
              headers: { 'x-jiefen-access-code': receipt.accessCode },
            });
            expect(answer.status).toBe(200);
            const view = (await answer.json()) as { caseNumber: string };
            expect(view.caseNumber).toBe(receipt.caseNumber);
          }
          // Each withdrawal was applied once.
          const withdrawals = await db
            .selectFrom('events')
            .select('stream_id')
            .where('type', '=', 'resident.withdraw')
            .execute();
          expect(withdrawals.map((w) => w.stream_id).sort()).toEqual([...withdrawn].sort());

          // ---- downtime: every server down; deadlines fall due while they are; start, tick, kill again
          await Promise.all(processes.map((p) => p.kill()));
          const dueAt = new Date(Math.max(...caseRows.map((r) => Date.parse(r.filed_at))) + 25 * HOUR);
          await Promise.all(processes.map((p) => p.start()));
          let deadlineKills = 0;
          for (let round = 0; ; round++) {
            // A tick cut short by a kill answers -1 (handled at once: a kill must not be an unhandled rejection).
            const ticks = processes.map((p) =>
              fetch(`${p.url}/api/v1/test/clock`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ now: dueAt.toISOString() }),
              })
                .then(async (answer) => ((await answer.json()) as { ticked: number }).ticked)
                .catch(() => -1),
            );
            if (round < DEADLINE_KILLS) {
              // The first rounds are cut short: a kill lands while the deadlines are being fired.
              const victim = processes[Math.floor(random() * processes.length)]!;
              await sleep(random() * 150);
              await victim.kill();
              deadlineKills++;
              await Promise.all(ticks);
              await victim.start();
              continue;
            }
            const ticked = await Promise.all(ticks);
            if (ticked.every((n) => n === 0)) break;
          }
          expect(deadlineKills).toBeGreaterThan(0);
          const urged = await db
            .selectFrom('events')
            .select(['stream_id', (eb) => eb.fn.countAll<number>().as('n')])
            .where('type', '=', 'supervision.urged')
            .groupBy('stream_id')
            .execute();
          const urgedOf = new Map(urged.map((r) => [r.stream_id, Number(r.n)]));
          const open = caseNumbers.filter((n) => !withdrawn.has(n));
          expect(open.length).toBeGreaterThan(0);
          const firedTwice = open.filter((n) => (urgedOf.get(n) ?? 0) > 1);
          const missed = open.filter((n) => (urgedOf.get(n) ?? 0) === 0);
          expect({ firedTwice, missed }).toEqual({ firedTwice: [], missed: [] });
          for (const n of withdrawn) expect(urgedOf.get(n)).toBeUndefined();

          // ---- every hash chain verifies (after the deadline events were appended)
          let chains = 0;
          for (const row of await db.selectFrom('cases').selectAll().execute()) {
            expect((await inspector.jiefen.cases.verify(row)).valid).toBe(true);
            chains++;
          }
          for (const row of await db.selectFrom('consultations').selectAll().execute()) {
            expect((await inspector.jiefen.consultations.verify(row)).valid).toBe(true);
            chains++;
          }

          reports.push({
            engine,
            processes: processes.length,
            seed: SEED,
            submissions: submissions.length,
            filings: caseReceipts.length,
            consultations: consultationReceipts.length,
            withdrawals: withdrawn.size,
            kills: killLog.length,
            killsDuringDeadlines: deadlineKills,
            requestsOnTheWireAtKills: killLog.map((k) => k.sending),
            killedAtMs: killLog.map((k) => k.at),
            restartMs,
            keys: keyRows.length,
            duplicates: caseRows.length - new Set(caseReceipts.map((r) => r.caseNumber)).size,
            blockedKeys: blocked.length,
            replayed,
            chainsVerified: chains,
            deadlinesFired: [...urgedOf.values()].reduce((a, b) => a + b, 0),
            connectionsPerProcess: balancer.connections,
            trafficSeconds: Math.round(trafficMs / 100) / 10,
            totalSeconds: Math.round((performance.now() - started) / 100) / 10,
          });
        } finally {
          await inspector.close();
        }
        passed = true;
      } finally {
        clearInterval(progress);
        for (const client of clients) client.outbox.stop();
        await balancer?.close();
        for (const server of processes) await server.close();
        // A failed run keeps its server logs for reading.
        if (passed) rmSync(root, { recursive: true, force: true });
        else console.log(`crash test on ${engine} failed; server logs in ${root}`);
      }
    },
    TIMEOUT_MS,
  );
});

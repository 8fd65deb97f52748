// `pnpm bench:widgets`: what the intake form costs a portal page and a resident's phone, side by side
// in one run. Chromium (the machine's, through playwright-core) at a 375 px phone viewport with the CPU
// throttled 4× through the DevTools protocol loads each target with a fresh context, interleaved,
// BENCH_LOADS times (default 7), then once more under a strict Content-Security-Policy. Prints medians
// (min–max), ratios to the plain form and to each peer, and the targets as met / not met; writes JSON.
// Timings are for comparison within one run on one machine: never assertions.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { qingshanTenant } from '@jiefen/core/demo';
import { buildServer } from '@jiefen/server';
import { type Browser, chromium } from 'playwright-core';
import { TARGETS as ALL_TARGETS, type Target } from './pages.js';
import { PROBE_SCRIPT } from './probe.js';
import { serveBenchSite } from './serve.js';
import { runTrackerBench } from './tracker.js';

const root = resolve(import.meta.dirname, '../..');
const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const THROTTLE = Number(process.env.BENCH_CPU_THROTTLE ?? 4);
const VIEWPORT = { width: 375, height: 812 };
/** After the first field: time for late layout shifts and long tasks to show. */
const SETTLE_MS = 1500;
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/**
 * BENCH_TARGETS=plain,jiefen narrows a run while developing; the published table has all four.
 * BENCH_BASELINE_DIST=<a widgets dist/> adds `baseline` (pages.ts) beside them.
 */
const TARGETS = (
  process.env.BENCH_TARGETS ? ALL_TARGETS.filter((t) => process.env.BENCH_TARGETS!.split(',').includes(t)) : ALL_TARGETS
).filter((t) => t !== 'baseline' || process.env.BENCH_BASELINE_DIST);

interface Load {
  target: Target;
  firstFieldMs: number | null;
  firstFieldTag: string | null;
  jsBytes: number;
  cssBytes: number;
  otherBytes: number;
  scriptMs: number;
  taskMs: number;
  longTasks: number;
  blockingMs: number;
  layoutShift: number;
  heapBytes: number;
  violations: string[];
  externalRequests: string[];
  /** Every response, for checking what each target fetched. */
  resources: Array<{ path: string; type: string; bytes: number; startMs: number; endMs: number }>;
}

async function load(browser: Browser, origin: string, target: Target, strictCsp: boolean): Promise<Load> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    serviceWorkers: 'block',
  });
  // Nothing may leave the machine: a request to another origin is refused and reported.
  const externalRequests: string[] = [];
  await context.route(
    (url) => !url.href.startsWith(origin),
    (route) => {
      externalRequests.push(route.request().url());
      return route.abort();
    },
  );
  await context.addInitScript({ content: PROBE_SCRIPT });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  const responses = new Map<string, { path: string; type: string }>();
  // When each request started and finished (ms after the page's first request): the waterfall.
  const started = new Map<string, number>();
  let firstRequestAt: number | undefined;
  cdp.on('Network.requestWillBeSent', (e) => {
    firstRequestAt ??= e.timestamp;
    started.set(e.requestId, e.timestamp);
  });
  const bytes = { js: 0, css: 0, other: 0 };
  const resources: Load['resources'] = [];
  cdp.on('Network.responseReceived', (e) =>
    responses.set(e.requestId, { path: e.response.url.replace(origin, ''), type: e.type }),
  );
  cdp.on('Network.loadingFinished', (e) => {
    const response = responses.get(e.requestId);
    if (!response) return;
    const kind = response.type === 'Script' ? 'js' : response.type === 'Stylesheet' ? 'css' : 'other';
    bytes[kind] += e.encodedDataLength;
    const ms = (t: number | undefined) => Math.round(((t ?? 0) - (firstRequestAt ?? 0)) * 1000);
    resources.push({
      ...response,
      bytes: e.encodedDataLength,
      startMs: ms(started.get(e.requestId)),
      endMs: ms(e.timestamp),
    });
  });
  await page.goto(`${origin}/${target}.html${strictCsp ? '?csp=strict' : ''}`, { waitUntil: 'load' });
  let firstFieldMs: number | null = null;
  try {
    const handle = await page.waitForFunction(
      () => (window as unknown as { __jfBench: { firstField: number | null } }).__jfBench.firstField,
      undefined,
      { timeout: strictCsp ? 15_000 : 60_000, polling: 50 },
    );
    firstFieldMs = (await handle.jsonValue()) as number;
  } catch {
    firstFieldMs = null; // never became usable (a CSP load may legitimately end here)
  }
  await page.waitForTimeout(SETTLE_MS);
  const probe = (await page.evaluate(() => (window as unknown as { __jfBench: unknown }).__jfBench)) as {
    firstFieldTag: string | null;
    longTasks: Array<{ start: number; duration: number }>;
    layoutShift: number;
    violations: string[];
  };
  const metric = async (name: string) =>
    ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? 0) as number;
  const scriptMs = (await metric('ScriptDuration')) * 1000;
  const taskMs = (await metric('TaskDuration')) * 1000;
  await cdp.send('HeapProfiler.collectGarbage');
  const heapBytes = await metric('JSHeapUsedSize');
  await context.close();
  return {
    target,
    firstFieldMs,
    firstFieldTag: probe.firstFieldTag,
    jsBytes: bytes.js,
    cssBytes: bytes.css,
    otherBytes: bytes.other,
    scriptMs,
    taskMs,
    longTasks: probe.longTasks.length,
    blockingMs: probe.longTasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
    layoutShift: probe.layoutShift,
    heapBytes,
    violations: probe.violations,
    externalRequests,
    resources,
  };
}

interface Stat {
  median: number;
  min: number;
  max: number;
}
const stat = (values: number[]): Stat => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
};

const METRICS = [
  ['firstFieldMs', 'first usable field (ms)'],
  ['jsBytes', 'JS transferred (B, gzip)'],
  ['cssBytes', 'CSS transferred (B, gzip)'],
  ['scriptMs', 'main-thread scripting (ms)'],
  ['taskMs', 'main-thread tasks (ms)'],
  ['longTasks', 'long tasks'],
  ['blockingMs', 'blocking time (ms)'],
  ['layoutShift', 'layout shift (CLS)'],
  ['heapBytes', 'JS heap after GC (B)'],
] as const;
type MetricKey = (typeof METRICS)[number][0];

const versionOf = (pkg: string) =>
  (
    JSON.parse(readFileSync(join(import.meta.dirname, 'node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'jiefen-bench-widgets-'));
  const app = await buildServer({
    dataDir,
    logLevel: 'silent',
    seedTenants: [{ config: qingshanTenant, allowedOrigins: [] }],
    scheduler: { enabled: false },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  const site = await serveBenchSite({ api: `http://127.0.0.1:${address.port}`, tenant: qingshanTenant.id });
  const browser = await chromium.launch({
    executablePath: chromePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  const loads: Load[] = [];
  const csp: Record<string, Load> = {};
  try {
    for (let round = 0; round < LOADS; round++) {
      // Interleaved, each round starting with the next target, so drift in the machine spreads evenly.
      for (let i = 0; i < TARGETS.length; i++) {
        const target = TARGETS[(i + round) % TARGETS.length]!;
        const result = await load(browser, site.origin, target, false);
        loads.push(result);
        process.stdout.write(
          `  ${round + 1}/${LOADS} ${target.padEnd(9)} first field ${result.firstFieldMs?.toFixed(0) ?? 'never'} ms\n`,
        );
      }
    }
    for (const target of TARGETS) csp[target] = await load(browser, site.origin, target, true);
  } finally {
    await browser.close();
    await site.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const summary = Object.fromEntries(
    TARGETS.map((target) => {
      const mine = loads.filter((l) => l.target === target);
      const never = mine.filter((l) => l.firstFieldMs === null).length;
      const stats = Object.fromEntries(
        METRICS.map(([key]) => [
          key,
          stat(mine.map((l) => l[key as MetricKey]).filter((x): x is number => typeof x === 'number')),
        ]),
      ) as Record<MetricKey, Stat>;
      return [
        target,
        {
          loads: mine.length,
          neverUsable: never,
          firstFieldTag: mine.find((l) => l.firstFieldTag)?.firstFieldTag ?? null,
          externalRequests: [...new Set(mine.flatMap((l) => l.externalRequests))],
          stats,
          strictCsp: {
            renders: csp[target]?.firstFieldMs !== null,
            violations: [...new Set(csp[target]?.violations ?? [])],
          },
        },
      ];
    }),
  ) as Record<
    Target,
    {
      loads: number;
      neverUsable: number;
      firstFieldTag: string | null;
      externalRequests: string[];
      stats: Record<MetricKey, Stat>;
      strictCsp: { renders: boolean; violations: string[] };
    }
  >;

  const fmt = (key: MetricKey, s: Stat) => {
    const n = (x: number) =>
      key === 'layoutShift' ? x.toFixed(3) : key.endsWith('Bytes') ? Math.round(x).toLocaleString('en') : x.toFixed(0);
    return `${n(s.median)} (${n(s.min)}–${n(s.max)})`;
  };
  const rows = METRICS.map(([key, label]) => [label, ...TARGETS.map((t) => fmt(key, summary[t].stats[key]))]);
  rows.push(['renders under strict CSP', ...TARGETS.map((t) => (summary[t].strictCsp.renders ? 'yes' : 'no'))]);
  rows.push(['CSP violations', ...TARGETS.map((t) => String(summary[t].strictCsp.violations.length))]);
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...[['', ...TARGETS], ...rows].map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
  process.stdout.write(
    `\nIntake form, ${LOADS} loads each, Chromium at ${THROTTLE}× CPU throttle, ${VIEWPORT.width}×${VIEWPORT.height}: median (min–max)\n`,
  );
  process.stdout.write(`${line(['', ...TARGETS])}\n${rows.map((r) => line(r as string[])).join('\n')}\n`);

  for (const t of TARGETS) {
    if (process.env.BENCH_DEBUG)
      for (const r of loads.find((l) => l.target === t)?.resources ?? [])
        process.stdout.write(`  ${t} fetched ${r.path} (${r.type}, ${r.bytes} B) ${r.startMs}–${r.endMs} ms\n`);
    if (summary[t].externalRequests.length)
      process.stdout.write(`  ${t} tried other origins (refused): ${summary[t].externalRequests.join(', ')}\n`);
    if (summary[t].strictCsp.violations.length)
      process.stdout.write(`  ${t} under strict CSP: ${summary[t].strictCsp.violations.slice(0, 3).join('; ')}\n`);
  }
  if (TARGETS.length < ALL_TARGETS.length) return; // a narrowed development run: no ratios, nothing saved
  const m = (t: Target, key: MetricKey) => summary[t].stats[key].median;
  const ratios = {
    firstFieldVsPlain: m('jiefen', 'firstFieldMs') / m('plain', 'firstFieldMs'),
    firstFieldVsSurveyjs: m('jiefen', 'firstFieldMs') / m('surveyjs', 'firstFieldMs'),
    firstFieldVsFormio: m('jiefen', 'firstFieldMs') / m('formio', 'firstFieldMs'),
    jsVsSurveyjs: m('jiefen', 'jsBytes') / m('surveyjs', 'jsBytes'),
    jsVsFormio: m('jiefen', 'jsBytes') / m('formio', 'jsBytes'),
    scriptingVsSurveyjs: m('jiefen', 'scriptMs') / m('surveyjs', 'scriptMs'),
    scriptingVsFormio: m('jiefen', 'scriptMs') / m('formio', 'scriptMs'),
  };
  process.stdout.write('\nRatios (Jiefen ÷ other, medians)\n');
  for (const [name, value] of Object.entries(ratios))
    process.stdout.write(`  ${name.padEnd(22)} ${value.toFixed(3)}\n`);
  const targets = [
    [
      'first usable field ≤ 1.3× plain (budget 1.5×)',
      ratios.firstFieldVsPlain <= 1.3,
      ratios.firstFieldVsPlain.toFixed(2),
    ],
    [
      'JavaScript < 1/10 of each peer',
      ratios.jsVsSurveyjs < 0.1 && ratios.jsVsFormio < 0.1,
      `${ratios.jsVsSurveyjs.toFixed(3)} / ${ratios.jsVsFormio.toFixed(3)}`,
    ],
    [
      'no layout shift from the widget',
      summary.jiefen.stats.layoutShift.max < 0.001,
      summary.jiefen.stats.layoutShift.max.toFixed(4),
    ],
    [
      'renders under strict CSP with no violation',
      summary.jiefen.strictCsp.renders && summary.jiefen.strictCsp.violations.length === 0,
      `${summary.jiefen.strictCsp.violations.length} violations`,
    ],
  ] as const;
  process.stdout.write('\nTargets\n');
  for (const [name, met, value] of targets)
    process.stdout.write(`  ${met ? 'met    ' : 'NOT MET'}  ${name}: ${value}\n`);

  const result = {
    ranAt: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      chromium: await chromiumVersion(),
    },
    settings: { loads: LOADS, cpuThrottle: THROTTLE, viewport: VIEWPORT, settleMs: SETTLE_MS, gzipLevel: 9 },
    versions: {
      'survey-core': versionOf('survey-core'),
      'survey-js-ui': versionOf('survey-js-ui'),
      '@formio/js': versionOf('@formio/js'),
      'flatpickr (for Form.io’s CDN)': versionOf('flatpickr'),
      'moment-timezone (for Form.io’s CDN)': versionOf('moment-timezone'),
    },
    summary,
    ratios,
    targets: targets.map(([name, met, value]) => ({ name, met, value })),
    loads,
  };
  const out = join(root, 'bench/widgets/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  // Issue 12 §2: the tracker with a 1,000-line timeline, same machine and throttle. BENCH_TRACKER=0 skips
  // it; the page then reports the last saved tracker run with its date.
  const tracker =
    process.env.BENCH_TRACKER !== '0'
      ? await runTrackerBench({ loads: LOADS, throttle: THROTTLE, chromePath })
      : lastTrackerRun(out);
  writeFileSync(join(root, 'docs/performance.md'), performancePage(result, rows, tracker));
  process.stdout.write(`\nSaved bench/widgets/results/latest.json and docs/performance.md\n`);
}

type TrackerRun = Awaited<ReturnType<typeof runTrackerBench>>;

function lastTrackerRun(out: string): TrackerRun | undefined {
  try {
    return JSON.parse(readFileSync(join(out, 'tracker-latest.json'), 'utf8')) as TrackerRun;
  } catch {
    return undefined;
  }
}

/** The tracker's section of docs/performance.md. */
function trackerSection(tracker: TrackerRun | undefined): string {
  if (!tracker) return 'The 1,000-entry timeline of `<jf-case-tracker>` has not been measured on this machine yet.';
  const f = (s: { median: number; min: number; max: number }) =>
    `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})`;
  return `## \`<jf-case-tracker>\` with a 1,000-entry timeline

Measured ${tracker.date.slice(0, 16).replace('T', ' ')} UTC (bench/widgets/tracker.ts; raw:
[bench/widgets/results/tracker-latest.json](../bench/widgets/results/tracker-latest.json)): a case with
${tracker.timelineLines} timeline lines seeded over the real server's HTTP API, opened from its tracking link,
${tracker.loads} loads at ${tracker.throttle}× CPU; the tracker renders the latest ${tracker.entriesRendered} lines and
offers "show earlier". Milliseconds, median (min–max):

| | ms |
|---|---|
| first render from navigation | ${f(tracker.firstRender)} |
| data arrived → lines on screen | ${f(tracker.afterData)} |
| long tasks in that window | ${f(tracker.longTaskAfterData)} |
| a click during rendering answered (INP-style) | ${f(tracker.clickDuring)} |
| a "show earlier" click answered | ${f(tracker.showEarlier)} |

Targets: ${tracker.targets.map((t) => `${t.met ? 'met' : '**not met**'} — ${t.name} (${t.value})`).join('; ')}.`;
}

/** docs/performance.md, written from the run it reports, so the page is always the latest table. */
function performancePage(
  result: {
    ranAt: string;
    machine: Record<string, unknown>;
    versions: Record<string, string>;
    ratios: Record<string, number>;
    targets: Array<{ name: string; met: boolean; value: string }>;
  },
  rows: string[][],
  tracker: TrackerRun | undefined,
): string {
  const table = [
    `| | ${TARGETS.join(' | ')} |`,
    `|---|${TARGETS.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  const m = result.machine;
  return `# Performance: what the intake form costs a portal page and a phone

Generated by \`pnpm bench:widgets\` (bench/widgets/run.ts) on ${result.ranAt.slice(0, 16).replace('T', ' ')} UTC;
the raw loads are in [bench/widgets/results/latest.json](../bench/widgets/results/latest.json).

The same twelve-question dispute intake form (category, description, start date, town, village,
desired outcome, other party, relationship, name, mobile, preferred contact, consent — choices from the
demo tenant 青山区) rendered four ways and served from one local origin with gzip: **plain** HTML with
no JavaScript (the floor), **jiefen** (\`<jf-intake-form>\` from the drop-in bundle against the real
reference server), **surveyjs** (survey-core + survey-js-ui) and **formio** (@formio/js), each built in
its own definition format (bench/widgets/pages.ts). Chromium ${m.chromium} through playwright-core, CPU
throttled ${THROTTLE}× through the DevTools protocol, 375×812 phone viewport, a fresh browser context per load,
${LOADS} loads per target interleaved, then one load each under a strict Content-Security-Policy
(\`script-src 'self'; style-src 'self'\`, no inline or eval).

"First usable field" is measured in the page from navigation start: the first input, select, textarea
or radio that is visible and enabled, searched inside open shadow roots too. Bytes are what the
network carried (gzip, headers included). The machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node};
shared and noisy, so compare columns of one run, not runs.

${table}

Ratios (Jiefen ÷ the other, medians): ${Object.entries(result.ratios)
    .map(([k, v]) => `${k} ${v.toFixed(3)}`)
    .join(', ')}.

Targets: ${result.targets.map((t) => `${t.met ? 'met' : '**not met**'} — ${t.name} (${t.value})`).join('; ')}.

Peers' versions: ${Object.entries(result.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}. Form.io's date field fetches flatpickr and time-zone data from its CDN at run time;
the same releases from npm are served locally in their place (nothing leaves the machine; any request
to another origin is refused and listed in the JSON).

${trackerSection(tracker)}

## Reproduce
\`\`\`sh
pnpm bench:widgets                    # builds, then 7 loads per target (BENCH_LOADS=15 for more)
BENCH_TARGETS=plain,jiefen pnpm --filter @jiefen/bench-widgets bench   # a narrowed run while developing
BENCH_TRACKER=0 pnpm bench:widgets    # without the tracker part (the page keeps its last saved run)
pnpm --filter @jiefen/bench-widgets bench:tracker                       # the tracker part alone
# a change side by side with the build before it, interleaved in one run:
git stash && JIEFEN_WIDGETS_DIST=/tmp/widgets-before pnpm --filter @jiefen/widgets build && git stash pop
BENCH_BASELINE_DIST=/tmp/widgets-before BENCH_TARGETS=jiefen,baseline BENCH_LOADS=15 BENCH_TRACKER=0 pnpm bench:widgets
\`\`\`
`;
}

async function chromiumVersion(): Promise<string> {
  const browser = await chromium.launch({ executablePath: chromePath, args: ['--no-sandbox'] });
  const version = browser.version();
  await browser.close();
  return version;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

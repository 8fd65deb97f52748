// One local origin for every target: the generated pages, the peers' files from their npm packages
// (and what they would fetch from a CDN at run time), Jiefen's built drop-in bundle, and the real
// Jiefen API behind /api (proxied, so the widget is same-origin and `connect-src 'self'` holds).
// Text is gzipped (level 9 for every target alike), so transferred bytes are what a portal would send.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formioPage, formioScript, jiefenPage, PLAIN_CSS, plainPage, surveyPage, surveyScript } from './pages.js';

const root = resolve(import.meta.dirname, '../..');
const modules = join(import.meta.dirname, 'node_modules');

/** The strict policy of the issue: no inline or eval'd script, no inline style, same-origin only. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

/** URL prefix → directory: each peer exactly as its npm package ships it. */
const MOUNTS: Array<[string, string]> = [
  ['/vendor/survey-core/', join(modules, 'survey-core')],
  ['/vendor/survey-js-ui/', join(modules, 'survey-js-ui')],
  ['/vendor/formio/', join(modules, '@formio/js/dist')],
  // Form.io's date field loads its flatpickr build from cdn.form.io at run time; the same flatpickr
  // release from npm stands in for it here (serve.ts is the CDN: nothing leaves the machine).
  ['/formio-cdn/flatpickr-formio/', join(modules, 'flatpickr/dist')],
  // ... and the time-zone data its date field asks for.
  ['/formio-cdn/moment-timezone/', join(modules, 'moment-timezone')],
  ['/widgets/', join(root, 'packages/widgets/dist')],
  ...(process.env.BENCH_BASELINE_DIST
    ? [['/widgets-baseline/', resolve(process.env.BENCH_BASELINE_DIST)] as [string, string]]
    : []),
];

const pages = (tenant: string): Record<string, () => string> => ({
  '/plain.html': plainPage,
  '/plain.css': () => PLAIN_CSS,
  '/jiefen.html': () => jiefenPage(tenant),
  '/baseline.html': () => jiefenPage(tenant).replace('/widgets/jiefen.js', '/widgets-baseline/jiefen.js'),
  '/surveyjs.html': surveyPage,
  '/surveyjs-form.js': surveyScript,
  '/formio.html': formioPage,
  '/formio-form.js': formioScript,
});

function send(res: ServerResponse, status: number, type: string, body: Buffer, headers: Record<string, string> = {}) {
  const compressible = /^(text\/|application\/json|image\/svg)/.test(type);
  const payload = compressible ? gzipSync(body, { level: 9 }) : body;
  res.writeHead(status, {
    'content-type': type,
    'content-length': String(payload.length),
    'cache-control': 'no-cache',
    ...(compressible ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    ...headers,
  });
  res.end(payload);
}

function fileFor(pathname: string): string | undefined {
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    let rest = pathname.slice(prefix.length);
    // flatpickr names its locales `l10n/zh.js`; Form.io asks for `l10n/flatpickr-zh.js`.
    if (prefix.includes('flatpickr')) rest = rest.replace(/^l10n\/flatpickr-/, 'l10n/');
    const file = normalize(join(dir, rest));
    if (!file.startsWith(dir)) return undefined;
    return existsSync(file) && statSync(file).isFile() ? file : undefined;
  }
  return undefined;
}

function proxy(req: IncomingMessage, res: ServerResponse, api: URL) {
  const upstream = httpRequest(
    {
      host: api.hostname,
      port: api.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: api.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => send(res, 502, 'text/plain', Buffer.from('upstream unavailable')));
  req.pipe(upstream);
}

export interface BenchSite {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/** Serve the bench pages on 127.0.0.1; `?csp=strict` on a page adds the strict policy. */
export async function serveBenchSite(options: { api: string; tenant: string }): Promise<BenchSite> {
  const api = new URL(options.api);
  const generated = pages(options.tenant);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench.local');
    if (url.pathname.startsWith('/api/')) return proxy(req, res, api);
    const csp: Record<string, string> =
      url.searchParams.get('csp') === 'strict' ? { 'content-security-policy': STRICT_CSP } : {};
    const page = generated[url.pathname];
    if (page) {
      return send(res, 200, TYPES[extname(url.pathname)] ?? 'text/plain', Buffer.from(page()), csp);
    }
    const file = fileFor(decodeURIComponent(url.pathname));
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', Buffer.from('not found'));
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (type.startsWith('font/') || type === 'image/png') {
      res.writeHead(200, { 'content-type': type, 'content-length': String(statSync(file).size) });
      return createReadStream(file).pipe(res);
    }
    return send(res, 200, type, readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

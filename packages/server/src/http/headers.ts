import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyRequest, type onRequestHookHandler } from 'fastify';
import type { TenantStore } from '../storage/tenants.js';

/**
 * Headers for every JSON API response (OWASP REST Security Cheat Sheet), applied in one onRequest hook.
 *
 * - `Cache-Control: no-store`: resident views and staff data are personal data; no browser or proxy may
 *   keep a copy (residents in family and domestic-violence cases often share a phone). A route whose
 *   body is public and the same for everyone (tenant config) opts in to caching explicitly.
 * - CSP `default-src 'none'; frame-ancestors 'none'` and `X-Frame-Options: DENY`: a JSON body opened
 *   as a page runs and loads nothing and cannot be framed.
 * - `Cross-Origin-Resource-Policy: same-origin` stops other sites embedding responses as `no-cors`
 *   subresources (`<img>`, `<script>`). The Fetch standard applies CORP only to `no-cors` requests,
 *   so portals' `fetch`/`EventSource` calls (CORS mode, allowed by the per-tenant allowlist) are unaffected.
 * - `Vary: Origin`: the CORS answer depends on the `Origin` header.
 *
 * Left out for JSON, as they only matter to HTML documents or to retired browsers: `X-XSS-Protection`
 * (removed from browsers; `0` is its only safe value), `X-Download-Options` (IE8 downloads),
 * `X-DNS-Prefetch-Control` (links in a rendered page), `X-Permitted-Cross-Domain-Policies` (Flash/PDF
 * plug-ins), `Origin-Agent-Cluster` and `Cross-Origin-Opener-Policy` (they configure the browsing
 * context of a top-level document; a JSON response never becomes one that scripts run in).
 */
export const JSON_API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  vary: 'Origin',
});

/** Headers the framework sets itself; everything else a probe response carries came from helmet. */
const FRAMEWORK_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

/**
 * The security headers @fastify/helmet sends for an HTML page, computed once by asking helmet itself
 * (one injected request to a throwaway instance). Used for the API reference page and its assets only:
 * our helmet options are static (no nonces), so copying one object is enough and far cheaper than
 * helmet's per-request middleware chain, which re-parses the CSP directives on every request.
 */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, options);
  probe.get('/', (_request, reply) => reply.send(''));
  const response = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (!FRAMEWORK_HEADERS.has(name) && typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/** Add a fixed set of headers to every response (see `JSON_API_HEADERS`). */
export function fixedHeaders(headers: Readonly<Record<string, string>>): onRequestHookHandler {
  return (_request, reply, done) => {
    reply.headers(headers);
    done();
  };
}

export interface CorsPolicy {
  methods: readonly string[];
  allowedHeaders: readonly string[];
  exposedHeaders: readonly string[];
  maxAgeSeconds: number;
}

// Open311's `/open311/v2/{tenant}/…` names its tenant too.
const TENANT_PATH = /^\/(?:api\/v1\/tenants|open311\/v2)\/([^/?]+)/;

/**
 * CORS per tenant: `/tenants/{tenant}/…` answers that tenant's portals; routes without a tenant in
 * the path (case lookups by number) answer any tenant's portal, since the number does not say whose
 * it is. Requests without `Origin` (same-origin, servers, the benchmark) cost one property read.
 * Preflights (`OPTIONS` with `Access-Control-Request-Method`) are answered 204 here; a refused origin
 * gets no CORS headers, which the browser treats as a refusal. Every response carries `Vary: Origin`
 * (see `JSON_API_HEADERS`) because the answer depends on it.
 */
export function registerCors(app: FastifyInstance, tenants: TenantStore, policy: CorsPolicy): void {
  const methods = policy.methods.join(', ');
  const allowHeaders = policy.allowedHeaders.join(', ');
  const exposeHeaders = policy.exposedHeaders.join(', ');
  const maxAge = String(policy.maxAgeSeconds);

  async function allowed(request: FastifyRequest, origin: string): Promise<boolean> {
    const match = TENANT_PATH.exec(request.url);
    if (!match) return (await tenants.allOrigins()).has(origin);
    let id: string;
    try {
      id = decodeURIComponent(match[1]!);
    } catch {
      return false;
    }
    return (await tenants.get(id))?.allowedOrigins.includes(origin) ?? false;
  }

  app.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string') return done();
    allowed(request, origin).then((ok) => {
      const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
      if (ok) {
        reply.header('access-control-allow-origin', origin);
        if (!preflight) reply.header('access-control-expose-headers', exposeHeaders);
      }
      if (!preflight) return done();
      if (ok) {
        reply.header('access-control-allow-methods', methods);
        reply.header('access-control-allow-headers', allowHeaders);
        reply.header('access-control-max-age', maxAge);
      }
      reply.code(204).send();
    }, done);
  });
  // Preflights to any path reach the hook above; this route only gives them somewhere to land.
  app.options('*', (_request, reply) => reply.code(204).send());
}

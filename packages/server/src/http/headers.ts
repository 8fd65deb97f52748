import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyRequest, type onRequestHookHandler } from 'fastify';
import type { TenantStore } from '../storage/tenants.js';

/** Headers the framework sets itself; everything else a probe response carries came from helmet. */
const FRAMEWORK_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

/**
 * The security headers @fastify/helmet sends, computed once by asking helmet itself (one injected
 * request to a throwaway instance). Our helmet options are static (no nonces), so every response gets
 * the same headers; copying one object per request is far cheaper than helmet's per-request
 * middleware chain, which re-parsed the CSP directives on every request (~8% of a lookup's CPU).
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

/** Add a fixed set of headers to every response (security headers, `Vary: Origin`). */
export function fixedHeaders(headers: Record<string, string>): onRequestHookHandler {
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

const TENANT_PATH = /^\/api\/v1\/tenants\/([^/?]+)/;

/**
 * CORS per tenant: `/tenants/{tenant}/…` answers that tenant's portals; routes without a tenant in
 * the path (case lookups by number) answer any tenant's portal, since the number does not say whose
 * it is. Requests without `Origin` (same-origin, servers, the benchmark) cost one property read.
 * Preflights (`OPTIONS` with `Access-Control-Request-Method`) are answered 204 here; a refused origin
 * gets no CORS headers, which the browser treats as a refusal. Every response carries `Vary: Origin`
 * (see `fixedHeaders`) because the answer depends on it.
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

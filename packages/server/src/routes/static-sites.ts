import { isAbsolute, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Static directories served beside the API, so that `pnpm start` shows a portal page with the widgets
 * on one origin (no CORS to set up): by default `/` → examples/township-portal and `/widgets/` →
 * packages/widgets/dist. Files come from @fastify/static (path normalisation, ranges, ETags,
 * dotfiles refused), not from a hand-written file server.
 */
export interface StaticSite {
  /** URL prefix, starting and ending with `/` (`/`, `/widgets/`). */
  prefix: string;
  /** Directory on disk. */
  root: string;
  /**
   * `widgets`: a distribution other origins may load too (CORS `*`, `Cross-Origin-Resource-Policy:
   * cross-origin`; `<script integrity crossorigin>` needs CORS), cached for a year where immutable.
   * `page` (default): same-origin pages, revalidated on every visit.
   */
  kind?: 'page' | 'widgets';
  /**
   * The page's policy; default `PORTAL_CONTENT_SECURITY_POLICY`. A page whose API lives on another
   * origin adds it to `connect-src` (see docs/widgets-guide.md).
   */
  contentSecurityPolicy?: string;
}

/**
 * The policy a portal page embedding the widgets can run under, and the one the township portal
 * is served with: scripts and styles only from this origin, nothing inline, no eval, Trusted Types
 * enforced. `lit-html` is the one policy the bundle creates (Lit's template policy, which passes
 * only its own compiled template strings); no other name is allowed. Images may also be `data:` and
 * `blob:` (the preview of a photo the resident picked, the QR code).
 */
export const PORTAL_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

/** Immutable: under a versioned folder (`v1.2.3/`) or with a content hash in the name (`x-3fa9k2.js`). */
const IMMUTABLE = /(^|\/)v\d+\.\d+\.\d+[^/]*\/|-[0-9a-z]{8}\.js$/;

function siteHeaders(site: StaticSite) {
  return (reply: FastifyReply, path: string) => {
    // Replaces the JSON API set (`default-src 'none'`, `no-store`) that every response starts with.
    reply.header('content-security-policy', site.contentSecurityPolicy ?? PORTAL_CONTENT_SECURITY_POLICY);
    reply.header('x-frame-options', 'SAMEORIGIN');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (site.kind === 'widgets') {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
      reply.header(
        'cache-control',
        IMMUTABLE.test(path.replaceAll('\\', '/')) ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      );
    } else {
      reply.header('cache-control', 'no-cache');
    }
  };
}

/** Serve each site under its prefix. Call after the API routes: theirs are more specific and win. */
export async function registerStaticSites(app: FastifyInstance, sites: readonly StaticSite[]): Promise<void> {
  for (const [index, site] of sites.entries()) {
    await app.register(fastifyStatic, {
      root: resolve(site.root),
      prefix: site.prefix,
      // One reply decorator for the app; the other registrations share it.
      decorateReply: index === 0,
      cacheControl: false,
      // A stray .env or .git in a served folder must never be readable.
      dotfiles: 'ignore',
      etag: true,
      lastModified: true,
      index: ['index.html'],
      setHeaders: siteHeaders(site),
    });
  }
}

/**
 * `JIEFEN_STATIC="/=examples/township-portal;/widgets/=packages/widgets/dist"`: `prefix=directory`
 * pairs separated by `;`, relative directories resolved against `cwd`. A prefix named `/widgets/` (or
 * marked `widgets:/cdn/=dir`) is served as a widgets distribution.
 */
export function staticSitesFromEnv(value: string | undefined, cwd = process.cwd()): StaticSite[] {
  if (!value?.trim()) return [];
  return value
    .split(';')
    .filter((pair) => pair.trim())
    .map((pair) => {
      const at = pair.indexOf('=');
      if (at < 0) throw new Error(`JIEFEN_STATIC: "${pair}" is not prefix=directory`);
      let prefix = pair.slice(0, at).trim();
      let kind: StaticSite['kind'] = 'page';
      if (prefix.startsWith('widgets:')) {
        kind = 'widgets';
        prefix = prefix.slice('widgets:'.length);
      }
      if (!prefix.startsWith('/')) throw new Error(`JIEFEN_STATIC: prefix "${prefix}" must start with /`);
      if (!prefix.endsWith('/')) prefix += '/';
      if (prefix === '/widgets/') kind = 'widgets';
      const dir = pair.slice(at + 1).trim();
      return { prefix, root: isAbsolute(dir) ? dir : resolve(cwd, dir), kind };
    });
}

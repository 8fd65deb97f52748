import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';

/**
 * Deepest nesting of arrays and objects a JSON body may have. The deepest contract document (a tenant
 * configuration's organisation tree) needs about a dozen; 64 leaves room and stays far below what
 * `JSON.parse`, valibot or any recursive walk over the result could overflow on.
 */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b; // {
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACE = 0x7d; // }
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const LOWER_U = 0x75; // u

/** What `scanJson` found wrong with a JSON text before parsing. */
export type JsonScanProblem = 'too_deep' | 'nul_character';

/**
 * Check JSON text for nesting deeper than `maxDepth` and for an escaped NUL character (`\u0000`),
 * in one pass over the characters, skipping string contents except escapes, before anything is
 * parsed: `JSON.parse` itself is recursive and would be the first thing to overflow. NUL is refused
 * because PostgreSQL text cannot hold it (a 500 there, and one engine must not accept what the other
 * cannot store); a raw NUL is already invalid JSON. Malformed text is left to the parser to refuse.
 */
export function scanJson(text: string, maxDepth: number): JsonScanProblem | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) {
        if (text.charCodeAt(i + 1) === LOWER_U && text.startsWith('0000', i + 2)) return 'nul_character';
        i++;
      } else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > maxDepth) return 'too_deep';
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return undefined;
}

/** True when the JSON text nests arrays/objects deeper than `max` (see `scanJson`). */
export function nestsDeeperThan(text: string, max: number): boolean {
  return scanJson(text, max) === 'too_deep';
}

/**
 * Replace Fastify's JSON parser with one that refuses too-deep documents (400 `invalid_request`,
 * `server.json_too_deep`) and NUL characters (`server.nul_character`) before parsing, then parses with Fastify's own parser, which keeps its
 * prototype-poisoning protection (`__proto__` / `constructor.prototype` keys are a 400) and body limit.
 */
export function registerJsonBodyParser(app: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    const problem = scanJson(text, maxDepth);
    if (problem === 'too_deep') {
      done(new ApiError('invalid_request', { messageKey: 'server.json_too_deep', params: { max: maxDepth } }));
      return;
    }
    if (problem === 'nul_character') {
      done(new ApiError('invalid_request', { messageKey: 'server.nul_character' }));
      return;
    }
    parse(request, text, done);
  });
}

import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { viewComponents } from '../openapi/shapes.js';

/**
 * What the tags of every view depend on besides the case itself: the published shape of the views
 * (a hash of their JSON Schemas, so a new or changed field changes every tag by itself) and a number
 * to bump when the *rendering* of the same shape changes. Deterministic, not per process, so a 304
 * holds across processes behind a load balancer.
 */
const REPRESENTATION_REVISION = `1.${createHash('sha256').update(JSON.stringify(viewComponents())).digest('base64url').slice(0, 12)}`;

/**
 * A strong entity tag for one representation: a hash of what determines the body's bytes (kind, tenant,
 * stream id, last event seq and, where the body depends on them, the principal or a time-dependent
 * flag). Opaque, so it reveals neither the number of events nor who asked.
 */
export function entityTag(...parts: ReadonlyArray<string | number | boolean>): string {
  const digest = createHash('sha256')
    .update(`${REPRESENTATION_REVISION}\0${parts.join('\0')}`)
    .digest('base64url');
  return `"${digest.slice(0, 27)}"`;
}

/** A strong entity tag for fixed bytes (the public tenant config). */
export function bodyTag(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * RFC 9110 §13.1.2: `If-None-Match` matches when it is `*` or lists the tag, compared weakly (a `W/`
 * prefix is ignored). Our tags never contain commas, so splitting on them is exact.
 */
export function ifNoneMatchHits(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return true;
  for (const item of value.split(',')) {
    const tag = item.trim();
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === etag) return true;
  }
  return false;
}

/**
 * Set `ETag`; when the request's `If-None-Match` matches, answer `304 Not Modified` with no body and
 * return true. Call only after the request has been authorized: a 304 is an answer about the resource.
 */
export function answeredNotModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag);
  if (!ifNoneMatchHits(request.headers['if-none-match'], etag)) return false;
  reply.code(304).send();
  return true;
}

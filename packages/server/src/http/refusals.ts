import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Locale, resolveLocale } from '@jiefen/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ErrorCode, errorBody } from '../errors.js';
import { isConcurrencyConflict } from '../storage/transactions.js';
import { JSON_API_HEADERS } from './headers.js';

/**
 * Every refusal, wherever it is raised, is `{"error":{code,message,messageKey}}` in the request's
 * locale with the JSON API headers: route errors (the error handler), unknown routes, errors Fastify
 * raises before routing (`frameworkErrors`: bad percent-encoding, over-long path parameters), and
 * errors Node's HTTP parser raises before Fastify sees a request (`clientError`: malformed HTTP,
 * oversized headers, timeouts), `CONNECT` and unsupported `Expect` headers. docs/rest-api.md
 * ("Refusals") lists the limits.
 */

/** Fastify and plugin errors → contract error codes. */
const FRAMEWORK_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_FIELDS_LIMIT: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_request',
  FST_PROTO_VIOLATION: 'invalid_request',
  FST_MP_PREMATURE_CLOSE: 'invalid_request',
};

/** The contract error for anything thrown while answering a request. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  const e = error as { code?: string; statusCode?: number };
  const code = (e.code && FRAMEWORK_ERRORS[e.code]) ?? (e.statusCode === 429 ? 'rate_limited' : undefined);
  if (code) return new ApiError(code);
  // A write outside the routes' transactions (a token's last use, say) met another writer: retry, not 500.
  if (isConcurrencyConflict(error)) return new ApiError('concurrent_update', { headers: { 'retry-after': '1' } });
  if (error instanceof SyntaxError || (e.statusCode && e.statusCode >= 400 && e.statusCode < 500))
    return new ApiError('invalid_request');
  return undefined;
}

/**
 * Read and discard what is left of a request body, at most `cap` bytes. A server that answers before
 * the client has finished sending and then closes makes the client's kernel see unread data and send
 * a reset; the client then reports ECONNRESET instead of reading the 413. Draining first lets it
 * finish sending and read the answer. Answers whether the body ended (the connection may be reused).
 */
export function drainRequest(raw: IncomingMessage, cap: number): Promise<boolean> {
  if (raw.complete) return Promise.resolve(true);
  if (raw.destroyed || Number(raw.headers['content-length']) > cap) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (ended: boolean) => {
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('close', onClose);
      raw.off('error', onClose);
      resolve(ended);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > cap) finish(false);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(raw.complete);
    // A multipart parser may still be piped in; it has given up and must not see more bytes.
    raw.unpipe();
    raw.on('data', onData);
    raw.once('end', onEnd);
    raw.once('close', onClose);
    raw.once('error', onClose);
    raw.resume();
  });
}

function send(reply: FastifyReply, apiError: ApiError, locale: Locale) {
  // An error is never cacheable and never carries a route's ETag or caching opt-in.
  reply.headers(JSON_API_HEADERS);
  reply.removeHeader('etag');
  for (const [name, value] of Object.entries(apiError.options.headers ?? {})) reply.header(name, value);
  return reply.code(apiError.status).send(errorBody(apiError, locale));
}

/** The route error handler: contract errors, unknown errors as a logged 500, bodies drained first. */
export function registerRefusals(app: FastifyInstance, options: { drainBytes: number }): void {
  app.setErrorHandler(async (error, request, reply) => {
    const locale = resolveLocale(request.headers['accept-language']);
    let apiError = toApiError(error);
    if (!apiError) {
      request.log.error({ err: error }, 'unhandled error');
      apiError = new ApiError('internal');
    }
    return send(reply, apiError, locale);
  });
  // Whatever answers before the body was read (a refusal, a 404 for a path that does not exist, a
  // handler that takes no body) waits until the body is drained; see `drainRequest`.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.raw.complete) return done(null, payload);
    drainRequest(request.raw, options.drainBytes).then((ended) => {
      if (ended) reply.removeHeader('connection');
      else reply.header('connection', 'close');
      done(null, payload);
    });
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, new ApiError('not_found'), resolveLocale(request.headers['accept-language'])),
  );
  // HTTP/1.1 requires a Host header (RFC 9112 §3.2). Node's own check answers an empty 400, so it is
  // switched off (`requireHostHeader: false`, see app.ts) and done here, in the contract's shape.
  // A NUL (`%00`) in the path or query names nothing, and PostgreSQL text cannot hold it (it would
  // be a 500 there): refused for both engines alike.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1')
      done(new ApiError('invalid_request', { messageKey: 'server.host_required' }));
    else if (request.url.includes('%00')) done(new ApiError('invalid_request', { messageKey: 'server.bad_url' }));
    else done();
  });

  const server = app.server;
  // CONNECT asks a proxy for a tunnel; without a listener Node closes the socket with no answer.
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    const locale = resolveLocale(request.headers['accept-language']);
    answerSocket(socket, new ApiError('invalid_request', { messageKey: 'server.method_not_supported' }), locale);
  });
  // `Expect` other than 100-continue: Node's own answer is an empty 417.
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const locale = resolveLocale(request.headers['accept-language']);
    const body = JSON.stringify(errorBody(new ApiError('expectation_failed'), locale));
    response.writeHead(417, { ...jsonHeaders(body), connection: 'close' });
    response.end(body);
    void drainRequest(request, options.drainBytes);
  });
}

/** `frameworkErrors`: refusals Fastify raises before a route is found (it runs no hooks for them). */
export function frameworkErrors(drainBytes: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const locale = resolveLocale(request.headers['accept-language']);
    // A path parameter longer than any id (`maxParamLength`) cannot name anything: not found, like any
    // unknown id, and the path is not echoed back.
    const apiError =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new ApiError('not_found')
        : error.code === 'FST_ERR_BAD_URL'
          ? new ApiError('invalid_request', { messageKey: 'server.bad_url' })
          : (toApiError(error) ?? new ApiError('internal'));
    // No onSend hook runs here, so the body is drained here (see `drainRequest`).
    void drainRequest(request.raw, drainBytes).then((ended) => {
      if (!ended) reply.header('connection', 'close');
      send(reply, apiError, locale);
    });
  };
}

function jsonHeaders(body: string): Record<string, string> {
  return {
    ...JSON_API_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  };
}

const answered = new WeakSet<Duplex>();

/**
 * Write one whole HTTP/1.1 response on a socket no request object owns, then close it gently: keep
 * reading (and discarding) what the client still sends for a moment so the close is a FIN, not a
 * reset that would destroy the answer before the client reads it.
 */
function answerSocket(socket: Duplex, apiError: ApiError, locale: Locale): void {
  if (answered.has(socket) || socket.destroyed) return;
  answered.add(socket);
  const body = JSON.stringify(errorBody(apiError, locale));
  const headers = { ...jsonHeaders(body), date: new Date().toUTCString(), connection: 'close' };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  if (socket.writable)
    socket.end(`HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status] ?? ''}\r\n${head}\r\n${body}`);
  socket.on('data', () => {});
  socket.resume();
  socket.once('end', () => socket.destroy());
  setTimeout(() => socket.destroy(), 2_000).unref();
}

/** Accept-Language from the raw bytes of a request the parser refused (best effort; zh-CN otherwise). */
function localeOfRawRequest(raw: unknown): Locale {
  if (!Buffer.isBuffer(raw)) return resolveLocale(undefined);
  const match = /\r\naccept-language:[ \t]*([^\r\n]{0,200})/i.exec(raw.toString('latin1'));
  return resolveLocale(match?.[1]);
}

/**
 * `clientErrorHandler`: Node's parser refused the bytes (malformed HTTP, headers over `maxHeaderSize`,
 * a request that did not arrive within `requestTimeout`). Fastify's default answers in its own shape.
 */
export function clientErrorHandler(error: Error & { code?: string; rawPacket?: unknown }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const apiError =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new ApiError('headers_too_large')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new ApiError('request_timeout')
        : new ApiError('invalid_request');
  answerSocket(socket, apiError, localeOfRawRequest(error.rawPacket));
}

import { connect } from 'node:net';

/** What came back on a raw socket: a parsed response, or how the connection failed. */
export interface RawResponse {
  /** 0 when no complete response was read. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The connection was reset, or closed before a whole response arrived. */
  reset: boolean;
  /** The error code when `reset` (ECONNRESET, EPIPE, `closed_early`, `timeout`). */
  failure?: string;
}

/** A request as bytes: everything fetch would refuse to send (bad UTF-8, bare CR, missing Host…). */
export interface RawRequest {
  method: string;
  /** Sent as given: may hold invalid percent-encoding or raw bytes. */
  target: string | Buffer;
  headers?: Array<[string, string | Buffer]>;
  body?: string | Buffer;
  /** Leave out the Host header. */
  noHost?: boolean;
  /** Leave out Content-Length (the body is still written). */
  noContentLength?: boolean;
}

export function encodeRequest(request: RawRequest, host: string): Buffer {
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const lines: Buffer[] = [
    Buffer.from(`${request.method} `),
    Buffer.from(request.target),
    Buffer.from(' HTTP/1.1\r\n'),
  ];
  const headers: Array<[string, string | Buffer]> = [];
  if (!request.noHost) headers.push(['host', host]);
  headers.push(['connection', 'close']);
  if (body && !request.noContentLength) headers.push(['content-length', String(body.length)]);
  headers.push(...(request.headers ?? []));
  for (const [name, value] of headers) lines.push(Buffer.from(`${name}: `), Buffer.from(value), Buffer.from('\r\n'));
  lines.push(Buffer.from('\r\n'));
  if (body) lines.push(body);
  return Buffer.concat(lines);
}

/** Parse one HTTP/1.1 response (Content-Length or chunked); undefined while incomplete. */
function parseResponse(data: Buffer, ended: boolean, headOnly: boolean): Omit<RawResponse, 'reset'> | undefined {
  const split = data.indexOf('\r\n\r\n');
  if (split < 0) return undefined;
  const head = data.subarray(0, split).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = data.subarray(split + 4);
  // A HEAD answer has headers only, whatever its Content-Length says.
  if (headOnly || status === 304 || status === 204 || status < 200) return { status, headers, body: '' };
  // An event stream stays open: its head is enough.
  if (headers['content-type']?.startsWith('text/event-stream')) return { status, headers, body: '' };
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (rest.length < length) return undefined;
    return { status, headers, body: rest.subarray(0, length).toString('utf8') };
  }
  if (headers['transfer-encoding']?.includes('chunked')) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = rest.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(rest.subarray(at, lineEnd).toString('latin1'), 16);
      if (size === 0) return { status, headers, body: Buffer.concat(parts).toString('utf8') };
      if (rest.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  return ended ? { status, headers, body: rest.toString('utf8') } : undefined;
}

/**
 * Send bytes on a fresh TCP connection and read the answer. A real socket, so a reset or a close
 * without an answer is observed as such (fetch would fold both into "fetch failed").
 */
export function rawExchange(
  port: number,
  bytes: Buffer,
  options: { timeoutMs?: number; sendInSlices?: { count: number; pauseMs: number }; head?: boolean } = {},
): Promise<RawResponse> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (outcome: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const complete = (ended: boolean) => parseResponse(Buffer.concat(chunks), ended, options.head ?? false);
    const timer = setTimeout(() => {
      const parsed = complete(false);
      settle(
        parsed ? { ...parsed, reset: false } : { status: 0, headers: {}, body: '', reset: true, failure: 'timeout' },
      );
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const parsed = complete(false);
      if (parsed) settle({ ...parsed, reset: false });
    });
    socket.on('end', () => {
      const parsed = complete(true);
      settle(
        parsed
          ? { ...parsed, reset: false }
          : { status: 0, headers: {}, body: '', reset: true, failure: 'closed_early' },
      );
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A complete answer read before the error still counts as answered.
      const parsed = complete(false);
      settle(
        parsed
          ? { ...parsed, reset: false }
          : { status: 0, headers: {}, body: '', reset: true, failure: error.code ?? 'error' },
      );
    });
    const slices = options.sendInSlices;
    if (!slices) {
      socket.write(bytes);
      return;
    }
    // Like a client on a slow uplink that reads only once it has sent everything: an answer the
    // server wrote early sits unread, and a reset would throw it away.
    socket.pause();
    const size = Math.ceil(bytes.length / slices.count);
    const sendSlice = (index: number) => {
      if (settled) return;
      if (index >= slices.count) {
        socket.resume();
        return;
      }
      socket.write(bytes.subarray(index * size, (index + 1) * size), () => {
        setTimeout(() => sendSlice(index + 1), slices.pauseMs);
      });
    };
    sendSlice(0);
  });
}

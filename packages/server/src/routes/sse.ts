import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const HEARTBEAT_MS = 15_000;

/** Open live streams, closed on shutdown so graceful close does not wait for them forever. */
const openStreams = new WeakMap<FastifyInstance, Set<() => void>>();

export function closeEventStreams(app: FastifyInstance): void {
  for (const close of openStreams.get(app) ?? []) close();
}

/**
 * Server-Sent Events for one case or consultation: the current view at once (unless `Last-Event-ID`
 * says the client has it), then a new view whenever the change bus reports a new event.
 */
export function openEventStream(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  streamId: string,
  current: () => Promise<{ seq: number; json: string } | undefined>,
  eventName = 'case',
): void {
  const lastEventId = Number(request.headers['last-event-id']);
  let sentSeq = Number.isFinite(lastEventId) ? lastEventId : 0;
  reply.hijack();
  const raw = reply.raw;
  // Headers set by hooks (CORS, security headers) must be copied by hand once the reply is hijacked.
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) headers[name] = value as string;
  raw.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // A HEAD gets the head only: Node sends no headers for body writes on a HEAD, so it must end here.
  if (request.method === 'HEAD') {
    raw.end();
    return;
  }
  raw.write(': connected\n\n');

  let sending = Promise.resolve();
  const push = () => {
    sending = sending
      .then(async () => {
        const view = await current();
        if (!view || view.seq <= sentSeq || raw.destroyed) return;
        sentSeq = view.seq;
        raw.write(`event: ${eventName}\nid: ${view.seq}\ndata: ${view.json}\n\n`);
      })
      .catch((error: unknown) => app.log.error({ err: error }, 'event stream push failed'));
  };
  const unsubscribe = app.jiefen.bus.subscribe(streamId, push);
  const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const streams = openStreams.get(app) ?? new Set<() => void>();
  openStreams.set(app, streams);
  const close = () => {
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(close);
    if (!raw.writableEnded) raw.end();
  };
  streams.add(close);
  request.raw.on('close', close);
  push();
}

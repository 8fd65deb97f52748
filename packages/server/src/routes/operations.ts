import { InstantSchema } from '@jiefen/core';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import * as v from 'valibot';
import { ManualClock } from '../clock.js';
import { ApiError } from '../errors.js';
import { defineRoute, parseWith } from '../http/route.js';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from '../openapi/docs-page.js';
import { openApiDocument } from '../openapi/document.js';

/** `docsHeaders`: helmet's HTML set for the reference page and its assets (see app.ts). */
export function registerOperationRoutes(app: FastifyInstance, docsHeaders: Record<string, string>): void {
  const ops = (url: string, operationId: string, summary: string) =>
    ({
      method: 'GET',
      url,
      operationId,
      summary,
      tags: ['operations'],
      access: 'operations',
      responses: { 200: { description: 'OK' } },
    }) as const;

  defineRoute(app, ops('/healthz', 'health', 'The process is up.'), async () => ({ status: 'ok' }));

  defineRoute(
    app,
    {
      ...ops('/readyz', 'ready', 'The database answers.'),
      responses: { 200: { description: 'Ready' }, 503: { description: 'Database unreachable' } },
    },
    async () => {
      try {
        await sql`select 1`.execute(app.jiefen.storage.db);
      } catch {
        throw new ApiError('unavailable');
      }
      return { status: 'ready', engine: app.jiefen.storage.engine };
    },
  );

  let document: Record<string, unknown> | undefined;
  defineRoute(app, ops('/api/v1/openapi.json', 'openapi', 'This OpenAPI 3.1 document.'), async () => {
    document ??= openApiDocument(app.jiefen.routes);
    return document;
  });
  defineRoute(app, ops('/api/v1/docs', 'docs', 'A rendered reference page for this document.'), async (_req, reply) =>
    reply.headers(docsHeaders).type('text/html; charset=utf-8').send(DOCS_HTML),
  );
  app.get('/api/v1/docs/style.css', async (_req, reply) =>
    reply.headers(docsHeaders).type('text/css; charset=utf-8').send(DOCS_CSS),
  );
  app.get('/api/v1/docs/render.js', async (_req, reply) =>
    reply.headers(docsHeaders).type('text/javascript; charset=utf-8').send(DOCS_JS),
  );

  if (app.jiefen.config.testClock) {
    const ClockSchema = v.object({ now: InstantSchema });
    defineRoute(
      app,
      {
        method: 'POST',
        url: '/api/v1/test/clock',
        operationId: 'setTestClock',
        summary: 'Test mode only (JIEFEN_TEST_CLOCK=1): move the server clock and run the scheduler once.',
        tags: ['operations'],
        access: 'operations',
        body: ClockSchema,
        responses: { 200: { description: '{ now, ticked, webhooks }' } },
      },
      async (request) => {
        const { now } = parseWith(ClockSchema, request.body);
        const clock = app.jiefen.clock;
        if (!(clock instanceof ManualClock)) throw new ApiError('forbidden');
        clock.set(new Date(now));
        const run = await app.jiefen.scheduler.runOnce();
        return { now: clock.now().toISOString(), ...run };
      },
    );
  }
}

import { AttachmentMetaSchema, attachmentLimitsOf, TenantConfigSchema } from '@jiefen/core';
import type { FastifyInstance } from 'fastify';
import { answeredNotModified, bodyTag } from '../../http/conditional.js';
import { defineRoute, idempotent } from '../../http/route.js';
import { errorSchema } from '../../openapi/shapes.js';
import { publicLimit } from '../../security/rate-limits.js';
import type { TenantRecord } from '../../storage/tenants.js';
import { filesFingerprint, readFiles, storeFiles } from './attachments.js';
import { requireTenant, sendJson } from './cases.js';

/**
 * The tenant config is public, holds no personal data and is the same for every requester, and the
 * widgets fetch it on every page load: browsers and proxies may keep it for five minutes, then
 * revalidate with the ETag (a 304 of a few hundred bytes). An admin's change reaches residents within
 * five minutes, plus the tenant store's few seconds. `Vary: Origin` keeps shared caches from handing one
 * portal's CORS answer to another.
 */
const CONFIG_CACHE_CONTROL = 'public, max-age=300';

/** Serialised once per loaded record (the tenant store replaces the object when it reloads). */
const renderedConfigs = new WeakMap<TenantRecord, { body: Buffer; etag: string }>();
function renderedConfig(record: TenantRecord): { body: Buffer; etag: string } {
  let rendered = renderedConfigs.get(record);
  if (!rendered) {
    const body = Buffer.from(JSON.stringify(record.config));
    rendered = { body, etag: bodyTag(body) };
    renderedConfigs.set(record, rendered);
  }
  return rendered;
}

export function registerPublicTenantRoutes(app: FastifyInstance): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/tenants/:tenant/config',
      operationId: 'getTenantConfig',
      summary: 'The tenant configuration the widgets render: categories, fields, places, topics.',
      tags: ['public'],
      access: 'public',
      onRequest: publicLimit(app),
      responses: {
        200: { description: 'TenantConfig (cacheable for 5 minutes, with an ETag)', schema: TenantConfigSchema },
        304: { description: 'Unchanged since the `If-None-Match` tag' },
        404: { description: 'Unknown tenant', schema: errorSchema },
      },
    },
    async (request, reply) => {
      const { tenant } = request.params as { tenant: string };
      const { body, etag } = renderedConfig(await requireTenant(app, tenant));
      reply.header('cache-control', CONFIG_CACHE_CONTROL);
      if (answeredNotModified(request, reply, etag)) return reply;
      return sendJson(reply, body);
    },
  );
}

/** Multipart routes live in their own plugin scope: only they pay for @fastify/multipart's hooks. */
export function registerPublicUploadRoutes(app: FastifyInstance): void {
  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/tenants/:tenant/uploads',
      operationId: 'uploadAttachment',
      summary: 'Upload one file (multipart `file` part) to reference by id in a filing or evidence.',
      tags: ['public'],
      access: 'public',
      bodyKind: 'multipart',
      idempotency: 'honoured',
      onRequest: publicLimit(app),
      responses: {
        201: {
          description: 'Stored; the media type is the sniffed one',
          schema: {
            json: { type: 'object', properties: { attachment: { $ref: '#/components/schemas/AttachmentMeta' } } },
          },
        },
        409: {
          description:
            'request_in_flight; concurrent_update: another change got in first, nothing changed, resend with the same key (Retry-After)',
          schema: errorSchema,
        },
        413: { description: 'Too large', schema: errorSchema },
        415: { description: 'Not an allowed file type', schema: errorSchema },
        422: {
          description: "Over the tenant's own limits (size, media types): the field issue the form shows, at `file`",
          schema: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const { tenant } = request.params as { tenant: string };
      const { config } = await requireTenant(app, tenant);
      const files = await readFiles(request, 1, attachmentLimitsOf(config));
      return idempotent(app, request, reply, { required: false, fingerprint: filesFingerprint(files) }, async () => {
        return async (tx) => {
          const [attachment] = await storeFiles(app, tenant, files, tx);
          return { status: 201, body: { attachment } };
        };
      });
    },
  );
  void AttachmentMetaSchema;
}

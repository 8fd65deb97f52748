import { AttachmentMetaSchema, TenantConfigSchema } from '@jiefen/core';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../../http/route.js';
import { errorSchema } from '../../openapi/shapes.js';
import { publicLimit } from '../../security/rate-limits.js';
import { receiveFiles } from './attachments.js';
import { requireTenant } from './cases.js';

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
      onRequest: [publicLimit(app)],
      responses: {
        200: { description: 'TenantConfig', schema: TenantConfigSchema },
        404: { description: 'Unknown tenant', schema: errorSchema },
      },
    },
    async (request, reply) => {
      const { tenant } = request.params as { tenant: string };
      const record = await requireTenant(app, tenant);
      reply.header('cache-control', 'public, max-age=60');
      return record.config;
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
      onRequest: [publicLimit(app)],
      responses: {
        201: {
          description: 'Stored; the media type is the sniffed one',
          schema: {
            json: { type: 'object', properties: { attachment: { $ref: '#/components/schemas/AttachmentMeta' } } },
          },
        },
        413: { description: 'Too large', schema: errorSchema },
        415: { description: 'Not an allowed file type', schema: errorSchema },
      },
    },
    async (request, reply) => {
      const { tenant } = request.params as { tenant: string };
      await requireTenant(app, tenant);
      const [attachment] = await receiveFiles(app, request, tenant, 1);
      return reply.code(201).send({ attachment });
    },
  );
  void AttachmentMetaSchema;
}

import { TenantConfigSchema, tenantConfigProblems, WebhookInputSchema } from '@jiefen/core';
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { ApiError } from '../../errors.js';
import { defineRoute, issue, parseWith } from '../../http/route.js';
import { errorSchema } from '../../openapi/shapes.js';

const OriginsSchema = v.object({
  origins: v.pipe(
    v.array(v.pipe(v.string('validation.type'), v.regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'validation.type'))),
    v.maxLength(50, 'validation.too_long'),
  ),
});

export function registerStaffAdminRoutes(app: FastifyInstance): void {
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/tenant/config',
      operationId: 'getStaffTenantConfig',
      summary: 'The tenant configuration (admin).',
      tags: ['admin'],
      access: ['admin'],
      responses: { 200: { description: 'TenantConfig', schema: TenantConfigSchema } },
    },
    async (_request, _reply, ctx) =>
      (await app.jiefen.tenants.get(ctx.staff!.tenantId))?.config ?? Promise.reject(new ApiError('not_found')),
  );

  defineRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/staff/tenant/config',
      operationId: 'putTenantConfig',
      summary: 'Replace the tenant configuration (admin). Running cases keep the SLA they were filed under.',
      tags: ['admin'],
      access: ['admin'],
      body: TenantConfigSchema,
      responses: {
        200: { description: 'TenantConfig', schema: TenantConfigSchema },
        422: { description: 'Invalid', schema: errorSchema },
      },
    },
    async (request, _reply, ctx) => {
      const config = parseWith(TenantConfigSchema, request.body);
      if (config.id !== ctx.staff!.tenantId)
        throw new ApiError('validation_failed', { issues: [issue('id', 'validation.choice')] });
      const problems = tenantConfigProblems(config);
      if (problems.length > 0) {
        throw new ApiError('validation_failed', {
          issues: problems.map((p) => ({ path: '', key: 'validation.invalid', params: { problem: p } })),
        });
      }
      return (await app.jiefen.tenants.put(config, undefined, app.jiefen.clock.now())).config;
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/tenant/origins',
      operationId: 'getTenantOrigins',
      summary: 'The CORS allowlist: portal origins that may call this tenant from a browser (admin).',
      tags: ['admin'],
      access: ['admin'],
      responses: { 200: { description: '{ origins }' } },
    },
    async (_request, _reply, ctx) => ({
      origins: (await app.jiefen.tenants.get(ctx.staff!.tenantId))?.allowedOrigins ?? [],
    }),
  );

  defineRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/staff/tenant/origins',
      operationId: 'putTenantOrigins',
      summary: 'Replace the CORS allowlist (admin).',
      tags: ['admin'],
      access: ['admin'],
      body: OriginsSchema,
      responses: { 200: { description: '{ origins }' }, 422: { description: 'Invalid origin', schema: errorSchema } },
    },
    async (request, _reply, ctx) => {
      const { origins } = parseWith(OriginsSchema, request.body);
      const tenant = await app.jiefen.tenants.get(ctx.staff!.tenantId);
      if (!tenant) throw new ApiError('not_found');
      const saved = await app.jiefen.tenants.put(tenant.config, origins, app.jiefen.clock.now());
      return { origins: saved.allowedOrigins };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/webhooks',
      operationId: 'listWebhooks',
      summary: 'Webhook subscriptions (admin).',
      tags: ['admin'],
      access: ['admin'],
      responses: { 200: { description: '{ items }' } },
    },
    async (_request, _reply, ctx) => ({ items: await app.jiefen.webhooks.list(ctx.staff!.tenantId) }),
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/staff/webhooks',
      operationId: 'createWebhook',
      summary:
        'Subscribe a URL to every case and consultation event. Deliveries are signed: `X-Jiefen-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`; the secret is answered once.',
      tags: ['admin'],
      access: ['admin'],
      // The subscription's shape is the core's contract fact (the SDK validates with the same schema).
      body: WebhookInputSchema,
      responses: {
        201: { description: 'Subscription with its secret' },
        422: { description: 'Invalid URL', schema: errorSchema },
      },
    },
    async (request, reply, ctx) => {
      const { url } = parseWith(WebhookInputSchema, request.body);
      return reply.code(201).send(await app.jiefen.webhooks.create(ctx.staff!.tenantId, url, app.jiefen.clock.now()));
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/staff/webhooks/:id/deliveries',
      operationId: 'listWebhookDeliveries',
      summary: 'The delivery log of a subscription, newest first (admin).',
      tags: ['admin'],
      access: ['admin'],
      responses: { 200: { description: '{ items }' }, 404: { description: 'Not found', schema: errorSchema } },
    },
    async (request, _reply, ctx) => {
      const { id } = request.params as { id: string };
      if (!(await app.jiefen.webhooks.find(ctx.staff!.tenantId, id))) throw new ApiError('not_found');
      return { items: await app.jiefen.webhooks.deliveries(id) };
    },
  );
}

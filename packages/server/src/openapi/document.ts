import { AttachmentMetaSchema, CaseFilingSchema, ConsultationRequestSchema, TenantConfigSchema } from '@jiefen/core';
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import type { DocSchema, RouteSpec } from '../http/route.js';
import { ERROR_COMPONENT, errorSchema, viewComponents } from './shapes.js';

/** Core schemas published as named components; routes using them reference them. */
const COMPONENTS: Array<[string, v.GenericSchema]> = [
  ['TenantConfig', TenantConfigSchema],
  ['CaseFilingInput', CaseFilingSchema],
  ['ConsultationRequestInput', ConsultationRequestSchema],
  ['AttachmentMeta', AttachmentMetaSchema],
];

function convert(schema: v.GenericSchema): Record<string, unknown> {
  // Transforms (trimming, phone normalisation) cannot be expressed in JSON Schema; the rest is exact.
  const { $schema: _ignored, ...json } = toJsonSchema(schema, {
    target: 'draft-2020-12',
    errorMode: 'ignore',
  }) as Record<string, unknown>;
  return json;
}

function schemaOf(doc: DocSchema): Record<string, unknown> {
  if ('json' in doc && !('kind' in doc)) return doc.json as Record<string, unknown>;
  const named = COMPONENTS.find(([, schema]) => schema === doc);
  return named ? { $ref: `#/components/schemas/${named[0]}` } : convert(doc as v.GenericSchema);
}

const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/**
 * The OpenAPI 3.1 document, generated from the route table and the same valibot schemas the
 * handlers validate with, so the contract cannot drift from the code.
 */
export function openApiDocument(routes: readonly RouteSpec[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: unknown[] = [...route.url.matchAll(/:(\w+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    // Query parameters are documented from the schema the handler parses them with.
    for (const [name, entry] of Object.entries(route.query?.schema.entries ?? {})) {
      const optional = entry.type === 'optional';
      const inner = optional ? (entry as v.OptionalSchema<v.GenericSchema, unknown>).wrapped : entry;
      parameters.push({
        name,
        in: 'query',
        required: !optional,
        ...(route.query?.descriptions[name] ? { description: route.query.descriptions[name] } : {}),
        schema: convert(inner as v.GenericSchema),
      });
    }
    if (route.idempotency) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: route.idempotency === 'required',
        description:
          '8–200 visible ASCII characters. Same key + same body replays the first answer (Idempotent-Replayed: true).',
        schema: { type: 'string', minLength: 8, maxLength: 200 },
      });
    }
    if (route.residentCredentials) {
      parameters.push(
        {
          name: 'X-Jiefen-Access-Code',
          in: 'header',
          required: false,
          description: 'The access code shown once at filing',
          schema: { type: 'string' },
        },
        {
          name: 'X-Jiefen-Tracking-Token',
          in: 'header',
          required: false,
          description: 'The token from a tracking link',
          schema: { type: 'string' },
        },
      );
    }
    parameters.push({
      name: 'Accept-Language',
      in: 'header',
      required: false,
      description: 'Language of error messages: zh-CN (default), zh-HK, en',
      schema: { type: 'string' },
    });
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      const schema = response.schema ? schemaOf(response.schema) : undefined;
      responses[status] = {
        description: response.description,
        ...(schema ? { content: { [response.contentType ?? 'application/json']: { schema } } } : {}),
        ...(!schema && response.contentType ? { content: { [response.contentType]: {} } } : {}),
      };
    }
    if (Array.isArray(route.access)) {
      responses['401'] ??= {
        description: 'Missing or unknown staff token',
        content: { 'application/json': { schema: errorSchema.json } },
      };
      responses['403'] ??= {
        description: `Only ${route.access.join(', ')}`,
        content: { 'application/json': { schema: errorSchema.json } },
      };
    }
    let requestBody: unknown;
    if (route.bodyKind === 'multipart') {
      requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: {
                file: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } },
              },
            },
          },
        },
      };
    } else if (route.body) {
      requestBody = { required: true, content: { 'application/json': { schema: schemaOf(route.body) } } };
    }
    const path = openApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      ...(Array.isArray(route.access) ? { security: [{ staffToken: [] }], 'x-roles': route.access } : {}),
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jiefen (解纷) REST API',
      version: '1.0.0',
      description:
        'The contract between the reference server and the SDK’s `rest` backend. Errors are `{"error": {"code", "message", "messageKey", "fields"?, "issues"?, "allowedEvents"?}}`.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'public', description: 'Resident routes used by the widgets' },
      { name: 'staff', description: 'Centre and department staff (Bearer token)' },
      { name: 'admin', description: 'Tenant administration' },
      { name: 'operations', description: 'Health, readiness, this document' },
    ],
    paths,
    components: {
      schemas: {
        ...Object.fromEntries(COMPONENTS.map(([name, schema]) => [name, convert(schema)])),
        ...viewComponents(),
        Error: ERROR_COMPONENT,
      },
      securitySchemes: { staffToken: { type: 'http', scheme: 'bearer', description: 'Staff API token (jfs_…)' } },
    },
  };
}

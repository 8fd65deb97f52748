/**
 * JSON Schemas for answers that the core defines as TypeScript types (views) rather than valibot
 * schemas. Kept deliberately shallow: the authoritative types are in @jiefen/core.
 */
export const errorSchema = {
  json: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'messageKey'],
        properties: {
          code: { type: 'string' },
          message: { type: 'string', description: 'Localized by Accept-Language (zh-CN default, zh-HK, en)' },
          messageKey: { type: 'string' },
          fields: {
            type: 'object',
            additionalProperties: { type: 'string' },
            description: 'Dot path → localized message',
          },
          issues: { type: 'array', items: { type: 'object' } },
          allowedEvents: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

const timelineEntry = {
  type: 'object',
  required: ['at', 'type', 'actor', 'visibility', 'data'],
  properties: {
    at: { type: 'string', format: 'date-time' },
    type: { type: 'string' },
    actor: { type: 'object', properties: { role: { type: 'string' }, departmentId: { type: 'string' } } },
    visibility: { type: 'string', enum: ['resident', 'internal'] },
    data: { type: 'object' },
  },
};

export const residentCaseViewSchema = {
  type: 'object',
  description: 'ResidentCaseView from @jiefen/core: what a resident may see of their case.',
  required: ['caseNumber', 'tenantId', 'progress', 'status', 'allowedActions', 'timeline'],
  properties: {
    caseNumber: { type: 'string' },
    tenantId: { type: 'string' },
    filedAt: { type: 'string', format: 'date-time' },
    categoryId: { type: 'string' },
    progress: { type: 'object' },
    status: { type: 'object' },
    filing: { type: 'object' },
    allowedActions: { type: 'array', items: { type: 'string' } },
    timeline: { type: 'array', items: timelineEntry },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const residentConsultationViewSchema = {
  type: 'object',
  description: 'ResidentConsultationView from @jiefen/core.',
  required: ['consultationNumber', 'status', 'allowedActions', 'timeline'],
  properties: {
    consultationNumber: { type: 'string' },
    status: { type: 'string' },
    allowedActions: { type: 'array', items: { type: 'string' } },
    timeline: { type: 'array', items: timelineEntry },
  },
};

export const caseSummarySchema = {
  type: 'object',
  description: 'CaseSummary from @jiefen/core: one queue row, nothing personal.',
  properties: {
    caseNumber: { type: 'string' },
    stage: { type: 'string' },
    state: { type: 'string' },
    level: { type: 'string' },
    riskLevel: { type: 'string' },
    departmentIds: { type: 'array', items: { type: 'string' } },
    overdue: { type: 'boolean' },
    nextDeadline: { type: 'string', format: 'date-time' },
  },
};

export const staffCaseDetailSchema = {
  type: 'object',
  required: ['case', 'summary', 'timeline', 'allowedEvents'],
  properties: {
    case: { type: 'object', description: 'CaseContext plus `state` (dot path)' },
    summary: caseSummarySchema,
    timeline: { type: 'array', items: timelineEntry },
    allowedEvents: { type: 'array', items: { type: 'string' } },
  },
};

export const timelineEntrySchema = timelineEntry;

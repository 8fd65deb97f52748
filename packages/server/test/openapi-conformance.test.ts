import { qingshanSampleConsultation } from '@jiefen/core/demo';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENGINES,
  HANDLER_DEPARTMENT,
  type Harness,
  type JsonResponse,
  newKey,
  sampleFiling,
  staff,
  startHarness,
  tenant,
} from './support/harness.js';

// ajv-formats is CommonJS with a default export TypeScript cannot see under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const DOC_ID = 'https://jiefen.invalid/openapi.json';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

type OpenApiDocument = {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, ResponseObject> }>>;
  components: { schemas: Record<string, unknown> };
};
type ResponseObject = { content?: Record<string, { schema?: unknown }> };

/**
 * Validates answers against the document the server publishes: finds the operation by method and
 * path, takes the schema declared for the status, and checks the body with a JSON Schema 2020-12
 * validator. Views are closed in the document, so an undeclared field fails.
 */
class Contract {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  /** `operationId status` pairs seen, to prove the walk covered every view-answering route. */
  readonly exercised = new Set<string>();
  private readonly routes: Array<{ pattern: RegExp; template: string }>;

  constructor(private readonly doc: OpenApiDocument) {
    addFormats(this.ajv);
    // Component references point into the OpenAPI document; give the components a JSON Schema home.
    this.ajv.addSchema(this.rebase({ $id: DOC_ID, $defs: doc.components.schemas }));
    this.routes = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
    }));
  }

  private rebase<T>(schema: T): T {
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${DOC_ID}#/$defs/`));
  }

  operation(method: string, url: string) {
    const path = url.split('?')[0]!;
    const matches = this.routes.filter((r) => r.pattern.test(path));
    // A literal segment beats a parameter (`/staff/cases/{caseNumber}` vs a fixed sibling).
    const route = matches.sort((a, b) => a.template.split('{').length - b.template.split('{').length)[0];
    const operation = route ? this.doc.paths[route.template]?.[method.toLowerCase()] : undefined;
    if (!operation) throw new Error(`${method} ${path} is not in the OpenAPI document`);
    return operation;
  }

  validator(method: string, url: string, status: number): { operationId: string; validate: ValidateFunction } {
    const operation = this.operation(method, url);
    const response = operation.responses[String(status)];
    if (!response) throw new Error(`${operation.operationId} answered ${status}, which the document does not declare`);
    const schema = response.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${operation.operationId} ${status} declares no JSON schema`);
    const key = `${operation.operationId} ${status}`;
    const validate = this.compiled.get(key) ?? this.ajv.compile(this.rebase(schema as object));
    this.compiled.set(key, validate);
    return { operationId: operation.operationId, validate };
  }

  /** Assert the answer matches the schema the document declares for its route and status. */
  check<T>(method: string, url: string, response: JsonResponse<T>): JsonResponse<T> {
    const { operationId, validate } = this.validator(method, url, response.status);
    this.exercised.add(`${operationId} ${response.status}`);
    const errors = validate(response.body) ? [] : (validate.errors ?? []).map(describeError);
    expect(errors, `${operationId} ${response.status}`).toEqual([]);
    return response;
  }
}

function describeError(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}

describe.each(ENGINES)('the OpenAPI document describes real answers on %s', (engine) => {
  let h: Harness;
  let contract: Contract;
  let documented: OpenApiDocument;
  /** Call a route and check its answer against the document. */
  let call: <T = any>(
    method: string,
    url: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ) => Promise<JsonResponse<T>>;

  beforeAll(async () => {
    h = await startHarness(engine);
    const doc = await h.request<OpenApiDocument>('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    contract = new Contract(doc.body);
    documented = doc.body;
    call = async (method, url, options) => contract.check(method, url, await h.request(method, url, options));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('cases: filing, resident lookups and actions, staff queue, detail and transitions, errors', async () => {
    const filed = await call('POST', `/api/v1/tenants/${tenant.id}/cases`, {
      body: sampleFiling(),
      headers: { 'idempotency-key': newKey() },
    });
    expect(filed.status).toBe(201);
    const { caseNumber, accessCode, trackingToken } = filed.body;
    const resident = { 'x-jiefen-access-code': accessCode };
    expect((await call('GET', `/api/v1/cases/${caseNumber}`, { headers: resident })).status).toBe(200);
    expect((await call('GET', '/api/v1/track', { headers: { 'x-jiefen-tracking-token': trackingToken } })).status).toBe(
      200,
    );

    const act = async (role: Parameters<typeof staff>[1], command: Record<string, unknown>) => {
      const response = await call('POST', `/api/v1/staff/cases/${caseNumber}/transitions`, {
        body: command,
        headers: staff(h, role),
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    };
    await act('intake_officer', {
      type: 'intake.request_information',
      message: '请补充劳动合同',
      fields: ['has_contract'],
    });
    const supplied = await call('POST', `/api/v1/cases/${caseNumber}/actions`, {
      body: { type: 'resident.supply_information', message: '没有签合同', answers: { has_contract: false } },
      headers: resident,
    });
    expect(supplied.status).toBe(200);
    await act('intake_officer', { type: 'intake.accept', firstLineMediation: false, note: '内部备注' });
    await act('coordinator', { type: 'risk.assess', level: 'high', factors: ['群体性'], note: '关注' });
    await act('coordinator', {
      type: 'routing.route',
      complexity: 'complex',
      level: 'town',
      departmentIds: [HANDLER_DEPARTMENT],
    });
    await act('department_handler', { type: 'department.acknowledge', departmentId: HANDLER_DEPARTMENT });
    await act('coordinator', { type: 'handling.convene_session', at: '2025-06-05T09:00:00+08:00', mode: 'in_person' });
    await act('coordinator', { type: 'mediation.start', mediator: '调解员 陈' });
    await act('coordinator', {
      type: 'mediation.schedule_session',
      at: '2025-06-06T09:00:00.000Z',
      mode: 'video',
      place: '线上',
    });

    const evidence = new FormData();
    evidence.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'wage-slip.png');
    const uploaded = await fetch(`${h.base}/api/v1/cases/${caseNumber}/evidence`, {
      method: 'POST',
      headers: { 'x-jiefen-tracking-token': trackingToken },
      body: evidence,
    });
    const uploadedView = contract.check('POST', `/api/v1/cases/${caseNumber}/evidence`, {
      status: uploaded.status,
      headers: uploaded.headers,
      body: await uploaded.json(),
    });
    expect(uploadedView.status).toBe(200);

    await act('coordinator', { type: 'mediation.record_session', summary: '双方同意分期支付' });
    await act('coordinator', { type: 'outcome.agreement', summary: '签订调解协议', agreementRef: '青调 7 号' });
    const rated = await call('POST', `/api/v1/cases/${caseNumber}/actions`, {
      body: { type: 'resident.rate', score: 2, comment: '还没付' },
      headers: resident,
    });
    expect(rated.status).toBe(200);
    expect(rated.body.followUp.canReopen).toBe(true);

    const queue = await call('GET', '/api/v1/staff/cases?limit=10', { headers: staff(h, 'coordinator') });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toContain(caseNumber);
    expect(
      (await call('GET', `/api/v1/staff/cases/${caseNumber}`, { headers: staff(h, 'department_handler') })).status,
    ).toBe(200);
    expect(
      (await call('GET', `/api/v1/staff/cases/${caseNumber}/verify`, { headers: staff(h, 'supervisor') })).status,
    ).toBe(200);

    // Errors are documented too.
    const wrongRole = await call('POST', `/api/v1/staff/cases/${caseNumber}/transitions`, {
      body: { type: 'routing.route', complexity: 'simple', level: 'village', departmentIds: ['grid'] },
      headers: staff(h, 'intake_officer'),
    });
    expect(wrongRole.status).toBe(403);
    const invalid = await call('POST', `/api/v1/cases/${caseNumber}/actions`, {
      body: { type: 'resident.rate', score: 9 },
      headers: { ...resident, 'accept-language': 'en' },
    });
    expect(invalid.status).toBe(422);
    expect(
      (await call('GET', `/api/v1/cases/${caseNumber}`, { headers: { 'x-jiefen-access-code': 'WRONGWRONGWR' } }))
        .status,
    ).toBe(404);
    expect((await call('GET', '/api/v1/staff/cases')).status).toBe(401);
    expect(
      (
        await call('POST', `/api/v1/staff/cases/${caseNumber}/transitions`, {
          body: { type: 'case.add_note', text: 'x' },
          headers: staff(h, 'admin'),
        })
      ).status,
    ).toBe(403);
    const badFiling = await call('POST', `/api/v1/tenants/${tenant.id}/cases`, {
      body: sampleFiling({ otherParties: [] }),
      headers: { 'idempotency-key': newKey() },
    });
    expect(badFiling.status).toBe(422);
    expect((await call('POST', `/api/v1/tenants/${tenant.id}/cases`, { body: sampleFiling() })).status).toBe(400);
  });

  it('consultations: request, resident lookup and action, staff queue, detail and transitions', async () => {
    const created = await call('POST', `/api/v1/tenants/${tenant.id}/consultations`, {
      body: qingshanSampleConsultation(),
      headers: { 'idempotency-key': newKey() },
    });
    expect(created.status).toBe(201);
    const { consultationNumber, accessCode } = created.body;
    const resident = { 'x-jiefen-access-code': accessCode };
    const act = (command: Record<string, unknown>) =>
      call('POST', `/api/v1/staff/consultations/${consultationNumber}/transitions`, {
        body: command,
        headers: staff(h, 'coordinator'),
      });
    expect((await act({ type: 'consultation.assign', lawyer: '张律师', departmentId: 'justice-bureau' })).status).toBe(
      200,
    );
    expect(
      (await act({ type: 'consultation.schedule', at: '2025-06-03T09:00:00+08:00', channel: 'phone' })).status,
    ).toBe(200);
    expect((await act({ type: 'consultation.answer', summary: '可以申请法律援助。' })).status).toBe(200);
    expect((await act({ type: 'consultation.answer', summary: '再答一次' })).status).toBe(409);
    expect((await call('GET', `/api/v1/consultations/${consultationNumber}`, { headers: resident })).status).toBe(200);
    const rated = await call('POST', `/api/v1/consultations/${consultationNumber}/actions`, {
      body: { type: 'resident.rate', score: 5, comment: '谢谢' },
      headers: resident,
    });
    expect(rated.status).toBe(200);
    expect(rated.body.status).toBe('closed');

    const cancelled = await call('POST', `/api/v1/tenants/${tenant.id}/consultations`, {
      body: qingshanSampleConsultation({ preferredTimes: [] }),
      headers: { 'idempotency-key': newKey() },
    });
    const cancel = await call('POST', `/api/v1/consultations/${cancelled.body.consultationNumber}/actions`, {
      body: { type: 'resident.cancel' },
      headers: { 'x-jiefen-access-code': cancelled.body.accessCode },
    });
    expect(cancel.status).toBe(200);

    const queue = await call('GET', '/api/v1/staff/consultations', { headers: staff(h, 'intake_officer') });
    expect(queue.status).toBe(200);
    expect(queue.body.items).toHaveLength(2);
    expect(
      (await call('GET', `/api/v1/staff/consultations/${consultationNumber}`, { headers: staff(h, 'intake_officer') }))
        .status,
    ).toBe(200);
    expect(
      (
        await call('POST', `/api/v1/tenants/${tenant.id}/consultations`, {
          body: qingshanSampleConsultation({ phone: '123' }),
          headers: { 'idempotency-key': newKey() },
        })
      ).status,
    ).toBe(422);
  });

  it('staff accounts: members, tokens, audit and the session, each answer as documented', async () => {
    const admin = staff(h, 'admin');
    const created = await call('POST', '/api/v1/staff/members', {
      body: { name: '文档 核对', role: 'department_handler', departmentId: 'court', contact: { email: 'a@b.cn' } },
      headers: admin,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call('GET', '/api/v1/staff/members?role=department_handler', { headers: admin })).status).toBe(200);
    expect((await call('GET', '/api/v1/staff/members?rol=x', { headers: admin })).status).toBe(400);
    const issued = await call('POST', `/api/v1/staff/members/${id}/tokens`, { body: { label: 'doc' }, headers: admin });
    expect(issued.status).toBe(201);
    expect(
      (await call('GET', '/api/v1/staff/me', { headers: { authorization: `Bearer ${issued.body.token}` } })).status,
    ).toBe(200);
    expect((await call('GET', `/api/v1/staff/members/${id}`, { headers: admin })).status).toBe(200);
    expect(
      (
        await call('PUT', `/api/v1/staff/members/${id}`, {
          body: { name: '文档 核对', role: 'coordinator' },
          headers: admin,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('POST', `/api/v1/staff/members/${id}/tokens/${issued.body.info.id}/revoke`, {
          body: {},
          headers: admin,
        })
      ).status,
    ).toBe(200);
    expect((await call('POST', `/api/v1/staff/members/${id}/disable`, { body: {}, headers: admin })).status).toBe(200);
    expect((await call('POST', `/api/v1/staff/members/${id}/tokens`, { body: {}, headers: admin })).status).toBe(409);
    expect((await call('POST', `/api/v1/staff/members/${id}/enable`, { body: {}, headers: admin })).status).toBe(200);
    expect((await call('GET', `/api/v1/staff/audit?member=${id}`, { headers: admin })).status).toBe(200);
    expect((await call('GET', '/api/v1/staff/members/nope', { headers: admin })).status).toBe(404);
  });

  it('every route answering with a core view was exercised above', () => {
    // Every success answer whose documented schema is built from a core view must have been checked.
    const views =
      /#\/components\/schemas\/(ResidentCaseView|ResidentConsultationView|CaseSummary|ConsultationSummary|StaffCaseDetail|StaffConsultationDetail)"/;
    const expected = Object.values(documented.paths).flatMap((operations) =>
      Object.values(operations).flatMap((operation) =>
        Object.entries(operation.responses ?? {})
          .filter(([status, response]) => status.startsWith('2') && views.test(JSON.stringify(response)))
          .map(([status]) => `${operation.operationId} ${status}`),
      ),
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.filter((pair) => !contract.exercised.has(pair))).toEqual([]);
  });

  it('rejects an answer with a field the document does not declare', async () => {
    const filed = await call('POST', `/api/v1/tenants/${tenant.id}/cases`, {
      body: sampleFiling(),
      headers: { 'idempotency-key': newKey() },
    });
    const url = `/api/v1/cases/${filed.body.caseNumber}`;
    const view = (await call('GET', url, { headers: { 'x-jiefen-access-code': filed.body.accessCode } })).body;
    const { validate } = contract.validator('GET', url, 200);
    expect(validate(view)).toBe(true);
    const [party] = view.filing.otherParties;
    const leakedPhone = { ...view, filing: { ...view.filing, otherParties: [{ ...party, phone: '07518881234' }] } };
    expect(validate(leakedPhone)).toBe(false);
    expect(validate({ ...view, risk: { level: 'high' } })).toBe(false);
    expect(validate({ ...view, timeline: [{ ...view.timeline[0], note: '内部' }] })).toBe(false);

    const detailUrl = `/api/v1/staff/cases/${filed.body.caseNumber}`;
    const detail = (await call('GET', detailUrl, { headers: staff(h, 'coordinator') })).body;
    const staffValidator = contract.validator('GET', detailUrl, 200).validate;
    expect(staffValidator(detail)).toBe(true);
    expect(staffValidator({ ...detail, case: { ...detail.case, secret: 1 } })).toBe(false);
    expect(staffValidator({ ...detail, summary: { ...detail.summary, applicantName: '李建国' } })).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, fileCase, type Harness, newKey, staff, startHarness, tenant, transition } from './support/harness.js';

describe.each(ENGINES)('cases on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves the tenant configuration', async () => {
    const response = await h.request('GET', `/api/v1/tenants/${tenant.id}/config`);
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(tenant.id);
  });

  it('files a case with a sayable number, a one-time access code and a tracking token', async () => {
    const filed = await fileCase(h);
    expect(filed.caseNumber).toMatch(/^JF-\d{8}-[2-9A-HJ-NP-Z]{5}$/);
    expect(filed.accessCode).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
    expect(filed.trackingToken.length).toBeGreaterThan(40);
    expect(filed.case.progress.stage).toBe('registration');
    expect(filed.case.filing.otherParties[0]).not.toHaveProperty('phone');
  });

  it('shows the case to its resident by access code or tracking token, and to nobody else', async () => {
    const filed = await fileCase(h);
    const byCode = await h.request('GET', `/api/v1/cases/${filed.caseNumber}`, {
      headers: { 'x-jiefen-access-code': filed.accessCode.toLowerCase() },
    });
    expect(byCode.status).toBe(200);
    expect(byCode.body.caseNumber).toBe(filed.caseNumber);
    const byToken = await h.request('GET', `/api/v1/cases/${filed.caseNumber}`, {
      headers: { 'x-jiefen-tracking-token': filed.trackingToken },
    });
    expect(byToken.status).toBe(200);
    const track = await h.request('GET', '/api/v1/track', {
      headers: { 'x-jiefen-tracking-token': filed.trackingToken },
    });
    expect(track.body.caseNumber).toBe(filed.caseNumber);

    const wrongCode = await h.request('GET', `/api/v1/cases/${filed.caseNumber}`, {
      headers: { 'x-jiefen-access-code': 'AAAAAAAAAAAA' },
    });
    const noCase = await h.request('GET', '/api/v1/cases/JF-20250602-ZZZZZ', {
      headers: { 'x-jiefen-access-code': filed.accessCode },
    });
    const noCredential = await h.request('GET', `/api/v1/cases/${filed.caseNumber}`);
    for (const response of [wrongCode, noCase, noCredential]) {
      expect(response.status).toBe(404);
      expect(response.body).toEqual(noCase.body);
    }
  });

  it('rejects an invalid filing with localized field messages and stores nothing', async () => {
    const before = await h.request('GET', '/api/v1/staff/cases', { headers: staff(h, 'coordinator') });
    const response = await h.request('POST', `/api/v1/tenants/${tenant.id}/cases`, {
      body: { categoryId: 'labour', description: 'short' },
      headers: { 'idempotency-key': newKey(), 'accept-language': 'en' },
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.fields.description).toBe('Please enter at least 10 characters');
    const zh = await h.request('POST', `/api/v1/tenants/${tenant.id}/cases`, {
      body: { categoryId: 'labour', description: 'short' },
      headers: { 'idempotency-key': newKey(), 'accept-language': 'zh-HK' },
    });
    expect(zh.body.error.fields.description).toBe('至少需要 10 個字');
    const after = await h.request('GET', '/api/v1/staff/cases', { headers: staff(h, 'coordinator') });
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('runs staff transitions through the core statechart and answers 409 with the allowed events', async () => {
    const filed = await fileCase(h);
    const rejected = await h.request('POST', `/api/v1/staff/cases/${filed.caseNumber}/transitions`, {
      body: { type: 'routing.route', complexity: 'simple', level: 'village', departmentIds: ['grid'] },
      headers: staff(h, 'coordinator'),
    });
    expect(rejected.status).toBe(409);
    expect(rejected.body.error.code).toBe('transition_rejected');
    expect(rejected.body.error.allowedEvents).toContain('intake.accept');

    const accepted = await transition(h, filed.caseNumber, 'intake_officer', {
      type: 'intake.accept',
      firstLineMediation: false,
    });
    expect(accepted.summary.stage).toBe('risk_assessment');
    await transition(h, filed.caseNumber, 'coordinator', { type: 'risk.assess', level: 'low' });
    const routed = await transition(h, filed.caseNumber, 'coordinator', {
      type: 'routing.route',
      complexity: 'complex',
      level: 'town',
      departmentIds: ['labour-bureau'],
    });
    expect(routed.summary.departmentIds).toEqual(['labour-bureau']);
    expect(routed.timeline.map((e: { type: string }) => e.type)).toEqual([
      'case.filed',
      'intake.accept',
      'risk.assess',
      'routing.route',
    ]);

    const invalid = await h.request('POST', `/api/v1/staff/cases/${filed.caseNumber}/transitions`, {
      body: { type: 'department.report_progress', departmentId: 'labour-bureau' },
      headers: { ...staff(h, 'department_handler'), 'accept-language': 'en' },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.fields.summary).toBe('This field is required');

    const queue = await h.request('GET', '/api/v1/staff/cases?stage=joint_handling', {
      headers: staff(h, 'department_handler'),
    });
    expect(queue.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toContain(filed.caseNumber);
    const resident = await h.request('GET', `/api/v1/cases/${filed.caseNumber}`, {
      headers: { 'x-jiefen-tracking-token': filed.trackingToken },
    });
    expect(resident.body.timeline.map((e: { type: string }) => e.type)).not.toContain('risk.assess');
  });

  it('filters the queue by stage, level, department, risk and overdue', async () => {
    const a = await fileCase(h);
    await transition(h, a.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
    await transition(h, a.caseNumber, 'coordinator', { type: 'risk.assess', level: 'high' });
    const list = async (query: string) =>
      (await h.request('GET', `/api/v1/staff/cases?${query}`, { headers: staff(h, 'supervisor') })).body.items.map(
        (i: { caseNumber: string }) => i.caseNumber,
      );
    expect(await list('risk=high')).toContain(a.caseNumber);
    expect(await list('risk=low')).not.toContain(a.caseNumber);
    expect(await list('stage=routing')).toContain(a.caseNumber);
    expect(await list('overdue=false')).toContain(a.caseNumber);
    expect(await list('overdue=true')).not.toContain(a.caseNumber);
    expect(await list('level=town')).not.toContain(a.caseNumber);
    const bad = await h.request('GET', '/api/v1/staff/cases?risk=extreme', { headers: staff(h, 'supervisor') });
    expect(bad.status).toBe(422);
  });

  it('lets the resident act on the case and refuses actions that do not apply', async () => {
    const filed = await fileCase(h);
    const headers = { 'x-jiefen-access-code': filed.accessCode };
    const rate = await h.request('POST', `/api/v1/cases/${filed.caseNumber}/actions`, {
      body: { type: 'resident.rate', score: 5 },
      headers,
    });
    expect(rate.status).toBe(409);
    expect(rate.body.error.allowedEvents).toContain('resident.withdraw');
    const staffEvent = await h.request('POST', `/api/v1/cases/${filed.caseNumber}/actions`, {
      body: { type: 'intake.accept', firstLineMediation: false },
      headers,
    });
    // A staff event is one a resident may never send: 403, not "not now".
    expect(staffEvent.status).toBe(403);
    expect(staffEvent.body.error.code).toBe('forbidden');
    expect(staffEvent.body.error.allowedEvents).toContain('resident.withdraw');
    const withdrawn = await h.request('POST', `/api/v1/cases/${filed.caseNumber}/actions`, {
      body: { type: 'resident.withdraw', reason: '已经和解' },
      headers,
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.progress.ending).toBe('withdrawn');
  });

  it('supports supply of information after a request for it', async () => {
    const filed = await fileCase(h);
    await transition(h, filed.caseNumber, 'intake_officer', {
      type: 'intake.request_information',
      message: '请补充劳动合同或工资条',
      fields: ['attachments'],
    });
    const supplied = await h.request('POST', `/api/v1/cases/${filed.caseNumber}/actions`, {
      body: { type: 'resident.supply_information', message: '没有合同，有工友证明' },
      headers: { 'x-jiefen-tracking-token': filed.trackingToken },
    });
    expect(supplied.status).toBe(200);
    expect(supplied.body.timeline.map((e: { type: string }) => e.type)).toContain('resident.supply_information');
  });

  it('answers health and readiness', async () => {
    expect((await h.request('GET', '/healthz')).status).toBe(200);
    const ready = await h.request('GET', '/readyz');
    expect(ready.body).toEqual({ status: 'ready', engine });
  });
});

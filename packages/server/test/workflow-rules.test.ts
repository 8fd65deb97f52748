import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, fileCase, type Harness, staff, startHarness, transition } from './support/harness.js';

/** The rules a walk through the loop broke (issue 7, section 6), over HTTP on both engines. */
describe.each(ENGINES)('workflow rules over HTTP on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function routable() {
    const filed = await fileCase(h);
    await transition(h, filed.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
    await transition(h, filed.caseNumber, 'coordinator', { type: 'risk.assess', level: 'low' });
    return filed;
  }
  const send = (caseNumber: string, role: Parameters<typeof staff>[1], body: unknown) =>
    h.request('POST', `/api/v1/staff/cases/${caseNumber}/transitions`, {
      body,
      headers: { ...staff(h, role), 'accept-language': 'en' },
    });

  it('refuses routing to a department the tenant does not have (422 with field issues), changing nothing', async () => {
    const filed = await routable();
    const refused = await send(filed.caseNumber, 'coordinator', {
      type: 'routing.route',
      complexity: 'simple',
      level: 'village',
      departmentIds: ['justice-songlin', 'ministry-of-magic'],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(refused.body.error.issues).toEqual([
      { path: 'departmentIds.1', key: 'validation.unknown_department', params: {} },
    ]);
    expect(refused.body.error.fields['departmentIds.1']).toBe('The district has no such department');
    const detail = await h.request('GET', `/api/v1/staff/cases/${filed.caseNumber}`, {
      headers: staff(h, 'coordinator'),
    });
    expect(detail.body.summary.stage).toBe('routing');
  });

  it('refuses routing to a department that does not serve the chosen level', async () => {
    const filed = await routable();
    // The procuratorate serves the district only.
    const refused = await send(filed.caseNumber, 'coordinator', {
      type: 'routing.route',
      complexity: 'complex',
      level: 'town',
      departmentIds: ['procuratorate'],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.issues[0]).toMatchObject({ path: 'departmentIds.0', key: 'validation.department_level' });
  });

  it('answers 403 forbidden for an event the role may never send, 409 for one not allowed in this state', async () => {
    const filed = await fileCase(h);
    const never = await send(filed.caseNumber, 'intake_officer', { type: 'risk.assess', level: 'high' });
    expect(never.status).toBe(403);
    expect(never.body.error).toMatchObject({ code: 'forbidden', messageKey: 'workflow.not_allowed_for_role' });
    expect(never.body.error.allowedEvents).toContain('intake.accept');
    const notNow = await send(filed.caseNumber, 'coordinator', { type: 'risk.assess', level: 'high' });
    expect(notNow.status).toBe(409);
    expect(notNow.body.error.code).toBe('transition_rejected');
    const clock = await send(filed.caseNumber, 'supervisor', { type: 'clock.tick' });
    expect(clock.status).toBe(403);
  });

  it('lets a supervisor escalate (督办) an urged department by hand; the resident sees it; a coordinator gets 403', async () => {
    const filed = await routable();
    await transition(h, filed.caseNumber, 'coordinator', {
      type: 'routing.route',
      complexity: 'complex',
      level: 'town',
      departmentIds: ['labour-bureau'],
    });
    const escalate = { type: 'supervision.escalate', departmentId: 'labour-bureau', note: '屡催不报，提请督办' };
    // On time: escalation follows an urging.
    const early = await send(filed.caseNumber, 'supervisor', escalate);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('transition_rejected');
    await transition(h, filed.caseNumber, 'supervisor', { type: 'supervision.urge', departmentId: 'labour-bureau' });

    const byCoordinator = await send(filed.caseNumber, 'coordinator', escalate);
    expect(byCoordinator.status).toBe(403);
    expect(byCoordinator.body.error).toMatchObject({ code: 'forbidden', messageKey: 'workflow.not_allowed_for_role' });
    expect(byCoordinator.body.error.allowedEvents).toContain('supervision.urge');
    expect(byCoordinator.body.error.allowedEvents).not.toContain('supervision.escalate');
    const withoutReason = await send(filed.caseNumber, 'supervisor', { ...escalate, note: undefined });
    expect(withoutReason.status).toBe(422);
    expect(withoutReason.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['note']);

    const done = await send(filed.caseNumber, 'supervisor', escalate);
    expect(done.status).toBe(200);
    const resident = await h.request('GET', `/api/v1/cases/${filed.caseNumber}`, {
      headers: { 'x-jiefen-tracking-token': filed.trackingToken },
    });
    expect(resident.status).toBe(200);
    const department = resident.body.departments.find(
      (d: { departmentId: string }) => d.departmentId === 'labour-bureau',
    );
    expect(department).toMatchObject({ supervision: 'escalated', escalatedAt: expect.any(String) });
    expect(resident.body.timeline.at(-1)).toMatchObject({
      type: 'supervision.escalate',
      messageKey: 'timeline.supervision.escalate',
      params: { department: 'labour-bureau' },
    });
    // The supervisor's reason is internal.
    expect(JSON.stringify(resident.body)).not.toContain('屡催不报');
    const again = await send(filed.caseNumber, 'supervisor', escalate);
    expect(again.status).toBe(409);
  });

  it('filters the queue by urged (催办) and escalated (督办) apart, and refuses unknown parameters', async () => {
    const escalated = await fileCase(h);
    // Registration (24 h) missed, then the grace period (24 h) too: escalated by the scheduler.
    h.clock.advance(49 * 3_600_000);
    await h.app.jiefen.scheduler.runOnce();
    // Filed after that tick, and urged by a supervisor: urged, not escalated.
    const urged = await fileCase(h);
    await transition(h, urged.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
    await transition(h, urged.caseNumber, 'coordinator', { type: 'risk.assess', level: 'low' });
    await transition(h, urged.caseNumber, 'coordinator', {
      type: 'routing.route',
      complexity: 'complex',
      level: 'town',
      departmentIds: ['labour-bureau'],
    });
    await transition(h, urged.caseNumber, 'supervisor', { type: 'supervision.urge', departmentId: 'labour-bureau' });
    const list = async (query: string) => {
      const page = await h.request('GET', `/api/v1/staff/cases?limit=100&${query}`, {
        headers: staff(h, 'supervisor'),
      });
      expect(page.status, query).toBe(200);
      return page.body.items as Array<{ caseNumber: string; urged: boolean; escalated: boolean }>;
    };
    const urgedOnly = await list('urged=true');
    expect(urgedOnly.length).toBeGreaterThan(0);
    expect(urgedOnly.every((c) => c.urged && !c.escalated)).toBe(true);
    expect(urgedOnly.map((c) => c.caseNumber)).toContain(urged.caseNumber);
    expect(urgedOnly.map((c) => c.caseNumber)).not.toContain(escalated.caseNumber);
    const escalatedOnly = await list('escalated=true');
    expect(escalatedOnly.length).toBeGreaterThan(0);
    expect(escalatedOnly.every((c) => c.escalated && !c.urged)).toBe(true);
    expect(escalatedOnly.map((c) => c.caseNumber)).toContain(escalated.caseNumber);
    expect(escalatedOnly.map((c) => c.caseNumber)).not.toContain(urged.caseNumber);
    const overdue = (await list('overdue=true')).map((c) => c.caseNumber);
    expect(overdue).toEqual(expect.arrayContaining([urged.caseNumber, escalated.caseNumber]));

    const unknown = await h.request('GET', '/api/v1/staff/cases?escalted=true', {
      headers: { ...staff(h, 'supervisor'), 'accept-language': 'en' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'invalid_request', messageKey: 'server.invalid_request' });
    expect(unknown.body.error.issues).toEqual([{ path: 'escalted', key: 'validation.unknown_field', params: {} }]);
    expect(unknown.headers.get('cache-control')).toContain('no-store');
    const consultations = await h.request('GET', '/api/v1/staff/consultations?state=requested', {
      headers: staff(h, 'coordinator'),
    });
    expect(consultations.status).toBe(400);
  });
});

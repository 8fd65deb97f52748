import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../src/http/route.js';
import { STAFF_ROLES } from '../src/storage/staff-tokens.js';
import { ENGINES, fileCase, type Harness, newKey, staff, startHarness, tenant, transition } from './support/harness.js';

/** Every staff route tried with every role: the allowed roles get past authorization, the others get 403. */
describe.each(ENGINES)('authorization matrix on %s', (engine) => {
  let h: Harness;
  let params: Record<string, string>;
  let staffRoutes: RouteSpec[];
  beforeAll(async () => {
    h = await startHarness(engine);
    const filed = await fileCase(h);
    // Routed to the handler's department, so "allowed" really means allowed for every role.
    await transition(h, filed.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
    await transition(h, filed.caseNumber, 'coordinator', { type: 'risk.assess', level: 'low' });
    await transition(h, filed.caseNumber, 'coordinator', {
      type: 'routing.route',
      complexity: 'complex',
      level: 'town',
      departmentIds: ['labour-bureau'],
    });
    const consultation = await h.request('POST', `/api/v1/tenants/${tenant.id}/consultations`, {
      body: (await import('@jiefen/core/demo')).qingshanSampleConsultation(),
      headers: { 'idempotency-key': newKey() },
    });
    const hook = await h.request('POST', '/api/v1/staff/webhooks', {
      body: { url: 'http://127.0.0.1:9/hook' },
      headers: staff(h, 'admin'),
    });
    params = { caseNumber: filed.caseNumber, number: consultation.body.consultationNumber, id: hook.body.id };
    staffRoutes = h.app.jiefen.routes.filter((r) => Array.isArray(r.access));
  });
  afterAll(async () => {
    await h?.close();
  });

  const path = (route: RouteSpec) => route.url.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'x');

  it('covers every staff route of the contract', () => {
    expect(staffRoutes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/staff/cases',
        'GET /api/v1/staff/cases/:caseNumber',
        'POST /api/v1/staff/cases/:caseNumber/transitions',
        'GET /api/v1/staff/cases/:caseNumber/verify',
        'GET /api/v1/staff/consultations',
        'GET /api/v1/staff/consultations/:number',
        'POST /api/v1/staff/consultations/:number/transitions',
        'GET /api/v1/staff/tenant/config',
        'PUT /api/v1/staff/tenant/config',
        'GET /api/v1/staff/webhooks',
        'POST /api/v1/staff/webhooks',
        'GET /api/v1/staff/webhooks/:id/deliveries',
      ]),
    );
  });

  it('refuses every staff route without a token or with an unknown one (401)', async () => {
    for (const route of staffRoutes) {
      const body = route.method === 'GET' ? undefined : {};
      expect((await h.request(route.method, path(route), { body })).status, `${route.method} ${route.url}`).toBe(401);
      const wrong = await h.request(route.method, path(route), {
        body,
        headers: { authorization: 'Bearer jfs_not-a-token' },
      });
      expect(wrong.status).toBe(401);
    }
  });

  for (const role of STAFF_ROLES) {
    it(`applies the role rules for ${role}`, async () => {
      for (const route of staffRoutes) {
        const allowed = (route.access as readonly string[]).includes(role);
        const response = await h.request(route.method, path(route), {
          // An empty body: allowed roles get past authorization and fail validation (or succeed), never 403.
          body: route.method === 'GET' ? undefined : {},
          headers: staff(h, role),
        });
        const label = `${role} ${route.method} ${route.url} → ${response.status}`;
        if (allowed) expect([401, 403], label).not.toContain(response.status);
        else {
          expect(response.status, label).toBe(403);
          expect(response.body.error.code).toBe('forbidden');
        }
      }
    });
  }

  it('scopes department handlers to their department and staff to their tenant', async () => {
    const other = await fileCase(h);
    const hidden = await h.request('GET', `/api/v1/staff/cases/${other.caseNumber}`, {
      headers: staff(h, 'department_handler'),
    });
    expect(hidden.status).toBe(404);
    const queue = await h.request('GET', '/api/v1/staff/cases?limit=100', { headers: staff(h, 'department_handler') });
    expect(queue.body.items.every((i: { departmentIds: string[] }) => i.departmentIds.includes('labour-bureau'))).toBe(
      true,
    );

    const foreign = await h.app.jiefen.staffTokens.issue({
      tenantId: 'elsewhere',
      role: 'supervisor',
      name: 'x',
      now: h.clock.now(),
    });
    const cross = await h.request('GET', `/api/v1/staff/cases/${other.caseNumber}`, {
      headers: { authorization: `Bearer ${foreign.token}` },
    });
    expect(cross.status).toBe(404);
  });
});

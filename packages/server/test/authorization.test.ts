import {
  ACTING_STAFF_ROLES,
  CASE_EVENTS,
  CONSULTATION_EVENTS,
  RESIDENT_CASE_EVENT_TYPES,
  RESIDENT_CONSULTATION_EVENT_TYPES,
} from '@jiefen/core';
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
    const member = await h.request('POST', '/api/v1/staff/members', {
      body: { name: 'matrix member', role: 'coordinator' },
      headers: staff(h, 'admin'),
    });
    const token = await h.request('POST', `/api/v1/staff/members/${member.body.id}/tokens`, {
      body: {},
      headers: staff(h, 'admin'),
    });
    params = {
      caseNumber: filed.caseNumber,
      number: consultation.body.consultationNumber,
      id: hook.body.id,
      memberId: member.body.id,
      tokenId: token.body.info.id,
    };
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
        'GET /api/v1/staff/me',
        'GET /api/v1/staff/members',
        'POST /api/v1/staff/members',
        'GET /api/v1/staff/members/:memberId',
        'PUT /api/v1/staff/members/:memberId',
        'POST /api/v1/staff/members/:memberId/disable',
        'POST /api/v1/staff/members/:memberId/enable',
        'POST /api/v1/staff/members/:memberId/tokens',
        'POST /api/v1/staff/members/:memberId/tokens/:tokenId/revoke',
        'GET /api/v1/staff/audit',
      ]),
    );
  });

  it('ties the routes’ declared roles to the event catalogs', () => {
    const route = (method: string, url: string) => {
      const found = h.app.jiefen.routes.find((r) => r.method === method && r.url === url);
      expect(found, `${method} ${url}`).toBeDefined();
      return found!;
    };
    const staffRolesOf = (catalog: Record<string, { roles: readonly string[] }>) =>
      ACTING_STAFF_ROLES.filter((role) => Object.values(catalog).some((event) => event.roles.includes(role)));
    // Who may post a case transition is exactly who the case catalog lets send some event.
    const caseTransitions = route('POST', '/api/v1/staff/cases/:caseNumber/transitions');
    expect([...(caseTransitions.access as readonly string[])].sort()).toEqual([...staffRolesOf(CASE_EVENTS)].sort());
    const consultationTransitions = route('POST', '/api/v1/staff/consultations/:number/transitions');
    expect([...(consultationTransitions.access as readonly string[])].sort()).toEqual(
      [...staffRolesOf(CONSULTATION_EVENTS)].sort(),
    );
    // The resident routes document exactly the resident's events, and the staff route every other one.
    const enumOf = (spec: RouteSpec) =>
      ((spec.body as { json: { properties: { type: { enum: string[] } } } }).json.properties.type.enum ?? []).sort();
    expect(RESIDENT_CASE_EVENT_TYPES.length).toBeGreaterThan(0);
    expect(enumOf(route('POST', '/api/v1/cases/:caseNumber/actions'))).toEqual([...RESIDENT_CASE_EVENT_TYPES].sort());
    expect(enumOf(route('POST', '/api/v1/consultations/:number/actions'))).toEqual(
      [...RESIDENT_CONSULTATION_EVENT_TYPES].sort(),
    );
    const staffCaseEvents = Object.keys(CASE_EVENTS).filter((type) =>
      (CASE_EVENTS[type as keyof typeof CASE_EVENTS].roles as readonly string[]).some((role) =>
        (ACTING_STAFF_ROLES as readonly string[]).includes(role),
      ),
    );
    expect(enumOf(caseTransitions)).toEqual(expect.arrayContaining(staffCaseEvents));
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
    // Not vacuous: the case routed to the handler's department in beforeAll is in the queue.
    expect(queue.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toContain(params.caseNumber);
    expect(queue.body.items.every((i: { departmentIds: string[] }) => i.departmentIds.includes('labour-bureau'))).toBe(
      true,
    );
    expect(queue.body.items.map((i: { caseNumber: string }) => i.caseNumber)).not.toContain(other.caseNumber);

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

import { qingshanSampleConsultation } from '@jiefen/core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENGINES,
  fileCase,
  type Harness,
  newKey,
  START,
  staff,
  startHarness,
  tenant,
  transition,
} from './support/harness.js';

/** GET with optional If-None-Match; answers status, ETag and the raw body. */
async function get(h: Harness, path: string, headers: Record<string, string>, ifNoneMatch?: string) {
  const response = await fetch(h.base + path, {
    headers: { ...headers, ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) },
  });
  return { status: response.status, etag: response.headers.get('etag'), body: await response.text() };
}

describe.each(ENGINES)('conditional lookups on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers 304 to an unchanged case and 200 with the new view after a change', async () => {
    const filed = await fileCase(h);
    const path = `/api/v1/cases/${filed.caseNumber}`;
    const token = { 'x-jiefen-tracking-token': filed.trackingToken };
    const first = await get(h, path, token);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"[\w-]{27}"$/);

    const unchanged = await get(h, path, token, first.etag!);
    expect(unchanged).toEqual({ status: 304, etag: first.etag, body: '' });
    // The same case by access code and by tracking link is the same representation.
    const byCode = await get(h, path, { 'x-jiefen-access-code': filed.accessCode }, first.etag!);
    expect(byCode.status).toBe(304);
    const byLink = await get(h, '/api/v1/track', token, first.etag!);
    expect(byLink).toEqual({ status: 304, etag: first.etag, body: '' });
    // A list holding the tag (or a weak copy of it) matches; another tag does not.
    expect((await get(h, path, token, `"other", W/${first.etag}`)).status).toBe(304);
    expect((await get(h, path, token, '"other"')).status).toBe(200);

    await transition(h, filed.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
    const changed = await get(h, path, token, first.etag!);
    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
    expect(JSON.parse(changed.body).progress.stage).toBe('risk_assessment');
    expect((await get(h, '/api/v1/track', token, first.etag!)).status).toBe(200);
    expect((await get(h, path, token, changed.etag!)).status).toBe(304);
  });

  it('names the called departments from the tenant, and renaming one changes the view and its tag', async () => {
    const filed = await fileCase(h);
    await transition(h, filed.caseNumber, 'intake_officer', { type: 'intake.accept', firstLineMediation: false });
    await transition(h, filed.caseNumber, 'coordinator', { type: 'risk.assess', level: 'low' });
    await transition(h, filed.caseNumber, 'coordinator', {
      type: 'routing.route',
      complexity: 'complex',
      level: 'district',
      departmentIds: ['labour-bureau'],
    });
    const path = `/api/v1/cases/${filed.caseNumber}`;
    const token = { 'x-jiefen-tracking-token': filed.trackingToken };
    const before = await get(h, path, token);
    const [department] = JSON.parse(before.body).departments;
    expect(department.departmentId).toBe('labour-bureau');
    expect(department.name['zh-CN']).toBe('青山区人力资源和社会保障局');
    expect(department.acknowledgeBy).toMatch(/^\d{4}-\d\d-\d\dT/);

    const renamed = {
      ...tenant,
      departments: tenant.departments.map((d) =>
        d.id === 'labour-bureau' ? { ...d, name: { ...d.name, 'zh-CN': '青山区人社局' } } : d,
      ),
    };
    const put = await h.request('PUT', '/api/v1/staff/tenant/config', { body: renamed, headers: staff(h, 'admin') });
    expect(put.status).toBe(200);
    try {
      const after = await get(h, path, token, before.etag!);
      expect(after.status).toBe(200);
      expect(after.etag).not.toBe(before.etag);
      expect(JSON.parse(after.body).departments[0].name['zh-CN']).toBe('青山区人社局');
    } finally {
      await h.request('PUT', '/api/v1/staff/tenant/config', { body: tenant, headers: staff(h, 'admin') });
    }
  });

  it('checks the credential before the tag: a wrong one with a matching tag is the same 404 as ever', async () => {
    const filed = await fileCase(h);
    const path = `/api/v1/cases/${filed.caseNumber}`;
    const { etag } = await get(h, path, { 'x-jiefen-tracking-token': filed.trackingToken });
    const plain = await get(h, path, { 'x-jiefen-access-code': 'WRONGWRONGWR' });
    expect(plain.status).toBe(404);
    const wrong: Array<Record<string, string>> = [
      { 'x-jiefen-access-code': 'WRONGWRONGWR' },
      { 'x-jiefen-tracking-token': 'not-the-token' },
      {},
    ];
    for (const headers of wrong) {
      const probe = await get(h, path, headers, etag!);
      expect(probe).toEqual({ status: 404, etag: null, body: plain.body });
      expect((await get(h, path, headers, '*')).status).toBe(404);
    }
    expect(await get(h, '/api/v1/track', { 'x-jiefen-tracking-token': 'not-the-token' }, etag!)).toMatchObject({
      status: 404,
      etag: null,
    });
    // An unknown case answers exactly like a known one with a wrong credential.
    const unknown = await get(h, '/api/v1/cases/JF-20250602-AAAAA', { 'x-jiefen-access-code': 'WRONGWRONGWR' }, etag!);
    expect(unknown).toEqual({ status: 404, etag: null, body: plain.body });
  });

  it('counts 304s against the lookup rate limits', async () => {
    const limited = await startHarness(engine, { config: { rateLimit: { lookupPerCasePerMinute: 3 } } });
    try {
      const filed = await fileCase(limited);
      const path = `/api/v1/cases/${filed.caseNumber}`;
      const token = { 'x-jiefen-tracking-token': filed.trackingToken };
      const { etag } = await get(limited, path, token);
      expect((await get(limited, path, token, etag!)).status).toBe(304);
      expect((await get(limited, path, token, etag!)).status).toBe(304);
      expect((await get(limited, path, token, etag!)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('tags consultation lookups the same way', async () => {
    const created = await h.request('POST', `/api/v1/tenants/${tenant.id}/consultations`, {
      body: qingshanSampleConsultation(),
      headers: { 'idempotency-key': newKey() },
    });
    const { consultationNumber, trackingToken } = created.body;
    const path = `/api/v1/consultations/${consultationNumber}`;
    const token = { 'x-jiefen-tracking-token': trackingToken };
    const first = await get(h, path, token);
    expect(first.status).toBe(200);
    expect(await get(h, path, token, first.etag!)).toEqual({ status: 304, etag: first.etag, body: '' });
    expect((await get(h, path, { 'x-jiefen-access-code': 'WRONGWRONGWR' }, first.etag!)).status).toBe(404);

    const staffPath = `/api/v1/staff/consultations/${consultationNumber}`;
    const staffFirst = await get(h, staffPath, staff(h, 'intake_officer'));
    expect(staffFirst.etag).not.toBe(first.etag);
    expect((await get(h, staffPath, staff(h, 'intake_officer'), staffFirst.etag!)).status).toBe(304);

    const assigned = await h.request('POST', `/api/v1/staff/consultations/${consultationNumber}/transitions`, {
      body: { type: 'consultation.assign', lawyer: '张律师' },
      headers: staff(h, 'intake_officer'),
    });
    expect(assigned.status).toBe(200);
    const changed = await get(h, path, token, first.etag!);
    expect(changed.status).toBe(200);
    expect(JSON.parse(changed.body)).toMatchObject({ lawyer: '张律师' });
    expect((await get(h, staffPath, staff(h, 'intake_officer'), staffFirst.etag!)).status).toBe(200);
  });

  it('tags the staff case detail per staff member, and changes it when a deadline passes', async () => {
    const filed = await fileCase(h);
    const path = `/api/v1/staff/cases/${filed.caseNumber}`;
    const intake = await get(h, path, staff(h, 'intake_officer'));
    expect(intake.status).toBe(200);
    expect(intake.etag).toMatch(/^"[\w-]{27}"$/);
    expect(await get(h, path, staff(h, 'intake_officer'), intake.etag!)).toEqual({
      status: 304,
      etag: intake.etag,
      body: '',
    });
    // Another role sees other allowed events: another representation, so the tag does not carry over.
    const supervisor = await get(h, path, staff(h, 'supervisor'), intake.etag!);
    expect(supervisor.status).toBe(200);
    expect(supervisor.etag).not.toBe(intake.etag);
    // A handler whose department is not involved gets the usual 404, tag or not.
    expect((await get(h, path, staff(h, 'department_handler'), intake.etag!)).status).toBe(404);
    expect((await get(h, path, {}, intake.etag!)).status).toBe(401);

    // The registration deadline (24 h) passes: `overdue` turns true before any event is recorded.
    const before = JSON.parse(intake.body);
    expect(before.summary.overdue).toBe(false);
    try {
      h.clock.set(new Date(START.getTime() + 25 * 3_600_000));
      const late = await get(h, path, staff(h, 'intake_officer'), intake.etag!);
      expect(late.status).toBe(200);
      expect(JSON.parse(late.body).summary.overdue).toBe(true);
      expect(JSON.parse(late.body).timeline).toHaveLength(before.timeline.length);
    } finally {
      h.clock.set(START);
    }
  });
});

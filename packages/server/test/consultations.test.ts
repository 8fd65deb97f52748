import { qingshanSampleConsultation } from '@jiefen/core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type Harness, newKey, staff, startHarness, tenant } from './support/harness.js';

describe.each(ENGINES)('legal consultations on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('takes a request, lets staff assign and answer it, and the resident follow and rate it', async () => {
    const created = await h.request('POST', `/api/v1/tenants/${tenant.id}/consultations`, {
      body: qingshanSampleConsultation(),
      headers: { 'idempotency-key': newKey() },
    });
    expect(created.status).toBe(201);
    const { consultationNumber, accessCode } = created.body;
    expect(consultationNumber).toMatch(/^JC-\d{8}-[2-9A-HJ-NP-Z]{5}$/);
    const resident = { 'x-jiefen-access-code': accessCode };

    const act = (role: 'intake_officer' | 'coordinator', body: unknown) =>
      h.request('POST', `/api/v1/staff/consultations/${consultationNumber}/transitions`, {
        body,
        headers: staff(h, role),
      });
    expect((await act('intake_officer', { type: 'consultation.assign', lawyer: '张律师' })).status).toBe(200);
    const tooEarly = await h.request('POST', `/api/v1/consultations/${consultationNumber}/actions`, {
      body: { type: 'resident.rate', score: 5 },
      headers: resident,
    });
    expect(tooEarly.status).toBe(409);
    const answered = await act('coordinator', {
      type: 'consultation.answer',
      summary: '可以申请法律援助，需要身份证和欠薪证明。',
    });
    expect(answered.body.summary.status).toBe('answered');

    const view = await h.request('GET', `/api/v1/consultations/${consultationNumber}`, { headers: resident });
    expect(view.body).toMatchObject({ status: 'answered', lawyer: '张律师' });
    expect(view.body.allowedActions).toContain('resident.rate');
    const rated = await h.request('POST', `/api/v1/consultations/${consultationNumber}/actions`, {
      body: { type: 'resident.rate', score: 4 },
      headers: resident,
    });
    expect(rated.body.status).toBe('closed');

    const queue = await h.request('GET', '/api/v1/staff/consultations?status=closed', {
      headers: staff(h, 'coordinator'),
    });
    expect(queue.body.items.map((i: { consultationNumber: string }) => i.consultationNumber)).toContain(
      consultationNumber,
    );
    const hidden = await h.request('GET', `/api/v1/consultations/${consultationNumber}`, {
      headers: { 'x-jiefen-access-code': 'WRONGWRONGWR' },
    });
    expect(hidden.status).toBe(404);
  });

  it('rejects an invalid request with localized fields', async () => {
    const response = await h.request('POST', `/api/v1/tenants/${tenant.id}/consultations`, {
      body: qingshanSampleConsultation({ topicId: 'astrology', phone: '123' }),
      headers: { 'idempotency-key': newKey(), 'accept-language': 'en' },
    });
    expect(response.status).toBe(422);
    expect(response.body.error.fields).toMatchObject({
      topicId: 'Please choose one of the options',
      phone: 'Please enter a valid phone number',
    });
  });
});

import { qingshanSampleConsultation, qingshanSampleFiling } from '@jiefen/core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestBackend } from '../../src/index.js';
import { uuidv7 } from '../../src/offline/uuid.js';
import { type RunningServer, startJiefenServer } from '../fixtures/jiefen-server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startJiefenServer();
});
afterAll(() => server.close());

/** The real fetch, recording what the server answered, so the test sees 304s the SDK hides. */
function recordingFetch() {
  const statuses: number[] = [];
  const fetchAndRecord: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    statuses.push(response.status);
    return response;
  };
  return { statuses, fetch: fetchAndRecord };
}

describe('rest backend: conditional lookups', () => {
  it('a repeated lookup of an unchanged case is a 304 that yields the same view', async () => {
    const recorder = recordingFetch();
    const backend = createRestBackend({ baseUrl: server.url, tenant: 'qingshan', fetch: recorder.fetch });
    const receipt = await backend.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() });
    const access = { caseNumber: receipt.caseNumber, accessCode: receipt.accessCode };
    const first = await backend.getCase(access);
    const second = await backend.getCase(access);
    expect(recorder.statuses.slice(-2)).toEqual([200, 304]);
    expect(second).toEqual(first);
  });

  it('after a change the next lookup gets the new view', async () => {
    const recorder = recordingFetch();
    const backend = createRestBackend({ baseUrl: server.url, tenant: 'qingshan', fetch: recorder.fetch });
    const receipt = await backend.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() });
    const access = { caseNumber: receipt.caseNumber, trackingToken: receipt.trackingToken };
    await backend.getCase(access);
    await backend.sendCaseAction(
      access,
      { type: 'resident.withdraw', reason: '已私下和解' },
      { idempotencyKey: uuidv7() },
    );
    const after = await backend.getCase(access);
    expect(recorder.statuses.at(-1)).toBe(200);
    expect(after.progress.ending).toBe('withdrawn');
  });

  it('a wrong credential is still not found, whatever was seen before', async () => {
    const backend = createRestBackend({ baseUrl: server.url, tenant: 'qingshan' });
    const receipt = await backend.fileCase(qingshanSampleFiling(), { idempotencyKey: uuidv7() });
    await backend.getCase({ caseNumber: receipt.caseNumber, accessCode: receipt.accessCode });
    await expect(backend.getCase({ caseNumber: receipt.caseNumber, accessCode: 'WRONGWRONG22' })).rejects.toMatchObject(
      {
        messageKey: expect.any(String),
        name: 'JiefenNotFoundError',
      },
    );
  });

  it('consultation lookups are conditional too', async () => {
    const recorder = recordingFetch();
    const backend = createRestBackend({ baseUrl: server.url, tenant: 'qingshan', fetch: recorder.fetch });
    const receipt = await backend.requestConsultation(qingshanSampleConsultation(), { idempotencyKey: uuidv7() });
    const access = { consultationNumber: receipt.consultationNumber, accessCode: receipt.accessCode };
    const first = await backend.getConsultation(access);
    expect(await backend.getConsultation(access)).toEqual(first);
    expect(recorder.statuses.slice(-2)).toEqual([200, 304]);
  });
});

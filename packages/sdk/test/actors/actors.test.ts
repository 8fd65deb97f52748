import { qingshanSampleConsultation, qingshanSampleFiling } from '@jiefen/core/demo';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import {
  createCaseTracker,
  createClient,
  createConsultationRequest,
  createLocalBackend,
  type JiefenClient,
  type LocalBackend,
  memoryStorage,
} from '../../src/index.js';

const setup = (): { client: JiefenClient; backend: LocalBackend } => {
  const backend = createLocalBackend();
  return { backend, client: createClient({ backend, storage: memoryStorage() }) };
};

describe('case tracker actor', () => {
  it('looks a case up, follows staff progress live, and sends resident actions', async () => {
    const { client, backend } = setup();
    const receipt = await client.fileCase(qingshanSampleFiling());
    const tracker = createActor(createCaseTracker(client), { input: {} }).start();

    tracker.send({ type: 'tracker.lookup', caseNumber: receipt.caseNumber, accessCode: 'WRONGCODE234' });
    const refused = await waitFor(tracker, (s) => s.matches('idle') && s.context.error !== undefined);
    expect(refused.context.error?.messageKey).toBe('sdk.error.not_found');

    tracker.send({
      type: 'tracker.lookup',
      caseNumber: receipt.caseNumber.toLowerCase(),
      accessCode: receipt.accessCode,
    });
    await waitFor(tracker, (s) => s.matches('tracking') && s.context.view?.progress.stage === 'registration');

    await backend.staff.transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false });
    await waitFor(tracker, (s) => s.context.view?.progress.stage === 'risk_assessment');

    tracker.send({ type: 'tracker.withdraw', reason: '双方已自行和解' });
    const withdrawn = await waitFor(tracker, (s) => s.matches({ tracking: 'ready' }) && !!s.context.view?.withdrawnAt);
    expect(withdrawn.context.view?.status.status).toBe('closed');

    tracker.send({ type: 'tracker.rate', score: 5 });
    const rejected = await waitFor(tracker, (s) => s.matches({ tracking: 'ready' }) && s.context.error !== undefined);
    expect(rejected.context.error?.code).toBe('transition_rejected');
    tracker.stop();
    await client.close();
  });

  it('tracks by the token from a link', async () => {
    const { client } = setup();
    const receipt = await client.fileCase(qingshanSampleFiling());
    const tracker = createActor(createCaseTracker(client), {
      input: { access: { trackingToken: receipt.trackingToken } },
    }).start();
    const tracking = await waitFor(tracker, (s) => s.matches('tracking'));
    expect(tracking.context.view?.caseNumber).toBe(receipt.caseNumber);
    tracker.stop();
    await client.close();
  });
});

describe('consultation request actor', () => {
  it('validates, submits through the outbox, then follows and cancels the consultation', async () => {
    const { client } = setup();
    const actor = createActor(createConsultationRequest(client), { input: {} }).start();
    await waitFor(actor, (s) => s.matches('editing'));
    actor.send({ type: 'consultation.submit' });
    const checked = await waitFor(actor, (s) => s.matches({ editing: 'idle' }) && s.context.issues.length > 0);
    expect(checked.context.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['topicId', 'question', 'channel', 'name', 'phone']),
    );
    actor.send({ type: 'consultation.change', values: qingshanSampleConsultation() });
    actor.send({ type: 'consultation.submit' });
    const received = await waitFor(actor, (s) => s.matches('received'));
    expect(received.context.receipt?.consultationNumber).toMatch(/^JC-/);
    expect(received.context.view?.status).toBe('requested');
    actor.send({ type: 'consultation.cancel', reason: '问题已解决' });
    const cancelled = await waitFor(
      actor,
      (s) => s.matches({ received: 'ready' }) && s.context.view?.status === 'cancelled',
    );
    expect(cancelled.context.error).toBeUndefined();
    actor.stop();
    await client.close();
  });
});

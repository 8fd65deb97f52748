import { qingshanSampleConsultation, qingshanSampleFiling } from '@jiefen/core/demo';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import {
  caseTrackerMachine,
  consultationRequestMachine,
  createClient,
  createLocalBackend,
  intakeWizardMachine,
  type JiefenClient,
  type LocalBackend,
  memoryStorage,
} from '../../src/index.js';

const setup = (): { client: JiefenClient; backend: LocalBackend } => {
  const backend = createLocalBackend();
  return { backend, client: createClient({ backend, storage: memoryStorage() }) };
};

describe('intake wizard actor', () => {
  it('walks the steps with per-step validation and delivers the filing through the outbox', async () => {
    const { client } = setup();
    const wizard = createActor(intakeWizardMachine, { input: { client } }).start();
    await waitFor(wizard, (s) => s.matches('editing'));

    wizard.send({ type: 'intake.next' });
    expect(wizard.getSnapshot().context.step).toBe('category');
    expect(wizard.getSnapshot().context.issues.map((i) => i.path)).toEqual(['categoryId']);

    const sample = qingshanSampleFiling();
    wizard.send({ type: 'intake.change', values: { categoryId: sample.categoryId } });
    wizard.send({ type: 'intake.next' });
    expect(wizard.getSnapshot().context.step).toBe('details');

    const { description, startedOn, location, answers, desiredOutcome } = sample;
    wizard.send({ type: 'intake.change', values: { description, startedOn, location, desiredOutcome } });
    wizard.send({ type: 'intake.next' });
    // The category's own required fields are checked on this step.
    expect(wizard.getSnapshot().context.issues.some((i) => i.path.startsWith('answers.'))).toBe(true);
    wizard.send({ type: 'intake.change', values: { answers } });
    wizard.send({ type: 'intake.next' });
    expect(wizard.getSnapshot().context.step).toBe('parties');

    wizard.send({ type: 'intake.change', values: { applicant: sample.applicant, otherParties: sample.otherParties } });
    wizard.send({ type: 'intake.set', path: 'applicant.phone', value: '123' });
    wizard.send({ type: 'intake.next' });
    expect(wizard.getSnapshot().context.issues).toEqual([
      { path: 'applicant.phone', key: 'validation.phone', params: {} },
    ]);
    wizard.send({ type: 'intake.set', path: 'applicant.phone', value: '13800138000' });
    wizard.send({ type: 'intake.next' });
    wizard.send({ type: 'intake.next' });
    expect(wizard.getSnapshot().context.step).toBe('review');

    wizard.send({ type: 'intake.submit' });
    const done = await waitFor(wizard, (s) => s.matches('received'));
    expect(done.context.receipt?.caseNumber).toMatch(/^JF-\d{8}-[2-9A-HJ-NP-Z]{5}$/);
    expect(done.context.submission?.state).toBe('received');
    expect(await client.drafts.load('intake')).toBeUndefined();
    wizard.stop();
    await client.close();
  });

  it('saves a draft on change and offers it for restore on the next visit', async () => {
    const { client } = setup();
    const first = createActor(intakeWizardMachine, { input: { client, draftId: 'd1' } }).start();
    await waitFor(first, (s) => s.matches('editing'));
    first.send({ type: 'intake.change', values: { categoryId: 'labour' } });
    first.send({ type: 'intake.next' });
    first.send({ type: 'intake.change', values: { description: '邻居装修噪音持续三个月，影响休息。' } });
    first.stop();
    await client.drafts.flush();

    const second = createActor(intakeWizardMachine, { input: { client, draftId: 'd1' } }).start();
    const offered = await waitFor(second, (s) => s.matches('offeringRestore'));
    expect(offered.context.restorable?.data.description).toBe('邻居装修噪音持续三个月，影响休息。');
    second.send({ type: 'intake.restore' });
    expect(second.getSnapshot().context.step).toBe('details');
    expect(second.getSnapshot().context.form.categoryId).toBe('labour');

    second.send({ type: 'intake.discard' });
    await client.drafts.flush();
    expect(await client.drafts.load('d1')).toBeUndefined();
    expect(second.getSnapshot().context.form.categoryId).toBeUndefined();
    second.stop();
    await client.close();
  });

  it('takes the resident to the first step with problems when submitting too early', async () => {
    const { client } = setup();
    const wizard = createActor(intakeWizardMachine, {
      input: { client, initial: { ...qingshanSampleFiling(), otherParties: [] } },
    }).start();
    await waitFor(wizard, (s) => s.matches('editing'));
    wizard.send({ type: 'intake.go_to', step: 'review' });
    wizard.send({ type: 'intake.submit' });
    const snapshot = wizard.getSnapshot();
    expect(snapshot.matches('editing')).toBe(true);
    expect(snapshot.context.step).toBe('parties');
    expect(snapshot.context.issues.map((i) => i.path)).toContain('otherParties');
    wizard.stop();
    await client.close();
  });
});

describe('case tracker actor', () => {
  it('looks a case up, follows staff progress live, and sends resident actions', async () => {
    const { client, backend } = setup();
    const receipt = await client.fileCase(qingshanSampleFiling());
    const tracker = createActor(caseTrackerMachine, { input: { client } }).start();

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
    const tracker = createActor(caseTrackerMachine, {
      input: { client, access: { trackingToken: receipt.trackingToken } },
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
    const actor = createActor(consultationRequestMachine, { input: { client } }).start();
    await waitFor(actor, (s) => s.matches('editing'));
    actor.send({ type: 'consultation.submit' });
    expect(actor.getSnapshot().context.issues.map((i) => i.path)).toEqual(
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

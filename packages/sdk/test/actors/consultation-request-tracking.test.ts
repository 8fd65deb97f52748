// What <jf-consult-request> needs of the consultation actor beyond the request itself: opening a
// consultation from its tracking link, seeing staff's progress without a reload (each status
// announced once), and handing the words over to the intake form ("this needs a case").
import { qingshanSampleConsultation } from '@jiefen/core/demo';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import {
  type ConsultationRequestEmitted,
  createClient,
  createConsultationRequest,
  createLocalBackend,
  handOverToIntakeDraft,
  intakeFormFromConsultation,
  type JiefenClient,
  memoryStorage,
} from '../../src/index.js';

function localClient() {
  const backend = createLocalBackend();
  return { backend, client: createClient({ backend, storage: memoryStorage(), drafts: { debounceMs: 0 } }) };
}

async function requested(client: JiefenClient, input: { refreshIntervalMs?: number } = {}) {
  const actor = createActor(createConsultationRequest(client), { input }).start();
  const emitted: ConsultationRequestEmitted[] = [];
  actor.on('*', (event) => emitted.push(event as ConsultationRequestEmitted));
  await waitFor(actor, (s) => s.matches('editing'));
  actor.send({ type: 'consultation.change', values: qingshanSampleConsultation() });
  actor.send({ type: 'consultation.submit' });
  const received = await waitFor(actor, (s) => s.matches({ received: 'ready' }));
  return { actor, emitted, receipt: received.context.receipt! };
}

describe('the consultation actor for a view', () => {
  it('opens a consultation from its tracking link, without the form or a receipt', async () => {
    const { client } = localClient();
    const { actor, receipt } = await requested(client);
    actor.stop();

    // A fresh actor given the link's access: it does not look in the outbox for a request of its own.
    const fromLink = createActor(createConsultationRequest(client), {
      input: { access: { consultationNumber: receipt.consultationNumber, trackingToken: receipt.trackingToken } },
    }).start();
    const opened = await waitFor(fromLink, (s) => s.matches({ received: 'ready' }));
    expect(opened.context.view?.consultationNumber).toBe(receipt.consultationNumber);
    expect(opened.context.view?.status).toBe('requested');
    expect(opened.context.receipt).toBeUndefined();
    fromLink.stop();
    await client.close();
  });

  it('follows staff progress live and announces each new status once', async () => {
    const { backend, client } = localClient();
    const { actor, emitted, receipt } = await requested(client, { refreshIntervalMs: 20 });
    expect(emitted.map((e) => e.type)).toEqual(['submitted', 'received']);

    await backend.staff.transitionConsultation(receipt.consultationNumber, {
      type: 'consultation.assign',
      lawyer: '李律师',
    });
    await waitFor(actor, (s) => s.context.view?.status === 'assigned');
    await backend.staff.transitionConsultation(receipt.consultationNumber, {
      type: 'consultation.schedule',
      at: '2030-03-04T02:00:00.000Z',
      channel: 'phone',
    });
    const scheduled = await waitFor(actor, (s) => s.context.view?.status === 'scheduled');
    expect(scheduled.context.view?.appointment).toEqual({ at: '2030-03-04T02:00:00.000Z', channel: 'phone' });
    // Several lookups and pushes ran in between; each status is told once.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(emitted.filter((e) => e.type === 'updated')).toEqual([
      { type: 'updated', status: 'assigned', previous: 'requested' },
      { type: 'updated', status: 'scheduled', previous: 'assigned' },
    ]);
    actor.stop();
    await client.close();
  });

  it('merges the question into the intake answers without losing what either side holds', () => {
    const consultation = { question: '老板拖欠三个月工资，需要立案吗？', name: '王秀英', phone: '13800138000' };
    expect(intakeFormFromConsultation(consultation)).toEqual({
      description: '老板拖欠三个月工资，需要立案吗？',
      applicant: { kind: 'person', name: '王秀英', phone: '13800138000' },
    });
    const intake = {
      categoryId: 'labour',
      description: '在工地干了半年。',
      applicant: { kind: 'person', name: '王大妈' },
    } as const;
    expect(intakeFormFromConsultation(consultation, intake as never)).toEqual({
      categoryId: 'labour',
      description: '在工地干了半年。\n\n老板拖欠三个月工资，需要立案吗？',
      applicant: { kind: 'person', name: '王大妈', phone: '13800138000' },
    });
  });

  it('hands over into the intake draft on this device, which the intake form then offers', async () => {
    const { client } = localClient();
    const merged = await handOverToIntakeDraft(client, { question: '邻居占了我家的宅基地，能不能立案？' }, 'intake');
    const draft = await client.drafts.load('intake');
    expect(draft?.kind).toBe('case');
    expect(draft?.data).toEqual(merged);
    expect(draft?.step).toBe('details');
    await client.close();
  });
});

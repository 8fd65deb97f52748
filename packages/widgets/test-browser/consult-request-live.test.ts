// <jf-consult-request> against the real reference server (the test runner's `jiefenServerPlugin`):
// configured by its attributes only, opened from the consultation's tracking link, and following it
// live over the server's event stream while staff move it over the staff HTTP API. The lookup
// interval is an hour, so only the stream can bring the changes in time.
import 'axe-core/axe.min.js';
import { qingshanSampleConsultation } from '@jiefen/core/demo';
import { createClient, memoryStorage } from '@jiefen/sdk';
import { createRestBackend } from '@jiefen/sdk/rest';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { JfConsultRequest } from '../src/consult-request/consult-request.js';
import { cpart, croot, expectNoAxeViolations, screenOfConsult, settledConsult } from './support/consult.js';
import { liveServerUrl, staffCommand } from './support/live-staff.js';

const staff = (consultationNumber: string, as: string, command: Record<string, unknown>) =>
  staffCommand({ consultationNumber }, as, command);
const trackingText = (el: JfConsultRequest) => cpart(el, 'tracking')?.textContent ?? '';
/** Lookups of the consultation this page has made (Resource Timing), the event stream left out. */
const lookups = (number: string) =>
  performance
    .getEntriesByType('resource')
    .filter((e) => e.name.includes(`/consultations/${encodeURIComponent(number)}`) && !e.name.includes('/events'))
    .length;

describe('<jf-consult-request> live against the real server', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('shows the lawyer and then the answer as staff give them, with no lookup, announced politely', async function () {
    // The server starts once per run (compiled from source on first use): allow for a slow machine.
    this.timeout(120_000);
    const url = await liveServerUrl();
    const resident = createClient({
      backend: createRestBackend({ baseUrl: url, tenant: 'qingshan' }),
      storage: memoryStorage(),
    });
    const receipt = await resident.requestConsultation(qingshanSampleConsultation());
    await resident.close();

    history.replaceState(
      null,
      '',
      `${location.pathname}#jf-consultation=${encodeURIComponent(`${receipt.consultationNumber}.${receipt.trackingToken}`)}`,
    );
    const el = await fixture<JfConsultRequest>(
      html`<jf-consult-request endpoint=${url} tenant="qingshan" lang="zh-CN" refresh-interval="3600"></jf-consult-request>`,
    );
    await settledConsult(el);
    await waitUntil(
      () => screenOfConsult(el) === 'received' && cpart(el, 'tracking'),
      'the consultation from the server',
      {
        timeout: 15_000,
      },
    );
    expect(cpart(el, 'tracking')!.dataset.status).to.equal('requested');
    const lookedUp = lookups(receipt.consultationNumber);
    expect(lookedUp, 'the lookup that opened it').to.be.greaterThan(0);
    const polite = [...croot(el).querySelectorAll('[aria-live="polite"], [role="status"]')];
    expect(polite.length).to.be.greaterThan(0);

    await staff(receipt.consultationNumber, 'coordinator', { type: 'consultation.assign', lawyer: '值班律师王敏' });
    await waitUntil(() => trackingText(el).includes('值班律师王敏'), 'the lawyer, live', { timeout: 15_000 });
    expect(cpart(el, 'tracking')!.dataset.status).to.equal('assigned');

    const answer = '可以向劳动人事争议仲裁委员会申请仲裁，仲裁不收费；带上工资条、考勤记录和聊天记录。';
    await staff(receipt.consultationNumber, 'coordinator', { type: 'consultation.answer', summary: answer });
    await waitUntil(() => trackingText(el).includes('劳动人事争议仲裁委员会'), 'the answer, live', { timeout: 15_000 });
    expect(cpart(el, 'tracking')!.dataset.status).to.equal('answered');
    // Only the stream brought them: no lookup since the element opened it.
    expect(lookups(receipt.consultationNumber)).to.equal(lookedUp);
    await expectNoAxeViolations(el, 'answered, live');
  });
});

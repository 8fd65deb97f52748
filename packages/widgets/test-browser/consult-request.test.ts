// <jf-consult-request> in real Chromium on the SDK's local backend (demo tenant 青山区, memory
// storage): every state of the request and of its tracking, events, focus, and axe-core (WCAG 2.2
// AA) with zero violations in each state.
import 'axe-core/axe.min.js';
import { qingshanTenant } from '@jiefen/core/demo';
import { JiefenNetworkError, memoryStorage } from '@jiefen/sdk';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { JfConsultRequest } from '../src/consult-request/consult-request.js';
import {
  answerRequest,
  backendWith,
  buttonNamed,
  clickIn,
  clientWith,
  cpart,
  croot,
  expectNoAxeViolations,
  mountConsult,
  QUESTION,
  recordConsultEvents,
  screenOfConsult,
  settledConsult,
  submitRequest,
  typeInto,
} from './support/consult.js';

describe('<jf-consult-request> states', () => {
  it('loading: busy, says so, no violations', async () => {
    const client = clientWith(backendWith({ getTenantConfig: () => new Promise(() => {}) }));
    const el = await fixture<JfConsultRequest>(
      html`<jf-consult-request .client=${client} lang="zh-CN"></jf-consult-request>`,
    );
    await waitUntil(() => croot(el).textContent?.includes('正在加载'), 'the loading text');
    expect(cpart(el, 'base')!.getAttribute('aria-busy')).to.equal('true');
    await expectNoAxeViolations(el, 'loading');
  });

  it('configuration failed: an alert with the reason, and retry recovers', async () => {
    let fail = true;
    const working = backendWith();
    const client = clientWith(
      backendWith({
        getTenantConfig: (options) =>
          fail ? Promise.reject(new JiefenNetworkError()) : working.getTenantConfig(options),
      }),
    );
    const el = await mountConsult(client);
    expect(screenOfConsult(el)).to.equal('failed');
    const alert = croot(el).querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('咨询表单暂时无法打开');
    expect(alert.textContent).to.contain('网络连接失败');
    await expectNoAxeViolations(el, 'failed');
    fail = false;
    await clickIn(el, '.problem button');
    await settledConsult(el);
    expect(screenOfConsult(el)).to.equal('editing');
  });

  it('setup missing: attributes that name no usable backend say so', async () => {
    const el = await fixture<JfConsultRequest>(
      html`<jf-consult-request backend="rest" lang="zh-CN"></jf-consult-request>`,
    );
    await waitUntil(() => croot(el).querySelector('[role="alert"]'), 'the setup problem');
    expect(croot(el).querySelector('[role="alert"]')!.textContent).to.contain('请设置 tenant');
    await expectNoAxeViolations(el, 'setup missing');
  });

  it("editing: the tenant's topics, the three channels, no violations", async () => {
    const el = await mountConsult();
    const topics = [...croot(el).querySelectorAll<HTMLInputElement>('input[name="f-topicId"]')].map((i) => i.value);
    expect(topics).to.deep.equal(qingshanTenant.consultationTopics.map((t) => t.id));
    const channels = [...croot(el).querySelectorAll<HTMLInputElement>('input[name="f-channel"]')].map((i) => i.value);
    expect(channels).to.deep.equal(['phone', 'video', 'in_person']);
    expect(cpart(el, 'status')!.textContent).to.contain('自动保存在本设备');
    await expectNoAxeViolations(el, 'editing');
  });

  it('errors: an empty submit lists the problems, focused, each linked to its field', async () => {
    const el = await mountConsult();
    await submitRequest(el);
    const summary = cpart(el, 'error-summary')!;
    expect(croot(el).activeElement).to.equal(summary);
    const links = [...summary.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).to.include.members(['#f-topicId', '#f-question', '#f-channel', '#f-name', '#f-phone']);
    expect(croot(el).getElementById('f-question')!.getAttribute('aria-invalid')).to.equal('true');
    await expectNoAxeViolations(el, 'errors');
    (summary.querySelector('a[href="#f-question"]') as HTMLElement).click();
    await el.updateComplete;
    await el.updateComplete;
    expect(croot(el).activeElement?.id).to.equal('f-question');
    // Answering a question clears its problem.
    await typeInto(el, 'f-question', QUESTION);
    expect(croot(el).getElementById('f-question')!.getAttribute('aria-invalid')).to.equal('false');
  });

  it('a preferred time window that ends before it starts is refused at its field', async () => {
    const el = await mountConsult();
    await answerRequest(el);
    buttonNamed(el, '添加一个时间段').click();
    await el.updateComplete;
    await el.updateComplete;
    expect(croot(el).activeElement?.id).to.equal('f-preferredTimes-0-from');
    const set = async (id: string, value: string) => {
      const input = croot(el).getElementById(id) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      await el.updateComplete;
    };
    await set('f-preferredTimes-0-from', '2030-03-04T15:00');
    await set('f-preferredTimes-0-to', '2030-03-04T10:00');
    await submitRequest(el);
    expect(screenOfConsult(el)).to.equal('editing');
    expect(cpart(el, 'error-summary')!.textContent).to.contain('您方便的时间');
    await expectNoAxeViolations(el, 'time window refused');
    await set('f-preferredTimes-0-to', '2030-03-04T17:00');
    await submitRequest(el);
    await waitUntil(() => screenOfConsult(el) === 'received', 'received');
    expect(el.snapshot!.context.view!.request.preferredTimes).to.have.length(1);
  });

  it('restore offered: a banner with the date; continuing brings the question back', async () => {
    const storage = memoryStorage();
    const first = await mountConsult(clientWith(backendWith(), { storage }), { id: 'restore' });
    await typeInto(first, 'f-question', QUESTION);
    await first.client!.drafts.flush();
    first.remove();

    const el = await mountConsult(clientWith(backendWith(), { storage }), { id: 'restore' });
    expect(screenOfConsult(el)).to.equal('offeringRestore');
    const banner = cpart(el, 'restore-banner')!;
    expect(banner.textContent).to.contain('发现未提交的咨询');
    expect(banner.textContent).to.match(/\d{4}年\d{1,2}月\d{1,2}日/);
    await expectNoAxeViolations(el, 'restore offered');
    const events = recordConsultEvents(el, ['jf-draft-restored']);
    await clickIn(el, '[part="restore-banner"] .primary');
    await settledConsult(el);
    expect((croot(el).getElementById('f-question') as HTMLTextAreaElement).value).to.equal(QUESTION);
    expect(events.map((e) => e.type)).to.deep.equal(['jf-draft-restored']);
    expect(croot(el).activeElement?.id).to.equal('form-heading');
  });

  it('offline: saved on this device, said so, and sent once when the resident says "send now"', async () => {
    let offline = true;
    const inner = backendWith();
    let sent = 0;
    const client = clientWith(
      backendWith({
        requestConsultation: (request, options) => {
          if (offline) return Promise.reject(new JiefenNetworkError());
          sent += 1;
          return inner.requestConsultation(request, options);
        },
      }),
    );
    const el = await mountConsult(client);
    const events = recordConsultEvents(el, ['jf-consultation-requested', 'jf-consultation-received']);
    await answerRequest(el);
    await submitRequest(el);
    await waitUntil(() => cpart(el, 'status')?.getAttribute('data-state') === 'saved', 'saved on this device');
    expect(cpart(el, 'status')!.textContent).to.contain('已保存在本设备，联网后自动提交');
    expect(croot(el).textContent).to.contain('您的咨询已保存在本设备');
    await expectNoAxeViolations(el, 'offline, saved');
    expect(events.map((e) => e.type)).to.deep.equal(['jf-consultation-requested']);

    offline = false;
    buttonNamed(el, '立即提交').click();
    await waitUntil(() => screenOfConsult(el) === 'received', 'received');
    await settledConsult(el);
    expect(sent).to.equal(1);
    expect(events.map((e) => e.type)).to.deep.equal(['jf-consultation-requested', 'jf-consultation-received']);
  });

  it('sending: says so while the backend has not answered', async () => {
    const client = clientWith(backendWith({ requestConsultation: () => new Promise(() => {}) }));
    const el = await mountConsult(client);
    await answerRequest(el);
    cpart(el, 'submit-button')!.click();
    await waitUntil(() => cpart(el, 'status')?.getAttribute('data-state') === 'sending', 'sending');
    expect(cpart(el, 'status')!.textContent).to.contain('正在提交');
    await expectNoAxeViolations(el, 'sending');
  });

  it('received: number, access code shown once, copy, QR code of the tracking link', async () => {
    const storage = memoryStorage();
    const backend = backendWith();
    const el = await mountConsult(clientWith(backend, { storage }));
    await answerRequest(el);
    await submitRequest(el);
    await waitUntil(() => cpart(el, 'receipt'), 'the receipt');
    const receipt = cpart(el, 'receipt')!;
    const number = cpart(el, 'consultation-number')!.textContent!.trim();
    const code = cpart(el, 'access-code')!.textContent!.trim();
    expect(number).to.equal(el.snapshot!.context.receipt!.consultationNumber);
    expect(code).to.have.length.greaterThan(4);
    expect(croot(el).activeElement?.id).to.equal('receipt-heading');
    await waitUntil(() => cpart(el, 'qr-code'), 'the QR code');
    const link = receipt.querySelector('a')!.getAttribute('href')!;
    expect(link).to.contain(`#jf-consultation=${encodeURIComponent(number)}.`);
    expect(link).not.to.contain('?');
    expect(cpart(el, 'tracking')!.getAttribute('data-status')).to.equal('requested');
    expect(croot(el).querySelector('[data-now]')!.textContent).to.contain('正在等待中心为您分配');
    await expectNoAxeViolations(el, 'received');
    el.remove();

    // After a reload the consultation is followed again, but the access code is not shown twice.
    const again = await mountConsult(clientWith(backend, { storage }));
    expect(screenOfConsult(again)).to.equal('received');
    expect(cpart(again, 'access-code')).to.equal(null);
    expect(cpart(again, 'tracking')!.textContent).to.contain(number);
  });
});

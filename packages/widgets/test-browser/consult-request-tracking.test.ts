// <jf-consult-request> after the request: each stage of the consultation as staff move it (on the
// local backend's staff operations), rating, cancelling with a confirmation, an action waiting
// offline, and opening a consultation from its tracking link. Zero axe violations in each state.
import 'axe-core/axe.min.js';
import { JiefenNetworkError, type LocalBackend, memoryStorage } from '@jiefen/sdk';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { JfConsultRequest } from '../src/consult-request/consult-request.js';
import {
  answerRequest,
  backendWith,
  buttonNamed,
  clientWith,
  cpart,
  croot,
  expectNoAxeViolations,
  mountConsult,
  recordConsultEvents,
  screenOfConsult,
  settledConsult,
  submitRequest,
  typeInto,
} from './support/consult.js';

const APPOINTMENT = '2030-03-04T02:00:00.000Z';
const ANSWER = '可以先向劳动监察大队投诉，也可以申请劳动仲裁，仲裁不收费。带上工资条和聊天记录。';

/** A received consultation on a local backend whose staff side the test drives. */
async function received(options: { refresh?: number; backend?: LocalBackend } = {}) {
  const backend = (options.backend ?? backendWith()) as LocalBackend;
  const el = await mountConsult(clientWith(backend), { refresh: options.refresh ?? 0 });
  await answerRequest(el);
  await submitRequest(el);
  await waitUntil(() => screenOfConsult(el) === 'received' && cpart(el, 'tracking'), 'received');
  const number = el.snapshot!.context.receipt!.consultationNumber;
  const staff = (command: Parameters<LocalBackend['staff']['transitionConsultation']>[1]) =>
    backend.staff.transitionConsultation(number, command);
  return { el, backend, number, staff };
}

async function refresh(el: JfConsultRequest) {
  buttonNamed(el, '刷新进展').click();
  await settledConsult(el, 'the lookup');
}

const statusOf = (el: JfConsultRequest) => cpart(el, 'tracking')!.getAttribute('data-status');
const nowText = (el: JfConsultRequest) => croot(el).querySelector('[data-now]')!.textContent!.trim();
const currentStage = (el: JfConsultRequest) =>
  croot(el).querySelector('[part="stages"] [aria-current="step"]')?.closest('li')?.getAttribute('data-stage');

describe('<jf-consult-request> tracking', () => {
  it('shows each stage as staff assign, schedule and answer, and the rating closes it', async () => {
    const { el, staff, number } = await received();
    const events = recordConsultEvents(el, ['jf-consultation-updated']);

    await staff({ type: 'consultation.assign', lawyer: '李明律师' });
    await refresh(el);
    expect(statusOf(el)).to.equal('assigned');
    expect(currentStage(el)).to.equal('assigned');
    expect(nowText(el)).to.contain('李明律师已接手您的咨询');
    expect(croot(el).querySelector('[data-announcement]')!.textContent).to.contain('已分配律师');
    await expectNoAxeViolations(el, 'assigned');

    await staff({ type: 'consultation.schedule', at: APPOINTMENT, channel: 'in_person', place: '松林镇综治中心二楼' });
    await refresh(el);
    expect(statusOf(el)).to.equal('scheduled');
    expect(nowText(el)).to.match(/已约定：2030年3月4日.*到中心面谈/);
    expect(cpart(el, 'tracking')!.textContent).to.contain('地点：松林镇综治中心二楼');
    await expectNoAxeViolations(el, 'scheduled');

    await staff({ type: 'consultation.answer', summary: ANSWER });
    await refresh(el);
    expect(statusOf(el)).to.equal('answered');
    expect(croot(el).querySelector('[data-answer]')!.textContent).to.equal(ANSWER);
    expect(cpart(el, 'rating')).not.to.equal(null);
    expect(cpart(el, 'cancel-button')).to.equal(null); // an answered consultation cannot be cancelled
    await expectNoAxeViolations(el, 'answered');

    (croot(el).querySelector('input[name="rating-score"][value="4"]') as HTMLInputElement).click();
    await typeInto(el, 'rating-comment', '讲得很清楚。');
    buttonNamed(el, '提交评价').click();
    await waitUntil(() => statusOf(el) === 'closed', 'closed');
    await settledConsult(el);
    expect(nowText(el)).to.contain('感谢您的评价');
    expect(cpart(el, 'tracking')!.textContent).to.contain('您的评价：4 分');
    expect(cpart(el, 'rating')).to.equal(null);
    await expectNoAxeViolations(el, 'closed');

    expect(events.map((e) => e.detail)).to.deep.equal([
      { consultationNumber: number, status: 'assigned', previous: 'requested' },
      { consultationNumber: number, status: 'scheduled', previous: 'assigned' },
      { consultationNumber: number, status: 'answered', previous: 'scheduled' },
      { consultationNumber: number, status: 'closed', previous: 'answered' },
    ]);
  });

  it("follows staff's progress by itself on its refresh interval, focus left where it was", async () => {
    const { el, staff } = await received({ refresh: 1 });
    const focusedBefore = croot(el).getElementById('tracking-heading')!;
    focusedBefore.focus();
    await staff({ type: 'consultation.assign', lawyer: '值班律师张华' });
    await waitUntil(() => statusOf(el) === 'assigned', 'the interval lookup', { timeout: 5000 });
    expect(nowText(el)).to.contain('值班律师张华');
    expect(croot(el).activeElement).to.equal(focusedBefore);
  });

  it('cancels only after a confirmation that says what cancelling means', async () => {
    const { el } = await received();
    cpart(el, 'cancel-button')!.click();
    await el.updateComplete;
    await el.updateComplete;
    const confirm = cpart(el, 'cancel-confirm')!;
    expect(croot(el).activeElement?.id).to.equal('cancel-title');
    expect(confirm.textContent).to.contain('取消后律师不会再联系您');
    await expectNoAxeViolations(el, 'cancel confirmation');
    buttonNamed(el, '不取消').click();
    await el.updateComplete;
    expect(cpart(el, 'cancel-confirm')).to.equal(null);
    expect(statusOf(el)).to.equal('requested');

    cpart(el, 'cancel-button')!.click();
    await el.updateComplete;
    await typeInto(el, 'cancel-reason', '老板已经把工资结清了');
    buttonNamed(el, '确定取消').click();
    await waitUntil(() => statusOf(el) === 'cancelled', 'cancelled');
    await settledConsult(el);
    expect(nowText(el)).to.contain('您已取消这次咨询');
    expect(cpart(el, 'stages')).to.equal(null);
    expect(cpart(el, 'cancel-button')).to.equal(null);
    await expectNoAxeViolations(el, 'cancelled');
  });

  it('an action made offline shows as saved on this device and is sent when online', async () => {
    const inner = backendWith() as LocalBackend;
    let offline = false;
    const backend = backendWith({
      requestConsultation: (r, o) => inner.requestConsultation(r, o),
      getConsultation: (a, o) => inner.getConsultation(a, o),
      sendConsultationAction: (access, command, options) =>
        offline ? Promise.reject(new JiefenNetworkError()) : inner.sendConsultationAction(access, command, options),
    }) as LocalBackend;
    const { el } = await received({ backend });
    offline = true;
    cpart(el, 'cancel-button')!.click();
    await el.updateComplete;
    buttonNamed(el, '确定取消').click();
    await waitUntil(() => croot(el).querySelector('[data-action-state="saved"]'), 'the action saved');
    expect(croot(el).querySelector('[data-action-state]')!.textContent).to.contain('已保存在本设备，联网后自动发送');
    await expectNoAxeViolations(el, 'action saved offline');
    offline = false;
    buttonNamed(el, '立即发送').click();
    await waitUntil(() => statusOf(el) === 'cancelled', 'cancelled once online');
  });
});

describe('<jf-consult-request> opened from a tracking link', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('shows the consultation the fragment names, on a device that never saw it', async () => {
    const backend = backendWith() as LocalBackend;
    const requester = clientWith(backend);
    const receipt = await requester.requestConsultation({
      topicId: 'general',
      question: '村里要征收我家的承包地，补偿标准怎么算？',
      channel: 'video',
      preferredTimes: [],
      name: '赵建国',
      phone: '13900139000',
      locale: 'zh-CN',
    });
    await backend.staff.transitionConsultation(receipt.consultationNumber, {
      type: 'consultation.assign',
      lawyer: '村法律顾问陈静',
    });
    history.replaceState(
      null,
      '',
      `#jf-consultation=${encodeURIComponent(`${receipt.consultationNumber}.${receipt.trackingToken}`)}`,
    );

    const el = await fixture<JfConsultRequest>(
      html`<jf-consult-request .client=${clientWith(backend, { storage: memoryStorage() })} lang="zh-CN" refresh-interval="0"></jf-consult-request>`,
    );
    await settledConsult(el);
    expect(screenOfConsult(el)).to.equal('received');
    expect(cpart(el, 'receipt')).to.equal(null); // no access code on a link
    expect(nowText(el)).to.contain('村法律顾问陈静');
    await expectNoAxeViolations(el, 'opened from a link');
  });

  it('says so when the link does not work', async () => {
    history.replaceState(null, '', '#jf-consultation=JC-20300101-AAAAA.jft_wrong');
    const el = await fixture<JfConsultRequest>(
      html`<jf-consult-request .client=${clientWith()} lang="zh-CN" refresh-interval="0"></jf-consult-request>`,
    );
    await settledConsult(el);
    await waitUntil(() => croot(el).querySelector('[role="alert"]'), 'the lookup problem');
    expect(croot(el).querySelector('[role="alert"]')!.textContent).to.contain('没有找到这次咨询');
    await expectNoAxeViolations(el, 'link not found');
    buttonNamed(el, '再咨询一个问题').click();
    await settledConsult(el);
    expect(screenOfConsult(el)).to.equal('editing');
  });
});

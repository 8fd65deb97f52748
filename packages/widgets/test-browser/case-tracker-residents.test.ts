// <jf-case-tracker> as residents use it, in real Chromium on the SDK's local backend: keyboard only,
// the tracking link in the fragment, remember / forget on this device, locales, elder mode, 320 px,
// an action through the outbox (saved offline, found again after a reload, sent once), withdrawal's
// confirmation, live updates announced without moving focus, and print.
import 'axe-core/axe.min.js';
import { createClient, JiefenNetworkError, memoryStorage } from '@jiefen/sdk';
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { JfCaseTracker } from '../src/case-tracker/case-tracker.js';
import { axeViolations } from './support/axe.js';
import { caseAt, loopClient } from './support/case-loop.js';
import { mountTracker, part, parts, recordEvents, root, settled, typeInto } from './support/tracker.js';

const REMEMBER_KEY = 'jiefen.tracker.qingshan';
const focusedId = (el: JfCaseTracker) => (root(el).activeElement as HTMLElement | null)?.id;

async function tab(times = 1) {
  for (let i = 0; i < times; i += 1) await sendKeys({ press: 'Tab' });
}

/** Press Tab until the element with `id` has focus (a keyboard user's path, bounded). */
async function tabTo(el: JfCaseTracker, id: string) {
  for (let i = 0; i < 40 && focusedId(el) !== id; i += 1) await tab();
  expect(focusedId(el), `Tab reaches #${id}`).to.equal(id);
}

describe('<jf-case-tracker> lookup', () => {
  beforeEach(() => localStorage.removeItem(REMEMBER_KEY));
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('keyboard only: Tab to the fields, type, Enter opens the case and focus moves to its heading', async () => {
    const { client, receipt } = await caseAt('routing');
    const events = recordEvents(document.body, ['jf-case-opened']);
    const el = await mountTracker(client);
    expect(await axeViolations(root(el))).to.deep.equal([]);
    (root(el).querySelector('[part~="elder-toggle"]') as HTMLElement).focus();
    await tabTo(el, 'case-number');
    await sendKeys({ type: receipt.caseNumber.toLowerCase() });
    await tab();
    expect(focusedId(el)).to.equal('access-code');
    await sendKeys({ type: receipt.accessCode });
    await sendKeys({ press: 'Enter' });
    await settled(el, 'the case');
    await waitUntil(() => focusedId(el) === 'case-heading', 'focus on the case heading');
    expect(root(el).getElementById('case-heading')!.textContent).to.contain(receipt.caseNumber);
    expect(events).to.deep.equal([
      { type: 'jf-case-opened', detail: { caseNumber: receipt.caseNumber, via: 'lookup' } },
    ]);
    expect(localStorage.getItem(REMEMBER_KEY), 'not remembered unless asked').to.equal(null);
  });

  it('keyboard only: an action (withdraw) from its button through the confirmation', async () => {
    const { client, receipt } = await caseAt('routing');
    const events = recordEvents(document.body, ['jf-action-sent']);
    const el = await mountTracker(client, { token: receipt.trackingToken });
    (part(el, 'print-button') as HTMLElement).focus();
    await tabTo(el, 'withdraw-start');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => focusedId(el) === 'withdraw-heading', 'focus on the confirmation');
    await tabTo(el, 'act-withdraw-reason');
    await sendKeys({ type: '双方已经和解' });
    await tab();
    expect(focusedId(el)).to.equal('withdraw-confirm');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => events.length === 1, 'the withdrawal sent');
    expect(events[0]!.detail).to.deep.equal({ caseNumber: receipt.caseNumber, action: 'withdraw' });
    await waitUntil(() => part(el, 'ending'), 'the ending');
  });

  it('empty fields: errors on the fields, focus on the first, nothing looked up', async () => {
    const { client } = loopClient();
    const el = await mountTracker(client);
    (part(el, 'lookup-button') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(root(el).getElementById('case-number')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root(el).getElementById('case-number-error')!.textContent).to.contain('请填写案件编号');
    expect(focusedId(el)).to.equal('case-number');
    expect(el.snapshot!.value).to.equal('idle');
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });

  it('a wrong access code: a localized alert, back on the form', async () => {
    const { client, receipt } = await caseAt('registration');
    const el = await mountTracker(client, { lang: 'en' });
    typeInto(el, 'case-number', receipt.caseNumber);
    typeInto(el, 'access-code', 'WRONG-CODE-1');
    (part(el, 'lookup-button') as HTMLButtonElement).click();
    await waitUntil(() => root(el).querySelector('[role="alert"]'), 'the alert');
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('No case was found');
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });

  it('the tracking link: opens from #jf-track=, and the token leaves the address bar (other fragment parts stay)', async () => {
    const { client, receipt } = await caseAt('registration');
    const events = recordEvents(document.body, ['jf-case-opened']);
    history.replaceState(
      null,
      '',
      `${location.pathname}?page=1#jf-track=${encodeURIComponent(receipt.trackingToken)}&tab=2`,
    );
    const el = await mountTracker(client);
    expect(root(el).getElementById('case-heading')!.textContent).to.contain(receipt.caseNumber);
    expect(location.href).to.not.contain(receipt.trackingToken);
    expect(location.hash).to.equal('#tab=2');
    expect(location.search).to.equal('?page=1');
    expect(events.at(-1)).to.deep.equal({
      type: 'jf-case-opened',
      detail: { caseNumber: receipt.caseNumber, via: 'link' },
    });
  });

  it('remember on this device only when ticked; reopened next time; forget removes it', async () => {
    const { client, receipt } = await caseAt('registration');
    const el = await mountTracker(client);
    typeInto(el, 'case-number', receipt.caseNumber);
    typeInto(el, 'access-code', receipt.accessCode);
    (root(el).querySelector('input[name="remember"]') as HTMLInputElement).click();
    (part(el, 'lookup-button') as HTMLButtonElement).click();
    await settled(el, 'the case');
    expect(JSON.parse(localStorage.getItem(REMEMBER_KEY)!)).to.deep.equal({
      caseNumber: receipt.caseNumber,
      accessCode: receipt.accessCode,
    });
    el.remove();

    const again = await mountTracker(client);
    expect(root(again).getElementById('case-heading')!.textContent).to.contain(receipt.caseNumber);
    expect(part(again, 'remember')!.textContent).to.contain('这台设备已记住此案件');
    (part(again, 'remember')!.querySelector('button') as HTMLButtonElement).click();
    await again.updateComplete;
    expect(localStorage.getItem(REMEMBER_KEY)).to.equal(null);
    expect(part(again, 'remember')).to.equal(null);
    again.remove();

    const third = await mountTracker(client);
    expect(third.snapshot!.value).to.equal('idle');
  });
});

describe('<jf-case-tracker> presentation', () => {
  afterEach(async () => {
    history.replaceState(null, '', location.pathname);
    await setViewport({ width: 800, height: 600 });
  });

  it('switches locale with the lang attribute: stages, heading and timeline follow', async () => {
    const { client, receipt } = await caseAt('joint_handling');
    const el = await mountTracker(client, { token: receipt.trackingToken });
    expect(part(el, 'stages')!.textContent).to.contain('部门联办');
    el.lang = 'zh-HK';
    await waitUntil(() => part(el, 'stages')!.textContent!.includes('部門聯辦'), 'zh-HK strings');
    el.lang = 'en';
    await waitUntil(() => part(el, 'stages')!.textContent!.includes('Departments at work'), 'English strings');
    expect(
      parts(el, 'timeline-entry')
        .map((e) => e.textContent)
        .join(' '),
    ).to.contain('acknowledged');
    expect(root(el).querySelector('[part~="base"]')!.getAttribute('lang')).to.equal('en');
  });

  it('elder mode: plainer title, larger type, still no axe violations', async () => {
    const { client, receipt } = await caseAt('follow_up');
    const el = await mountTracker(client, { token: receipt.trackingToken });
    const normal = Number.parseFloat(getComputedStyle(root(el).querySelector('.title')!).fontSize);
    (part(el, 'elder-toggle') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(el.hasAttribute('elder')).to.equal(true);
    expect(root(el).querySelector('.title')!.textContent).to.contain('查一查我的案件办到哪一步了');
    expect(Number.parseFloat(getComputedStyle(root(el).querySelector('.title')!).fontSize)).to.be.greaterThan(normal);
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });

  it('320 px: nothing wider than the screen, no axe violations', async () => {
    await setViewport({ width: 320, height: 640 });
    const { client, receipt } = await caseAt('mediation');
    const el = await mountTracker(client, { token: receipt.trackingToken });
    for (const node of root(el).querySelectorAll('section, li, button'))
      expect((node as HTMLElement).getBoundingClientRect().right, (node as HTMLElement).className).to.be.at.most(321);
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });

  it('print: a button that calls window.print(), and print styles that hide the controls', async () => {
    const { client, receipt } = await caseAt('mediation');
    const el = await mountTracker(client, { token: receipt.trackingToken });
    let printed = 0;
    const original = window.print;
    window.print = () => {
      printed += 1;
    };
    try {
      (part(el, 'print-button') as HTMLButtonElement).click();
    } finally {
      window.print = original;
    }
    expect(printed).to.equal(1);
    const sheets = (root(el) as ShadowRoot).adoptedStyleSheets.flatMap((s) => [...s.cssRules]);
    const print = sheets.find((r) => r instanceof CSSMediaRule && r.conditionText === 'print') as CSSMediaRule;
    expect(print, '@media print').to.not.equal(undefined);
    expect(print.cssText).to.contain('.actions');
    window.dispatchEvent(new Event('beforeprint'));
    await el.updateComplete;
    expect(parts(el, 'timeline-entry').length).to.equal(el.snapshot!.context.view!.timeline.length);
    window.dispatchEvent(new Event('afterprint'));
  });
});

describe('<jf-case-tracker> actions', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('supply information: only the requested fields, labelled from the category', async () => {
    const { client, receipt } = await caseAt('information_requested');
    const el = await mountTracker(client, { token: receipt.trackingToken });
    const form = root(el).querySelector('[data-action="supply_information"]')!;
    await waitUntil(() => form.textContent!.includes('被拖欠工资几个月？'), 'the category label');
    const names = [...form.querySelectorAll('input, textarea')].map((c) => (c as HTMLInputElement).name);
    expect(names).to.deep.equal(['answer.months_unpaid', 'files', 'message']);
    typeInto(el, 'act-supply_information-answer.months_unpaid', '4');
    typeInto(el, 'act-supply_information-message', '工资条照片稍后补上，拖欠了四个月。');
    const events = recordEvents(document.body, ['jf-action-sent']);
    (form.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await waitUntil(() => events.length === 1, 'the action sent');
    expect(events[0]!.detail).to.deep.equal({ caseNumber: receipt.caseNumber, action: 'supply_information' });
    await waitUntil(() => part(el, 'action-status')!.dataset.state === 'done', 'done');
    expect(part(el, 'action-status')!.textContent).to.contain('已送达中心');
    expect(root(el).querySelector('[data-action="supply_information"]')).to.equal(null);
  });

  it('withdraw asks first and says what it means; keep the case puts focus back; confirming withdraws', async () => {
    const { client, receipt } = await caseAt('routing');
    const el = await mountTracker(client, { token: receipt.trackingToken });
    (root(el).getElementById('withdraw-start') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(focusedId(el)).to.equal('withdraw-heading');
    const confirmation = part(el, 'withdraw-confirmation')!;
    expect(confirmation.textContent).to.contain('案件结束且不能恢复');
    expect(await axeViolations(root(el))).to.deep.equal([]);
    (confirmation.querySelector('button.secondary') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(focusedId(el)).to.equal('withdraw-start');
    expect(el.snapshot!.context.view!.withdrawnAt).to.equal(undefined);

    (root(el).getElementById('withdraw-start') as HTMLButtonElement).click();
    await el.updateComplete;
    (part(el, 'withdraw-confirmation')!.querySelector('button.danger') as HTMLButtonElement).click();
    await waitUntil(() => el.snapshot!.context.view?.withdrawnAt, 'withdrawn');
    await waitUntil(() => part(el, 'ending'), 'the ending');
    expect(part(el, 'ending')!.textContent).to.contain('您已撤回此案件');
    expect(parts(el, 'action')).to.deep.equal([]);
  });

  it('the outbox: saved on this device while offline, found again after a reload, sent once with "send now"', async () => {
    const { backend, receipt } = await caseAt('follow_up');
    let online = false;
    let sent = 0;
    const flaky = new Proxy(backend, {
      get(target, property, receiver) {
        if (property === 'sendCaseAction')
          return async (...args: Parameters<typeof backend.sendCaseAction>) => {
            if (!online) throw new JiefenNetworkError();
            sent += 1;
            return target.sendCaseAction(...args);
          };
        return Reflect.get(target, property, receiver);
      },
    });
    const storage = memoryStorage();
    const clientOn = () => createClient({ backend: flaky, storage, outbox: { retryBaseMs: 60_000 } });
    const first = await mountTracker(clientOn(), { token: receipt.trackingToken });
    (root(first).querySelector('input[name="score"][value="4"]') as HTMLInputElement).click();
    typeInto(first, 'act-rate-comment', '调解员很耐心。');
    (root(first).querySelector('[data-action="rate"] button[type="submit"]') as HTMLButtonElement).click();
    await waitUntil(() => part(first, 'action-status')!.dataset.state === 'saved', 'saved on this device');
    expect(part(first, 'action-status')!.textContent).to.contain('已保存在本设备');
    expect(await axeViolations(root(first))).to.deep.equal([]);
    first.remove();

    // A reload: a new client on the same device storage finds the waiting action; then the network is back.
    const events = recordEvents(document.body, ['jf-action-sent']);
    const second = await mountTracker(clientOn(), { token: receipt.trackingToken });
    await waitUntil(() => part(second, 'action-status')!.dataset.state === 'saved', 'found again');
    expect(sent).to.equal(0);
    online = true;
    (part(second, 'action-status')!.querySelector('button') as HTMLButtonElement).click();
    await waitUntil(() => part(second, 'action-status')!.dataset.state === 'done', 'done');
    await waitUntil(() => second.snapshot!.context.view!.followUp?.rating?.score === 4, 'the rating in the view');
    expect(sent).to.equal(1);
    expect(events.map((e) => e.detail)).to.deep.equal([{ caseNumber: receipt.caseNumber, action: 'rate' }]);
    expect(part(second, 'outcome')!.textContent).to.contain('4 分');
  });
});

describe('<jf-case-tracker> live updates', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('staff move the case: a polite announcement, and focus stays where the reader is', async () => {
    const { client, backend, receipt } = await caseAt('registration');
    const el = await mountTracker(client, { token: receipt.trackingToken });
    const live = part(el, 'announcement')!;
    expect(live.getAttribute('aria-live')).to.equal('polite');
    const print = part<HTMLButtonElement>(el, 'print-button')!;
    print.focus();
    const updates = recordEvents(document.body, ['jf-case-updated']);
    await backend.staff.transition(receipt.caseNumber, { type: 'intake.accept', firstLineMediation: false });
    await waitUntil(() => live.textContent!.includes('案件进入新阶段：风险研判'), 'the announcement', {
      timeout: 10_000,
    });
    expect(live.textContent).to.contain('新进展：中心已受理');
    expect(root(el).activeElement).to.equal(print);
    expect(updates.at(-1)!.detail).to.deep.equal({ caseNumber: receipt.caseNumber, stage: 'risk_assessment' });
    expect((root(el).querySelector('[aria-current="step"]') as HTMLElement).dataset.stage).to.equal('risk_assessment');
  });
});

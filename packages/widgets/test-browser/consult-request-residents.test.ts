// <jf-consult-request> for every resident: keyboard only from the first topic to the receipt, a
// 320 px phone, elder mode, the three locales, and "this needs a case" handing the question over
// to the intake form (on the page, or on another page through the intake draft on this device).
import 'axe-core/axe.min.js';
import { memoryStorage } from '@jiefen/sdk';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { JfConsultRequest } from '../src/consult-request/consult-request.js';
import type { JfIntakeForm } from '../src/intake-form/intake-form.js';
import { axeViolations } from './support/axe.js';
import {
  answerRequest,
  backendWith,
  buttonNamed,
  clientWith,
  cpart,
  croot,
  mountConsult,
  QUESTION,
  recordConsultEvents,
  screenOfConsult,
  settledConsult,
  submitRequest,
  typeInto,
} from './support/consult.js';
import { settled } from './support/form.js';

const focusedIn = (el: JfConsultRequest) => croot(el).activeElement;

/** Press Tab until `match` has focus (at most `limit` presses). */
async function tabTo(el: JfConsultRequest, match: (element: Element) => boolean, what: string, limit = 40) {
  for (let i = 0; i < limit; i++) {
    const active = focusedIn(el);
    if (active && match(active)) return active;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${what}; focus is on ${focusedIn(el)?.outerHTML.slice(0, 120)}`);
}

describe('keyboard only', () => {
  it('asks a question from the first topic to the receipt without a pointer', async () => {
    const el = await mountConsult();
    await tabTo(el, (e) => e.getAttribute('name') === 'f-topicId', 'the topics');
    await sendKeys({ press: 'ArrowDown' }); // radios: arrows move and choose
    expect(el.snapshot!.context.form.topicId).to.be.a('string');
    await tabTo(el, (e) => e.id === 'f-question', 'the question');
    await sendKeys({ type: QUESTION });
    await tabTo(el, (e) => e.getAttribute('name') === 'f-channel', 'the channels');
    await sendKeys({ press: 'Space' });
    expect(el.snapshot!.context.form.channel).to.equal('phone');
    await tabTo(el, (e) => e.id === 'f-name', 'the name');
    await sendKeys({ type: '王秀英' });
    await tabTo(el, (e) => e.id === 'f-phone', 'the phone');
    await sendKeys({ type: '13800138000' });
    await sendKeys({ press: 'Enter' }); // submits the form
    await waitUntil(() => screenOfConsult(el) === 'received' && cpart(el, 'receipt'), 'the receipt', {
      timeout: 10_000,
    });
    await el.updateComplete;
    expect(focusedIn(el)?.id).to.equal('receipt-heading');
    await tabTo(el, (e) => e.getAttribute('part') === 'copy-button', 'the copy button');
    // The cancellation's confirmation is reachable and answerable by keyboard too.
    await tabTo(el, (e) => e.getAttribute('part') === 'cancel-button', 'cancel');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(focusedIn(el)?.id).to.equal('cancel-title');
    await tabTo(el, (e) => e.textContent?.trim() === '不取消', 'keep it');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(cpart(el, 'cancel-confirm')).to.equal(null);
  });
});

describe('small screens', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('fits a 320 px wide phone, with 44 px targets, while editing and when received', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await mountConsult();
    const check = async (what: string) => {
      const base = cpart(el, 'base')!;
      expect(base.scrollWidth, `no overflow ${what}`).to.be.at.most(base.clientWidth + 1);
      expect(document.documentElement.scrollWidth, `page width ${what}`).to.be.at.most(320);
      let measured = 0;
      for (const control of croot(el).querySelectorAll<HTMLElement>('button, input[type="radio"], select')) {
        const target = (control.closest('label') ?? control) as HTMLElement;
        const box = target.getBoundingClientRect();
        if (box.width === 0) continue;
        measured += 1;
        expect(box.height, `target height of ${target.outerHTML.slice(0, 60)} ${what}`).to.be.at.least(44);
      }
      expect(measured, `targets measured ${what}`).to.be.greaterThan(2);
      expect(await axeViolations(croot(el))).to.deep.equal([]);
    };
    buttonNamed(el, '添加一个时间段').click();
    await el.updateComplete;
    await check('while editing');
    buttonNamed(el, '删除时间段 1').click();
    await answerRequest(el);
    await submitRequest(el);
    await waitUntil(() => cpart(el, 'receipt'), 'the receipt');
    await check('when received');
  });
});

describe('elder mode', () => {
  it('is larger and plainer, switched by its toggle, which says whether it is on', async () => {
    const plain = await mountConsult();
    const plainSize = Number.parseFloat(getComputedStyle(croot(plain).querySelector('h3')!).fontSize);
    const toggle = cpart(plain, 'elder-toggle')!;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    toggle.click();
    await plain.updateComplete;
    expect(plain.hasAttribute('elder')).to.equal(true);
    expect(plain.matches(':state(elder)')).to.equal(true);
    expect(cpart(plain, 'elder-toggle')!.getAttribute('aria-pressed')).to.equal('true');
    expect(Number.parseFloat(getComputedStyle(croot(plain).querySelector('h3')!).fontSize)).to.be.greaterThan(
      plainSize,
    );
    expect(croot(plain).querySelector('h2')!.textContent).to.equal('我想问问法律问题');
    expect(cpart(plain, 'submit-button')!.textContent!.trim()).to.equal('好了，提交');
    expect(await axeViolations(croot(plain))).to.deep.equal([]);
  });
});

describe('locales', () => {
  it('follows its lang attribute and the page language, errors included', async () => {
    const el = await mountConsult(undefined, { lang: 'en' });
    expect(croot(el).querySelector('h2')!.textContent).to.equal('Ask for legal advice');
    await submitRequest(el);
    await waitUntil(() => cpart(el, 'error-summary')?.textContent?.includes('This field is required'), 'English error');
    el.lang = 'zh-HK';
    await waitUntil(() => croot(el).querySelector('h2')!.textContent === '法律諮詢', 'Traditional Chinese');
    await waitUntil(() => cpart(el, 'error-summary')?.textContent?.includes('請填寫此項'), 'zh-HK error');
    expect(el.snapshot!.context.locale).to.equal('zh-HK');
    expect(await axeViolations(croot(el))).to.deep.equal([]);
    el.removeAttribute('lang');
    const saved = document.documentElement.lang;
    document.documentElement.lang = 'zh-CN';
    await waitUntil(() => croot(el).querySelector('h2')!.textContent === '法律咨询', 'the page language');
    document.documentElement.lang = saved;
  });
});

describe('this needs a case', () => {
  it('hands the question and contact over to the intake form on the page, keeping what it holds', async () => {
    const client = clientWith(backendWith());
    const page = await fixture<HTMLDivElement>(html`<div>
      <jf-consult-request .client=${client} lang="zh-CN" refresh-interval="0"></jf-consult-request>
      <jf-intake-form .client=${client} id="intake" lang="zh-CN"></jf-intake-form>
    </div>`);
    const consult = page.querySelector('jf-consult-request')!;
    const intake = page.querySelector<JfIntakeForm>('jf-intake-form')!;
    await settledConsult(consult);
    await settled(intake);
    await typeInto(consult, 'f-question', QUESTION);
    await typeInto(consult, 'f-name', '王秀英');
    await typeInto(consult, 'f-phone', '13800138000');
    const events = recordConsultEvents(page, ['jf-case-needed']);
    expect(cpart(consult, 'handover')).not.to.equal(null);
    expect(await axeViolations(croot(consult))).to.deep.equal([]);
    buttonNamed(consult, '转为纠纷登记').click();
    await waitUntil(() => intake.snapshot?.context.form.description === QUESTION, 'the intake form filled');
    expect(intake.snapshot!.context.form.applicant).to.deep.include({ name: '王秀英', phone: '13800138000' });
    expect(events).to.have.length(1);
    expect((events[0]!.detail as { prefill: { description: string } }).prefill.description).to.equal(QUESTION);
    await consult.updateComplete;
    expect(cpart(consult, 'handover')!.textContent).to.contain('已把您的问题带到纠纷登记表中');
    // The consultation keeps its own words too.
    expect(consult.snapshot!.context.form.question).to.equal(QUESTION);
  });

  it('without an intake form on the page, fills the intake draft on this device and goes to intake-url', async () => {
    const storage = memoryStorage();
    const client = clientWith(backendWith(), { storage });
    const went: string[] = [];
    const el = await fixture<JfConsultRequest>(html`<jf-consult-request
      .client=${client}
      .navigate=${(url: string) => went.push(url)}
      intake-url="/report.html"
      lang="zh-CN"
      refresh-interval="0"
    ></jf-consult-request>`);
    await settledConsult(el);
    await typeInto(el, 'f-question', QUESTION);
    buttonNamed(el, '转为纠纷登记').click();
    await waitUntil(() => went.length === 1, 'navigated');
    expect(went).to.deep.equal(['/report.html']);
    const draft = await client.drafts.load<{ description: string }>('intake');
    expect(draft?.kind).to.equal('case');
    expect(draft?.data.description).to.equal(QUESTION);

    // The intake form on that page (same device storage) offers to continue with it.
    const intake = await fixture<JfIntakeForm>(
      html`<jf-intake-form .client=${clientWith(backendWith(), { storage })} lang="zh-CN"></jf-intake-form>`,
    );
    await settled(intake);
    expect(intake.snapshot!.value).to.equal('offeringRestore');
  });

  it('a portal that routes by itself cancels the event and gets the answers', async () => {
    const el = await mountConsult();
    await typeInto(el, 'f-question', QUESTION);
    // Without an intake form or intake-url there is nowhere to hand over: no button.
    expect(cpart(el, 'handover')).to.equal(null);
    el.intakeUrl = '/report.html';
    await el.updateComplete;
    const went: string[] = [];
    el.navigate = (url) => went.push(url);
    el.addEventListener('jf-case-needed', (event) => event.preventDefault(), { once: true });
    buttonNamed(el, '转为纠纷登记').click();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(went).to.deep.equal([]);
  });
});

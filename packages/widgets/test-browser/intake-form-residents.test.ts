// For every resident: keyboard only from the first card to the receipt, a 320 px phone, the three
// locales, elder mode, quick exit. Real key presses (sendKeys) and a real viewport (setViewport).
import 'axe-core/axe.min.js';
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { JfIntakeForm } from '../src/intake-form/intake-form.js';
import { axeViolations } from './support/axe.js';
import {
  answerStep,
  byId,
  clickOn,
  focused,
  mountForm,
  part,
  pressNext,
  root,
  screenOf,
  settled,
  walkTo,
} from './support/form.js';

/** Press Tab until `match` has focus (at most `limit` presses): how a keyboard user gets there. */
async function tabTo(el: JfIntakeForm, match: (element: Element) => boolean, what: string, limit = 60) {
  for (let i = 0; i < limit; i++) {
    const active = focused(el);
    if (active && match(active)) return active;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${what}; focus is on ${focused(el)?.outerHTML.slice(0, 120)}`);
}

const isId = (id: string) => (e: Element) => e.id === id;

describe('keyboard only', () => {
  it('files a case from the first card to the receipt without a pointer', async () => {
    const el = await mountForm();
    // Category: the card group is one tab stop; arrows choose among the cards.
    await tabTo(el, (e) => e.getAttribute('name') === 'category', 'the category cards');
    await sendKeys({ press: 'Space' });
    const first = el.snapshot!.context.form.categoryId;
    expect(first, 'space chooses the focused card').to.be.a('string');
    // Move to the neighbour card with the arrow keys.
    const ids = [...root(el).querySelectorAll<HTMLInputElement>('input[name="category"]')].map((i) => i.value);
    for (let i = ids.indexOf(first!); i < ids.indexOf('neighbour'); i++) await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(el.snapshot!.context.form.categoryId).to.equal('neighbour');
    await sendKeys({ press: 'Enter' }); // submits the step's form: next
    await settled(el);
    expect(el.snapshot!.context.step).to.equal('details');
    expect(focused(el)?.id).to.equal('step-heading');

    // Details.
    await tabTo(el, isId('f-description'), 'the description');
    await sendKeys({ type: '邻居家的排水管一直往我家院子滴水，墙角都泡坏了。' });
    await tabTo(el, (e) => e.getAttribute('name') === 'f-answers-issue', 'the first answer');
    await sendKeys({ press: 'Space' });
    await tabTo(el, (e) => e.getAttribute('name') === 'f-answers-talked_directly', 'the yes/no answer');
    await sendKeys({ press: 'Space' });
    await tabTo(el, isId('f-startedOn'), 'the date');
    const date = byId<HTMLInputElement>(el, 'f-startedOn');
    // Chromium's date field takes digits in the page's locale order (en-US in the test browser).
    await sendKeys({ type: '06012025' });
    date.dispatchEvent(new Event('change', { bubbles: true })); // Chromium fires change on blur only
    await tabTo(el, isId('f-location'), 'the town');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    await tabTo(el, isId('f-location-village'), 'the village');
    await sendKeys({ press: 'ArrowDown' });
    await tabTo(el, isId('f-desiredOutcome'), 'the outcome');
    await sendKeys({ type: '请邻居改好排水管。' });
    await sendKeys({ press: 'Tab' });
    await tabTo(el, (e) => e.getAttribute('part') === 'next-button', 'next');
    await sendKeys({ press: 'Enter' });
    await settled(el);
    expect(el.snapshot!.context.step, JSON.stringify(el.snapshot!.context.issues)).to.equal('other_party');

    // Other party (optional) and evidence (optional): straight on.
    for (const step of ['evidence', 'applicant']) {
      await tabTo(el, (e) => e.getAttribute('part') === 'next-button', 'next');
      await sendKeys({ press: 'Enter' });
      await settled(el);
      expect(el.snapshot!.context.step).to.equal(step);
    }

    // About you: a failed next first, to check focus lands on the summary.
    await tabTo(el, (e) => e.getAttribute('part') === 'next-button', 'next');
    await sendKeys({ press: 'Enter' });
    await settled(el);
    expect(focused(el)?.id, 'failed next: focus on the error summary').to.equal('error-summary');
    await tabTo(el, isId('f-applicant-name'), 'the name');
    await sendKeys({ type: '王秀英' });
    await tabTo(el, isId('f-applicant-phone'), 'the phone');
    await sendKeys({ type: '13800138000' });
    await tabTo(el, isId('f-privacy-sensitiveDataConsent'), 'the sensitive-data consent');
    await sendKeys({ press: 'Space' });
    await tabTo(el, (e) => e.getAttribute('part') === 'next-button', 'next');
    await sendKeys({ press: 'Enter' });
    await settled(el);
    expect(el.snapshot!.context.step, JSON.stringify(el.snapshot!.context.issues)).to.equal('review');

    // Review and submit.
    await tabTo(el, (e) => e.getAttribute('part') === 'submit-button', 'submit');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => screenOf(el) === 'received', 'the receipt', { timeout: 10_000 });
    await el.updateComplete;
    expect(focused(el)?.id).to.equal('receipt-heading');
    await tabTo(el, (e) => e.getAttribute('part') === 'copy-button', 'the copy button');
  });
});

describe('small screens', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('fits a 320 px wide phone on every step without horizontal scrolling', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await mountForm();
    for (const step of ['category', 'details', 'other_party', 'evidence', 'applicant', 'review']) {
      await walkTo(el, step);
      const base = part(el, 'base')!;
      expect(base.scrollWidth, `no overflow on ${step}`).to.be.at.most(base.clientWidth + 1);
      expect(document.documentElement.scrollWidth, `page width on ${step}`).to.be.at.most(320);
      for (const button of root(el).querySelectorAll<HTMLElement>('button, input[type="radio"], select')) {
        const target = (button.closest('label') ?? button) as HTMLElement;
        const box = target.getBoundingClientRect();
        if (box.width === 0) continue; // hidden (closed <details>)
        expect(box.height, `target height of ${target.outerHTML.slice(0, 60)} on ${step}`).to.be.at.least(44);
      }
    }
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });
});

describe('locales', () => {
  it('follows the page language, the closest ancestor, and its own lang attribute', async () => {
    const el = await mountForm(undefined, { lang: 'en' });
    expect(root(el).querySelector('h2')!.textContent).to.equal('Report a dispute');
    el.lang = 'zh-HK';
    await waitUntil(() => root(el).querySelector('h2')!.textContent === '糾紛登記', 'Traditional Chinese');
    el.removeAttribute('lang');
    const saved = document.documentElement.lang;
    document.documentElement.lang = 'en-GB';
    await waitUntil(() => root(el).querySelector('h2')!.textContent === 'Report a dispute', 'the page language');
    document.documentElement.lang = saved;
  });

  it('renders field errors in the form’s locale (the SDK’s catalogs), and switches with it', async () => {
    const el = await mountForm(undefined, { lang: 'en' });
    await pressNext(el);
    await waitUntil(() => part(el, 'error-summary')?.textContent?.includes('This field is required'), 'English error');
    expect(part(el, 'error-summary')!.textContent).to.contain('There is a problem');
    el.lang = 'zh-HK';
    await waitUntil(() => part(el, 'error-summary')?.textContent?.includes('請填寫此項'), 'zh-HK error');
    expect(el.snapshot!.context.locale).to.equal('zh-HK');
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });
});

describe('elder mode', () => {
  it('shows one question per screen, larger, in plainer words, and finds the question to fix', async () => {
    const plain = await mountForm();
    const plainSize = Number.parseFloat(getComputedStyle(root(plain).querySelector('h3')!).fontSize);
    plain.remove();
    const el = await mountForm(undefined, { elder: true });
    expect(el.matches(':state(elder)')).to.equal(true);
    expect(Number.parseFloat(getComputedStyle(root(el).querySelector('h3')!).fontSize)).to.be.greaterThan(plainSize);
    expect(root(el).querySelector('h2')!.textContent).to.equal('我要反映矛盾纠纷');
    await answerStep(el);
    await pressNext(el);
    expect(el.snapshot!.context.step).to.equal('details');
    expect(root(el).querySelectorAll('.question').length, 'one question on screen').to.equal(1);
    expect(root(el).querySelector('.step-count')!.textContent).to.match(/第 1 题，共 \d+ 题/);
    // Skip the first question (the description) and go on: the check brings the resident back to it.
    let guard = 0;
    while (
      el.snapshot!.context.step === 'details' &&
      root(el).querySelector('.question')?.getAttribute('data-question') !== 'desiredOutcome'
    ) {
      if (guard++ > 10) throw new Error('never reached the last question');
      part(el, 'next-button')!.click();
      await el.updateComplete;
      expect(focused(el)?.id).to.equal('step-heading');
    }
    await pressNext(el);
    expect(el.snapshot!.context.step).to.equal('details');
    expect(root(el).querySelector('.question')!.getAttribute('data-question')).to.equal('description');
    expect(focused(el)?.id).to.equal('error-summary');
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });

  it('is switched by the toggle in the form, which says whether it is on', async () => {
    const el = await mountForm();
    const toggle = part(el, 'elder-toggle')!;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    toggle.click();
    await el.updateComplete;
    expect(el.hasAttribute('elder')).to.equal(true);
    expect(part(el, 'elder-toggle')!.getAttribute('aria-pressed')).to.equal('true');
  });
});

describe('quick exit', () => {
  async function familyForm() {
    const el = await mountForm();
    const left: string[] = [];
    el.leavePage = (url) => left.push(url);
    await clickOn(el, 'input[value="family"]');
    await el.updateComplete;
    return { el, left };
  }

  it('is offered on family matters and not on others', async () => {
    const el = await mountForm();
    await clickOn(el, 'input[value="labour"]');
    expect(part(el, 'quick-exit')).to.equal(null);
    await clickOn(el, 'input[value="family"]');
    expect(part(el, 'quick-exit')!.textContent).to.contain('快速离开');
    expect(await axeViolations(root(el))).to.deep.equal([]);
  });

  it('the button blanks the form at once and leaves for a neutral site', async () => {
    const { el, left } = await familyForm();
    const events: string[] = [];
    el.addEventListener('jf-quick-exit', (e) => events.push(e.detail.exitUrl));
    part(el, 'quick-exit')!.click();
    await el.updateComplete;
    expect(left).to.deep.equal(['https://www.baidu.com']);
    expect(events).to.deep.equal(['https://www.baidu.com']);
    expect(root(el).textContent!.trim()).to.equal('');
  });

  it('Escape pressed three times leaves, from anywhere on the page', async () => {
    const { el, left } = await familyForm();
    document.body.focus();
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Escape' });
    expect(left).to.deep.equal([]);
    await sendKeys({ press: 'Escape' });
    expect(left).to.deep.equal(['https://www.baidu.com']);
    el.remove();
  });

  it('Shift+Escape leaves at once; the exit-url attribute names where to', async () => {
    const { el, left } = await familyForm();
    el.setAttribute('exit-url', 'https://www.weather.com.cn/');
    await el.updateComplete;
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Escape' });
    await sendKeys({ up: 'Shift' });
    expect(left).to.deep.equal(['https://www.weather.com.cn/']);
    el.remove();
  });

  it('a portal that handles leaving itself can cancel the event', async () => {
    const { el, left } = await familyForm();
    el.addEventListener('jf-quick-exit', (e) => e.preventDefault());
    part(el, 'quick-exit')!.click();
    await el.updateComplete;
    expect(left).to.deep.equal([]);
    expect(screenOf(el)).to.equal('editing');
  });
});

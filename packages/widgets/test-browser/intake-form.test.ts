// <jf-intake-form> in real Chromium on the SDK's local backend (demo tenant 青山区, memory storage):
// every state of the form, focus, events, axe-core (WCAG 2.2 AA) with zero violations in each state.
import 'axe-core/axe.min.js';
import { qingshanTenant } from '@jiefen/core/demo';
import { JiefenNetworkError, JiefenValidationError, memoryStorage } from '@jiefen/sdk';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { JfIntakeForm } from '../src/intake-form/intake-form.js';
import { axeViolations } from './support/axe.js';
import {
  answerStep,
  backendWith,
  byId,
  clickOn,
  clientWith,
  focused,
  mountForm,
  part,
  pressNext,
  recordEvents,
  root,
  screenOf,
  settled,
  typeText,
  walkTo,
} from './support/form.js';

const STEPS = ['category', 'details', 'other_party', 'evidence', 'applicant', 'review'];

async function expectNoAxeViolations(el: JfIntakeForm, state: string) {
  expect(await axeViolations(root(el)), `axe violations in "${state}"`).to.deep.equal([]);
}

describe('<jf-intake-form> states', () => {
  it('loading: busy, says so, and has no violations', async () => {
    const client = clientWith(backendWith({ getTenantConfig: () => new Promise(() => {}) }));
    const el = await fixture<JfIntakeForm>(html`<jf-intake-form .client=${client} lang="zh-CN"></jf-intake-form>`);
    await waitUntil(() => root(el).textContent?.includes('正在加载表单'), 'the loading text');
    expect(screenOf(el)).to.equal('loading');
    expect(part(el, 'base')!.getAttribute('aria-busy')).to.equal('true');
    await expectNoAxeViolations(el, 'loading');
  });

  it('configuration failed: an alert with the reason and a retry that recovers', async () => {
    let fail = true;
    const working = backendWith();
    const client = clientWith(
      backendWith({
        getTenantConfig: (options) =>
          fail ? Promise.reject(new JiefenNetworkError()) : working.getTenantConfig(options),
      }),
    );
    const el = await mountForm(client);
    expect(screenOf(el)).to.equal('failed');
    const alert = root(el).querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('表单暂时无法打开');
    expect(alert.textContent).to.contain('网络连接失败');
    await expectNoAxeViolations(el, 'failed');
    fail = false;
    await clickOn(el, '.problem button');
    await settled(el);
    expect(screenOf(el)).to.equal('editing');
    expect(root(el).querySelectorAll('[part="category-card"]').length).to.equal(qingshanTenant.categories.length);
  });

  it('restore offered: a banner with the draft date; continuing returns to the saved step', async () => {
    const storage = memoryStorage();
    const first = await mountForm(clientWith(backendWith(), { storage }), { id: 'restore' });
    await walkTo(first, 'details');
    await typeText(first, 'f-description', '楼上每天夜里十二点以后还在装修，电钻声吵得老人睡不着。');
    await first.client!.drafts.flush();
    first.remove();

    const el = await mountForm(clientWith(backendWith(), { storage }), { id: 'restore' });
    expect(screenOf(el)).to.equal('offeringRestore');
    const banner = part(el, 'restore-banner')!;
    expect(banner.textContent).to.contain('发现未提交的内容');
    expect(banner.textContent).to.match(/\d{4}年\d{1,2}月\d{1,2}日/);
    await expectNoAxeViolations(el, 'restore offered');
    const events = recordEvents(el, ['jf-draft-restored']);
    await clickOn(el, '[part="restore-banner"] .primary');
    await settled(el);
    expect(el.snapshot!.context.step).to.equal('details');
    expect(byId<HTMLTextAreaElement>(el, 'f-description').value).to.contain('电钻声');
    expect(events.map((e) => e.type)).to.deep.equal(['jf-draft-restored']);
    expect(focused(el)?.id).to.equal('step-heading');
  });

  for (const step of STEPS.slice(0, -1)) {
    it(`${step}: renders without violations, and with errors after a failed next`, async () => {
      const el = await mountForm();
      await walkTo(el, step);
      await expectNoAxeViolations(el, `${step}`);
      if (step === 'other_party' || step === 'evidence') {
        // Optional steps: nothing to fix, next moves on.
        await pressNext(el);
        expect(el.snapshot!.context.step).to.equal(STEPS[STEPS.indexOf(step) + 1]);
        return;
      }
      await pressNext(el);
      expect(el.snapshot!.context.step, 'a step with problems does not pass').to.equal(step);
      const summary = part(el, 'error-summary')!;
      expect(summary, 'error summary').to.exist;
      expect(summary.getAttribute('role')).to.equal('alert');
      expect(focused(el), 'focus moves to the summary').to.equal(summary);
      const links = [...summary.querySelectorAll('a')];
      expect(links.length).to.be.greaterThan(0);
      for (const link of links) {
        expect(root(el).getElementById(link.getAttribute('href')!.slice(1)), `target of ${link.href}`).to.exist;
      }
      await expectNoAxeViolations(el, `${step} with errors`);
      // The first link takes the resident to the field.
      links[0]!.click();
      await el.updateComplete;
      expect(focused(el)?.id).to.equal(links[0]!.getAttribute('href')!.slice(1));
    });
  }

  it('other party: a party added without a name is an error; removing it makes the step pass', async () => {
    const el = await mountForm();
    await walkTo(el, 'other_party');
    await clickOn(el, '[part="add-party-button"]');
    expect(focused(el)?.id).to.equal('f-otherParties-0-name');
    await pressNext(el);
    expect(el.snapshot!.context.step).to.equal('other_party');
    expect(part(el, 'error-summary')!.textContent).to.contain('请填写此项');
    await expectNoAxeViolations(el, 'other party with errors');
    await clickOn(el, '[part="remove-party-button"]');
    await pressNext(el);
    expect(el.snapshot!.context.step).to.equal('evidence');
  });

  it('review: lists the answers, each group can be changed, and has no violations', async () => {
    const el = await mountForm();
    await walkTo(el, 'review');
    const text = root(el).textContent!;
    expect(text).to.contain('邻里纠纷');
    expect(text).to.contain('排水、滴水');
    expect(text).to.contain('水口村');
    expect(text).to.contain('王秀英');
    await expectNoAxeViolations(el, 'review');
    await clickOn(el, '[aria-label="修改“具体情况”"]');
    await settled(el);
    expect(el.snapshot!.context.step).to.equal('details');
    expect(focused(el)?.id).to.equal('step-heading');
  });

  it('received: case number, access code once, copy, QR code of the tracking link, events', async () => {
    const el = await mountForm();
    const events = recordEvents(el, ['jf-case-submitted', 'jf-case-received']);
    await walkTo(el, 'review');
    await pressNext(el);
    await waitUntil(() => screenOf(el) === 'received', 'the receipt', { timeout: 10_000 });
    await waitUntil(() => part(el, 'qr-code'), 'the QR code (lazy library)');
    const caseNumber = part(el, 'case-number')!.textContent!.trim();
    expect(caseNumber).to.match(/^JF-/);
    expect(part(el, 'access-code')!.textContent!.trim()).to.have.length.greaterThan(4);
    expect(root(el).textContent).to.contain('查询码只显示这一次');
    expect(part(el, 'qr-code')!.querySelector('path')!.getAttribute('d')!.length).to.be.greaterThan(100);
    expect(part(el, 'qr-code')!.getAttribute('aria-label')).to.equal('办理进度二维码');
    expect(part(el, 'status')!.textContent).to.contain('已受理登记');
    expect(events.map((e) => e.type)).to.deep.equal(['jf-case-submitted', 'jf-case-received']);
    expect(events[1]!.detail).to.deep.equal({ caseNumber });
    expect(focused(el)?.id).to.equal('receipt-heading');
    await expectNoAxeViolations(el, 'received');
    // A new filing starts clean; the access code is gone from the screen.
    await clickOn(el, '.receipt .primary');
    await settled(el);
    expect(el.snapshot!.context.step).to.equal('category');
    expect(root(el).textContent).not.to.contain(caseNumber);
  });

  it('received: a relative tracking-url becomes an absolute link (the QR code is read on another device)', async () => {
    const el = await mountForm();
    el.trackingUrl = '/track.html#jf-track={token}';
    await walkTo(el, 'review');
    await pressNext(el);
    await waitUntil(() => screenOf(el) === 'received', 'the receipt', { timeout: 10_000 });
    const link = root(el).querySelector<HTMLAnchorElement>('.receipt a.button-link')!;
    const href = link.getAttribute('href')!;
    expect(href.startsWith(`${location.origin}/track.html#jf-track=`)).to.equal(true);
    expect(href.length).to.be.greaterThan(`${location.origin}/track.html#jf-track=`.length + 10);
  });

  it('offline: the filing is saved on this device, says so, and can be sent later', async () => {
    let online = false;
    const working = backendWith();
    const client = clientWith(
      backendWith({
        fileCase: (filing, options) =>
          online ? working.fileCase(filing, options) : Promise.reject(new JiefenNetworkError('offline')),
      }),
    );
    const el = await mountForm(client);
    const events = recordEvents(el, ['jf-case-submitted', 'jf-case-received']);
    await walkTo(el, 'review');
    await pressNext(el);
    await waitUntil(() => el.snapshot?.context.submission?.state === 'saved', 'saved on this device');
    await el.updateComplete;
    expect(part(el, 'status')!.textContent).to.contain('已保存在本设备');
    expect(events.map((e) => e.type)).to.deep.equal(['jf-case-submitted']);
    await expectNoAxeViolations(el, 'offline and saved');
    online = true;
    await clickOn(el, '[part="status"] button');
    await waitUntil(() => screenOf(el) === 'received', 'received after sending', { timeout: 10_000 });
    expect(events.map((e) => e.type)).to.deep.equal(['jf-case-submitted', 'jf-case-received']);
  });

  it('sending: the status says so while the backend has not answered', async () => {
    const client = clientWith(backendWith({ fileCase: () => new Promise(() => {}) }));
    const el = await mountForm(client);
    await walkTo(el, 'review');
    part(el, 'submit-button')!.click();
    await waitUntil(() => part(el, 'status')?.textContent?.includes('正在提交'), 'the status line saying sending');
    expect(part<HTMLButtonElement>(el, 'submit-button')!.disabled).to.equal(true);
    await expectNoAxeViolations(el, 'sending');
  });

  it('rejected: the backend refusal is announced, linked to the field, and nothing typed is lost', async () => {
    const client = clientWith(
      backendWith({
        fileCase: () =>
          Promise.reject(
            new JiefenValidationError([{ path: 'applicant.phone', key: 'validation.phone', params: {} }], {
              status: 422,
              code: 'validation_failed',
            }),
          ),
      }),
    );
    const el = await mountForm(client);
    const events = recordEvents(el, ['jf-submission-rejected']);
    await walkTo(el, 'review');
    await pressNext(el);
    await waitUntil(() => events.length === 1, 'the rejection');
    await settled(el);
    expect(el.snapshot!.context.step).to.equal('applicant');
    const summary = part(el, 'error-summary')!;
    expect(summary.textContent).to.contain('请输入有效的手机或电话号码');
    expect(summary.querySelector('a')!.getAttribute('href')).to.equal('#f-applicant-phone');
    expect(focused(el)).to.equal(summary);
    expect(byId<HTMLInputElement>(el, 'f-applicant-name').value).to.equal('王秀英');
    expect((events[0]!.detail as { messageKey: string }).messageKey).to.be.a('string');
    await expectNoAxeViolations(el, 'rejected');
  });
});

describe('<jf-intake-form> focus and events', () => {
  it('moves focus to the step heading after each successful step, and fires jf-step-changed', async () => {
    const el = await mountForm();
    const events = recordEvents(el, ['jf-step-changed']);
    for (const step of STEPS.slice(1)) {
      await answerStep(el);
      await pressNext(el);
      expect(el.snapshot!.context.step).to.equal(step);
      expect(focused(el)?.id, `focus after reaching ${step}`).to.equal('step-heading');
      expect(byId(el, 'step-heading').textContent).to.be.a('string').and.not.equal('');
    }
    expect(events.map((e) => (e.detail as { step: string }).step)).to.deep.equal(STEPS.slice(1));
    part(el, 'back-button')!.click();
    await settled(el);
    expect(el.snapshot!.context.step).to.equal('applicant');
    expect(focused(el)?.id).to.equal('step-heading');
  });

  it('jumping ahead past a step that no longer validates stops there, with focus on the summary', async () => {
    const el = await mountForm();
    await walkTo(el, 'review');
    await clickOn(el, '[aria-label="修改“具体情况”"]');
    await settled(el);
    await typeText(el, 'f-description', '');
    await clickOn(el, '[part="progress"] li[data-step="review"] button');
    await settled(el);
    expect(el.snapshot!.context.step).to.equal('details');
    expect(focused(el)?.id).to.equal('error-summary');
    expect(part(el, 'error-summary')!.querySelector('a')!.getAttribute('href')).to.equal('#f-description');
  });

  it('fires jf-draft-saved as answers are kept on the device, and shows when', async () => {
    const el = await mountForm();
    const events = recordEvents(el, ['jf-draft-saved']);
    await answerStep(el);
    await waitUntil(() => events.length > 0, 'a saved draft');
    await el.updateComplete;
    expect(part(el, 'status')!.textContent).to.contain('已自动保存在本设备');
  });

  it('flushes a pending draft on pagehide instead of waiting for the debounce', async () => {
    const client = clientWith(backendWith(), { debounceMs: 60_000 });
    const el = await mountForm(client, { id: 'flush' });
    await answerStep(el);
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    await waitUntil(async () => (await client.drafts.load('intake-flush')) !== undefined, 'the flushed draft');
    const draft = await client.drafts.load('intake-flush');
    expect((draft!.data as { categoryId?: string }).categoryId).to.equal('neighbour');
  });

  it('keeps its state when moved in the DOM: the actor is not restarted, nothing is lost', async () => {
    let configLoads = 0;
    const inner = backendWith();
    const client = clientWith(
      backendWith({
        getTenantConfig: (options) => {
          configLoads += 1;
          return inner.getTenantConfig(options);
        },
      }),
    );
    const el = await mountForm(client);
    await walkTo(el, 'details');
    await typeText(el, 'f-description', '这段文字在元素移动后必须还在这里。');
    const before = configLoads;
    const elsewhere = document.createElement('aside');
    document.body.append(elsewhere);
    elsewhere.append(el);
    await el.updateComplete;
    expect(configLoads, 'configuration not reloaded').to.equal(before);
    expect(el.snapshot!.context.step).to.equal('details');
    expect(byId<HTMLTextAreaElement>(el, 'f-description').value).to.equal('这段文字在元素移动后必须还在这里。');
    elsewhere.remove();
  });

  it('two forms on one page keep separate drafts', async () => {
    const storage = memoryStorage();
    const a = await mountForm(clientWith(backendWith(), { storage }), { id: 'labour-page' });
    const b = await mountForm(clientWith(backendWith(), { storage }), { id: 'family-page' });
    await clickOn(a, 'input[value="labour"]');
    await clickOn(b, 'input[value="family"]');
    await a.client!.drafts.flush();
    await b.client!.drafts.flush();
    expect(((await a.client!.drafts.load('intake-labour-page'))!.data as { categoryId: string }).categoryId).to.equal(
      'labour',
    );
    expect(((await b.client!.drafts.load('intake-family-page'))!.data as { categoryId: string }).categoryId).to.equal(
      'family',
    );
  });
});

// <jf-case-tracker>'s first render without the SDK machine: a tracker that builds its own client from
// attributes shows the lookup form before the actor (and XState) have loaded, loads them when the
// resident starts on the form, keeps what was typed and where focus is, and sends a lookup made
// before they arrived once they have.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { JfCaseTracker } from '../src/case-tracker/case-tracker.js';
import { root } from './support/tracker.js';

const focusedId = (el: JfCaseTracker) => (root(el).activeElement as HTMLElement | null)?.id;
const input = (el: JfCaseTracker, id: string) => root(el).getElementById(id) as HTMLInputElement;

describe('<jf-case-tracker> first render (lookup form before the actor)', () => {
  beforeEach(() => localStorage.removeItem('jiefen.tracker.qingshan'));

  it('shows the lookup form at once; the actor loads when the form is touched; typing and focus survive', async () => {
    const el = await fixture<JfCaseTracker>(
      html`<jf-case-tracker backend="local" tenant="qingshan" lang="zh-CN"></jf-case-tracker>`,
    );
    await waitUntil(() => input(el, 'case-number'), 'the lookup form');
    expect(el.snapshot, 'no actor before the resident needs it').to.equal(undefined);
    expect(root(el).querySelector('[part~="base"]')!.getAttribute('aria-busy')).to.equal('false');

    input(el, 'case-number').focus();
    await sendKeys({ type: 'QS-2099' });
    await waitUntil(() => el.snapshot !== undefined, 'the actor, loaded once the form was touched', {
      timeout: 10_000,
    });
    await el.updateComplete;
    expect(focusedId(el)).to.equal('case-number');
    expect(input(el, 'case-number').value).to.equal('QS-2099');
  });

  it('a lookup sent before the actor arrived is sent to it once it has (not lost)', async () => {
    const el = await fixture<JfCaseTracker>(
      html`<jf-case-tracker backend="local" tenant="qingshan" lang="zh-CN"></jf-case-tracker>`,
    );
    await waitUntil(() => input(el, 'case-number'), 'the lookup form');
    // Values set and the form submitted without any focus or pointer first: the actor is not there yet.
    input(el, 'case-number').value = 'QS-20990101-0001';
    input(el, 'access-code').value = 'WRONG1';
    expect(el.snapshot).to.equal(undefined);
    (root(el).querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => root(el).getElementById('lookup-problem'), 'the refused lookup', { timeout: 10_000 });
    expect(el.snapshot!.context.error?.messageKey).to.equal('sdk.error.not_found');
    expect(input(el, 'case-number'), 'back on the lookup form').to.not.equal(null);
  });
});

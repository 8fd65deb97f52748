// Quick exit for real: a page embedding the form from attributes alone (local backend) in a frame,
// left through the element's own navigation. Nothing in history may lead back to the form.
import { expect, waitUntil } from '@open-wc/testing';
import type { JfIntakeForm } from '../src/intake-form/intake-form.js';

it('replaces the page with the exit URL and adds no history entry back to the form', async () => {
  const frame = document.createElement('iframe');
  frame.src = new URL('./fixtures/quick-exit.html', import.meta.url).href;
  document.body.append(frame);
  const form = () => frame.contentDocument?.querySelector<JfIntakeForm>('jf-intake-form');
  await waitUntil(
    () => form()?.shadowRoot?.querySelector('[part="quick-exit"]') && form()?.snapshot?.context.config,
    'the embedded form, built from its attributes, with its quick-exit button',
    { timeout: 15_000 },
  );
  const historyBefore = frame.contentWindow!.history.length;
  form()!.shadowRoot!.querySelector<HTMLButtonElement>('[part="quick-exit"]')!.click();
  await waitUntil(() => frame.contentDocument?.getElementById('neutral'), 'the neutral page', { timeout: 15_000 });
  expect(frame.contentWindow!.location.pathname).to.match(/\/fixtures\/exit\.html$/);
  expect(frame.contentWindow!.history.length, 'location.replace: no new entry').to.equal(historyBefore);
  frame.remove();
});

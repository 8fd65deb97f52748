// Helpers for driving <jf-consult-request> in real Chromium through its controls, the way a
// resident does (clicks, input and change events, or real key presses), never by sending actor events.
import type { JiefenClient } from '@jiefen/sdk';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { JfConsultRequest } from '../../src/consult-request/consult-request.js';
import '../../src/consult-request/define.js';
import { axeViolations } from './axe.js';
import { clientWith } from './form.js';

export { backendWith, clientWith, freshDatabase } from './form.js';

export const QUESTION = '老板拖欠了我三个月工资，一共一万二千元，我该怎么要回来？';

export async function mountConsult(
  client: JiefenClient = clientWith(),
  attributes: { lang?: string; elder?: boolean; id?: string; refresh?: number } = {},
): Promise<JfConsultRequest> {
  const el = await fixture<JfConsultRequest>(
    html`<jf-consult-request
      .client=${client}
      lang=${attributes.lang ?? 'zh-CN'}
      id=${attributes.id ?? 'consult'}
      refresh-interval=${attributes.refresh ?? 0}
      ?elder=${attributes.elder ?? false}
    ></jf-consult-request>`,
  );
  await settledConsult(el);
  return el;
}

/** The actor's top-level state. */
export function screenOfConsult(el: JfConsultRequest): string | undefined {
  const value = el.snapshot?.value as string | Record<string, unknown> | undefined;
  return value === undefined ? undefined : typeof value === 'string' ? value : Object.keys(value)[0];
}

/** Wait until the element is past loading, checking, submitting and lookups, and rendered. */
export async function settledConsult(el: JfConsultRequest, what = 'the consultation request to settle') {
  await waitUntil(
    () => {
      const snapshot = el.snapshot;
      const screen = screenOfConsult(el);
      if (!snapshot || !screen || ['resuming', 'loading', 'submitting'].includes(screen)) return false;
      if (!el.shadowRoot?.querySelector('h2')) return false;
      return !snapshot.matches({ editing: 'checking' }) && !snapshot.matches({ received: 'refreshing' });
    },
    `waiting for ${what}`,
    { timeout: 10_000 },
  );
  await el.updateComplete;
  await el.updateComplete;
}

export const croot = (el: JfConsultRequest) => el.shadowRoot!;
export const cpart = <T extends HTMLElement = HTMLElement>(el: JfConsultRequest, name: string) =>
  croot(el).querySelector(`[part~="${name}"]`) as T | null;

export async function typeInto(el: JfConsultRequest, id: string, text: string) {
  const input = croot(el).getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null;
  if (!input) throw new Error(`no #${id} on ${screenOfConsult(el)}`);
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

export async function changeTo(el: JfConsultRequest, id: string, value: string) {
  const input = croot(el).getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
  if (!input) throw new Error(`no #${id} on ${screenOfConsult(el)}`);
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await el.updateComplete;
}

export async function clickIn(el: JfConsultRequest, selector: string) {
  const target = croot(el).querySelector<HTMLElement>(selector);
  if (!target) throw new Error(`no ${selector} on ${screenOfConsult(el)}`);
  target.click();
  await el.updateComplete;
}

/** A button by its visible text. */
export function buttonNamed(el: JfConsultRequest, text: string): HTMLButtonElement {
  const button = [...croot(el).querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!button) throw new Error(`no button "${text}" on ${screenOfConsult(el)}`);
  return button;
}

/** Fill the request validly (the demo tenant's general topic, by phone). */
export async function answerRequest(el: JfConsultRequest) {
  await clickIn(el, 'input[name="f-topicId"][value="labour"], input[name="f-topicId"]');
  await typeInto(el, 'f-question', QUESTION);
  await clickIn(el, 'input[name="f-channel"][value="phone"]');
  await typeInto(el, 'f-name', '王秀英');
  await typeInto(el, 'f-phone', '13800138000');
}

export async function submitRequest(el: JfConsultRequest) {
  cpart(el, 'submit-button')!.click();
  await settledConsult(el, 'the request check');
}

/** Collect the jf-* events the element fires. */
export function recordConsultEvents(el: EventTarget, types: string[]) {
  const seen: Array<{ type: string; detail: unknown }> = [];
  for (const type of types) el.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
  return seen;
}

/** axe-core (WCAG 2.2 AA) finds nothing in the element's shadow root in `state`. */
export async function expectNoAxeViolations(el: JfConsultRequest, state: string) {
  expect(await axeViolations(el.shadowRoot!), `axe violations in "${state}"`).to.deep.equal([]);
}

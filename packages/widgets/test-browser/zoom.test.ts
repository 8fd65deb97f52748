// 200 % zoom (WCAG 1.4.4) and reflow (1.4.10) for the three resident elements, in real Chromium.
// Zooming a 1280 × 720 window to 200 % gives the page a 640 × 360 CSS-pixel viewport; 400 % gives
// 320 CSS px, WCAG's reflow width. Both are tested as real viewports (setViewport), and 200 % also as
// CSS `zoom: 2` on the page at 1280 px (what a portal's own zoom control does). At each: no
// horizontal scrolling of the page or the element, no text clipped in the key controls, and every
// interactive target at least 24 × 24 CSS px (WCAG 2.5.8), in the default state and a later one.
import { expect, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { JfCaseTracker } from '../src/case-tracker/case-tracker.js';
import type { JfConsultRequest } from '../src/consult-request/consult-request.js';
import type { JfIntakeForm } from '../src/intake-form/intake-form.js';
import { caseAt } from './support/case-loop.js';
import { answerRequest, mountConsult, screenOfConsult, settledConsult, submitRequest } from './support/consult.js';
import { mountForm, walkTo } from './support/form.js';
import { mountTracker } from './support/tracker.js';

type Zoom = { name: string; width: number; height: number; cssZoom?: number };
const ZOOMS: Zoom[] = [
  { name: '200 % (640 CSS px viewport)', width: 640, height: 360 },
  { name: '200 % (CSS zoom on a 1280 px window)', width: 1280, height: 720, cssZoom: 2 },
  { name: '400 % reflow (320 CSS px viewport)', width: 320, height: 256 },
];

async function zoomTo(zoom: Zoom) {
  await setViewport({ width: zoom.width, height: zoom.height });
  document.documentElement.style.zoom = zoom.cssZoom ? String(zoom.cssZoom) : '';
  // Two frames: layout after the viewport change and the elements' own resize reactions.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

/** Every element in a shadow root and the shadow roots under it (the tracker nests none today, but may). */
function deepAll(root: ShadowRoot | Element, selector: string): HTMLElement[] {
  const found = [...root.querySelectorAll<HTMLElement>(selector)];
  for (const el of root.querySelectorAll<HTMLElement>('*'))
    if (el.shadowRoot) found.push(...deepAll(el.shadowRoot, selector));
  return found;
}

const visible = (el: HTMLElement) => {
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return false;
  const style = getComputedStyle(el);
  return style.visibility !== 'hidden' && style.display !== 'none';
};

/** The box a resident hits: a control's own label when it has one (cards, checkboxes), else the control. */
function targetOf(control: HTMLElement): HTMLElement {
  const labels = (control as HTMLInputElement).labels;
  const label = control.closest('label') ?? (labels?.length ? labels[0] : null);
  return (label as HTMLElement | null) ?? control;
}

/** A readable name for a failure message. */
const describe_ = (el: Element) => el.outerHTML.replace(/\s+/g, ' ').slice(0, 100);

/** The three checks, on whatever the element shows now. */
function expectZoomFriendly(el: HTMLElement, state: string) {
  const root = el.shadowRoot!;
  const page = document.documentElement;
  expect(page.scrollWidth, `page scrolls sideways (${state})`).to.be.at.most(page.clientWidth);
  expect(el.scrollWidth, `element wider than its box (${state})`).to.be.at.most(el.clientWidth + 1);
  const base = root.querySelector<HTMLElement>('[part~="base"]') ?? (root.firstElementChild as HTMLElement);
  expect(base.scrollWidth, `element content scrolls sideways (${state})`).to.be.at.most(base.clientWidth + 1);
  const box = el.getBoundingClientRect();
  expect(box.right, `element runs past the viewport (${state})`).to.be.at.most(page.clientWidth + 1);

  // Key controls: their text fits their box (nothing cut off or spilling out).
  const controls = deepAll(root, 'button, a[href], label, legend, summary, h2, h3, [role="tab"]').filter(visible);
  expect(controls.length, `key controls found (${state})`).to.be.greaterThan(2);
  for (const control of controls) {
    expect(control.scrollWidth, `text clipped sideways in ${describe_(control)} (${state})`).to.be.at.most(
      control.clientWidth + 1,
    );
    const style = getComputedStyle(control);
    if (style.overflowY !== 'visible' || style.textOverflow === 'ellipsis')
      expect(control.scrollHeight, `text clipped in ${describe_(control)} (${state})`).to.be.at.most(
        control.clientHeight + 1,
      );
  }

  // Targets: 24 × 24 CSS px at least (visual size: the zoom factor applies to every box alike).
  const scale = Number(document.documentElement.style.zoom || 1);
  const interactive = deepAll(
    root,
    'button, a[href], input:not([type="hidden"]), select, textarea, summary, [tabindex="0"]',
  );
  const targets = [...new Set(interactive.map(targetOf))].filter(visible);
  expect(targets.length, `targets found (${state})`).to.be.greaterThan(0);
  for (const target of targets) {
    const { width, height } = target.getBoundingClientRect();
    expect(Math.round(width / scale), `target width of ${describe_(target)} (${state})`).to.be.at.least(24);
    expect(Math.round(height / scale), `target height of ${describe_(target)} (${state})`).to.be.at.least(24);
  }
}

describe('200 % zoom and reflow', () => {
  afterEach(async () => {
    document.documentElement.style.zoom = '';
    history.replaceState(null, '', location.pathname);
    await setViewport({ width: 800, height: 600 });
  });

  for (const zoom of ZOOMS) {
    describe(zoom.name, () => {
      beforeEach(() => zoomTo(zoom));

      it('<jf-intake-form>: the category cards, the details step and the review', async () => {
        const el: JfIntakeForm = await mountForm();
        expectZoomFriendly(el, 'category');
        await walkTo(el, 'details');
        expectZoomFriendly(el, 'details');
        await walkTo(el, 'review');
        expectZoomFriendly(el, 'review');
      });

      it('<jf-case-tracker>: the lookup, and a case being routed', async () => {
        const { client, receipt } = await caseAt('joint_handling');
        const lookup: JfCaseTracker = await mountTracker(client);
        expectZoomFriendly(lookup, 'lookup');
        lookup.remove();
        const el: JfCaseTracker = await mountTracker(client, { token: receipt.trackingToken });
        await waitUntil(() => el.shadowRoot!.getElementById('case-heading'), 'the case');
        expectZoomFriendly(el, 'case in joint handling');
      });

      it('<jf-consult-request>: the request form, and the receipt', async () => {
        const el: JfConsultRequest = await mountConsult();
        expectZoomFriendly(el, 'request form');
        await answerRequest(el);
        await submitRequest(el);
        await waitUntil(() => screenOfConsult(el) === 'received', 'the receipt', { timeout: 10_000 });
        await settledConsult(el, 'the receipt');
        expectZoomFriendly(el, 'receipt');
      });
    });
  }
});

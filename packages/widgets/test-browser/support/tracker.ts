// Helpers for driving <jf-case-tracker> in real Chromium the way a resident does: through its
// controls and the page's URL, never by sending actor events.
import type { JiefenClient } from '@jiefen/sdk';
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { JfCaseTracker } from '../../src/case-tracker/case-tracker.js';
import '../../src/case-tracker/define.js';

export const root = (el: JfCaseTracker) => el.shadowRoot!;
export const part = <T extends HTMLElement = HTMLElement>(el: JfCaseTracker, name: string) =>
  root(el).querySelector<T>(`[part~="${name}"]`);
export const parts = (el: JfCaseTracker, name: string) => [
  ...root(el).querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];

/** The tracker's screen as the SDK's selector names it. */
export function screenOf(el: JfCaseTracker): string | undefined {
  const value = el.snapshot?.value as string | Record<string, unknown> | undefined;
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : Object.keys(value)[0];
}

/** Wait until the tracker shows the lookup form or a case (not loading), rendered in its locale. */
export async function settled(el: JfCaseTracker, what = 'the tracker to settle'): Promise<void> {
  await waitUntil(
    () => {
      const screen = screenOf(el);
      if (!screen || screen === 'starting' || screen === 'loading') return false;
      const shown = screen === 'idle' ? '[part~="lookup"]' : '#case-heading';
      return root(el).querySelector(shown) !== null;
    },
    `waiting for ${what}`,
    { timeout: 10_000 },
  );
  await el.updateComplete;
}

export async function mountTracker(
  client: JiefenClient,
  options: { lang?: string; elder?: boolean; token?: string; tenant?: string; now?: () => Date } = {},
): Promise<JfCaseTracker> {
  if (options.token)
    history.replaceState(
      null,
      '',
      `${location.pathname}${location.search}#jf-track=${encodeURIComponent(options.token)}`,
    );
  const el = await fixture<JfCaseTracker>(
    html`<jf-case-tracker
      .client=${client}
      .now=${options.now ?? (() => new Date())}
      .watchOptions=${{ pollIntervalMs: 200, reconnectMs: 50 }}
      tenant=${options.tenant ?? 'qingshan'}
      lang=${options.lang ?? 'zh-CN'}
      ?elder=${options.elder ?? false}
    ></jf-case-tracker>`,
  );
  await settled(el);
  return el;
}

/** Type into a control of the tracker as a resident does (value + input event). */
export function typeInto(el: JfCaseTracker, id: string, text: string): void {
  const input = root(el).getElementById(id) as HTMLInputElement | HTMLTextAreaElement;
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export function recordEvents(el: HTMLElement, types: string[]) {
  const seen: Array<{ type: string; detail: unknown }> = [];
  for (const type of types) el.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
  return seen;
}

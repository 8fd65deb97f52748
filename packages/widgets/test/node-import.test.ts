import { expect, it } from 'vitest';
import { browserGlobalsTouchedBy } from '../../../test/support/browser-globals-trap.js';

// Portals render pages on servers (SSR, static generation) that import the widgets' modules: the
// pure modules must load there without touching a browser global. Registration (`define.ts`) is a
// separate, browser-only side effect.
it('imports the pure modules in plain Node without touching browser globals', async () => {
  // Lit's own Node build feature-detects `document` (reads it once to choose its SSR shims); it is
  // loaded first so the trap below checks Jiefen's modules, which must not read any browser global.
  await import('lit');
  await import('lit/directives/live.js');
  await import('lit/directives/if-defined.js');
  const watched = ['window', 'document', 'navigator', 'localStorage', 'indexedDB', 'location'] as const;
  const touched = await browserGlobalsTouchedBy(watched, async () => {
    const widgets = await import('../src/index.js');
    expect(typeof widgets.JfIntakeForm).toBe('function');
    expect(typeof widgets.JfIntakeForm.define).toBe('function');
    expect(typeof widgets.JfConsultRequest).toBe('function');
    expect(typeof widgets.JfProvider).toBe('function');
    expect(new widgets.JfStepChangedEvent({ step: 'details', previous: 'category' }).type).toBe('jf-step-changed');
  });
  expect(touched).toEqual([]);
});

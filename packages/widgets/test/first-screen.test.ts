import { INTAKE_STEPS } from '@jiefen/sdk/intake';
import { describe, expect, it } from 'vitest';
import { browserGlobalsTouchedBy } from '../../../test/support/browser-globals-trap.js';

// The intake form's first screen is drawn before the SDK's intake actor is loaded, so it writes out
// what it needs of the actor's facts; these keep the copies equal to the originals.
describe('the intake form’s first screen', () => {
  it('lists the steps a REST-backed form shows (every step: the REST backend takes uploads)', async () => {
    await import('lit');
    await import('lit/directives/live.js');
    let steps: readonly string[] = [];
    const touched = await browserGlobalsTouchedBy(['window', 'document', 'indexedDB', 'location'], async () => {
      ({ FIRST_SCREEN_STEPS: steps } = await import('../src/intake-form/first-screen/first-screen.js'));
    });
    expect(touched, 'importing the first screen touches no browser global').toEqual([]);
    expect(steps).toEqual(INTAKE_STEPS.map((step) => step.id));
  });
});

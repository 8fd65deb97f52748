// The tracker's actor, in a chunk of its own: the SDK's case tracker machine and XState (about 14 kB
// gzip) are not needed to show the lookup form, the tracker's first render. The element imports this
// when a case opens at once (tracking link, remembered case), when a client is handed to it, or when
// the resident starts on the lookup form.
import type { JiefenClient } from '@jiefen/sdk/intake';
import { type CaseTrackerInput, createCaseTracker, rememberedCases } from '@jiefen/sdk/tracker';
import { createActor } from 'xstate';

/** The case tracker bound to `client`, remembering cases on this device under `tenant`'s slot. */
export function createTrackerActor(client: JiefenClient, tenant: string, input: CaseTrackerInput) {
  return createActor(createCaseTracker(client, { remembered: rememberedCases(tenant) }), { input });
}

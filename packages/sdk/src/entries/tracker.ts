// `@jiefen/sdk/tracker`: what a resident's case-tracking page needs: the case tracker actor with its
// selectors. The client, errors and messages come from `@jiefen/sdk/intake` (a page with both
// elements loads them once); pair it with one backend entry. Safe to import on a server.

export {
  type CaseTrackerAction,
  type CaseTrackerActionKind,
  type CaseTrackerActor,
  type CaseTrackerContext,
  type CaseTrackerEmitted,
  type CaseTrackerEvent,
  type CaseTrackerInput,
  type CaseTrackerOptions,
  type CaseTrackerSnapshot,
  caseTrackerMachine,
  createCaseTracker,
} from '../actors/case-tracker.js';
export {
  type CaseChange,
  selectActionFieldErrors,
  selectActionState,
  selectCaseChanges,
  selectTrackerActions,
  selectTrackerScreen,
  type TrackerScreen,
} from '../actors/resident-selectors.js';
export type { CaseAccess } from '../backends/backend.js';
export type { WatchOptions } from '../live/watch.js';
export { type KeyValueStorage, type RememberedCases, rememberedCases } from '../offline/remembered-cases.js';

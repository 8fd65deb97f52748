// Pure exports: importing this module defines no element and touches no browser global.
// Register with `import '@jiefen/widgets/intake-form/define'` (or the loader, `jiefen.js`).

export { JfElement } from './base/jf-element.js';
export { JfCaseTracker } from './case-tracker/case-tracker.js';
export { type TrackerCatalog, type TrackerMessageKey, trackerCatalogs } from './case-tracker/i18n/catalogs.js';
export { ActorController, type ActorControllerOptions } from './controllers/actor-controller.js';
export {
  JfActionRejectedEvent,
  JfActionSentEvent,
  JfCaseOpenedEvent,
  JfCaseReceivedEvent,
  JfCaseSubmittedEvent,
  type JfCaseTrackerEventMap,
  JfCaseUpdatedEvent,
  JfDraftRestoredEvent,
  JfDraftSavedEvent,
  JfEvent,
  type JfEventMap,
  JfQuickExitEvent,
  JfStepChangedEvent,
  JfSubmissionRejectedEvent,
  JfUploadChangedEvent,
} from './events.js';
export { type Catalog, type CatalogSet, catalogSet, LocalizeController } from './i18n/localize.js';
export { type IntakeCatalog, type IntakeMessageKey, intakeCatalogs } from './intake-form/i18n/catalogs.js';
export { JfIntakeForm } from './intake-form/intake-form.js';
export type { JfCaseTrackerJsx, JfIntakeFormJsx } from './jsx.js';

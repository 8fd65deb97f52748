// Pure exports: importing this module defines no element and touches no browser global.
// Register with `import '@jiefen/widgets/intake-form/define'` (`/case-tracker/define`,
// `/consult-request/define`, `/provider/define`), or the loader, `jiefen.js`.

export {
  type ClientBuild,
  ClientController,
  clientContext,
  type ProvidedClient,
  type ResolvedClient,
} from './base/client-context.js';
export { JfElement } from './base/jf-element.js';
export { JfCaseTracker } from './case-tracker/case-tracker.js';
export { type TrackerCatalog, type TrackerMessageKey, trackerCatalogs } from './case-tracker/i18n/catalogs.js';
export { consultationFromFragment, JfConsultRequest } from './consult-request/consult-request.js';
export { type ConsultCatalog, type ConsultMessageKey, consultCatalogs } from './consult-request/i18n/catalogs.js';
export { ActorController, type ActorControllerOptions } from './controllers/actor-controller.js';
export {
  JfActionRejectedEvent,
  JfActionSentEvent,
  JfCaseNeededEvent,
  JfCaseOpenedEvent,
  JfCaseReceivedEvent,
  JfCaseSubmittedEvent,
  type JfCaseTrackerEventMap,
  JfCaseUpdatedEvent,
  JfConsultationReceivedEvent,
  JfConsultationRequestedEvent,
  JfConsultationUpdatedEvent,
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
export type { JfCaseTrackerJsx, JfConsultRequestJsx, JfIntakeFormJsx, JfProviderJsx } from './jsx.js';
export { JfProvider } from './provider/provider.js';

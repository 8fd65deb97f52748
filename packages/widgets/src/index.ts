// Pure exports: importing this module defines no element and touches no browser global.
// Register with `import '@jiefen/widgets/intake-form/define'` (`/consult-request/define`,
// `/provider/define`), or the loader, `jiefen.js`.

export { ClientController, clientContext, type ProvidedClient, type ResolvedClient } from './base/client-context.js';
export { JfElement } from './base/jf-element.js';
export { consultationFromFragment, JfConsultRequest } from './consult-request/consult-request.js';
export { type ConsultCatalog, type ConsultMessageKey, consultCatalogs } from './consult-request/i18n/catalogs.js';
export { ActorController, type ActorControllerOptions } from './controllers/actor-controller.js';
export {
  JfCaseNeededEvent,
  JfCaseReceivedEvent,
  JfCaseSubmittedEvent,
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
export type { JfConsultRequestJsx, JfIntakeFormJsx, JfProviderJsx } from './jsx.js';
export { JfProvider } from './provider/provider.js';

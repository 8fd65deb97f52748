// Explicit export list: everything public is named here, nothing runs at import time. This root
// entry carries every backend, every actor and every locale, for Node integrators; pages import
// the slim entries instead (`@jiefen/sdk/intake` plus one of `/rest`, `/open311`, `/local`).

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
} from './actors/case-tracker.js';
export {
  CONSULTATION_REFRESH_MS,
  type ConsultationForm,
  type ConsultationRequestAction,
  type ConsultationRequestActor,
  type ConsultationRequestActorInput,
  type ConsultationRequestContext,
  type ConsultationRequestEmitted,
  type ConsultationRequestEvent,
  type ConsultationRequestSnapshot,
  consultationRequestMachine,
  createConsultationRequest,
  handOverToIntakeDraft,
  intakeFormFromConsultation,
} from './actors/consultation-request.js';
export { type FormSubmissionContext, formSubmissionStates } from './actors/form-submission.js';
export {
  type CaseChange,
  selectActionFieldErrors,
  selectActionState,
  selectCaseChanges,
  selectConsultationFieldErrors,
  selectConsultationSubmissionState,
  selectTrackerActions,
  selectTrackerAllowedActions,
  selectTrackerScreen,
  type TrackerScreen,
} from './actors/resident-selectors.js';
export type { ActorError } from './actors/shared.js';
export type {
  BackendCapabilities,
  CallOptions,
  CaseAccess,
  CaseReceipt,
  CaseUpdate,
  ConsultationAccess,
  ConsultationReceipt,
  ConsultationUpdate,
  JiefenBackend,
  Page,
  ResidentCaseCommand,
  ResidentConsultationCommand,
  StaffCaseDetail,
  StaffCaseFilters,
  StaffConsultationDetail,
  StaffMemberFilters,
  StaffOperations,
} from './backends/backend.js';
export { FULL_CAPABILITIES } from './backends/backend.js';
export {
  createLocalBackend,
  type LocalBackend,
  type LocalBackendOptions,
  type LocalStores,
} from './backends/local/local-backend.js';
export { createOpen311Backend, type Open311BackendOptions } from './backends/open311/open311-backend.js';
export {
  createRestBackend,
  DEFAULT_REST_PATHS,
  type RestBackendOptions,
  type RestPaths,
} from './backends/rest/rest-backend.js';
export * from './entries/intake.js';
export { staffOperations } from './entries/staff.js';
export {
  errorFromResponse,
  type HttpErrorDetails,
  isJiefenConflictError,
  isJiefenError,
  isJiefenForbiddenError,
  isJiefenHttpError,
  isJiefenNetworkError,
  isJiefenNotFoundError,
  isJiefenProtocolError,
  isJiefenStorageError,
  isJiefenTimeoutError,
  isJiefenUnsupportedError,
  isJiefenValidationError,
  isRetryable,
  JiefenConflictError,
  JiefenError,
  type JiefenErrorKind,
  JiefenForbiddenError,
  JiefenHttpError,
  JiefenNetworkError,
  JiefenNotFoundError,
  JiefenProtocolError,
  JiefenStorageError,
  JiefenTimeoutError,
  JiefenUnsupportedError,
  JiefenValidationError,
} from './errors.js';
// Every locale present: `formatSdkMessage` here needs no `loadSdkMessages` (it shadows the intake entry's).
export { formatSdkMessageInAnyLocale as formatSdkMessage, SDK_MESSAGES } from './i18n/all-messages.js';
export { parseEventStream, type ServerSentEvent } from './live/sse.js';
export {
  type CaseWatch,
  type ConsultationWatch,
  type ConsultationWatchEvent,
  type LiveEvent,
  type LiveWatch,
  type WatchEvent,
  type WatchOptions,
  watchCase,
  watchConsultation,
} from './live/watch.js';
export { deviceSealer, type SealedValue, type Sealer } from './offline/crypto.js';
export { type Draft, type DraftKind, Drafts, type DraftsOptions } from './offline/drafts.js';
export {
  Outbox,
  type OutboxOptions,
  type SubmissionKind,
  type SubmissionState,
  type SubmissionStatus,
} from './offline/outbox.js';
export { type KeyValueStorage, type RememberedCases, rememberedCases } from './offline/remembered-cases.js';
export {
  defaultStorage,
  idbStorage,
  idbStores,
  type KeyValueStore,
  memoryStorage,
  memoryStores,
  type OfflineStorage,
} from './offline/storage.js';
export { uuidv7, uuidv7Time } from './offline/uuid.js';

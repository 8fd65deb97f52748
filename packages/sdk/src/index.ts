// Explicit export list: everything public is named here, nothing runs at import time.

export {
  type CaseTrackerAction,
  type CaseTrackerContext,
  type CaseTrackerEvent,
  type CaseTrackerInput,
  caseTrackerMachine,
} from './actors/case-tracker.js';
export {
  type ConsultationForm,
  type ConsultationRequestAction,
  type ConsultationRequestActorInput,
  type ConsultationRequestContext,
  type ConsultationRequestEvent,
  consultationRequestMachine,
} from './actors/consultation-request.js';
export {
  INTAKE_STEPS,
  type IntakeForm,
  type IntakeStep,
  type IntakeWizardContext,
  type IntakeWizardEvent,
  type IntakeWizardInput,
  intakeWizardMachine,
} from './actors/intake-wizard.js';
export type { ActorError } from './actors/shared.js';
export type {
  BackendCapabilities,
  CallOptions,
  CaseAccess,
  CaseReceipt,
  CaseUpdate,
  ConsultationAccess,
  ConsultationReceipt,
  JiefenBackend,
  Page,
  ResidentCaseCommand,
  ResidentConsultationCommand,
  StaffCaseDetail,
  StaffCaseFilters,
  StaffConsultationDetail,
  StaffMemberFilters,
  StaffOperations,
  UploadFile,
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
export { type BackendConfig, type ClientOptions, createBackend, createClient, type JiefenClient } from './client.js';
export {
  errorFromResponse,
  type HttpErrorDetails,
  isJiefenConflictError,
  isJiefenError,
  isJiefenForbiddenError,
  isJiefenHttpError,
  isJiefenNetworkError,
  isJiefenNotFoundError,
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
export { formatSdkMessage, isSdkMessageKey, SDK_MESSAGES, type SdkMessageKey } from './i18n/messages.js';
export { parseEventStream, type ServerSentEvent } from './live/sse.js';
export { type CaseWatch, type WatchEvent, type WatchOptions, watchCase } from './live/watch.js';
export { deviceSealer, type SealedValue, type Sealer } from './offline/crypto.js';
export { type Draft, type DraftKind, Drafts, type DraftsOptions } from './offline/drafts.js';
export {
  Outbox,
  type OutboxOptions,
  type SubmissionKind,
  type SubmissionState,
  type SubmissionStatus,
} from './offline/outbox.js';
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

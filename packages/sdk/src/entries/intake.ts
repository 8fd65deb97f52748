// `@jiefen/sdk/intake`: what a resident's intake page needs and nothing more: the client, the intake
// wizard with its selectors, errors, storage and per-locale messages. Pair it with one backend entry
// (`@jiefen/sdk/rest`, `/open311` or `/local`). Safe to import on a server: nothing runs at import.

export {
  type IntakeSnapshotLike,
  type IntakeStepStatus,
  type IntakeSubmissionState,
  selectApplicableSteps,
  selectFieldErrors,
  selectFirstInvalidField,
  selectFurthestStep,
  selectStepStatuses,
  selectSubmissionState,
} from '../actors/intake-selectors.js';
export {
  createIntakeWizard,
  INTAKE_STEPS,
  type IntakeForm,
  type IntakeStep,
  type IntakeUpload,
  type IntakeWizardActor,
  type IntakeWizardContext,
  type IntakeWizardEmitted,
  type IntakeWizardEvent,
  type IntakeWizardInput,
  type IntakeWizardMachine,
  type IntakeWizardSnapshot,
  intakeWizardMachine,
  preloadFilingCheck,
} from '../actors/intake-wizard.js';
export type { ActorError } from '../actors/shared.js';
export type {
  BackendCapabilities,
  CaseReceipt,
  JiefenBackend,
  UploadFile,
  UploadOptions,
  UploadProgress,
} from '../backends/backend.js';
export { type ClientOptions, createClient, type JiefenClient, type SubmitCaseOptions } from '../client.js';
export { type ErrorView, toErrorView } from '../error-view.js';
export {
  isJiefenError,
  isJiefenNetworkError,
  isJiefenUnsupportedError,
  isJiefenValidationError,
  isRetryable,
  JiefenError,
} from '../errors.js';
export {
  formatSdkMessage,
  hasSdkMessages,
  isSdkMessageKey,
  loadSdkMessages,
  type SdkMessageKey,
} from '../i18n/messages.js';
export type { SubmissionState, SubmissionStatus } from '../offline/outbox.js';
export { idbStorage, memoryStorage, type OfflineStorage } from '../offline/storage.js';

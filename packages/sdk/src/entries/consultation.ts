// `@jiefen/sdk/consultation`: what a legal-consultation page needs beside `@jiefen/sdk/intake` (the
// client, errors, messages): the consultation-request actor and its selectors, nothing of the case
// tracker. Safe to import on a server: nothing runs at import.

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
} from '../actors/consultation-request.js';
export {
  selectActionState,
  selectConsultationFieldErrors,
  selectConsultationSubmissionState,
} from '../actors/resident-selectors.js';
export type { ActorError } from '../actors/shared.js';
export type { ConsultationAccess, ConsultationReceipt, ConsultationUpdate } from '../backends/backend.js';
export type { ConsultationWatch, ConsultationWatchEvent, WatchOptions } from '../live/watch.js';

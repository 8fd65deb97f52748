// Loaded lazily by the client (see `residentChecks` in client.ts): the event catalogs are large and
// only pages with resident actions or consultations need them.
import {
  CASE_EVENTS,
  CONSULTATION_EVENTS,
  type ConsultationRequestInput,
  type EventCatalog,
  parseCommand,
  type TenantConfig,
  validateConsultationRequest,
} from '@jiefen/core';
import type { ResidentCaseCommand, ResidentConsultationCommand } from './backends/backend.js';
import { JiefenValidationError } from './errors.js';

/** Check an action's payload with the core's event schema before storing it: bad input changes nothing. */
function checkCommand(events: EventCatalog<string>, command: { type: string }): void {
  const parsed = parseCommand(events, command);
  if (!parsed.ok) throw new JiefenValidationError(parsed.issues);
}

export const checkCaseCommand = (command: ResidentCaseCommand) => checkCommand(CASE_EVENTS, command);
export const checkConsultationCommand = (command: ResidentConsultationCommand) =>
  checkCommand(CONSULTATION_EVENTS, command);

export function checkConsultationRequest(request: ConsultationRequestInput, config: TenantConfig): void {
  const checked = validateConsultationRequest(request, config);
  if (!checked.success) throw new JiefenValidationError(checked.issues);
}

// `@jiefen/sdk/staff`: the centre-console API (queues, case detail, statechart commands). A resident
// page has no use for it; the operations themselves live on a backend given a staff credential.
import type { StaffOperations } from '../backends/backend.js';
import type { JiefenClient } from '../client.js';

export type {
  CaseUpdate,
  ConsultationUpdate,
  Page,
  StaffCaseDetail,
  StaffCaseFilters,
  StaffConsultationDetail,
  StaffOperations,
} from '../backends/backend.js';

/**
 * The staff operations of a client's backend. Every call rejects with `JiefenUnsupportedError` when
 * the backend has no staff credential (the same as `client.staff`).
 */
export function staffOperations(client: Pick<JiefenClient, 'staff'>): StaffOperations {
  return client.staff;
}

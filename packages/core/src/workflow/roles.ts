/** Who can act on a case. Residents act on their own case; staff roles come from staff credentials. */
export const ROLES = [
  'resident',
  'intake_officer',
  'coordinator',
  'department_handler',
  'supervisor',
  'system',
] as const;
export type Role = (typeof ROLES)[number];

/** The staff roles that send workflow events (the catalogs name them). */
export const ACTING_STAFF_ROLES = ['intake_officer', 'coordinator', 'department_handler', 'supervisor'] as const;
export type ActingStaffRole = (typeof ACTING_STAFF_ROLES)[number];

/**
 * What a staff account (and each of its tokens) can be: the acting roles plus the tenant
 * administrator, who manages accounts, configuration and webhooks but sends no workflow events.
 */
export const STAFF_ROLES = [...ACTING_STAFF_ROLES, 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The one who sends an event. Department handlers are bound to their department. */
export interface WorkflowActor {
  role: Role;
  /** Staff member or grid worker id, for the trail (全程留痕). Residents are anonymous here. */
  id?: string;
  departmentId?: string;
}

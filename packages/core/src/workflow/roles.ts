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

export const STAFF_ROLES = ['intake_officer', 'coordinator', 'department_handler', 'supervisor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The one who sends an event. Department handlers are bound to their department. */
export interface WorkflowActor {
  role: Role;
  /** Staff member or grid worker id, for the trail (全程留痕). Residents are anonymous here. */
  id?: string;
  departmentId?: string;
}

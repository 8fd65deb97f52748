export * from './consultation/consultation-machine.js';
export * from './i18n/locale.js';
export * from './i18n/messages.js';
export * from './identifiers/case-numbers.js';
export * from './mappings/open311-status.js';
export * from './schemas/attachment-limits.js';
export * from './schemas/case-filing.js';
export * from './schemas/category-answers.js';
export * from './schemas/common.js';
export * from './schemas/consultation.js';
export * from './schemas/limits.js';
export * from './schemas/staff-accounts.js';
export * from './schemas/staff-admin.js';
export * from './schemas/tenant-config.js';
export * from './schemas/validate.js';
export * from './schemas/validate-filing.js';
export * from './views/case-summary.js';
export * from './views/closed-loop-progress.js';
export * from './views/resident-timeline.js';
export * from './views/resident-view.js';
export * from './views/staff-views.js';
export * from './views/view-schemas.js';
export * from './workflow/advance-case.js';
export * from './workflow/case-events.js';
export * from './workflow/case-machine.js';
export {
  type EventCatalog,
  eventTypesFor,
  parseCommand,
  REJECTION_KINDS,
  type RejectionKind,
} from './workflow/commands.js';
export * from './workflow/deadlines.js';
export * from './workflow/department-machine.js';
export * from './workflow/persistence.js';
export * from './workflow/roles.js';
export * from './workflow/timeline.js';

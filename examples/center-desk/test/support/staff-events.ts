import { ACTING_STAFF_ROLES, CASE_EVENTS, CONSULTATION_EVENTS, eventTypesFor } from '@jiefen/core';

/** Every event a staff role may send, from the core's catalogs (the forms the desk can show). */
export const STAFF_CASE_EVENTS = [...new Set(ACTING_STAFF_ROLES.flatMap((role) => eventTypesFor(CASE_EVENTS, role)))];
export const STAFF_CONSULTATION_EVENTS = [
  ...new Set(ACTING_STAFF_ROLES.flatMap((role) => eventTypesFor(CONSULTATION_EVENTS, role))),
];

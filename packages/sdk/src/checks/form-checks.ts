// The core's checks of a filing and of a consultation request, in their own module so the client
// and the form actors can load them on first use: an intake page's first screen (the category
// cards) does not wait for valibot and the schemas. Imported by name, never as the core's whole
// namespace, so a bundler splits off only what these need.
export { validateCaseFiling, validateConsultationRequest } from '@jiefen/core';

import type { PrivacyChoices } from './case-filing.js';

/** What a filing's privacy choices start as. Defaults protect the resident. */
export const DEFAULT_PRIVACY: PrivacyChoices = { otherPartySees: 'summary', publicSummary: false, contactBy: 'any' };

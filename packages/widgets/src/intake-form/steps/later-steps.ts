// The steps after the first, in one lazy chunk with the field controls they render: the first
// screen (the category cards) does not wait for them. The form imports this module as soon as the
// first step is on screen (see `loadLaterSteps` in intake-form.ts), so Next never waits on it and a
// connection lost after the first render still finds it loaded. The receipt's view comes with them:
// it is shown only after a filing, never on the first screen.
export { renderReceipt } from '../../receipt/receipt-view.js';
export { applicantQuestions } from './applicant-step.js';
export { detailsQuestions } from './details-step.js';
export { evidenceQuestions } from './evidence-step.js';
export { otherPartyQuestions } from './other-party-step.js';
export { reviewQuestions } from './review-step.js';
export { uploadLimits } from './upload-limits.js';

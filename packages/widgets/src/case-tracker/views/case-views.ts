// Everything the tracker renders once a case is open, in one module the element imports when it
// first needs it: the lookup form (the first render) does not wait for the case's views or the
// core's timeline messages.
export { renderActions } from './actions.js';
export { renderDepartments, renderNext, renderOutcome, renderSessions, renderStages } from './progress.js';
export { renderTimeline, timelineText } from './timeline.js';

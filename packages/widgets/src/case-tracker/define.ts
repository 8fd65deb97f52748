// The registration side effect, kept apart from the pure module so bundlers can tree-shake
// everything else (`sideEffects` in package.json names only files like this one).
import { JfCaseTracker } from './case-tracker.js';

JfCaseTracker.define('jf-case-tracker');

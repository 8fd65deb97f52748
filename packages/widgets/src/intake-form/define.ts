// The registration side effect, kept apart from the pure module so bundlers can tree-shake
// everything else (`sideEffects` in package.json names only files like this one).
import { JfIntakeForm } from './intake-form.js';

JfIntakeForm.define('jf-intake-form');

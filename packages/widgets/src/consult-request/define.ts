// The registration side effect, kept apart from the pure module (see `sideEffects` in package.json).
import { JfConsultRequest } from './consult-request.js';

JfConsultRequest.define('jf-consult-request');

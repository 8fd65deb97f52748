// The registration side effect, kept apart from the pure module (see `sideEffects` in package.json).
import { JfProvider } from './provider.js';

JfProvider.define('jf-provider');

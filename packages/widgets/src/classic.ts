/**
 * The classic script (`dist/jiefen.iife.js`), for portals whose pages cannot use module scripts:
 * every element, bundled into one file and defined as soon as it runs. Registration side effect
 * (listed in `sideEffects`).
 */
import './intake-form/define.js';
import './case-tracker/define.js';
import './consult-request/define.js';
import './provider/define.js';

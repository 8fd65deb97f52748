// `@jiefen/sdk/open311`: the Open311 GeoReport v2 backend alone.
export { createOpen311Backend, type Open311BackendOptions } from '../backends/open311/open311-backend.js';

// `@jiefen/sdk/rest`: the Jiefen REST backend alone, for `createClient({ backend: createRestBackend(…) })`.
export {
  createRestBackend,
  DEFAULT_REST_PATHS,
  type RestBackendOptions,
  type RestPaths,
} from '../backends/rest/rest-backend.js';

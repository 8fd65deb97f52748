// `@jiefen/sdk/local`: the on-device backend (IndexedDB or memory). It runs the core's case machine,
// so it is the heaviest entry; a REST or Open311 page never loads it.
export {
  createLocalBackend,
  type LocalBackend,
  type LocalBackendOptions,
  type LocalStores,
} from '../backends/local/local-backend.js';

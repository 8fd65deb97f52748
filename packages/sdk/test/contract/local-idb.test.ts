import 'fake-indexeddb/auto';
import { qingshanSampleConsultation, qingshanSampleFiling } from '@jiefen/core/demo';
import { createLocalBackend } from '../../src/index.js';
import { backendContract } from './backend-contract.js';

// The same contract with cases kept in IndexedDB, as in a browser or a kiosk.
backendContract('local (IndexedDB)', async () => ({
  backend: createLocalBackend({ databaseName: 'jiefen-local-contract' }),
  filing: (_config, marker) =>
    qingshanSampleFiling({ description: `${qingshanSampleFiling().description} [${marker}]` }),
  consultation: () => qingshanSampleConsultation(),
  close: async () => {},
}));

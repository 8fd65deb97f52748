import { qingshanSampleConsultation, qingshanSampleFiling } from '@jiefen/core/demo';
import { createLocalBackend } from '../../src/index.js';
import { backendContract } from './backend-contract.js';

backendContract('local', async () => ({
  backend: createLocalBackend(),
  filing: (_config, marker) =>
    qingshanSampleFiling({ description: `${qingshanSampleFiling().description} [${marker}]` }),
  consultation: () => qingshanSampleConsultation(),
  close: async () => {},
}));

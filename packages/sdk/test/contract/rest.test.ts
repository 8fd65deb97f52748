import { qingshanSampleConsultation, qingshanSampleFiling } from '@jiefen/core/demo';
import { createRestBackend } from '../../src/index.js';
import { startJiefenServer } from '../fixtures/jiefen-server.js';
import { backendContract } from './backend-contract.js';

backendContract('rest (reference server)', async () => {
  const server = await startJiefenServer();
  const token = await server.staffToken('coordinator');
  return {
    backend: createRestBackend({ baseUrl: server.url, tenant: 'qingshan', staffCredential: async () => token }),
    filing: (_config, marker) =>
      qingshanSampleFiling({ description: `${qingshanSampleFiling().description} [${marker}]` }),
    consultation: () => qingshanSampleConsultation(),
    close: () => server.close(),
  };
});

import { qingshanSampleFiling } from '@jiefen/core/demo';
import { startTownshipApi } from '../../../../examples/sdk-custom-backend/src/township-api.js';
import { createTownshipBackend } from '../../../../examples/sdk-custom-backend/src/township-backend.js';
import { backendContract } from './backend-contract.js';

// The custom-backend example is held to the same contract as the built-in backends.
backendContract('custom (examples/sdk-custom-backend)', async () => {
  const api = await startTownshipApi();
  return {
    backend: createTownshipBackend({ baseUrl: api.url }),
    filing: (_config, marker) =>
      qingshanSampleFiling({ description: `${qingshanSampleFiling().description} [${marker}]` }),
    close: () => api.close(),
  };
});

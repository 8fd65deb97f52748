import { DEFAULT_REST_PATHS } from '@jiefen/sdk/rest';
import { describe, expect, it } from 'vitest';
import { WARM_CONFIG_PATH } from '../src/base/warm-config.js';

// The loader fetches the tenant configuration before the REST backend exists (base/warm-config.ts);
// the backend reads that response only if it is the one it would have asked for.
describe('the loader’s configuration warm-up', () => {
  it('asks the REST backend’s own configuration route', () => {
    expect(WARM_CONFIG_PATH).toBe(DEFAULT_REST_PATHS.config);
  });
});

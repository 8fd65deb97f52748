import { createClient, type JiefenClient } from '@jiefen/sdk/intake';
import { takeWarmConfig } from './warm-config.js';

export type BackendKind = 'rest' | 'open311' | 'local';

export interface ClientAttributes {
  backend: BackendKind;
  endpoint: string;
  tenant: string;
}

/**
 * A setup problem an element shows instead of its content: the attributes name no usable backend.
 * Each element maps it to its own catalog's wording (the intake form's `form.setup_missing`).
 */
export class WidgetSetupError extends Error {
  constructor(readonly reason: 'endpoint_missing' | 'tenant_missing') {
    super(`jiefen widget setup: ${reason.replace('_', ' ')}`);
  }
}

/**
 * Build a client from an element's `backend`, `endpoint` and `tenant` attributes (every element
 * that takes them uses this, unless it was given a `client` property or sits in a `<jf-provider>`), importing only the chosen backend's SDK entry: a
 * REST portal never downloads the Open311 adapter or the local backend's case machine.
 */
export async function clientFromAttributes(attributes: ClientAttributes): Promise<JiefenClient> {
  const { backend, endpoint, tenant } = attributes;
  switch (backend) {
    case 'local': {
      // The browser-only backend serves the demo tenant (青山区); `tenant` names nothing else here.
      const { createLocalBackend } = await import('@jiefen/sdk/local');
      return createClient({ backend: createLocalBackend() });
    }
    case 'open311': {
      if (!endpoint) throw new WidgetSetupError('endpoint_missing');
      const { createOpen311Backend } = await import('@jiefen/sdk/open311');
      return createClient({
        backend: createOpen311Backend({ endpoint, ...(tenant ? { jurisdictionId: tenant, tenantId: tenant } : {}) }),
      });
    }
    default: {
      if (!tenant) throw new WidgetSetupError('tenant_missing');
      const { createRestBackend } = await import('@jiefen/sdk/rest');
      // No endpoint: the API is served by the portal's own origin.
      const baseUrl = endpoint || location.origin;
      // The configuration the loader already asked for, if it did (base/warm-config.ts).
      const warm = takeWarmConfig(baseUrl, tenant);
      return createClient({ backend: createRestBackend({ baseUrl, tenant, ...(warm ? { warmConfig: warm } : {}) }) });
    }
  }
}

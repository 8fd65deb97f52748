import { createClient, type JiefenClient } from '@jiefen/sdk/intake';

export type BackendKind = 'rest' | 'open311' | 'local';

export interface ClientAttributes {
  backend: BackendKind;
  endpoint: string;
  tenant: string;
}

/** A setup problem the form shows instead of the steps (message key of the widget catalog). */
export class FormSetupError extends Error {
  constructor(readonly messageKey: 'form.setup_missing') {
    super(messageKey);
  }
}

/**
 * Build a client from the element's attributes, importing only the chosen backend's SDK entry: a
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
      if (!endpoint) throw new FormSetupError('form.setup_missing');
      const { createOpen311Backend } = await import('@jiefen/sdk/open311');
      return createClient({
        backend: createOpen311Backend({ endpoint, ...(tenant ? { jurisdictionId: tenant, tenantId: tenant } : {}) }),
      });
    }
    default: {
      if (!tenant) throw new FormSetupError('form.setup_missing');
      const { createRestBackend } = await import('@jiefen/sdk/rest');
      // No endpoint: the API is served by the portal's own origin.
      return createClient({ backend: createRestBackend({ baseUrl: endpoint || location.origin, tenant }) });
    }
  }
}

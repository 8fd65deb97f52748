import type { JfCaseTracker } from './case-tracker/case-tracker.js';
import type { JfConsultRequest } from './consult-request/consult-request.js';
import type { JfCaseTrackerEventMap, JfEventMap } from './events.js';
import type { JfIntakeForm } from './intake-form/intake-form.js';
import type { JfProvider } from './provider/provider.js';

/** The attributes `<jf-intake-form>` takes in markup (properties such as `client` are set in code). */
export interface JfIntakeFormJsx {
  id?: string;
  class?: string;
  endpoint?: string;
  tenant?: string;
  backend?: 'rest' | 'open311' | 'local';
  lang?: string;
  category?: string;
  elder?: boolean;
  'draft-id'?: string;
  'exit-url'?: string;
  'quick-exit'?: boolean;
  'consultation-url'?: string;
  'tracking-url'?: string;
  ref?: unknown;
  client?: JfIntakeForm['client'];
  prefill?: JfIntakeForm['prefill'];
  /** React 19 style event props. */
  [event: `on${string}`]: ((event: JfEventMap[keyof JfEventMap]) => void) | undefined;
}

/** The attributes `<jf-case-tracker>` takes in markup (`client`, `watchOptions`, `now` are properties). */
export interface JfCaseTrackerJsx {
  id?: string;
  class?: string;
  endpoint?: string;
  tenant?: string;
  backend?: 'rest' | 'open311' | 'local';
  lang?: string;
  elder?: boolean;
  ref?: unknown;
  client?: JfCaseTracker['client'];
  watchOptions?: JfCaseTracker['watchOptions'];
  [event: `on${string}`]: ((event: JfCaseTrackerEventMap[keyof JfCaseTrackerEventMap]) => void) | undefined;
}

/** The attributes `<jf-consult-request>` takes in markup (properties such as `client` are set in code). */
export interface JfConsultRequestJsx {
  id?: string;
  class?: string;
  endpoint?: string;
  tenant?: string;
  backend?: 'rest' | 'open311' | 'local';
  lang?: string;
  topic?: string;
  elder?: boolean;
  'draft-id'?: string;
  'tracking-url'?: string;
  'intake-url'?: string;
  'intake-target'?: string;
  'intake-draft-id'?: string;
  'refresh-interval'?: number;
  ref?: unknown;
  client?: JfConsultRequest['client'];
  prefill?: JfConsultRequest['prefill'];
  /** React 19 style event props. */
  [event: `on${string}`]: ((event: JfEventMap[keyof JfEventMap]) => void) | undefined;
}

/** `<jf-provider>`: the same backend attributes as the elements inside it, or a `client` property. */
export interface JfProviderJsx {
  id?: string;
  class?: string;
  endpoint?: string;
  tenant?: string;
  backend?: 'rest' | 'open311' | 'local';
  ref?: unknown;
  client?: JfProvider['client'];
  children?: unknown;
}

declare global {
  // JSX namespaces used by React, Preact and Solid type checkers.
  namespace JSX {
    interface IntrinsicElements {
      'jf-intake-form': JfIntakeFormJsx;
      'jf-case-tracker': JfCaseTrackerJsx;
      'jf-consult-request': JfConsultRequestJsx;
      'jf-provider': JfProviderJsx;
    }
  }
}

import type { Locale, LocalizedText, OrgUnit } from '@jiefen/core';
import { JiefenUnsupportedError } from '../../errors.js';
import type { BackendCapabilities, JiefenBackend } from '../backend.js';
import type { MultiValueEncoding } from './attributes.js';
import type { Open311Format } from './wire.js';

export type { MultiValueEncoding } from './attributes.js';
export type { Open311Format } from './wire.js';

export interface Open311BackendOptions {
  /** The GeoReport v2 root, e.g. `https://open311.example.gov/v2` (`services.json` is appended). */
  endpoint: string;
  /** Sent as `api_key` on submissions, if the server wants one. */
  apiKey?: string;
  /** Sent on every call, in the query string and in submissions, for servers hosting several jurisdictions. */
  jurisdictionId?: string;
  /**
   * `json`, `xml`, or `auto` (default): read the server's `discovery` document (at `discoveryUrl`, by
   * default `{endpoint}/discovery.json`, then `.xml`), else try JSON and fall back to XML when the
   * server does not serve it. Answers are read by their content, so a server sending XML to a `.json`
   * URL still works.
   */
  format?: Open311Format | 'auto';
  discoveryUrl?: string;
  /**
   * How multivaluelist answers are sent: `brackets` (`attribute[code][]=a&attribute[code][]=b`, the
   * specification's form and the default) or `repeat` (`attribute[code]=a&attribute[code]=b`, what
   * some PHP- and Rails-less servers parse).
   */
  multiValueEncoding?: MultiValueEncoding;
  /**
   * How far back to look for an earlier attempt of a submission before posting again, in days.
   * Default 30; at most 90, the window servers allow a `requests` query.
   */
  lookbackDays?: number;
  /** Tenant id for the synthesized configuration. Default `open311`. */
  tenantId?: string;
  /** Tenant name; default the endpoint's host. */
  name?: LocalizedText;
  /**
   * The place tree residents pick from. Open311 has none (it uses coordinates and addresses), so the
   * default is one place standing for the whole jurisdiction; the chosen place's name goes into
   * `address_string`.
   */
  organisation?: OrgUnit;
  /** Language of the folded-in details. Default zh-CN. */
  locale?: Locale;
  timeoutMs?: number;
  retry?: { limit?: number; backoffLimitMs?: number };
  fetch?: typeof fetch;
  /** Time zone for "not in the future" checks and for datetime attributes. Default Asia/Shanghai. */
  timeZone?: string;
}

/** What Open311 can do for a resident (the same for every server). */
export const OPEN311_CAPABILITIES: BackendCapabilities = {
  parties: false,
  mediation: false,
  consultations: false,
  uploads: false,
  supplyInformation: false,
  rating: false,
  reopen: false,
  withdraw: false,
  trackingTokens: true,
  liveUpdates: false,
  staff: false,
  staffAccounts: false,
  idempotency: false,
};

/**
 * Any Open311 GeoReport v2 server, in XML or JSON, with FixMyStreet's update extension when present.
 * Services become categories, service-definition attributes become dynamic fields. What Open311
 * cannot hold (other parties, desired outcome, privacy choices) is folded into the description after
 * a marker, so nothing the resident typed is lost; mediation, consultations and resident follow-up
 * actions are reported as unsupported through `capabilities` and `JiefenUnsupportedError`.
 *
 * Open311 has no idempotency keys: every request carries its key as a reference line, and a retried
 * submission, or one whose answer could not be read, first looks for a request with that reference
 * before posting again. See docs/open311.md for the mappings and the options for awkward servers.
 */
export function createOpen311Backend(options: Open311BackendOptions): JiefenBackend {
  // The readers for real servers load on first use, so a page that never talks Open311 does not pay for them.
  let loaded: Promise<JiefenBackend> | undefined;
  const backend = () => (loaded ??= import('./implementation.js').then((m) => m.openOpen311Backend(options)));
  const unsupported = (operation: string) => Promise.reject(new JiefenUnsupportedError('open311', operation));
  return {
    kind: 'open311',
    capabilities: OPEN311_CAPABILITIES,
    getTenantConfig: async (o) => (await backend()).getTenantConfig(o),
    fileCase: async (filing, call) => (await backend()).fileCase(filing, call),
    getCase: async (access, o) => (await backend()).getCase(access, o),
    sendCaseAction: (_access, command) => unsupported(command.type),
    uploadAttachment: () => unsupported('uploadAttachment'),
    requestConsultation: () => unsupported('requestConsultation'),
    getConsultation: () => unsupported('getConsultation'),
    sendConsultationAction: () => unsupported('sendConsultationAction'),
  };
}

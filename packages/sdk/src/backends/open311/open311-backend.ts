import {
  type CaseFilingInput,
  type Category,
  calendarDay,
  DEFAULT_SLA_POLICY,
  DEFAULT_TIME_ZONE,
  FIXMYSTREET_STATUSES,
  type FieldDefinition,
  type FixMyStreetStatus,
  type Locale,
  type LocalizedText,
  type OrgUnit,
  type ResidentCaseView,
  type TenantConfig,
  type TimelineEntry,
  timelineMessage,
  validateCaseFiling,
} from '@jiefen/core';
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import {
  isJiefenError,
  JiefenHttpError,
  JiefenNetworkError,
  JiefenNotFoundError,
  JiefenProtocolError,
  JiefenTimeoutError,
  JiefenUnsupportedError,
  JiefenValidationError,
} from '../../errors.js';
import { formatSdkMessage } from '../../i18n/messages.js';
import type { BackendCapabilities, CaseAccess, CaseReceipt, JiefenBackend } from '../backend.js';

export interface Open311BackendOptions {
  /** The GeoReport v2 root, e.g. `https://open311.example.gov/v2` (`services.json` is appended). */
  endpoint: string;
  /** Sent as `api_key` on submissions, if the server wants one. */
  apiKey?: string;
  jurisdictionId?: string;
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
  /** Time zone for "not in the future" checks. Default Asia/Shanghai. */
  timeZone?: string;
}

interface Open311Service {
  service_code: string;
  service_name: string;
  description?: string | null;
  metadata: boolean;
  type: string;
  group?: string | null;
}
interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description?: string | null;
  order?: number | null;
  description?: string | null;
  values?: Array<{ key: string; name: string }>;
}
interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes?: string | null;
  service_name?: string | null;
  service_code: string;
  description?: string | null;
  requested_datetime: string;
  updated_datetime?: string | null;
  address?: string | null;
  lat?: number | null;
  long?: number | null;
  /** FixMyStreet: richer status in `extended_attributes.status`. */
  extended_attributes?: { status?: string } | null;
}
interface Open311Update {
  update_id: string;
  service_request_id: string;
  status: string;
  updated_datetime: string;
  description?: string | null;
  external_status_code?: string | null;
}

/** Marks the part of an Open311 description the SDK wrote; everything after it is Jiefen-only data. */
const FOLD_MARKER = '\n\n———\n';
const REF_PREFIX = 'jiefen-ref:';
/** GeoReport v2's limit on `description`. */
const OPEN311_DESCRIPTION_MAX = 4000;

const toSlug = (raw: string) => {
  const slug = raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 55);
  return slug || 'x';
};

const same = (text: string): LocalizedText => ({ 'zh-CN': text, 'zh-HK': text, en: text });

/**
 * Any Open311 GeoReport v2 server, with FixMyStreet's update extension when present. Services become
 * categories, service-definition attributes become dynamic fields. What Open311 cannot hold (other
 * parties, desired outcome, privacy choices) is folded into the description after a marker, so nothing
 * the resident typed is lost; mediation, consultations and resident follow-up actions are reported
 * as unsupported through `capabilities` and `JiefenUnsupportedError`.
 *
 * Open311 has no idempotency keys: every request carries its key as a reference line, and a retried
 * submission first looks for a request with that reference before posting again.
 */
export function createOpen311Backend(options: Open311BackendOptions): JiefenBackend {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const tenantId = options.tenantId ?? 'open311';
  const locale = options.locale ?? 'zh-CN';
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const timeout = options.timeoutMs ?? 15_000;
  const organisation: OrgUnit = options.organisation ?? {
    id: 'jurisdiction',
    kind: 'district',
    name: options.name ?? same(new URL(endpoint, 'http://localhost').host || 'Open311'),
  };
  const http: KyInstance = ky.create({
    timeout,
    retry: {
      limit: options.retry?.limit ?? 2,
      methods: ['get'],
      backoffLimit: options.retry?.backoffLimitMs ?? 5000,
      jitter: true,
      retryOnTimeout: true,
    },
    headers: { accept: 'application/json' },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const get = async <T>(path: string, searchParams: Record<string, string> = {}, signal?: AbortSignal): Promise<T> => {
    try {
      const params = {
        ...searchParams,
        ...(options.jurisdictionId ? { jurisdiction_id: options.jurisdictionId } : {}),
      };
      return (await http
        .get(`${endpoint}/${path}`, { searchParams: params, ...(signal ? { signal } : {}) })
        .json()) as T;
    } catch (error) {
      throw toError(error, timeout);
    }
  };

  // Slug ↔ Open311 code maps, filled when the configuration is read.
  const codes = {
    services: new Map<string, string>(),
    fields: new Map<string, Map<string, { code: string; values: Map<string, string> }>>(),
  };
  let config: Promise<TenantConfig> | undefined;

  const loadConfig = async (signal?: AbortSignal): Promise<TenantConfig> => {
    const services = await get<Open311Service[]>('services.json', {}, signal);
    const categories: Category[] = [];
    const used = new Set<string>();
    for (const service of services) {
      let id = toSlug(service.service_code);
      for (let n = 2; used.has(id); n++) id = `${toSlug(service.service_code)}-${n}`;
      used.add(id);
      codes.services.set(id, service.service_code);
      const fieldCodes = new Map<string, { code: string; values: Map<string, string> }>();
      codes.fields.set(id, fieldCodes);
      const fields: FieldDefinition[] = [];
      if (service.metadata) {
        const definition = await get<{ attributes: Open311Attribute[] }>(
          `services/${encodeURIComponent(service.service_code)}.json`,
          {},
          signal,
        );
        const attributes = [...definition.attributes]
          .filter((a) => a.variable)
          .sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
        for (const attribute of attributes) {
          const fieldId = toSlug(attribute.code);
          const values = new Map<string, string>();
          const optionsList = (attribute.values ?? []).map((value) => {
            const slug = toSlug(value.key);
            values.set(slug, value.key);
            return { value: slug, label: same(value.name) };
          });
          fieldCodes.set(fieldId, { code: attribute.code, values });
          const label = attribute.description || attribute.code;
          fields.push({
            id: fieldId,
            type: FIELD_TYPE[attribute.datatype],
            label: same(label),
            ...(attribute.datatype_description ? { hint: same(attribute.datatype_description) } : {}),
            required: attribute.required,
            ...(optionsList.length ? { options: optionsList } : {}),
          });
        }
      }
      categories.push({
        id,
        name: same(service.service_name),
        ...(service.description ? { description: same(service.description) } : {}),
        fields,
      });
    }
    return {
      id: tenantId,
      name: organisation.name,
      defaultLocale: locale,
      organisation,
      departments: [{ id: 'agency', kind: 'other', name: same('Open311'), levels: ['town'] }],
      categories,
      consultationTopics: [],
      sla: DEFAULT_SLA_POLICY,
      publicSecurityDepartmentId: 'agency',
    };
  };
  const getConfig = (signal?: AbortSignal) => {
    config ??= loadConfig(signal).catch((error: unknown) => {
      config = undefined;
      throw error;
    });
    return config;
  };

  const findByReference = async (serviceCode: string, reference: string): Promise<Open311Request | undefined> => {
    // A week back covers any outbox retry a resident would still be waiting for.
    const start = new Date(Date.now() - 7 * 24 * 3600_000).toISOString();
    const requests = await get<Open311Request[]>('requests.json', { service_code: serviceCode, start_date: start });
    return requests.find((r) => r.description?.includes(`${REF_PREFIX}${reference}`));
  };

  const updatesFor = async (id: string): Promise<Open311Update[]> => {
    try {
      return await get<Open311Update[]>('servicerequestupdates.json', { service_request_id: id });
    } catch (error) {
      // Plain Open311 servers have no updates endpoint: that is fine, the status is all there is.
      if (isJiefenError(error) && !error.retryable) return [];
      throw error;
    }
  };

  const view = async (request: Open311Request): Promise<ResidentCaseView> => {
    const cfg = await getConfig();
    const updates = await updatesFor(request.service_request_id);
    return toResidentView(request, updates, cfg, codes.services);
  };

  const fetchRequest = async (id: string, signal?: AbortSignal): Promise<Open311Request> => {
    const list = await get<Open311Request[]>(`requests/${encodeURIComponent(id)}.json`, {}, signal);
    const request = list[0];
    if (!request) throw new JiefenNotFoundError();
    return request;
  };

  const resolve = async (access: CaseAccess, signal?: AbortSignal): Promise<Open311Request> => {
    if ('trackingToken' in access) {
      const tokens = await get<Array<{ service_request_id?: string | null; token?: string }>>(
        `tokens/${encodeURIComponent(access.trackingToken)}.json`,
        {},
        signal,
      );
      const id = tokens[0]?.service_request_id;
      if (!id) throw new JiefenNotFoundError();
      return fetchRequest(id, signal);
    }
    return fetchRequest(access.caseNumber, signal);
  };

  const capabilities: BackendCapabilities = {
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
  const unsupported = (operation: string) => Promise.reject(new JiefenUnsupportedError('open311', operation));

  return {
    kind: 'open311',
    capabilities,
    getTenantConfig: (o) => getConfig(o?.signal),

    async fileCase(filing: CaseFilingInput, call) {
      const cfg = await getConfig(call.signal);
      const checked = validateCaseFiling(filing, cfg, calendarDay(Date.now(), timeZone));
      if (!checked.success) throw new JiefenValidationError(checked.issues);
      const valid = checked.output;
      const serviceCode = codes.services.get(valid.categoryId) ?? valid.categoryId;
      // A retry may follow an attempt the server committed: look for our reference first.
      if ((call.attempt ?? 1) > 1) {
        const existing = await findByReference(serviceCode, call.idempotencyKey);
        if (existing) return receiptFor(existing, await view(existing));
      }
      const body = new URLSearchParams();
      if (options.apiKey) body.set('api_key', options.apiKey);
      if (options.jurisdictionId) body.set('jurisdiction_id', options.jurisdictionId);
      body.set('service_code', serviceCode);
      const place = findPlace(cfg.organisation, valid.location.placeId);
      body.set(
        'address_string',
        [valid.location.address, place?.name[valid.locale]].filter(Boolean).join(', ') || cfg.organisation.name[locale],
      );
      if (valid.location.coordinates) {
        body.set('lat', String(valid.location.coordinates.lat));
        body.set('long', String(valid.location.coordinates.lng));
      }
      const [first, ...rest] = valid.applicant.name.split(/\s+/);
      body.set('first_name', first ?? valid.applicant.name);
      if (rest.length) body.set('last_name', rest.join(' '));
      body.set('phone', valid.applicant.phone);
      const description = foldDescription(valid, call.idempotencyKey);
      if (description.length > OPEN311_DESCRIPTION_MAX) {
        // Cutting the text would lose the resident's words: ask for a shorter description instead.
        const max = Math.max(10, OPEN311_DESCRIPTION_MAX - (description.length - valid.description.length));
        throw new JiefenValidationError([{ path: 'description', key: 'validation.too_long', params: { max } }]);
      }
      body.set('description', description);
      const fieldCodes = codes.fields.get(valid.categoryId) ?? new Map();
      for (const [fieldId, answer] of Object.entries(valid.answers)) {
        const mapping = fieldCodes.get(fieldId);
        const code = mapping?.code ?? fieldId;
        const back = (v: unknown) => mapping?.values.get(String(v)) ?? String(v);
        if (Array.isArray(answer)) for (const item of answer) body.append(`attribute[${code}][]`, back(item));
        else if (answer !== undefined && answer !== null) body.set(`attribute[${code}]`, back(answer));
      }
      let created: Array<{ service_request_id?: string | null; token?: string | null }>;
      try {
        created = await http
          .post(`${endpoint}/requests.json`, { body, retry: 0, ...(call.signal ? { signal: call.signal } : {}) })
          .json();
      } catch (error) {
        throw toError(error, timeout);
      }
      const answer = created[0];
      if (answer?.service_request_id) {
        const request = await fetchRequest(answer.service_request_id);
        return receiptFor(request, await view(request), answer.token ?? undefined);
      }
      if (answer?.token) {
        // Some servers create asynchronously: the token is all we have until it resolves.
        throw new JiefenProtocolError('The Open311 server answered with a token only; track it with trackCase');
      }
      throw new JiefenProtocolError('The Open311 server did not return a service_request_id');
    },

    async getCase(access, o) {
      return view(await resolve(access, o?.signal));
    },
    sendCaseAction: (_access, command) => unsupported(command.type),
    uploadAttachment: () => unsupported('uploadAttachment'),
    requestConsultation: () => unsupported('requestConsultation'),
    getConsultation: () => unsupported('getConsultation'),
    sendConsultationAction: () => unsupported('sendConsultationAction'),
  };
}

const FIELD_TYPE: Record<Open311Attribute['datatype'], FieldDefinition['type']> = {
  string: 'text',
  number: 'number',
  datetime: 'date',
  text: 'longText',
  singlevaluelist: 'singleChoice',
  multivaluelist: 'multipleChoice',
};

function findPlace(root: OrgUnit, id: string): OrgUnit | undefined {
  if (root.id === id) return root;
  for (const child of root.children ?? []) {
    const found = findPlace(child, id);
    if (found) return found;
  }
  return undefined;
}

/** The resident's description, then a marked block with everything Open311 has no field for. */
function foldDescription(filing: ReturnType<typeof validFiling>, reference: string): string {
  const l = filing.locale;
  const lines = [
    formatSdkMessage('sdk.open311.folded_details', {}, l),
    `${LABELS.startedOn[l]}: ${filing.startedOn}`,
    ...filing.otherParties.map(
      (p, i) =>
        `${LABELS.otherParty[l]} ${i + 1}: ${p.name}${p.relationship ? ` (${p.relationship})` : ''}${p.phone ? `, ${p.phone}` : ''}${p.address ? `, ${p.address}` : ''}`,
    ),
    `${LABELS.desiredOutcome[l]}: ${filing.desiredOutcome}`,
    `${LABELS.privacy[l]}: ${filing.privacy.otherPartySees}/${filing.privacy.contactBy}${filing.privacy.publicSummary ? '/public' : ''}`,
    ...(filing.onBehalf
      ? [
          `${LABELS.onBehalf[l]}: ${filing.onBehalf.filerName} (${filing.onBehalf.filerRole}), ${filing.onBehalf.consent.method} ${filing.onBehalf.consent.reference}`,
        ]
      : []),
    `${REF_PREFIX}${reference}`,
  ];
  return `${filing.description}${FOLD_MARKER}${lines.join('\n')}`;
}
const validFiling = (f: Parameters<typeof validateCaseFiling>[0]) => f as import('@jiefen/core').CaseFiling;

const LABELS = {
  startedOn: { 'zh-CN': '开始时间', 'zh-HK': '開始時間', en: 'Started on' },
  otherParty: { 'zh-CN': '对方当事人', 'zh-HK': '對方當事人', en: 'Other party' },
  desiredOutcome: { 'zh-CN': '诉求', 'zh-HK': '訴求', en: 'Desired outcome' },
  privacy: { 'zh-CN': '隐私选择', 'zh-HK': '私隱選擇', en: 'Privacy' },
  onBehalf: { 'zh-CN': '代为申请', 'zh-HK': '代為申請', en: 'Filed on behalf by' },
} satisfies Record<string, LocalizedText>;

function receiptFor(request: Open311Request, view: ResidentCaseView, token?: string): CaseReceipt {
  // Open311 requests are public by id: there is no access code to check, so the id stands in for it.
  return {
    caseNumber: request.service_request_id,
    accessCode: request.service_request_id,
    trackingToken: token ?? request.service_request_id,
    case: view,
  };
}

function extendedStatus(request: Open311Request, updates: Open311Update[]): FixMyStreetStatus {
  const candidates = [
    updates.at(-1)?.external_status_code,
    updates.at(-1)?.status,
    request.extended_attributes?.status,
  ].map((s) => s?.toLowerCase());
  for (const candidate of candidates) {
    if (candidate && (FIXMYSTREET_STATUSES as readonly string[]).includes(candidate)) {
      return candidate as FixMyStreetStatus;
    }
  }
  return request.status === 'closed' ? 'closed' : 'open';
}

/** A resident view built from what Open311 returns; Jiefen-only parts stay empty. */
function toResidentView(
  request: Open311Request,
  updates: Open311Update[],
  config: TenantConfig,
  services: Map<string, string>,
): ResidentCaseView {
  const categoryId =
    [...services].find(([, code]) => code === request.service_code)?.[0] ?? toSlug(request.service_code);
  const closed = request.status === 'closed';
  const described = request.description ?? '';
  const description = described.split(FOLD_MARKER)[0] ?? described;
  const timeline: TimelineEntry[] = [
    {
      at: request.requested_datetime,
      type: 'case.filed',
      actor: { role: 'resident' },
      visibility: 'resident',
      data: { categoryId },
    },
    ...updates.map(
      (u): TimelineEntry => ({
        at: u.updated_datetime,
        type: 'open311.update',
        actor: { role: 'intake_officer' },
        visibility: 'resident',
        data: { status: u.status, ...(u.description ? { description: u.description } : {}) },
      }),
    ),
  ];
  const stage = closed ? 'closed' : 'registration';
  return {
    caseNumber: request.service_request_id,
    tenantId: config.id,
    filedAt: request.requested_datetime,
    categoryId,
    progress: {
      stage,
      waitingFor: closed ? 'nobody' : 'centre',
      steps: [
        { stage: 'registration', status: closed ? 'done' : 'current' },
        { stage: 'closed', status: closed ? 'current' : 'upcoming' },
      ],
    },
    status: { status: request.status, extendedStatus: extendedStatus(request, updates) },
    filing: {
      categoryId,
      description,
      startedOn: request.requested_datetime.slice(0, 10),
      location: { placeId: config.organisation.id, ...(request.address ? { address: request.address } : {}) },
      applicant: { kind: 'person', name: '', phone: '' },
      otherParties: [],
      answers: {},
      attachments: [],
      desiredOutcome: '',
      privacy: { otherPartySees: 'nothing', publicSummary: false, contactBy: 'any' },
      locale: config.defaultLocale,
    },
    departments: [],
    next: closed ? { who: 'nobody', what: 'nothing' } : { who: 'centre', what: 'registration_review' },
    sessions: [],
    ...(closed ? { closedAt: request.updated_datetime ?? request.requested_datetime } : {}),
    allowedActions: [],
    timeline: timeline.map((entry) => ({ ...entry, ...timelineMessage(entry) })),
    updatedAt: updates.at(-1)?.updated_datetime ?? request.updated_datetime ?? request.requested_datetime,
  };
}

function toError(error: unknown, timeoutMs: number): unknown {
  if (isJiefenError(error)) return error;
  if (isHTTPError(error)) {
    const status = error.response.status;
    const body = Array.isArray(error.data) ? (error.data[0] as { code?: unknown; description?: string }) : undefined;
    const details = {
      status,
      code: body?.code !== undefined ? `open311_${String(body.code)}` : `http_${status}`,
      ...(body?.description ? { serverMessage: body.description } : {}),
    };
    if (status === 404) return new JiefenNotFoundError(details);
    if (status === 400 && body?.description) {
      return new JiefenValidationError([{ path: '', key: 'validation.invalid', params: {} }], {
        status,
        code: details.code,
        serverMessage: body.description,
      });
    }
    return new JiefenHttpError(details);
  }
  if (isTimeoutError(error)) return new JiefenTimeoutError(timeoutMs, error);
  if (error instanceof Error && error.name === 'AbortError') return error;
  if (isNetworkError(error) || error instanceof TypeError) return new JiefenNetworkError(String(error), error);
  return error;
}

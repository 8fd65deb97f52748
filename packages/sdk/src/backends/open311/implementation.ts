import {
  type CaseFiling,
  type CaseFilingInput,
  type Category,
  calendarDay,
  DEFAULT_SLA_POLICY,
  DEFAULT_TIME_ZONE,
  findOrgUnit,
  type LocalizedText,
  type OrgUnit,
  type ResidentCaseView,
  type TenantConfig,
  validateCaseFiling,
} from '@jiefen/core';
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import {
  isJiefenError,
  isJiefenNotFoundError,
  JiefenHttpError,
  JiefenNetworkError,
  JiefenNotFoundError,
  JiefenProtocolError,
  JiefenTimeoutError,
  JiefenUnsupportedError,
  JiefenValidationError,
} from '../../errors.js';
import { formatSdkMessage } from '../../i18n/messages.js';
import type { CaseAccess, CaseReceipt, JiefenBackend } from '../backend.js';
import { encodeAnswers, type FieldCode, mapAttributes, same, toSlug, wireInstant } from './attributes.js';
import * as read from './normalise.js';
import { OPEN311_CAPABILITIES, type Open311BackendOptions } from './open311-backend.js';
import { FOLD_MARKER, hasReference, REF_PREFIX, toResidentView } from './tracking.js';
import { formatsFromDiscovery, type Open311Format, parseBody, parseLenientJson } from './wire.js';

/** A 400 from the server: a parameter it does not take (or a value it refuses). */
const isRefusal = (error: unknown) =>
  (error instanceof JiefenHttpError || error instanceof JiefenValidationError) && error.status === 400;

/** GeoReport v2's limit on `description`. */
const OPEN311_DESCRIPTION_MAX = 4000;
/** The specification's default and usual maximum window for `requests` queries. */
const OPEN311_WINDOW_DAYS = 90;
/** Pages read when looking for an earlier attempt; a server that ignores `page` repeats page one, which stops it sooner. */
const SEARCH_MAX_PAGES = 20;
const DAY_MS = 24 * 3600_000;

/** Tracking tokens the SDK hands out say what they hold, so an id is never looked up as a token. */
const ID_TOKEN = 'id:';
const SERVER_TOKEN = 'token:';

/** The backend itself, loaded on first use by `createOpen311Backend` (see open311-backend.ts). */
export function openOpen311Backend(options: Open311BackendOptions): JiefenBackend {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const tenantId = options.tenantId ?? 'open311';
  const locale = options.locale ?? 'zh-CN';
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const timeout = options.timeoutMs ?? 15_000;
  const multiValue = options.multiValueEncoding ?? 'brackets';
  const lookbackDays = Math.min(OPEN311_WINDOW_DAYS - 1, Math.max(1, options.lookbackDays ?? 30));
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
    headers: { accept: 'application/json, text/xml;q=0.9, application/xml;q=0.9' },
    // Error bodies are read with the same tolerant reader (leading-zero numbers, XML).
    parseJson: (text: string) => parseLenientJson(text),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const jurisdiction: Record<string, string> = options.jurisdictionId
    ? { jurisdiction_id: options.jurisdictionId }
    : {};

  let format: Promise<Open311Format> | undefined =
    options.format && options.format !== 'auto' ? Promise.resolve(options.format) : undefined;

  const getText = async (url: string, searchParams: Record<string, string>, signal?: AbortSignal) => {
    try {
      return await http
        .get(url, { searchParams: { ...searchParams, ...jurisdiction }, ...(signal ? { signal } : {}) })
        .text();
    } catch (error) {
      throw await toError(error, timeout);
    }
  };
  const decode = async (text: string, what: string): Promise<unknown> => {
    try {
      return await parseBody(text);
    } catch (error) {
      throw new JiefenProtocolError(`The Open311 server's answer to ${what} could not be read`, error);
    }
  };

  /** JSON unless the server says (discovery) or shows (no JSON served) that it speaks XML only. */
  const discoverFormat = async (signal?: AbortSignal): Promise<Open311Format> => {
    const urls = options.discoveryUrl
      ? [options.discoveryUrl]
      : [`${endpoint}/discovery.json`, `${endpoint}/discovery.xml`];
    for (const url of urls) {
      try {
        const formats = formatsFromDiscovery(await decode(await getText(url, {}, signal), 'discovery'));
        if (formats[0]) return formats[0];
      } catch (error) {
        if (!isJiefenError(error) || error.retryable) throw error;
      }
    }
    try {
      await decode(await getText(`${endpoint}/services.json`, {}, signal), 'services');
      return 'json';
    } catch (error) {
      if (!isJiefenError(error) || error.retryable) throw error;
      return 'xml';
    }
  };
  const getFormat = (signal?: AbortSignal) => {
    format ??= discoverFormat(signal).catch((error: unknown) => {
      format = undefined;
      throw error;
    });
    return format;
  };

  const get = async (resource: string, searchParams: Record<string, string> = {}, signal?: AbortSignal) => {
    const ext = await getFormat(signal);
    return decode(await getText(`${endpoint}/${resource}.${ext}`, searchParams, signal), resource);
  };

  // Slug ↔ Open311 code maps, filled when the configuration is read.
  const codes = { services: new Map<string, string>(), fields: new Map<string, Map<string, FieldCode>>() };
  let config: Promise<TenantConfig> | undefined;

  const loadConfig = async (signal?: AbortSignal): Promise<TenantConfig> => {
    const services = read.list(await get('services', {}, signal)).flatMap((s) => read.service(s) ?? []);
    const categories: Category[] = [];
    const used = new Set<string>();
    let complete = true;
    for (const service of services) {
      let fields: Category['fields'] = [];
      let fieldCodes = new Map<string, FieldCode>();
      let notices: string[] = [];
      if (service.metadata) {
        try {
          const definition = await get(`services/${encodeURIComponent(service.code)}`, {}, signal);
          ({ fields, codes: fieldCodes, notices } = mapAttributes(read.definitionAttributes(definition)));
        } catch (error) {
          if (signal?.aborted) throw error;
          // One broken definition hides its own category, not every category; the next read tries again.
          complete = false;
          continue;
        }
      }
      let id = toSlug(service.code);
      for (let n = 2; used.has(id); n++) id = `${toSlug(service.code)}-${n}`;
      used.add(id);
      codes.services.set(id, service.code);
      codes.fields.set(id, fieldCodes);
      const description = [service.description, ...notices].filter(Boolean).join('\n');
      categories.push({
        id,
        name: same(service.name),
        ...(description ? { description: same(description) } : {}),
        fields,
      });
    }
    if (!complete) queueMicrotask(() => (config = undefined));
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
  const categoryOf = (serviceCode: string) =>
    [...codes.services].find(([, code]) => code === serviceCode)?.[0] ?? toSlug(serviceCode);

  /**
   * An earlier attempt of this submission, found by its reference line. Reads the window the server
   * allows (never more than 90 days), page after page until a page brings nothing new, so a server
   * that ignores `page` ends the search instead of looping.
   */
  const findByReference = async (serviceCode: string, reference: string, signal?: AbortSignal) => {
    const now = Date.now();
    const window = {
      service_code: serviceCode,
      start_date: wireInstant(now - lookbackDays * DAY_MS),
      end_date: wireInstant(now + DAY_MS),
    };
    const seen = new Set<string>();
    for (let page = 1; page <= SEARCH_MAX_PAGES; page++) {
      let answer: unknown;
      try {
        answer = await get('requests', page === 1 ? window : { ...window, page: String(page) }, signal);
      } catch (error) {
        // A server that refuses `page` (400) has shown all it lists on page one.
        if (page > 1 && isRefusal(error)) return undefined;
        throw error;
      }
      const fresh = read
        .list(answer)
        .flatMap((r) => read.request(r) ?? [])
        .filter((r) => !seen.has(r.id));
      if (fresh.length === 0) return undefined;
      const found = fresh.find((r) => hasReference(r.description, reference));
      if (found) return found;
      // A server that publishes no descriptions (Jiefen's own, for privacy) cannot show the line.
      if (fresh.every((r) => r.description === undefined)) return undefined;
      for (const r of fresh) seen.add(r.id);
    }
    return undefined;
  };

  /** Unknown until tried: servers without FixMyStreet's extension answer 404 once and are not asked again. */
  let updatesServed = true;
  const updatesFor = async (request: read.Open311Request): Promise<read.Open311Update[]> => {
    if (!updatesServed) return [];
    const window = {
      start_date: wireInstant(Date.parse(request.requestedAt) - 60_000),
      end_date: wireInstant(Date.now() + DAY_MS),
    };
    // Servers that refuse a parameter answer 400: ask again with less, and filter here.
    const attempts = [{ service_request_id: request.id, ...window }, window, {}];
    let answer: unknown;
    for (const [index, params] of attempts.entries()) {
      try {
        answer = await get('servicerequestupdates', params);
        break;
      } catch (error) {
        if (isJiefenNotFoundError(error)) {
          updatesServed = false;
          return [];
        }
        if (!isRefusal(error) || index === attempts.length - 1) throw error;
      }
    }
    // Servers answer for a date window covering every request: keep this request's updates only.
    return read
      .list(answer)
      .flatMap((u) => read.update(u) ?? [])
      .filter((u) => u.requestId === request.id)
      .sort((a, b) => a.at.localeCompare(b.at));
  };

  const view = async (request: read.Open311Request): Promise<ResidentCaseView> => {
    const cfg = await getConfig();
    return toResidentView(request, await updatesFor(request), cfg, categoryOf(request.serviceCode));
  };

  const fetchRequest = async (id: string, signal?: AbortSignal): Promise<read.Open311Request> => {
    const request = read
      .list(await get(`requests/${encodeURIComponent(id)}`, {}, signal))
      .flatMap((r) => read.request(r) ?? [])
      .find((r) => r.id === id);
    if (!request) throw new JiefenNotFoundError();
    return request;
  };

  /** The id a server token stands for, once the server has created the request (batch services). */
  const idForToken = async (token: string, signal?: AbortSignal): Promise<string | undefined> => {
    const answer = read.list(await get(`tokens/${encodeURIComponent(token)}`, {}, signal)).map(read.created);
    return answer.find((a) => a.id)?.id;
  };

  /** What the resident sees while a batch server has not yet turned the token into a request. */
  const pendingView = async (token: string, filing?: CaseFiling): Promise<ResidentCaseView> => {
    const cfg = await getConfig();
    const serviceCode = filing ? (codes.services.get(filing.categoryId) ?? filing.categoryId) : '';
    const now = new Date().toISOString();
    const pending = toResidentView(
      {
        id: `${SERVER_TOKEN}${token}`,
        status: 'open',
        serviceCode,
        requestedAt: now,
        ...(filing ? { description: filing.description } : {}),
        ...(filing?.location.address ? { address: filing.location.address } : {}),
      },
      [],
      cfg,
      filing?.categoryId ?? '',
    );
    return pending;
  };

  const resolve = async (access: CaseAccess, signal?: AbortSignal): Promise<ResidentCaseView> => {
    const key = 'trackingToken' in access ? access.trackingToken : access.caseNumber;
    if (key.startsWith(ID_TOKEN)) return view(await fetchRequest(key.slice(ID_TOKEN.length), signal));
    // A case number is an id unless it is a pending token; a bare tracking token is a server token.
    const token = key.startsWith(SERVER_TOKEN)
      ? key.slice(SERVER_TOKEN.length)
      : 'trackingToken' in access
        ? key
        : undefined;
    if (token === undefined) return view(await fetchRequest(key, signal));
    const id = await idForToken(token, signal).catch((error: unknown) => {
      // A token the server does not know (yet) is 404 for a bare token; a pending one stays pending.
      if (isJiefenNotFoundError(error) && key.startsWith(SERVER_TOKEN)) return undefined;
      throw error;
    });
    if (id) return view(await fetchRequest(id, signal));
    if (!key.startsWith(SERVER_TOKEN)) throw new JiefenNotFoundError();
    return pendingView(token);
  };

  const receiptFor = async (request: read.Open311Request): Promise<CaseReceipt> => ({
    // Open311 requests are public by id: there is no access code to check, so the id stands in for it.
    caseNumber: request.id,
    accessCode: request.id,
    trackingToken: `${ID_TOKEN}${request.id}`,
    case: await view(request),
  });

  const unsupported = (operation: string) => Promise.reject(new JiefenUnsupportedError('open311', operation));

  return {
    kind: 'open311',
    capabilities: OPEN311_CAPABILITIES,
    getTenantConfig: (o) => getConfig(o?.signal),

    async fileCase(filing: CaseFilingInput, call) {
      const cfg = await getConfig(call.signal);
      const checked = validateCaseFiling(filing, cfg, calendarDay(Date.now(), timeZone));
      if (!checked.success) throw new JiefenValidationError(checked.issues);
      const valid = checked.output;
      const serviceCode = codes.services.get(valid.categoryId) ?? valid.categoryId;
      const reference = call.idempotencyKey;
      // A retry may follow an attempt the server committed: look for our reference first.
      if ((call.attempt ?? 1) > 1) {
        const existing = await findByReference(serviceCode, reference, call.signal);
        if (existing) return receiptFor(existing);
      }
      const body = new URLSearchParams();
      if (options.apiKey) body.set('api_key', options.apiKey);
      if (options.jurisdictionId) body.set('jurisdiction_id', options.jurisdictionId);
      body.set('service_code', serviceCode);
      const place = findOrgUnit(cfg, valid.location.placeId);
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
      const description = foldDescription(valid, reference);
      if (description.length > OPEN311_DESCRIPTION_MAX) {
        // Cutting the text would lose the resident's words: ask for a shorter description instead.
        const max = Math.max(10, OPEN311_DESCRIPTION_MAX - (description.length - valid.description.length));
        throw new JiefenValidationError([{ path: 'description', key: 'validation.too_long', params: { max } }]);
      }
      body.set('description', description);
      encodeAnswers(body, valid.answers, codes.fields.get(valid.categoryId) ?? new Map(), { multiValue, timeZone });

      const ext = await getFormat(call.signal);
      let text: string;
      try {
        text = await http
          .post(`${endpoint}/requests.${ext}`, {
            body,
            // Some servers read jurisdiction_id from the query string only, even on POST.
            searchParams: jurisdiction,
            retry: 0,
            ...(call.signal ? { signal: call.signal } : {}),
          })
          .text();
      } catch (error) {
        throw await toError(error, timeout);
      }
      let answer: ReturnType<typeof read.created> | undefined;
      try {
        answer = read.list(await parseBody(text)).map(read.created)[0];
      } catch {
        answer = undefined;
      }
      if (answer?.id) {
        const request = await fetchRequest(answer.id).catch((error: unknown) => {
          // Listed a moment later on some servers: the receipt is still the request just created.
          if (!isJiefenNotFoundError(error)) throw error;
          return {
            id: answer.id!,
            status: 'open' as const,
            serviceCode,
            requestedAt: new Date().toISOString(),
            description,
          };
        });
        return receiptFor(request);
      }
      if (answer?.token) {
        // Batch services create the request later: keep the token, resolve the id when it exists.
        const id = await idForToken(answer.token, call.signal).catch(() => undefined);
        if (id) return receiptFor(await fetchRequest(id, call.signal));
        const token = `${SERVER_TOKEN}${answer.token}`;
        return {
          caseNumber: token,
          accessCode: token,
          trackingToken: token,
          case: await pendingView(answer.token, valid),
        };
      }
      // An answer without id or token, or one that cannot be read: the request may still have been
      // created. Look for it once; if it is not there, stop with a protocol error rather than post again.
      const existing = await findByReference(serviceCode, reference, call.signal);
      if (existing) return receiptFor(existing);
      throw new JiefenProtocolError('The Open311 server did not answer with a service_request_id or a token');
    },

    getCase: (access, o) => resolve(access, o?.signal),
    sendCaseAction: (_access, command) => unsupported(command.type),
    uploadAttachment: () => unsupported('uploadAttachment'),
    requestConsultation: () => unsupported('requestConsultation'),
    getConsultation: () => unsupported('getConsultation'),
    sendConsultationAction: () => unsupported('sendConsultationAction'),
  };
}

/** The resident's description, then a marked block with everything Open311 has no field for. */
function foldDescription(filing: CaseFiling, reference: string): string {
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

const LABELS = {
  startedOn: { 'zh-CN': '开始时间', 'zh-HK': '開始時間', en: 'Started on' },
  otherParty: { 'zh-CN': '对方当事人', 'zh-HK': '對方當事人', en: 'Other party' },
  desiredOutcome: { 'zh-CN': '诉求', 'zh-HK': '訴求', en: 'Desired outcome' },
  privacy: { 'zh-CN': '隐私选择', 'zh-HK': '私隱選擇', en: 'Privacy' },
  onBehalf: { 'zh-CN': '代为申请', 'zh-HK': '代為申請', en: 'Filed on behalf by' },
} satisfies Record<string, LocalizedText>;

async function toError(error: unknown, timeoutMs: number): Promise<unknown> {
  if (isJiefenError(error)) return error;
  if (isHTTPError(error)) {
    const status = error.response.status;
    let data: unknown = error.data;
    if (typeof data === 'string') {
      try {
        data = await parseBody(data);
      } catch {
        data = undefined;
      }
    }
    // JSON `[{code, description}]` and XML `<errors><error>` read alike.
    const body = read.errorEntry(data);
    const details = {
      status,
      code: body.code !== undefined ? `open311_${body.code}` : `http_${status}`,
      ...(body.description ? { serverMessage: body.description } : {}),
    };
    if (status === 404) return new JiefenNotFoundError(details);
    if (status === 400 && body.description) {
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

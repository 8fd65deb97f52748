/**
 * One typed shape for what GeoReport v2 servers send. Values from XML are all strings (`"true"`,
 * `"1"`), JSON servers send codes, ids, tokens and keys as numbers, and empty elements or strings
 * stand for "not given". Every field read from a server goes through these functions, so no number
 * reaches code that expects a string, `"false"` is false, and `""` is missing.
 */

type Raw = Record<string, unknown>;

const asObject = (value: unknown): Raw => (value && typeof value === 'object' ? (value as Raw) : {});

/** A text value: numbers become their decimal string, `""`, null and objects are missing. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A boolean: `true`, `"true"`, `"1"`, `1`, `"yes"` are true; everything else (`"false"`, `"0"`) is false. */
export function flag(value: unknown, fallback = false): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const t = text(value)?.toLowerCase();
  if (t === undefined) return fallback;
  return t === 'true' || t === '1' || t === 'yes';
}

export function number(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const t = text(value);
  if (t === undefined) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** A date-time as ISO 8601 UTC, or missing when absent or unreadable. */
export function instant(value: unknown): string | undefined {
  const t = text(value);
  if (t === undefined) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** A list, whatever came: an array, one object where a list belongs, or nothing. */
export function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return [value];
  return [];
}

export interface Open311Service {
  code: string;
  name: string;
  description?: string;
  metadata: boolean;
  type?: string;
  group?: string;
}

export function service(raw: unknown): Open311Service | undefined {
  const r = asObject(raw);
  const code = text(r.service_code);
  if (code === undefined) return undefined;
  const description = text(r.description);
  const group = text(r.group);
  const type = text(r.type);
  return {
    code,
    name: text(r.service_name) ?? code,
    ...(description ? { description } : {}),
    metadata: flag(r.metadata),
    ...(type ? { type } : {}),
    ...(group ? { group } : {}),
  };
}

export const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type Open311Datatype = (typeof DATATYPES)[number];

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: Open311Datatype;
  required: boolean;
  datatypeDescription?: string;
  order: number;
  description?: string;
  values: Array<{ key: string; name: string }>;
  /** FixMyStreet: `server_set` or `hidden_field` attributes are filled by the server, never asked. */
  automated?: string;
}

export function attribute(raw: unknown): Open311Attribute | undefined {
  const r = asObject(raw);
  const code = text(r.code);
  if (code === undefined) return undefined;
  const datatype = text(r.datatype)?.toLowerCase() as Open311Datatype | undefined;
  const values = list(r.values).flatMap((v) => {
    const value = asObject(v);
    const key = text(value.key);
    return key === undefined ? [] : [{ key, name: text(value.name) ?? key }];
  });
  const datatypeDescription = text(r.datatype_description);
  const description = text(r.description);
  const automated = text(r.automated);
  return {
    // A missing `variable` is read as a question: dropping a required answer would make filing fail.
    variable: flag(r.variable, true),
    code,
    datatype: datatype && (DATATYPES as readonly string[]).includes(datatype) ? datatype : 'string',
    required: flag(r.required),
    ...(datatypeDescription ? { datatypeDescription } : {}),
    order: number(r.order) ?? Number.MAX_SAFE_INTEGER,
    ...(description ? { description } : {}),
    values,
    ...(automated ? { automated } : {}),
  };
}

/**
 * The attributes of a service definition in any layout seen: `{attributes: [..]}` (the specification),
 * `{attribute: [..]}` or attributes directly under the definition (older servers and XML without the
 * `<attributes>` wrapper), a definition wrapped in a one-element list, or a bare list of attributes.
 */
export function definitionAttributes(raw: unknown): Open311Attribute[] {
  let definition: unknown = raw;
  if (Array.isArray(definition)) {
    const first = asObject(definition[0]);
    if ('code' in first && 'datatype' in first) return definition.flatMap((a) => attribute(a) ?? []);
    definition = first;
  }
  const d = asObject(definition);
  const found = d.attributes ?? d.attribute;
  const nested = asObject(found);
  const items = Array.isArray(found) ? found : 'attribute' in nested ? list(nested.attribute) : list(found);
  return items.flatMap((a) => attribute(a) ?? []);
}

export interface Open311Request {
  id: string;
  status: 'open' | 'closed';
  statusNotes?: string;
  serviceName?: string;
  serviceCode: string;
  description?: string;
  requestedAt: string;
  updatedAt?: string;
  address?: string;
  lat?: number;
  long?: number;
  /** FixMyStreet (`extended_attributes.status`) or a server's own richer status. */
  extendedStatus?: string;
}

export function request(raw: unknown): Open311Request | undefined {
  const r = asObject(raw);
  const id = text(r.service_request_id);
  if (id === undefined) return undefined;
  const extended = asObject(r.extended_attributes);
  const optional = {
    statusNotes: text(r.status_notes),
    serviceName: text(r.service_name),
    description: text(r.description),
    updatedAt: instant(r.updated_datetime),
    address: text(r.address),
    lat: number(r.lat),
    long: number(r.long),
    extendedStatus: text(extended.status) ?? text(r.extended_status),
  };
  const status = text(r.status)?.toLowerCase();
  return {
    id,
    status: status === 'closed' ? 'closed' : 'open',
    serviceCode: text(r.service_code) ?? '',
    requestedAt: instant(r.requested_datetime) ?? optional.updatedAt ?? new Date(0).toISOString(),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    // A non-standard status word in `status` itself is kept as the extended one.
    ...(status && status !== 'open' && status !== 'closed' && !optional.extendedStatus
      ? { extendedStatus: status }
      : {}),
  };
}

/** The answer to a POST or a token lookup: an id, a token, or both. */
export function created(raw: unknown): { id?: string; token?: string; notice?: string } {
  const r = asObject(raw);
  const id = text(r.service_request_id);
  const token = text(r.token);
  const notice = text(r.service_notice);
  return { ...(id ? { id } : {}), ...(token ? { token } : {}), ...(notice ? { notice } : {}) };
}

export interface Open311Update {
  id: string;
  requestId: string;
  status?: string;
  at: string;
  description?: string;
  externalStatus?: string;
}

export function update(raw: unknown): Open311Update | undefined {
  const r = asObject(raw);
  const requestId = text(r.service_request_id);
  const at = instant(r.updated_datetime);
  if (requestId === undefined || at === undefined) return undefined;
  const status = text(r.status);
  const description = text(r.description);
  const externalStatus = text(r.external_status_code);
  return {
    id: text(r.update_id) ?? `${requestId}@${at}`,
    requestId,
    at,
    ...(status ? { status } : {}),
    ...(description ? { description } : {}),
    ...(externalStatus ? { externalStatus } : {}),
  };
}

/** An error body's first entry (JSON `[{code, description}]` or XML `<errors><error>`). */
export function errorEntry(raw: unknown): { code?: string; description?: string } {
  const first = asObject(list(raw)[0]);
  const code = text(first.code);
  const description = text(first.description);
  return { ...(code ? { code } : {}), ...(description ? { description } : {}) };
}

import type { FieldDefinition, LocalizedText } from '@jiefen/core';
import type { Open311Attribute, Open311Datatype } from './normalise.js';

/** How a multivaluelist answer goes on the wire. */
export type MultiValueEncoding = 'brackets' | 'repeat';

export const FIELD_TYPE: Record<Open311Datatype, FieldDefinition['type']> = {
  string: 'text',
  number: 'number',
  // Jiefen's fields hold calendar dates; the wire value gets a time and the tenant's offset.
  datetime: 'date',
  text: 'longText',
  singlevaluelist: 'singleChoice',
  multivaluelist: 'multipleChoice',
};

export const same = (text: string): LocalizedText => ({ 'zh-CN': text, 'zh-HK': text, en: text });

export const toSlug = (raw: string) => {
  const slug = raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 55);
  return slug || 'x';
};

/** A field's Open311 code and the option slug → key map, to encode answers back. */
export interface FieldCode {
  code: string;
  datatype: Open311Datatype;
  values: Map<string, string>;
}

export interface MappedAttributes {
  fields: FieldDefinition[];
  codes: Map<string, FieldCode>;
  /** Texts of informational (`variable=false`) attributes, shown with the category, not asked. */
  notices: string[];
}

/**
 * Service-definition attributes as dynamic fields. Only attributes that ask the resident something
 * become fields: `variable=false` ones are notices, FixMyStreet's `automated` ones (`server_set`,
 * `hidden_field`) are filled by the server and never shown.
 */
export function mapAttributes(attributes: readonly Open311Attribute[]): MappedAttributes {
  const fields: FieldDefinition[] = [];
  const codes = new Map<string, FieldCode>();
  const notices: string[] = [];
  const used = new Set<string>();
  for (const attribute of [...attributes].sort((a, b) => a.order - b.order)) {
    if (attribute.automated) continue;
    if (!attribute.variable) {
      const notice = attribute.description ?? attribute.datatypeDescription;
      if (notice) notices.push(notice);
      continue;
    }
    let id = toSlug(attribute.code);
    for (let n = 2; used.has(id); n++) id = `${toSlug(attribute.code)}-${n}`;
    used.add(id);
    const values = new Map<string, string>();
    const usedValues = new Set<string>();
    const options = attribute.values.map((value) => {
      let slug = toSlug(value.key);
      for (let n = 2; usedValues.has(slug); n++) slug = `${toSlug(value.key)}-${n}`;
      usedValues.add(slug);
      values.set(slug, value.key);
      return { value: slug, label: same(value.name) };
    });
    const list = attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist';
    codes.set(id, { code: attribute.code, datatype: attribute.datatype, values });
    fields.push({
      id,
      // A list without values cannot be answered as a choice: ask for text instead.
      type: list && options.length === 0 ? 'text' : FIELD_TYPE[attribute.datatype],
      label: same(attribute.description ?? attribute.code),
      ...(attribute.datatypeDescription ? { hint: same(attribute.datatypeDescription) } : {}),
      required: attribute.required,
      ...(list && options.length ? { options } : {}),
    });
  }
  return { fields, codes, notices };
}

/**
 * The UTC offset of `timeZone` at a given moment, as `+08:00`. Intl gives the zone's wall time; the
 * difference to UTC is the offset (whole minutes in every zone in use).
 */
export function zoneOffset(timeZone: string, at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  const minutes = Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An instant as servers' patterns accept it: seconds precision, no milliseconds, `Z`. */
export const wireInstant = (at: Date | number) => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A calendar date (or a date-time) as an Open311 datetime: midnight in the tenant's zone, with its offset. */
export function wireDateTime(value: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const offset = zoneOffset(timeZone, new Date(`${value}T12:00:00Z`));
    return `${value}T00:00:00${offset}`;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : wireInstant(ms);
}

/** Form fields for the answers, under their Open311 codes, lists encoded as the server expects. */
export function encodeAnswers(
  body: URLSearchParams,
  answers: Record<string, unknown>,
  codes: Map<string, FieldCode>,
  options: { multiValue: MultiValueEncoding; timeZone: string },
): void {
  for (const [fieldId, answer] of Object.entries(answers)) {
    if (answer === undefined || answer === null || answer === '') continue;
    const mapping = codes.get(fieldId);
    const code = mapping?.code ?? fieldId;
    const wire = (v: unknown) => {
      const raw = typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
      if (mapping?.datatype === 'datetime') return wireDateTime(raw, options.timeZone);
      return mapping?.values.get(raw) ?? raw;
    };
    if (Array.isArray(answer)) {
      const name = options.multiValue === 'brackets' ? `attribute[${code}][]` : `attribute[${code}]`;
      for (const item of answer) body.append(name, wire(item));
    } else body.set(`attribute[${code}]`, wire(answer));
  }
}

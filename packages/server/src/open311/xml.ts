import { XMLBuilder } from 'fast-xml-parser';

/**
 * GeoReport v2 XML: the JSON layout with every list wrapped in its plural element and each item in
 * its singular one (`<services><service>…</service></services>`, `<attributes><attribute>`,
 * `<values><value>`, `<errors><error>`). fast-xml-parser's builder escapes text and writes empty
 * values as empty elements; `null` becomes an empty element too, as the specification's examples show.
 */
const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

/** The element each list item is written as, by the list's own element name. */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests_updates: 'request_update',
};

function shape(name: string, value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const item = ITEM_OF[name] ?? 'item';
    return { [item]: value.map((v) => shape(item, v)) };
  }
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shape(k, v)]));
  }
  return String(value);
}

/** One GeoReport v2 XML document with `root` as its element. */
export function toOpen311Xml(root: string, body: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: shape(root, body) })}`;
}

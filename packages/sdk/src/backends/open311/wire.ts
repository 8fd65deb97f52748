import type { XMLParser } from 'fast-xml-parser';

/**
 * Reading GeoReport v2 bodies as servers actually send them. XML is the format the specification makes
 * mandatory and several servers speak nothing else; JSON is optional and not always valid JSON (the
 * specification's own example has `"service_code":001`). Both are read into the same plain shape: the
 * JSON layout, with XML's wrapper elements (`<services><service>…`) turned into arrays.
 *
 * fast-xml-parser is used because it is small, maintained, dependency-free and runs in browsers and
 * Node alike; values are kept as strings (`parseTagValue: false`) so `normalise.ts` decides every type
 * the same way for both formats. It is loaded on the first XML body only: a page whose server speaks
 * JSON never downloads it (about 20 kB gzip).
 */

export type Open311Format = 'json' | 'xml';

/** Elements that are list items wherever they appear in GeoReport v2 and FixMyStreet's extension. */
const LIST_ITEMS = new Set([
  'service',
  'request',
  'error',
  'attribute',
  'value',
  'endpoint',
  'format',
  'request_update',
  'service_request_update',
]);

let parser: Promise<XMLParser> | undefined;
const xmlParser = () =>
  (parser ??= import('fast-xml-parser').then(
    ({ XMLParser }) =>
      new XMLParser({
        ignoreAttributes: true,
        parseTagValue: false,
        trimValues: true,
        processEntities: true,
        ignoreDeclaration: true,
        ignorePiTags: true,
        isArray: (name) => LIST_ITEMS.has(name),
      }),
  ));

/** Turns `{ service: [..] }` (a wrapper element holding only list items) into the list itself. */
function unwrap(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(unwrap);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node as Record<string, unknown>);
  const only = entries.length === 1 ? entries[0] : undefined;
  if (only && LIST_ITEMS.has(only[0]) && Array.isArray(only[1])) return only[1].map(unwrap);
  return Object.fromEntries(entries.map(([key, value]) => [key, unwrap(value)]));
}

/** An XML document as the JSON layout: the root element's content, wrappers unwrapped. */
export async function parseXml(text: string): Promise<unknown> {
  const document = (await xmlParser()).parse(text, true) as Record<string, unknown>;
  const root = Object.entries(document).find(([key]) => !key.startsWith('?') && !key.startsWith('#'));
  if (!root) throw new SyntaxError('XML document without a root element');
  const content = unwrap(root[1]);
  // `<services/>` or `<service_requests></service_requests>`: an empty list.
  return content === '' ? [] : content;
}

/**
 * JSON, tolerating numbers with leading zeros (`001`), which JSON forbids but servers copy from the
 * specification's example. Such a number is read as the string it was written as: a code `001` stays
 * `"001"`, it does not become `1`.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const repaired = quoteLeadingZeroNumbers(text);
    if (repaired === text) throw error;
    return JSON.parse(repaired);
  }
}

function quoteLeadingZeroNumbers(text: string): string {
  let out = '';
  let i = 0;
  const number = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      // Copy the whole string literal, escapes included.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      number.lastIndex = i;
      const match = number.exec(text);
      if (match) {
        const literal = match[0];
        out += /^-?0\d/.test(literal) ? `"${literal}"` : literal;
        i += literal.length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/** A body in whichever format it turns out to be in (servers do not always honour the extension asked for). */
export async function parseBody(text: string): Promise<unknown> {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('<')) return parseXml(trimmed);
  return parseLenientJson(trimmed);
}

/** The formats a `discovery` document says the production (or any) GeoReport v2 endpoint speaks. */
export function formatsFromDiscovery(discovery: unknown): Open311Format[] {
  const endpoints = (discovery as { endpoints?: unknown } | undefined)?.endpoints;
  const list = Array.isArray(endpoints) ? endpoints : endpoints ? [endpoints] : [];
  const georeport = list.filter((e) => /georeport/i.test(String((e as { specification?: unknown }).specification)));
  const chosen = georeport.find((e) => String((e as { type?: unknown }).type) === 'production') ?? georeport[0];
  const formats = (chosen as { formats?: unknown } | undefined)?.formats;
  const names = (Array.isArray(formats) ? formats : formats ? [formats] : []).map((f) => String(f).toLowerCase());
  const found: Open311Format[] = [];
  if (names.some((n) => n.includes('json'))) found.push('json');
  if (names.some((n) => n.includes('xml'))) found.push('xml');
  return found;
}

import * as v from 'valibot';
import { LOCALES } from '../i18n/locale.js';

/** A trimmed text of bounded length; the messages are keys from i18n/messages.ts. */
export const text = (min: number, max: number) =>
  v.pipe(
    v.string('validation.type'),
    v.trim(),
    v.minLength(min, min <= 1 ? 'validation.required' : 'validation.too_short'),
    v.maxLength(max, 'validation.too_long'),
  );

/** Identifiers tenants choose (categories, fields, departments, places): short, URL-safe. */
export const SlugSchema = v.pipe(v.string('validation.type'), v.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'validation.type'));

export const LocalizedTextSchema = v.object(
  Object.fromEntries(LOCALES.map((locale) => [locale, text(1, 500)])) as Record<
    (typeof LOCALES)[number],
    ReturnType<typeof text>
  >,
  'validation.type',
);

export const LocaleSchema = v.picklist(LOCALES, 'validation.choice');

/** Mainland mobile (11 digits from 1), landline with area code, or Hong Kong 8-digit numbers; spaces and dashes allowed. */
export const PhoneSchema = v.pipe(
  v.string('validation.type'),
  v.trim(),
  v.transform((s) => s.replace(/[\s-]/g, '')),
  v.regex(/^(\+?86)?(1[3-9]\d{9}|0\d{2,3}\d{7,8})$|^(\+?852)?[2-9]\d{7}$/, 'validation.phone'),
);

/** A calendar date part that exists (`2026-02-30` does not). */
const isRealDate = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(date);
};

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const IsoDateSchema = v.pipe(
  v.string('validation.date'),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date'),
  v.check(isRealDate, 'validation.date'),
);

/** An instant, ISO 8601 with zone, on a day that exists. Time in the core is always data of this shape. */
export const InstantSchema = v.pipe(
  v.string('validation.type'),
  v.isoTimestamp('validation.type'),
  v.check((s) => isRealDate(s.slice(0, 10)), 'validation.date'),
);

export const CoordinatesSchema = v.object({
  lat: v.pipe(
    v.number('validation.number'),
    v.minValue(-90, 'validation.min_value'),
    v.maxValue(90, 'validation.max_value'),
  ),
  lng: v.pipe(
    v.number('validation.number'),
    v.minValue(-180, 'validation.min_value'),
    v.maxValue(180, 'validation.max_value'),
  ),
});

/** Where something happened: a place in the tenant's organisation tree, with optional detail. */
export const LocationSchema = v.object({
  placeId: SlugSchema,
  address: v.optional(text(1, 300)),
  coordinates: v.optional(CoordinatesSchema),
});
export type Location = v.InferOutput<typeof LocationSchema>;

/**
 * Characters a file's display name may not keep: controls (Cc), format characters (Cf: the bidi
 * overrides and isolates U+202A–U+202E and U+2066–U+2069, marks, zero-width joiners) and line/paragraph
 * separators. U+202E makes `photo_gnp.exe` render as `photo_exe.png`; the others hide or reorder text.
 */
const UNSAFE_NAME_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** Longest display name kept, in code points. */
export const ATTACHMENT_NAME_MAX = 200;

/**
 * The display name to keep for a file a resident picked: the last path segment, without control,
 * format (bidi) and separator characters, trimmed, at most 200 code points. These characters are
 * stripped, not refused: the name is only a label (files are stored and served by id, their type is
 * sniffed from the bytes), and refusing would throw away evidence over an invisible character.
 * Answers `''` when nothing printable is left (callers fall back to a generic name).
 */
export function attachmentDisplayName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(UNSAFE_NAME_CHARACTERS, '').trim();
  if (clean === '.' || clean === '..') return '';
  return Array.from(clean).slice(0, ATTACHMENT_NAME_MAX).join('').trim();
}

/** Metadata of an uploaded file; the bytes live with the backend. */
export const AttachmentMetaSchema = v.object({
  id: v.pipe(
    v.string('validation.type'),
    v.minLength(1, 'validation.required'),
    v.maxLength(100, 'validation.too_long'),
  ),
  /** A display name only (see `attachmentDisplayName`): bidi and control characters are stripped. */
  name: v.pipe(
    v.string('validation.type'),
    v.maxLength(4 * ATTACHMENT_NAME_MAX, 'validation.too_long'),
    v.transform(attachmentDisplayName),
    v.minLength(1, 'validation.required'),
  ),
  mediaType: v.pipe(v.string('validation.type'), v.regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'validation.type')),
  size: v.pipe(v.number('validation.number'), v.integer('validation.number'), v.minValue(0, 'validation.min_value')),
  sha256: v.optional(v.pipe(v.string('validation.type'), v.regex(/^[a-f0-9]{64}$/, 'validation.type'))),
});
export type AttachmentMeta = v.InferOutput<typeof AttachmentMetaSchema>;

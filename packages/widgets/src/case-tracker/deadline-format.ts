import type { Locale } from '@jiefen/core/forms';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Unit = 'minute' | 'hour' | 'day';

/** The unit a resident reads a distance in: minutes under an hour, hours under two days, then days. */
function unitFor(ms: number): { unit: Unit; value: number } {
  const abs = Math.abs(ms);
  if (abs < HOUR) return { unit: 'minute', value: Math.max(1, Math.round(abs / MINUTE)) };
  if (abs < 2 * DAY) return { unit: 'hour', value: Math.round(abs / HOUR) };
  return { unit: 'day', value: Math.round(abs / DAY) };
}

/**
 * Formatters per locale, made once: `Intl` constructors are slow, and a long timeline formats
 * hundreds of instants.
 */
const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(
  key: string,
  make: () => T,
): T {
  let found = cache.get(key) as T | undefined;
  if (!found) {
    found = make();
    cache.set(key, found);
  }
  return found;
}

/** Formatted instants by locale and ISO string: a timeline re-renders the same instants often. */
const instants = new Map<string, string>();

/** An instant in the centre's zone (Asia/Shanghai), the way the core formats timeline instants. */
export function formatInstant(iso: string, locale: Locale): string {
  const key = `${locale} ${iso}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = cached(
    `dt:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }),
  ).format(date);
  // Bounded: a page that follows many cases does not keep every instant it ever showed.
  if (instants.size > 5000) instants.clear();
  instants.set(key, text);
  return text;
}

/**
 * How far a deadline is from `now`: `{ overdue: false, text: '3 小时后' }` through
 * `Intl.RelativeTimeFormat`, or `{ overdue: true, duration: '2天' }` (a length, for "逾期 2 天").
 */
export function deadlineDistance(
  dueBy: string,
  now: Date,
  locale: Locale,
): { overdue: false; text: string } | { overdue: true; duration: string } {
  const ms = new Date(dueBy).getTime() - now.getTime();
  const { unit, value } = unitFor(ms);
  if (ms >= 0)
    return {
      overdue: false,
      text: cached(`rt:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(value, unit),
    };
  return {
    overdue: true,
    duration: cached(
      `nf:${locale}:${unit}`,
      () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }),
    ).format(value),
  };
}

/**
 * Make this locale's formatters now. The first `Intl.DateTimeFormat` of a page loads ICU and
 * time-zone data: about 100 ms of main thread on a phone (4× CPU), as one long task. Paid while the
 * case is on its way (or before), not after it has arrived, where it held back the first lines.
 */
export function warmFormatters(locale: Locale): void {
  const now = new Date();
  formatInstant(now.toISOString(), locale);
  for (const offset of [-3 * DAY, 3 * HOUR, 10 * MINUTE])
    deadlineDistance(new Date(now.getTime() + offset).toISOString(), now, locale);
}

/** An instant in the resident's locale: the date in words (with the weekday) and the time, or the time only. */
export function formatInstant(instant: string, locale: string, withDate = true): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(locale, {
    ...(withDate ? { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

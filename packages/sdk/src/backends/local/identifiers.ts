/** Case-number alphabet: digits and capitals without 0/O/1/I, as the reference server uses. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function randomFrom(alphabet: string, length: number): string {
  // 32 divides 256, so `byte % 32` is unbiased for this alphabet; others use rejection sampling.
  const out: string[] = [];
  const limit = 256 - (256 % alphabet.length);
  while (out.length < length) {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length * 2));
    for (const byte of bytes) {
      if (byte < limit && out.length < length) out.push(alphabet[byte % alphabet.length]!);
    }
  }
  return out.join('');
}

/** `JF-20261126-7K3QX` (cases) or `JC-…` (consultations); the date is the filing day in the tenant's zone. */
export function newCaseNumber(prefix: 'JF' | 'JC', day: string): string {
  return `${prefix}-${day.replace(/-/g, '')}-${randomFrom(ALPHABET, 5)}`;
}

/** 12 characters, shown to the resident once. */
export const newAccessCode = () => randomFrom(ALPHABET, 12);

/** Long, URL-safe, for tracking links. */
export const newTrackingToken = () =>
  randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 32);

/** `YYYY-MM-DD` of an instant in a time zone. */
export function dayIn(instant: string | number | Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );
}

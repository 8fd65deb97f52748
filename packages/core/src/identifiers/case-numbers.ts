/**
 * One case, one code (一案一码): the shapes of case and consultation numbers and access codes, shared
 * by every backend that issues them. The caller brings the randomness (node:crypto on the server,
 * WebCrypto in the browser), so the core stays pure.
 */

/** 32 symbols without 0/O/1/I, so numbers and codes survive being read aloud over the phone. */
export const SPOKEN_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `JF-20261126-7K3QX`: the filing day and five spoken symbols. */
export const CASE_NUMBER_PATTERN = /^JF-\d{8}-[2-9A-HJ-NP-Z]{5}$/;
/** `JC-20261126-7K3QX`, for legal consultations. */
export const CONSULTATION_NUMBER_PATTERN = /^JC-\d{8}-[2-9A-HJ-NP-Z]{5}$/;

/** 12 spoken symbols: 60 bits, shown to the resident once. */
export const ACCESS_CODE_LENGTH = 12;

/** The centres' calendar, unless a deployment says otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** A uniform integer in `[0, max)` from a cryptographic source. */
export type RandomIndex = (max: number) => number;

/** Per time zone: the formatter, and the last minute formatted with its day. */
const dayFormats = new Map<string, { format: Intl.DateTimeFormat; minute: number; day: string }>();

/**
 * `YYYY-MM-DD` of an instant in a time zone: the day a case is filed on, and "today" for validation.
 * The last answer is kept per zone for its minute (every offset in use since 1972 is whole minutes,
 * so a day never changes inside one): `Intl` formatting costs ~10 µs, and a filing asks twice.
 */
export function calendarDay(instant: string | number | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  let zone = dayFormats.get(timeZone);
  if (!zone) {
    // en-CA formats dates as YYYY-MM-DD.
    const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    zone = { format, minute: Number.NaN, day: '' };
    dayFormats.set(timeZone, zone);
  }
  const date = new Date(instant);
  const minute = Math.floor(date.getTime() / 60_000);
  if (minute !== zone.minute) {
    zone.day = zone.format.format(date);
    zone.minute = minute;
  }
  return zone.day;
}

/** `length` symbols of the spoken alphabet. */
export function spokenCode(length: number, randomIndex: RandomIndex): string {
  let code = '';
  for (let i = 0; i < length; i++) code += SPOKEN_ALPHABET[randomIndex(SPOKEN_ALPHABET.length)];
  return code;
}

/** A new case (`JF`) or consultation (`JC`) number for a filing day; issuers retry on a collision. */
export function issueCaseNumber(prefix: 'JF' | 'JC', day: string, randomIndex: RandomIndex): string {
  return `${prefix}-${day.replaceAll('-', '')}-${spokenCode(5, randomIndex)}`;
}

/** A new access code. */
export function issueAccessCode(randomIndex: RandomIndex): string {
  return spokenCode(ACCESS_CODE_LENGTH, randomIndex);
}

let lastMs = -1;
let sequence = 0;

/**
 * UUIDv7 (RFC 9562 §5.7): 48-bit Unix milliseconds, version 7, a 12-bit sequence, variant 10, 62 random
 * bits. Time-ordered, so outbox entries sort by creation; ids made in the same millisecond count up
 * in their 12 bits (RFC 9562 §6.2, method 1), so two actions the resident makes in one millisecond
 * still go in order. Written here rather than pulled in because it is a few lines on
 * `crypto.getRandomValues`, which every target (browsers, Node ≥ 19) has.
 */
export function uuidv7(time: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let now = time;
  // Within the last few seconds (the same millisecond, one borrowed below, a small clock step back),
  // continue from the last id so ids keep their order; a large jump starts afresh.
  if (now <= lastMs && lastMs - now < 10_000) {
    now = lastMs;
    sequence += 1;
  } else {
    sequence = Number.POSITIVE_INFINITY;
  }
  if (sequence > 0xfff) {
    // A new millisecond (or a full sequence: borrow the next one); start at a random point in the
    // lower half, leaving room to count up.
    if (now === lastMs) now += 1;
    sequence = ((bytes[6]! << 8) | bytes[7]!) & 0x7ff;
  }
  lastMs = now;
  bytes[6] = sequence >>> 8;
  bytes[7] = sequence & 0xff;
  // 48-bit big-endian timestamp; split because bit operations in JS are 32-bit.
  const high = Math.floor(now / 2 ** 16);
  const low = now % 2 ** 16;
  bytes[0] = (high >>> 24) & 0xff;
  bytes[1] = (high >>> 16) & 0xff;
  bytes[2] = (high >>> 8) & 0xff;
  bytes[3] = high & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The millisecond timestamp inside a UUIDv7. */
export function uuidv7Time(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

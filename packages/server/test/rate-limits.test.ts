import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from '../src/security/rate-limits.js';

/** A clock the test moves by hand. */
function manualTime(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('FixedWindowLimiter', () => {
  it('allows max requests per window and refuses the next with the seconds left', () => {
    const time = manualTime();
    const limiter = new FixedWindowLimiter(3, 60_000, time.now);
    expect([1, 2, 3].map(() => limiter.hit('a').allowed)).toEqual([true, true, true]);
    time.advance(20_000);
    expect(limiter.hit('a')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 40 });
    expect(limiter.hit('a').allowed).toBe(false);
  });

  it('counts down what remains', () => {
    const limiter = new FixedWindowLimiter(2, 60_000, manualTime().now);
    expect(limiter.hit('a').remaining).toBe(1);
    expect(limiter.hit('a').remaining).toBe(0);
  });

  it('starts a new window once the old one has passed', () => {
    const time = manualTime();
    const limiter = new FixedWindowLimiter(2, 60_000, time.now);
    limiter.hit('a');
    limiter.hit('a');
    expect(limiter.hit('a').allowed).toBe(false);
    time.advance(59_999);
    expect(limiter.hit('a').allowed).toBe(false);
    time.advance(1);
    expect(limiter.hit('a')).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 60 });
  });

  it('keeps each key to its own count', () => {
    const limiter = new FixedWindowLimiter(1, 60_000, manualTime().now);
    expect(limiter.hit('client-1').allowed).toBe(true);
    expect(limiter.hit('client-1').allowed).toBe(false);
    expect(limiter.hit('client-2').allowed).toBe(true);
    expect(limiter.hit('JF-20250602-7K3QX').allowed).toBe(true);
  });

  it('forgets expired windows, so memory follows recent keys only', () => {
    const time = manualTime();
    const limiter = new FixedWindowLimiter(5, 60_000, time.now);
    for (let i = 0; i < 100; i++) limiter.hit(`guess-${i}`);
    expect(limiter.size).toBe(100);
    time.advance(60_000);
    limiter.hit('fresh');
    expect(limiter.size).toBe(1);
  });

  it('never reports less than one second to wait', () => {
    const time = manualTime();
    const limiter = new FixedWindowLimiter(1, 60_000, time.now);
    limiter.hit('a');
    time.advance(59_900);
    expect(limiter.hit('a').retryAfterSeconds).toBe(1);
  });
});

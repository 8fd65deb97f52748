import { describe, expect, it } from 'vitest';
import {
  CASE_NUMBER_PATTERN,
  CONSULTATION_NUMBER_PATTERN,
  calendarDay,
  issueAccessCode,
  issueCaseNumber,
  SPOKEN_ALPHABET,
} from '../src/index.js';

/** A predictable source of indices, so the shape can be checked exactly. */
const counting = () => {
  let next = 0;
  return (max: number) => next++ % max;
};

describe('case numbers and access codes (一案一码)', () => {
  it('put the filing day and five spoken symbols into a case number', () => {
    expect(issueCaseNumber('JF', '2026-11-26', counting())).toBe('JF-20261126-23456');
    expect(issueCaseNumber('JF', '2026-11-26', counting())).toMatch(CASE_NUMBER_PATTERN);
    expect(issueCaseNumber('JC', '2026-11-26', counting())).toMatch(CONSULTATION_NUMBER_PATTERN);
  });

  it('never use symbols that are confused when read aloud', () => {
    expect(SPOKEN_ALPHABET).toHaveLength(32);
    expect(SPOKEN_ALPHABET).not.toMatch(/[01IO]/);
    expect(issueAccessCode(() => 31)).toBe('ZZZZZZZZZZZZ');
    expect('JF-20261126-O0I1X').not.toMatch(CASE_NUMBER_PATTERN);
  });

  it("count days in the centres' calendar unless told otherwise", () => {
    // 17:00 UTC is already the next day in China.
    expect(calendarDay('2026-11-26T17:00:00.000Z')).toBe('2026-11-27');
    expect(calendarDay('2026-11-26T17:00:00.000Z', 'UTC')).toBe('2026-11-26');
  });
});

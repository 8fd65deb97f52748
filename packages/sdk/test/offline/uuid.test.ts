import { expect, it } from 'vitest';
import { uuidv7, uuidv7Time } from '../../src/index.js';

it('generates RFC 9562 UUIDv7s that carry their time and sort by it', () => {
  const at = Date.UTC(2026, 10, 26, 8, 0, 0, 123);
  const id = uuidv7(at);
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(uuidv7Time(id)).toBe(at);
  expect(uuidv7(at + 1) > id).toBe(true);
  const many = new Set(Array.from({ length: 2000 }, () => uuidv7(at)));
  expect(many.size).toBe(2000);
});

it('keeps ids made in the same millisecond in the order they were made', () => {
  const at = Date.UTC(2026, 10, 26, 9, 0, 0, 0);
  const ids = Array.from({ length: 5000 }, () => uuidv7(at));
  expect([...ids].sort()).toEqual(ids);
  expect(uuidv7Time(ids[0]!)).toBe(at);
});

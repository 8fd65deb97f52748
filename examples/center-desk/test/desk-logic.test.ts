import type { CaseSummary } from '@jiefen/core';
import { describe, expect, it } from 'vitest';
import { routeOf } from '../src/center-desk.js';
import { remaining } from '../src/screens/case-page.js';
import { supervisorOrder } from '../src/screens/queue.js';

const summary = (caseNumber: string, flags: Partial<Pick<CaseSummary, 'overdue' | 'urged' | 'escalated'>> = {}) =>
  ({ caseNumber, overdue: false, urged: false, escalated: false, ...flags }) as CaseSummary;

describe('desk logic', () => {
  it('puts escalated, then urged or overdue cases first for a supervisor, keeping the server order within each', () => {
    const ordered = supervisorOrder([
      summary('a'),
      summary('b', { overdue: true }),
      summary('c', { escalated: true, overdue: true }),
      summary('d'),
      summary('e', { urged: true, overdue: true }),
    ]);
    expect(ordered.map((c) => c.caseNumber)).toEqual(['c', 'b', 'e', 'a', 'd']);
  });

  it('counts a deadline down in hours and minutes, and up once it has passed', () => {
    const now = Date.parse('2026-03-02T08:00:00Z');
    expect(remaining('2026-03-02T10:30:00Z', now)).toEqual({ past: false, hours: 2, minutes: 30 });
    expect(remaining('2026-03-01T07:15:00Z', now)).toEqual({ past: true, hours: 24, minutes: 45 });
  });

  it('reads the screen from the fragment, falling back to the queue', () => {
    expect(routeOf('#/case/JF-QS-2026-000123')).toEqual({ screen: 'case', caseNumber: 'JF-QS-2026-000123' });
    expect(routeOf('#/consultation/C%2F1')).toEqual({ screen: 'consultation', number: 'C/1' });
    expect(routeOf('#/admin')).toEqual({ screen: 'admin' });
    expect(routeOf('#/case/')).toEqual({ screen: 'queue' });
    expect(routeOf('')).toEqual({ screen: 'queue' });
  });
});

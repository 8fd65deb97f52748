import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { ENGINES, fileCase, freshDatabase, type Harness, START, staff, startHarness } from './support/harness.js';

const HOUR = 3_600_000;
const at = (hours: number) => new Date(START.getTime() + hours * HOUR).toISOString();

async function timelineTypes(h: Harness, caseNumber: string): Promise<string[]> {
  const detail = await h.request('GET', `/api/v1/staff/cases/${caseNumber}`, { headers: staff(h, 'supervisor') });
  return detail.body.timeline.map((e: { type: string }) => e.type);
}

describe.each(ENGINES)('durable deadlines on %s', (engine) => {
  const open: Harness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });

  it('urges a missed registration deadline when the test clock passes it, once', async () => {
    const h = await startHarness(engine);
    open.push(h);
    const filed = await fileCase(h);
    expect((await h.request('POST', '/api/v1/test/clock', { body: { now: at(23) } })).body.ticked).toBe(0);
    const run = await h.request('POST', '/api/v1/test/clock', { body: { now: at(25) } });
    expect(run.body.ticked).toBe(1);
    await h.request('POST', '/api/v1/test/clock', { body: { now: at(26) } });
    const types = await timelineTypes(h, filed.caseNumber);
    expect(types.filter((t) => t === 'supervision.urged')).toHaveLength(1);
    const overdue = await h.request('GET', '/api/v1/staff/cases?overdue=true', { headers: staff(h, 'supervisor') });
    expect(overdue.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toContain(filed.caseNumber);
  });

  it('loses no deadline across a restart', async () => {
    const first = await startHarness(engine);
    const filed = await fileCase(first);
    const database = first.database;
    await first.close();
    const second = await startHarness(engine, { database, clock: new ManualClock(new Date(at(25))) });
    open.push(second);
    await second.app.jiefen.scheduler.runOnce();
    expect(await timelineTypes(second, filed.caseNumber)).toContain('supervision.urged');
  });

  if (engine === 'postgres') {
    it('fires each deadline exactly once with two server processes on one database', async () => {
      const database = await freshDatabase('postgres');
      const a = await startHarness(engine, { database });
      const b = await startHarness(engine, { database });
      open.push(a, b);
      const filed = await Promise.all(Array.from({ length: 6 }, () => fileCase(a)));
      a.clock.set(new Date(at(25)));
      b.clock.set(new Date(at(25)));
      const [ra, rb] = await Promise.all([a.app.jiefen.scheduler.runOnce(), b.app.jiefen.scheduler.runOnce()]);
      expect(ra.ticked + rb.ticked).toBe(6);
      for (const { caseNumber } of filed) {
        expect((await timelineTypes(a, caseNumber)).filter((t) => t === 'supervision.urged')).toHaveLength(1);
      }
    });
  }
});

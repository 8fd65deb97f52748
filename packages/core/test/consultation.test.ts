import { describe, expect, it } from 'vitest';
import {
  advanceConsultation,
  type ConsultationSnapshot,
  consultationResidentView,
  openConsultation,
  persistConsultation,
  restoreConsultation,
  type TimelineEntry,
  type WorkflowActor,
} from '../src/index.js';
import { actors, at, T0 } from './fixtures.js';

function consultation() {
  const opened = openConsultation({
    consultationNumber: 'JC-20261126-ABCDE',
    tenantId: 'testville',
    request: {
      topicId: 'general',
      question: '工资被拖欠三个月，怎么办？',
      channel: 'video',
      preferredTimes: [],
      name: '赵',
      phone: '13700137000',
      locale: 'zh-CN',
    },
    now: T0,
  });
  let snapshot: ConsultationSnapshot = opened.snapshot;
  const timeline: TimelineEntry[] = [...opened.timeline];
  const send = (command: Record<string, unknown>, actor: WorkflowActor, hours: number) => {
    const result = advanceConsultation(snapshot, command, actor, at(hours));
    if (result.ok) {
      snapshot = result.snapshot;
      timeline.push(...result.timeline);
    }
    return result;
  };
  return {
    send,
    get snapshot() {
      return snapshot;
    },
    timeline,
  };
}

describe('legal consultation (法律咨询)', () => {
  it('goes requested → assigned → scheduled → answered → rated', () => {
    const c = consultation();
    expect(c.send({ type: 'consultation.assign', lawyer: '值班律师 刘' }, actors.intake, 1).ok).toBe(true);
    expect(
      c.send({ type: 'consultation.schedule', at: at(24), channel: 'video' }, actors.handler('legal-aid'), 2).ok,
    ).toBe(true);
    expect(
      c.send({ type: 'consultation.answer', summary: '建议申请劳动仲裁' }, actors.handler('legal-aid'), 25).ok,
    ).toBe(true);
    expect(consultationResidentView(c.snapshot, c.timeline)).toMatchObject({
      status: 'answered',
      lawyer: '值班律师 刘',
      allowedActions: ['resident.rate'],
    });
    expect(c.send({ type: 'resident.rate', score: 5 }, actors.resident, 26).ok).toBe(true);
    expect(c.snapshot.status).toBe('done');
  });

  it('cannot be answered before someone is assigned, and only staff may assign', () => {
    const c = consultation();
    const early = c.send({ type: 'consultation.answer', summary: 'x' }, actors.coordinator, 1);
    expect(early.ok || early.rejection.code).toBe('not_allowed_now');
    const byResident = c.send({ type: 'consultation.assign', lawyer: '我自己' }, actors.resident, 1);
    expect(byResident.ok || byResident.rejection.code).toBe('not_allowed_for_role');
  });

  it('can turn into a dispute case, after which it is finished', () => {
    const c = consultation();
    c.send({ type: 'consultation.convert_to_case', caseNumber: 'JF-20261126-QQQQQ' }, actors.coordinator, 1);
    expect(c.snapshot.value).toBe('converted');
    const after = c.send({ type: 'resident.cancel' }, actors.resident, 2);
    expect(after.ok || after.rejection.code).toBe('case_finished');
  });

  it('persists and restores', () => {
    const c = consultation();
    c.send({ type: 'consultation.assign', lawyer: '一村一法律顾问 孙' }, actors.coordinator, 1);
    expect(restoreConsultation(JSON.parse(JSON.stringify(persistConsultation(c.snapshot)))).value).toBe('assigned');
  });
});

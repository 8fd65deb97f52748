import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SLA_POLICY,
  formatTimelineEntry,
  LOCALES,
  ResidentCaseViewSchema,
  residentView,
  TIMELINE_MESSAGES,
} from '../src/index.js';
import { actors, at, CaseStory, tenant } from './fixtures.js';

const sla = DEFAULT_SLA_POLICY;
const view = (story: CaseStory) => {
  const result = residentView(story.snapshot, story.timeline, tenant);
  // Every view of these stories must also pass the strict published schema.
  v.parse(ResidentCaseViewSchema, result);
  return result;
};

describe('the departments a resident sees (中心吹哨、部门报到)', () => {
  it('stay hidden after a high-risk assessment until the case is routed, so the rating does not show', () => {
    const assessed = new CaseStory()
      .send({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1)
      .send({ type: 'risk.assess', level: 'high' }, actors.coordinator, 2);
    // Public security was called in at once (internal): the resident sees no department yet.
    expect(Object.keys(assessed.snapshot.context.assignments)).toEqual(['police']);
    expect(view(assessed).departments).toEqual([]);
    expect(JSON.stringify(view(assessed))).not.toContain('police');

    assessed.send(
      { type: 'routing.route', complexity: 'complex', level: 'town', departmentIds: ['justice'] },
      actors.coordinator,
      3,
    );
    expect(view(assessed).departments.map((d) => d.departmentId)).toEqual(['police', 'justice']);
  });

  it('carry the name from the tenant, the deadline that binds each now, and its supervision level', () => {
    const story = new CaseStory().toJointHandling();
    const [justice] = view(story).departments;
    expect(justice).toEqual({
      departmentId: 'justice',
      name: { 'zh-CN': '司法所', 'zh-HK': '司法所', en: 'Justice office' },
      phase: 'called',
      supervision: 'on_track',
      calledAt: at(3),
      acknowledgeBy: at(3 + sla.acknowledgeHours),
    });

    story.send({ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('justice'), 4);
    const acknowledged = view(story).departments[0]!;
    expect(acknowledged.phase).toBe('handling');
    expect(acknowledged.acknowledgedAt).toBe(at(4));
    expect(acknowledged.reportBy).toBe(at(4 + sla.reportHours));
    expect(acknowledged.acknowledgeBy).toBeUndefined();
  });

  it('show urging and escalation on the department itself when its deadline passes', () => {
    const story = new CaseStory().toJointHandling();
    const due = 3 + sla.acknowledgeHours;
    story.send({ type: 'clock.tick' }, actors.system, due + 0.5);
    const urged = view(story).departments[0]!;
    expect(urged.supervision).toBe('urged');
    expect(urged.lastUrgedAt).toBe(at(due + 0.5));

    story.send({ type: 'clock.tick' }, actors.system, due + sla.escalateAfterHours + 1);
    const escalated = view(story).departments[0]!;
    expect(escalated.supervision).toBe('escalated');
    expect(escalated.escalatedAt).toBe(at(due + sla.escalateAfterHours + 1));
    // The timeline tells the same story in words, naming the department.
    const lines = view(story).timeline.map((e) =>
      formatTimelineEntry(e, { locale: 'zh-CN', departmentName: (id) => (id === 'justice' ? '司法所' : id) }),
    );
    expect(lines).toContain('司法所逾期，已催办');
    expect(lines).toContain('司法所仍未按期办理，已提请督办');
  });

  it('show a supervisor escalating by hand (督办) in three locales, without the supervisor’s reason', () => {
    const story = new CaseStory()
      .toJointHandling()
      .send({ type: 'supervision.urge', departmentId: 'justice', note: '请尽快报到' }, actors.supervisor, 4)
      .send({ type: 'supervision.escalate', departmentId: 'justice', note: '内部：屡催不报' }, actors.supervisor, 5);
    const [justice] = view(story).departments;
    expect(justice?.supervision).toBe('escalated');
    expect(justice?.escalatedAt).toBe(at(5));
    const last = view(story).timeline.at(-1)!;
    expect(last).toMatchObject({ type: 'supervision.escalate', messageKey: 'timeline.supervision.escalate' });
    expect(JSON.stringify(view(story))).not.toContain('屡催不报');
    const names = { 'zh-CN': '司法所', 'zh-HK': '司法所', en: 'Justice office' } as const;
    expect(LOCALES.map((locale) => formatTimelineEntry(last, { locale, departmentName: () => names[locale] }))).toEqual(
      ['中心对司法所提请督办', '中心對司法所提請督辦', 'The centre escalated Justice office to supervision'],
    );
  });

  it('without the tenant, still carry ids and deadlines (names are optional)', () => {
    const story = new CaseStory().toJointHandling();
    const [justice] = residentView(story.snapshot, story.timeline).departments;
    expect(justice?.name).toBeUndefined();
    expect(justice?.acknowledgeBy).toBe(at(3 + sla.acknowledgeHours));
  });
});

describe('the deadline the centre is bound by now, and what the case waits for', () => {
  it('follows the case from registration review to follow-up', () => {
    const story = new CaseStory();
    expect(view(story).stageDeadline).toEqual({
      kind: 'registration_review',
      dueBy: at(sla.registrationHours),
      supervision: 'on_track',
    });
    expect(view(story).next).toEqual({ who: 'centre', what: 'registration_review', dueBy: at(sla.registrationHours) });

    story.send(
      { type: 'intake.request_information', message: '请上传照片', fields: ['attachments'] },
      actors.intake,
      1,
    );
    expect(view(story).stageDeadline).toMatchObject({ kind: 'information', dueBy: at(1 + sla.informationDays * 24) });
    expect(view(story).next).toMatchObject({ who: 'resident', what: 'information' });
  });

  it('in joint handling, names the earliest acknowledgement still owed, then the earliest report', () => {
    const story = new CaseStory()
      .send({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1)
      .send({ type: 'risk.assess', level: 'low' }, actors.coordinator, 2)
      .send(
        { type: 'routing.route', complexity: 'complex', level: 'town', departmentIds: ['justice', 'labour'] },
        actors.coordinator,
        3,
      );
    expect(view(story).next).toEqual({
      who: 'departments',
      what: 'department_acknowledgement',
      dueBy: at(3 + sla.acknowledgeHours),
    });
    expect(view(story).stageDeadline).toMatchObject({ kind: 'handling' });
    story
      .send({ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('justice'), 4)
      .send({ type: 'department.acknowledge', departmentId: 'labour' }, actors.handler('labour'), 5);
    expect(view(story).next).toEqual({ who: 'departments', what: 'department_report', dueBy: at(4 + sla.reportHours) });
  });

  it('asks for the rating during follow-up and waits for nobody once closed', () => {
    const story = new CaseStory().toFollowUp();
    expect(view(story).stageDeadline).toMatchObject({ kind: 'follow_up', dueBy: at(5 + sla.followUpDays * 24) });
    expect(view(story).next).toMatchObject({ who: 'resident', what: 'rating' });
    story.send({ type: 'resident.rate', score: 5 }, actors.resident, 6);
    expect(view(story).stageDeadline).toBeUndefined();
    expect(view(story).next).toEqual({ who: 'nobody', what: 'nothing' });
  });
});

describe('timeline lines readable in every locale', () => {
  const story = new CaseStory()
    .toJointHandling()
    .send({ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('justice'), 4)
    .send({ type: 'mediation.start' }, actors.coordinator, 5)
    .send({ type: 'mediation.schedule_session', at: at(30), mode: 'video' }, actors.coordinator, 6)
    .send({ type: 'outcome.agreement', summary: '双方签订调解协议' }, actors.coordinator, 31)
    .send({ type: 'resident.rate', score: 2, comment: '赔偿未到位' }, actors.resident, 32);

  it('gives every line a key of its own kind (none falls back to the generic line) with its parameters', () => {
    const { timeline } = view(story);
    expect(timeline.length).toBeGreaterThan(6);
    for (const entry of timeline) expect(entry.messageKey, entry.type).not.toBe('timeline.other');
    expect(timeline.find((e) => e.type === 'department.acknowledge')?.params).toEqual({ department: 'justice' });
    expect(timeline.find((e) => e.type === 'resident.rate')?.params).toEqual({ score: 2 });
  });

  it('renders each line in zh-CN, zh-HK and en with no placeholder left', () => {
    const lines = LOCALES.flatMap((locale) =>
      view(story).timeline.map((entry) =>
        formatTimelineEntry(entry, {
          locale,
          departmentName: (id) => tenant.departments.find((d) => d.id === id)?.name[locale],
        }),
      ),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toMatch(/[{}]|^timeline\./);
    expect(lines).toContain('Justice office acknowledged');
    expect(lines).toContain('您的評價：2 分（滿分 5 分）');
  });

  it('has every message in all three locales with the same placeholders', () => {
    const entries = Object.entries(TIMELINE_MESSAGES);
    expect(entries.length).toBeGreaterThan(30);
    for (const [key, texts] of entries) {
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const locale of LOCALES) {
        expect(texts[locale], `${key} ${locale}`).toBeTruthy();
        expect(placeholders(texts[locale]), `${key} ${locale}`).toEqual(placeholders(texts['zh-CN']));
      }
    }
  });
});

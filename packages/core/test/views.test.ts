import { describe, expect, it } from 'vitest';
import { caseSummary, closedLoopProgress, open311Status, residentView } from '../src/index.js';
import { actors, at, CaseStory } from './fixtures.js';

describe("the resident's view", () => {
  const story = new CaseStory()
    .send({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1)
    .send({ type: 'case.add_note', text: '申请人情绪激动，注意安抚' }, actors.intake, 1.5)
    .send({ type: 'risk.assess', level: 'high', factors: ['扬言报复'], note: '需要派出所介入' }, actors.coordinator, 2)
    .send(
      { type: 'routing.route', complexity: 'complex', level: 'town', departmentIds: ['justice'] },
      actors.coordinator,
      3,
    );
  const view = residentView(story.snapshot, story.timeline);
  const json = JSON.stringify(view);

  it('hides internal notes, the risk assessment and staff identities', () => {
    expect(json).not.toContain('注意安抚');
    expect(json).not.toContain('扬言报复');
    expect(json).not.toContain('需要派出所介入');
    expect(json).not.toContain('staff-');
    expect(view.timeline.map((e) => e.type)).toEqual(['case.filed', 'intake.accept', 'routing.route']);
  });

  it("removes the other party's phone, id number and address but keeps the resident's own details", () => {
    expect(json).not.toContain('13900139000');
    expect(json).not.toContain('110101199001011234');
    expect(json).not.toContain('3 组 14 号');
    expect(view.filing.otherParties).toEqual([{ kind: 'person', name: '李建国' }]);
    expect(view.filing.applicant.phone).toBe('13800138000');
  });

  it('shows progress, departments and what the resident can do now', () => {
    expect(view.progress.stage).toBe('joint_handling');
    expect(view.progress.waitingFor).toBe('departments');
    expect(view.departments.map((d) => [d.departmentId, d.phase])).toEqual([
      ['police', 'called'],
      ['justice', 'called'],
    ]);
    expect(view.allowedActions).toEqual(['resident.withdraw', 'resident.add_evidence']);
  });

  it('shows an open information request while the case waits for the resident', () => {
    const waiting = new CaseStory().send(
      { type: 'intake.request_information', message: '请上传照片', fields: ['attachments'] },
      actors.intake,
      2,
    );
    expect(residentView(waiting.snapshot, waiting.timeline).informationRequest).toEqual({
      message: '请上传照片',
      fields: ['attachments'],
      dueBy: at(2 + 14 * 24),
    });
  });
});

describe('closed-loop progress', () => {
  it('marks skipped stages when first-line mediation settles a case', () => {
    const story = new CaseStory()
      .send({ type: 'intake.accept', firstLineMediation: true }, actors.intake, 1)
      .send({ type: 'mediation.first_line_succeeded', summary: '调解成功' }, actors.coordinator, 2);
    const progress = closedLoopProgress(story.snapshot);
    expect(progress.stage).toBe('follow_up');
    expect(progress.waitingFor).toBe('resident');
    expect(Object.fromEntries(progress.steps.map((s) => [s.stage, s.status]))).toEqual({
      registration: 'done',
      first_line_mediation: 'done',
      risk_assessment: 'skipped',
      routing: 'skipped',
      joint_handling: 'skipped',
      mediation: 'skipped',
      resolution: 'done',
      follow_up: 'current',
      closed: 'upcoming',
    });
  });

  it('a withdrawn case ends as withdrawn', () => {
    const story = new CaseStory().toJointHandling().send({ type: 'resident.withdraw' }, actors.resident, 5);
    expect(closedLoopProgress(story.snapshot)).toMatchObject({
      stage: 'closed',
      ending: 'withdrawn',
      waitingFor: 'nobody',
    });
  });
});

describe('Open311 status', () => {
  it.each([
    ['a new case', (s: CaseStory) => s, 'open', 'open'],
    [
      'a case waiting for information',
      (s: CaseStory) => s.send({ type: 'intake.request_information', message: 'x', fields: [] }, actors.intake),
      'open',
      'investigating',
    ],
    ['joint handling', (s: CaseStory) => s.toJointHandling(), 'open', 'in_progress'],
    [
      'a scheduled mediation session',
      (s: CaseStory) =>
        s
          .toJointHandling()
          .send({ type: 'mediation.start' }, actors.coordinator, 4)
          .send({ type: 'mediation.schedule_session', at: at(30), mode: 'video' }, actors.coordinator, 5),
      'open',
      'action_scheduled',
    ],
    ['an agreement', (s: CaseStory) => s.toFollowUp(), 'closed', 'fixed'],
    [
      'a referral',
      (s: CaseStory) =>
        s.toJointHandling().send({ type: 'outcome.refer', route: 'litigation', note: '起诉' }, actors.coordinator, 5),
      'closed',
      'internal_referral',
    ],
    [
      'a decline',
      (s: CaseStory) => s.send({ type: 'intake.decline', referral: { channel: '信访', note: 'x' } }, actors.intake),
      'closed',
      'not_councils_responsibility',
    ],
    [
      'a duplicate',
      (s: CaseStory) => s.send({ type: 'intake.mark_duplicate', duplicateOf: 'JF-20261101-AAAAA' }, actors.intake),
      'closed',
      'duplicate',
    ],
    ['a withdrawal', (s: CaseStory) => s.send({ type: 'resident.withdraw' }, actors.resident), 'closed', 'closed'],
  ])('%s is %s / %s', (_name, reach, status, extendedStatus) => {
    expect(open311Status(reach(new CaseStory()).snapshot)).toEqual({ status, extendedStatus });
  });
});

describe('staff queue summary', () => {
  it('flags overdue and escalated cases and lists open departments', () => {
    const story = new CaseStory().toJointHandling('high');
    expect(caseSummary(story.snapshot, at(2.5))).toMatchObject({
      stage: 'joint_handling',
      riskLevel: 'high',
      level: 'town',
      departmentIds: ['police', 'justice'],
      openDepartmentIds: ['police', 'justice'],
      overdue: false,
      urged: false,
      escalated: false,
      nextDeadline: at(3),
    });
    // Police missed the urgent acknowledgement: urged (催办), not yet escalated.
    story.send({ type: 'clock.tick' }, actors.system, 3.5);
    expect(caseSummary(story.snapshot, at(3.5))).toMatchObject({ overdue: true, urged: true, escalated: false });
    story.send({ type: 'clock.tick' }, actors.system, 3 + 1 + 24);
    const summary = caseSummary(story.snapshot, at(3 + 1 + 24));
    expect(summary.overdue).toBe(true);
    // Escalated (督办) and urged are disjoint, so a queue can filter them apart.
    expect(summary.urged).toBe(false);
    expect(summary.escalated).toBe(true);
    expect(summary.state).toBe('open.handling.jointHandling');
    expect(JSON.stringify(summary)).not.toContain('王秀英');
  });
});

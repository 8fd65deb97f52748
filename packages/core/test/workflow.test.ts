import { describe, expect, it } from 'vitest';
import {
  advanceCase,
  allowedEvents,
  CASE_EVENTS,
  departmentPhase,
  nextDeadline,
  REJECTION_KINDS,
  RESIDENT_CASE_EVENT_TYPES,
} from '../src/index.js';
import { actors, at, CaseStory, tenant } from './fixtures.js';

describe('registration (登记受理)', () => {
  it('starts pending review with a registration deadline from the SLA policy', () => {
    const story = new CaseStory();
    expect(story.state).toEqual({ open: { registration: 'pendingReview' } });
    expect(nextDeadline(story.snapshot)).toBe(at(24));
    expect(story.timeline.map((e) => e.type)).toEqual(['case.filed']);
  });

  it('accepting for first-line mediation goes to the village; otherwise to risk assessment', () => {
    expect(new CaseStory().send({ type: 'intake.accept', firstLineMediation: true }, actors.intake).state).toEqual({
      open: 'firstLineMediation',
    });
    expect(new CaseStory().send({ type: 'intake.accept', firstLineMediation: false }, actors.intake).state).toEqual({
      open: 'riskAssessment',
    });
  });

  it('a request for information makes the case wait for the resident until they answer', () => {
    const story = new CaseStory().send(
      { type: 'intake.request_information', message: '请补充宅基地证照片', fields: ['attachments'] },
      actors.intake,
    );
    expect(story.state).toEqual({ open: { registration: 'awaitingInformation' } });
    expect(allowedEvents(story.snapshot, actors.resident)).toContain('resident.supply_information');
    expect(story.try({ type: 'intake.accept', firstLineMediation: false }, actors.intake).ok).toBe(false);
    story.send({ type: 'resident.supply_information', message: '照片已上传' }, actors.resident, 30);
    expect(story.state).toEqual({ open: { registration: 'pendingReview' } });
    expect(story.snapshot.context.informationRequests[0]?.answeredAt).toBe(at(30));
    expect(nextDeadline(story.snapshot)).toBe(at(30 + 24));
  });

  it('an unanswered request lapses back to intake when its deadline passes', () => {
    const story = new CaseStory().send(
      { type: 'intake.request_information', message: '请补充', fields: [] },
      actors.intake,
    );
    expect(nextDeadline(story.snapshot)).toBe(at(1 + 14 * 24));
    story.send({ type: 'clock.tick' }, actors.system, 1 + 14 * 24);
    expect(story.state).toEqual({ open: { registration: 'pendingReview' } });
    expect(story.timeline.at(-1)?.type).toBe('registration.information_lapsed');
  });

  it('declining keeps a referral and lets a supervisor correct it within the window', () => {
    const story = new CaseStory().send(
      { type: 'intake.decline', referral: { channel: '12345 热线', note: '属于行政投诉' } },
      actors.intake,
    );
    expect(story.state).toBe('declined');
    expect(story.snapshot.context.referral?.channel).toBe('12345 热线');
    story.send({ type: 'supervision.correct', note: '属于受理范围' }, actors.supervisor, 48);
    expect(story.state).toEqual({ open: { registration: 'pendingReview' } });
    expect(story.snapshot.context.referral).toBeUndefined();
  });

  it('an uncorrected decline closes when the correction window lapses', () => {
    const story = new CaseStory().send(
      { type: 'intake.decline', referral: { channel: '法院', note: '已起诉' } },
      actors.intake,
    );
    expect(nextDeadline(story.snapshot)).toBe(at(1 + 7 * 24));
    story.send({ type: 'clock.tick' }, actors.system, 1 + 7 * 24);
    expect(story.state).toBe('closed');
    expect(story.snapshot.context.closure).toMatchObject({ reason: 'declined', how: 'correction_window_lapsed' });
  });

  it('marking a duplicate closes the case with a pointer to the original', () => {
    const story = new CaseStory().send(
      { type: 'intake.mark_duplicate', duplicateOf: 'JF-20261120-QWERT' },
      actors.intake,
    );
    expect(story.state).toBe('closed');
    expect(story.snapshot.context.duplicateOf).toBe('JF-20261120-QWERT');
  });
});

describe('who may send what', () => {
  it('rejects an event from a role the catalog does not allow, listing what that role may do', () => {
    const result = advanceCase(
      new CaseStory().snapshot,
      { type: 'intake.accept', firstLineMediation: false },
      actors.resident,
      at(1),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('not_allowed_for_role');
    expect(result.rejection.messageKey).toBe('workflow.not_allowed_for_role');
    expect(result.rejection.allowedEvents).toEqual(['resident.withdraw', 'resident.add_evidence']);
  });

  it('rejects an invalid payload with field issues and changes nothing', () => {
    const story = new CaseStory();
    const before = story.snapshot;
    const result = story.try({ type: 'intake.request_information', message: '', fields: [] }, actors.intake);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('invalid_event');
    expect(result.rejection.issues).toContainEqual({ path: 'message', key: 'validation.required', params: {} });
    expect(story.snapshot).toBe(before);
  });

  it('rejects unknown event types', () => {
    const result = new CaseStory().try({ type: 'case.delete' }, actors.supervisor);
    expect(result.ok || result.rejection.code).toBe('invalid_event');
  });

  it('rejects an event the current stage does not handle, with the allowed ones', () => {
    const result = new CaseStory().try({ type: 'risk.assess', level: 'low' }, actors.coordinator);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('not_allowed_now');
    expect(result.rejection.allowedEvents).toEqual([
      'intake.accept',
      'intake.request_information',
      'intake.decline',
      'intake.mark_duplicate',
      'case.add_note',
    ]);
  });

  it('a department handler acts only for their own department', () => {
    const story = new CaseStory().toJointHandling();
    const result = story.try({ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('labour'), 4);
    expect(result.ok || result.rejection.code).toBe('wrong_department');
  });

  it('a department handler acts only on cases their department is part of', () => {
    const story = new CaseStory().toJointHandling();
    const outsider = story.try({ type: 'outcome.agreement', summary: '协议' }, actors.handler('labour'), 5);
    expect(outsider.ok || outsider.rejection.code).toBe('wrong_department');
    const unbound = story.try({ type: 'outcome.agreement', summary: '协议' }, { role: 'department_handler' }, 5);
    expect(unbound.ok || unbound.rejection.code).toBe('wrong_department');
    expect(story.try({ type: 'outcome.agreement', summary: '协议' }, actors.handler('justice'), 5).ok).toBe(true);
  });

  it('the named first-line mediator may record the first-line outcome; other departments may not', () => {
    const story = new CaseStory().send(
      { type: 'intake.accept', firstLineMediation: true, mediatorDepartmentId: 'willow-committee' },
      actors.intake,
    );
    expect(story.try({ type: 'mediation.first_line_failed' }, actors.handler('justice'), 2).ok).toBe(false);
    expect(story.try({ type: 'mediation.first_line_failed' }, actors.handler('willow-committee'), 2).ok).toBe(true);
  });

  it('the system clock is the only sender of clock.tick', () => {
    const result = new CaseStory().try({ type: 'clock.tick' }, actors.supervisor, 100);
    expect(result.ok || result.rejection.code).toBe('not_allowed_for_role');
  });
});

describe('risk assessment and routing', () => {
  it('high risk calls public security at once with the urgent acknowledgement deadline', () => {
    const story = new CaseStory()
      .send({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1)
      .send({ type: 'risk.assess', level: 'high', factors: ['扬言报复'] }, actors.coordinator, 2);
    const police = story.snapshot.context.assignments.police;
    expect(police).toBeDefined();
    expect(police?.context.dueBy).toBe(at(3));
    expect(story.snapshot.context.risk?.publicSecurityCalled).toBe(true);
  });

  it('low risk calls no one before routing', () => {
    const story = new CaseStory()
      .send({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1)
      .send({ type: 'risk.assess', level: 'low' }, actors.coordinator, 2);
    expect(story.snapshot.context.assignments).toEqual({});
  });

  it('routing calls each department with its own acknowledgement deadline and sets the handling deadline', () => {
    const story = new CaseStory()
      .send({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1)
      .send({ type: 'risk.assess', level: 'medium' }, actors.coordinator, 2)
      .send(
        { type: 'routing.route', complexity: 'complex', level: 'town', departmentIds: ['justice', 'labour'] },
        actors.coordinator,
        3,
      );
    expect(Object.keys(story.snapshot.context.assignments)).toEqual(['justice', 'labour']);
    expect(story.snapshot.context.assignments.labour?.context.dueBy).toBe(at(3 + 4));
    expect(story.snapshot.context.stageSupervision).toMatchObject({ stage: 'handling', dueBy: at(3 + 15 * 24) });
  });

  it('difficult cases must go to the district with a leader in charge', () => {
    const story = new CaseStory()
      .send({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1)
      .send({ type: 'risk.assess', level: 'medium' }, actors.coordinator, 2);
    const lowLevel = story.try(
      {
        type: 'routing.route',
        complexity: 'difficult',
        level: 'town',
        departmentIds: ['court'],
        leaderInCharge: '张区长',
      },
      actors.coordinator,
      3,
    );
    expect(lowLevel.ok ? [] : lowLevel.rejection.issues.map((i) => i.path)).toEqual(['level']);
    const noLeader = story.try(
      { type: 'routing.route', complexity: 'difficult', level: 'district', departmentIds: ['court'] },
      actors.coordinator,
      3,
    );
    expect(noLeader.ok ? [] : noLeader.rejection.issues.map((i) => i.path)).toEqual(['leaderInCharge']);
    expect(
      story.try(
        {
          type: 'routing.route',
          complexity: 'difficult',
          level: 'district',
          departmentIds: ['court'],
          leaderInCharge: '张区长',
        },
        actors.coordinator,
        3,
      ).ok,
    ).toBe(true);
  });
});

describe('departments come from the tenant configuration', () => {
  const routable = () =>
    new CaseStory()
      .send({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1)
      .send({ type: 'risk.assess', level: 'medium' }, actors.coordinator, 2);
  const issuesOf = (result: ReturnType<CaseStory['try']>) =>
    result.ok ? [] : result.rejection.issues.map((i) => `${i.path} ${i.key}`);

  it('refuses routing to a department the tenant does not have, with a field issue', () => {
    const story = routable();
    const result = story.try(
      { type: 'routing.route', complexity: 'complex', level: 'town', departmentIds: ['justice', 'nowhere'] },
      actors.coordinator,
      3,
    );
    expect(result.ok || [result.rejection.code, result.rejection.kind]).toEqual(['invalid_event', 'invalid']);
    expect(issuesOf(result)).toEqual(['departmentIds.1 validation.unknown_department']);
    expect(story.state).toEqual({ open: 'routing' });
  });

  it('refuses routing to a department that does not serve the chosen level', () => {
    // The court serves the district only; the labour bureau serves town and district.
    const result = routable().try(
      { type: 'routing.route', complexity: 'complex', level: 'town', departmentIds: ['labour', 'court'] },
      actors.coordinator,
      3,
    );
    expect(issuesOf(result)).toEqual(['departmentIds.1 validation.department_level']);
  });

  it('refuses calling in, or naming as first-line mediator, a department the tenant does not have', () => {
    const handling = new CaseStory().toJointHandling();
    expect(
      issuesOf(handling.try({ type: 'handling.call_departments', departmentIds: ['ghost'] }, actors.coordinator, 4)),
    ).toEqual(['departmentIds.0 validation.unknown_department']);
    expect(
      issuesOf(
        new CaseStory().try(
          { type: 'intake.accept', firstLineMediation: true, mediatorDepartmentId: 'ghost-committee' },
          actors.intake,
        ),
      ),
    ).toEqual(['mediatorDepartmentId validation.unknown_department']);
  });

  it('without the tenant directory, refuses every command that names a department (fails closed)', () => {
    const story = routable();
    const route = { type: 'routing.route', complexity: 'complex', level: 'town', departmentIds: ['justice'] };
    const blind = advanceCase(story.snapshot, route, actors.coordinator, at(3));
    expect(issuesOf(blind)).toEqual(['departmentIds.0 validation.unknown_department']);
    expect(advanceCase(story.snapshot, route, actors.coordinator, at(3), tenant).ok).toBe(true);
  });
});

describe('what a rejection means (403 never, 409 not now)', () => {
  it('marks an event the role may never send as forbidden, even on a finished case', () => {
    const open = new CaseStory().try({ type: 'risk.assess', level: 'low' }, actors.intake, 1);
    expect(open.ok || [open.rejection.code, open.rejection.kind]).toEqual(['not_allowed_for_role', 'forbidden']);
    const withdrawn = new CaseStory().send({ type: 'resident.withdraw' }, actors.resident, 1);
    const late = withdrawn.try({ type: 'intake.accept', firstLineMediation: false }, actors.resident, 2);
    expect(late.ok || late.rejection.kind).toBe('forbidden');
  });

  it('marks an event the role may send, but not in this state, as a conflict', () => {
    const story = new CaseStory().send({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1);
    const again = story.try({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 2);
    expect(again.ok || [again.rejection.code, again.rejection.kind]).toEqual(['not_allowed_now', 'conflict']);
  });

  it('has a kind for every rejection code', () => {
    expect(Object.keys(REJECTION_KINDS).sort()).toEqual(
      ['case_finished', 'invalid_event', 'not_allowed_for_role', 'not_allowed_now', 'wrong_department'].sort(),
    );
  });

  it('names the resident events once, from the catalog', () => {
    expect(RESIDENT_CASE_EVENT_TYPES.length).toBeGreaterThan(0);
    expect(
      RESIDENT_CASE_EVENT_TYPES.every((t) => (CASE_EVENTS[t].roles as readonly string[]).includes('resident')),
    ).toBe(true);
    expect([...RESIDENT_CASE_EVENT_TYPES].sort()).toEqual(
      [
        'resident.add_evidence',
        'resident.rate',
        'resident.request_reopen',
        'resident.supply_information',
        'resident.withdraw',
      ].sort(),
    );
  });
});

describe('joint handling (中心吹哨、部门报到)', () => {
  it('a department cannot report before it acknowledges', () => {
    const story = new CaseStory().toJointHandling();
    const early = story.try(
      { type: 'department.report_progress', departmentId: 'justice', summary: '已联系双方' },
      actors.handler('justice'),
      4,
    );
    expect(early.ok || early.rejection.code).toBe('not_allowed_now');
    story.send({ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('justice'), 4);
    story.send(
      { type: 'department.report_progress', departmentId: 'justice', summary: '已联系双方' },
      actors.handler('justice'),
      5,
    );
    expect(story.snapshot.context.assignments.justice?.context.reports).toHaveLength(1);
  });

  it('acknowledging twice is refused', () => {
    const story = new CaseStory()
      .toJointHandling()
      .send({ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('justice'), 4);
    expect(
      story.try({ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('justice'), 5).ok,
    ).toBe(false);
  });

  it('each department is urged when its deadline passes and escalated when it passes further', () => {
    const story = new CaseStory().toJointHandling();
    story.send({ type: 'handling.call_departments', departmentIds: ['labour'] }, actors.coordinator, 5);
    story.send({ type: 'department.acknowledge', departmentId: 'labour' }, actors.handler('labour'), 6);
    expect(nextDeadline(story.snapshot)).toBe(at(3 + 4));
    story.send({ type: 'clock.tick' }, actors.system, 3 + 4);
    expect(story.snapshot.context.assignments.justice?.value).toEqual({ called: 'urged' });
    expect(story.snapshot.context.assignments.labour?.value).toEqual({ handling: 'onTime' });
    expect(story.timeline.at(-1)).toMatchObject({
      type: 'supervision.urged',
      data: { target: 'justice' },
      visibility: 'resident',
    });
    expect(nextDeadline(story.snapshot)).toBe(at(3 + 4 + 24));
    story.send({ type: 'clock.tick' }, actors.system, 3 + 4 + 24);
    expect(story.snapshot.context.assignments.justice?.value).toEqual({ called: 'escalated' });
    expect(story.snapshot.context.supervisionLog.map((r) => `${r.kind}:${r.target}`)).toEqual([
      'urged:justice',
      'escalated:justice',
    ]);
  });

  it('a tick with nothing due changes nothing', () => {
    const story = new CaseStory().toJointHandling();
    const result = story.try({ type: 'clock.tick' }, actors.system, 4);
    expect(result.ok && result.changed).toBe(false);
  });

  it('a progress report meets the report deadline and sets the next one', () => {
    const story = new CaseStory()
      .toJointHandling()
      .send({ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('justice'), 4);
    expect(story.snapshot.context.assignments.justice?.context.dueBy).toBe(at(4 + 72));
    story.send(
      { type: 'department.report_progress', departmentId: 'justice', summary: '已约谈' },
      actors.handler('justice'),
      50,
    );
    expect(story.snapshot.context.assignments.justice?.context.dueBy).toBe(at(50 + 72));
  });

  it('completing moves the department to completed; it no longer needs the clock', () => {
    const story = new CaseStory()
      .toJointHandling()
      .send({ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('justice'), 4)
      .send({ type: 'department.complete', departmentId: 'justice', summary: '已处理' }, actors.handler('justice'), 5);
    const justice = story.snapshot.context.assignments.justice;
    expect(justice && departmentPhase(justice)).toBe('completed');
    expect(nextDeadline(story.snapshot)).toBe(at(3 + 15 * 24));
  });

  it('the centre stage deadline is urged and escalated too', () => {
    const story = new CaseStory().send({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1);
    story.send({ type: 'clock.tick' }, actors.system, 1 + 24);
    expect(story.snapshot.context.stageSupervision?.level).toBe('urged');
    story.send({ type: 'clock.tick' }, actors.system, 1 + 48);
    expect(story.snapshot.context.stageSupervision?.level).toBe('escalated');
    expect(nextDeadline(story.snapshot)).toBeUndefined();
  });

  it('a supervisor can urge a department by hand', () => {
    const story = new CaseStory()
      .toJointHandling()
      .send({ type: 'supervision.urge', departmentId: 'justice', note: '请尽快报到' }, actors.supervisor, 3.5);
    expect(story.snapshot.context.assignments.justice?.value).toEqual({ called: 'urged' });
    expect(story.snapshot.context.supervisionLog.at(-1)).toMatchObject({
      kind: 'urged',
      target: 'justice',
      by: 'staff',
    });
  });
});

describe('escalation by hand (督办)', () => {
  const escalate = (note = '逾期未报到，提请督办') => ({ type: 'supervision.escalate', departmentId: 'justice', note });
  const urged = () =>
    new CaseStory()
      .toJointHandling()
      .send({ type: 'supervision.urge', departmentId: 'justice', note: '请尽快报到' }, actors.supervisor, 3.5);

  it('a supervisor escalates an urged department: its chart, context and the supervision log record it', () => {
    const story = urged().send(escalate(), actors.supervisor, 4);
    const justice = story.snapshot.context.assignments.justice;
    expect(justice?.value).toEqual({ called: 'escalated' });
    expect(justice?.context).toMatchObject({
      escalatedAt: at(4),
      escalatedBy: 'staff',
      escalationNote: '逾期未报到，提请督办',
    });
    expect(story.snapshot.context.supervisionLog.map((r) => `${r.kind}:${r.target}:${r.by}`)).toEqual([
      'urged:justice:staff',
      'escalated:justice:staff',
    ]);
    expect(story.snapshot.context.supervisionLog.at(-1)?.note).toBe('逾期未报到，提请督办');
    // The event itself is the timeline line; the clock adds no derived `supervision.escalated` for it.
    expect(story.timeline.at(-1)).toMatchObject({
      type: 'supervision.escalate',
      visibility: 'resident',
      data: { departmentId: 'justice', note: '逾期未报到，提请督办' },
    });
    expect(story.timeline.filter((e) => e.type === 'supervision.escalated')).toHaveLength(0);
  });

  it('the clock does not escalate a department a supervisor already escalated', () => {
    const story = urged().send(escalate(), actors.supervisor, 4);
    const result = story.try({ type: 'clock.tick' }, actors.system, 3 + 4 + 24);
    expect(result.ok && result.changed).toBe(false);
  });

  it('an on-time department is refused: escalation follows an urging', () => {
    const result = new CaseStory().toJointHandling().try(escalate(), actors.supervisor, 3.5);
    expect(result.ok || [result.rejection.code, result.rejection.kind]).toEqual(['not_allowed_now', 'conflict']);
  });

  it('a department already escalated, or completed, is refused', () => {
    const escalated = urged().send(escalate(), actors.supervisor, 4);
    const again = escalated.try(escalate('再次督办'), actors.supervisor, 5);
    expect(again.ok || [again.rejection.code, again.rejection.kind]).toEqual(['not_allowed_now', 'conflict']);
    const completed = urged()
      .send({ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('justice'), 4)
      .send({ type: 'department.complete', departmentId: 'justice', summary: '已处理' }, actors.handler('justice'), 5);
    const late = completed.try(escalate(), actors.supervisor, 6);
    expect(late.ok || late.rejection.code).toBe('not_allowed_now');
  });

  it('a coordinator may urge but not escalate', () => {
    const result = urged().try(escalate(), actors.coordinator, 4);
    expect(result.ok || [result.rejection.code, result.rejection.kind]).toEqual(['not_allowed_for_role', 'forbidden']);
  });

  it('a department the case never called is refused, and nothing changes', () => {
    const story = urged();
    const before = story.snapshot.context;
    const result = story.try({ ...escalate(), departmentId: 'labour' }, actors.supervisor, 4);
    expect(result.ok || [result.rejection.code, result.rejection.kind]).toEqual(['not_allowed_now', 'conflict']);
    expect(story.snapshot.context).toBe(before);
  });

  it('a reason is required: without a note the payload is invalid', () => {
    const result = urged().try({ type: 'supervision.escalate', departmentId: 'justice' }, actors.supervisor, 4);
    expect(result.ok || [result.rejection.code, result.rejection.kind]).toEqual(['invalid_event', 'invalid']);
    expect(result.ok || result.rejection.issues.map((i) => i.path)).toEqual(['note']);
  });

  it('a supervisor is offered it while departments are handled', () => {
    const story = urged();
    expect(allowedEvents(story.snapshot, actors.supervisor)).toContain('supervision.escalate');
    expect(allowedEvents(story.snapshot, actors.coordinator)).not.toContain('supervision.escalate');
  });
});

describe('mediation and outcomes', () => {
  it('sessions are scheduled and recorded, then an agreement resolves the case', () => {
    const story = new CaseStory()
      .toJointHandling()
      .send({ type: 'mediation.start', mediator: '司法所 陈调解员' }, actors.coordinator, 10)
      .send(
        { type: 'mediation.schedule_session', at: at(48), mode: 'in_person', place: '镇综治中心 2 号调解室' },
        actors.coordinator,
        11,
      );
    expect(story.state).toEqual({ open: { handling: { mediation: 'sessionScheduled' } } });
    story.send({ type: 'mediation.record_session', summary: '双方同意退让 0.5 米' }, actors.coordinator, 49);
    story.send(
      { type: 'outcome.agreement', summary: '签订调解协议书', agreementRef: '青调字 2026 第 12 号' },
      actors.coordinator,
      50,
    );
    expect(story.state).toEqual({ followUp: 'awaitingRating' });
    expect(story.snapshot.context.outcome).toMatchObject({ kind: 'agreement', agreementRef: '青调字 2026 第 12 号' });
    expect(story.snapshot.context.followUp.dueBy).toBe(at(50 + 7 * 24));
  });

  it('judicial confirmation: confirmed resolves, refused goes back to mediation for another round', () => {
    const confirm = new CaseStory()
      .toJointHandling()
      .send({ type: 'outcome.request_judicial_confirmation', summary: '协议' }, actors.coordinator, 10);
    expect(confirm.state).toEqual({ open: 'judicialConfirmation' });
    confirm.send({ type: 'judicial.confirmed', rulingRef: '(2026) 青民特 3 号' }, actors.coordinator, 20);
    expect(confirm.state).toEqual({ followUp: 'awaitingRating' });

    const refuse = new CaseStory()
      .toJointHandling()
      .send({ type: 'outcome.request_judicial_confirmation', summary: '协议' }, actors.coordinator, 10);
    refuse.send({ type: 'judicial.refused', reason: '协议内容违法' }, actors.coordinator, 20);
    expect(refuse.state).toEqual({ open: { handling: { mediation: 'preparing' } } });
    expect(refuse.snapshot.context.mediation.round).toBe(1);
  });

  it('a referral onward on the legal roadmap resolves the case with the route', () => {
    const story = new CaseStory()
      .toJointHandling()
      .send({ type: 'outcome.refer', route: 'arbitration', note: '引导申请劳动仲裁' }, actors.coordinator, 10);
    expect(story.snapshot.context.outcome).toMatchObject({ kind: 'referral', route: 'arbitration' });
  });

  it('first-line mediation can settle a simple case straight away', () => {
    const story = new CaseStory()
      .send(
        { type: 'intake.accept', firstLineMediation: true, mediatorDepartmentId: 'willow-committee' },
        actors.intake,
        1,
      )
      .send(
        { type: 'mediation.first_line_succeeded', summary: '村调委会调解成功' },
        actors.handler('willow-committee'),
        5,
      );
    expect(story.state).toEqual({ followUp: 'awaitingRating' });
    expect(story.snapshot.context.outcome).toMatchObject({ kind: 'agreement', firstLine: true });
  });

  it('failed first-line mediation goes on to risk assessment', () => {
    const story = new CaseStory()
      .send({ type: 'intake.accept', firstLineMediation: true }, actors.intake, 1)
      .send({ type: 'mediation.first_line_failed' }, actors.coordinator, 5);
    expect(story.state).toEqual({ open: 'riskAssessment' });
  });
});

describe('follow-up (回访), reopening and closure', () => {
  it('a satisfied rating closes the case', () => {
    const story = new CaseStory().toFollowUp().send({ type: 'resident.rate', score: 4 }, actors.resident, 30);
    expect(story.state).toBe('closed');
    expect(story.snapshot.status).toBe('done');
    expect(story.snapshot.context.closure).toMatchObject({ reason: 'resolved', how: 'rated' });
    expect(story.timeline.at(-1)?.type).toBe('case.closed');
  });

  it('an unsatisfied resident may have the case reopened for another round of mediation', () => {
    const story = new CaseStory()
      .toFollowUp()
      .send({ type: 'resident.rate', score: 1, comment: '墙没拆' }, actors.resident, 30);
    expect(story.state).toEqual({ followUp: 'unsatisfied' });
    story.send({ type: 'resident.request_reopen', reason: '对方未履行协议' }, actors.resident, 31);
    expect(story.state).toEqual({ open: { handling: { mediation: 'preparing' } } });
    expect(story.snapshot.context.followUp.reopenings).toHaveLength(1);
    expect(story.snapshot.context.outcome).toBeUndefined();
  });

  it('reopening is refused to a satisfied resident and after the maximum number of reopenings', () => {
    const story = new CaseStory().toFollowUp();
    expect(story.try({ type: 'resident.request_reopen', reason: '想再谈' }, actors.resident, 30).ok).toBe(false);
    for (let round = 0; round < 2; round++) {
      story
        .send({ type: 'resident.rate', score: 2 }, actors.resident, 30 + round * 10)
        .send({ type: 'resident.request_reopen', reason: '未履行' }, actors.resident, 31 + round * 10)
        .send({ type: 'outcome.agreement', summary: '重新达成协议' }, actors.coordinator, 32 + round * 10);
    }
    story.send({ type: 'resident.rate', score: 1 }, actors.resident, 60);
    const third = story.try({ type: 'resident.request_reopen', reason: '还是不满意' }, actors.resident, 61);
    expect(third.ok || third.rejection.code).toBe('not_allowed_now');
  });

  it('an unanswered follow-up closes the case when its window ends', () => {
    const story = new CaseStory().toFollowUp();
    story.send({ type: 'clock.tick' }, actors.system, 5 + 7 * 24);
    expect(story.snapshot.context.closure).toMatchObject({ reason: 'resolved', how: 'follow_up_lapsed' });
  });

  it('staff can record a follow-up rating taken by phone', () => {
    const story = new CaseStory().toFollowUp().send({ type: 'followup.record', score: 5 }, actors.intake, 30);
    expect(story.snapshot.context.followUp.rating).toMatchObject({ score: 5, by: 'staff' });
  });
});

describe('withdrawal and finished cases', () => {
  const stages: Array<[string, (s: CaseStory) => CaseStory]> = [
    ['registration', (s) => s],
    [
      'awaiting information',
      (s) => s.send({ type: 'intake.request_information', message: '补充', fields: [] }, actors.intake),
    ],
    ['first-line mediation', (s) => s.send({ type: 'intake.accept', firstLineMediation: true }, actors.intake)],
    ['joint handling', (s) => s.toJointHandling()],
    [
      'judicial confirmation',
      (s) =>
        s
          .toJointHandling()
          .send({ type: 'outcome.request_judicial_confirmation', summary: 'x' }, actors.coordinator, 9),
    ],
  ];
  it.each(stages)('the resident may withdraw during %s', (_name, reach) => {
    const story = reach(new CaseStory()).send({ type: 'resident.withdraw', reason: '已私下和解' }, actors.resident, 10);
    expect(story.state).toBe('withdrawn');
    expect(story.snapshot.status).toBe('done');
  });

  it('withdrawal is no longer possible once the case is resolved', () => {
    const story = new CaseStory().toFollowUp();
    expect(story.try({ type: 'resident.withdraw' }, actors.resident, 10).ok).toBe(false);
  });

  it('a withdrawn or closed case accepts no further change', () => {
    const withdrawn = new CaseStory().send({ type: 'resident.withdraw' }, actors.resident);
    const closed = new CaseStory().toFollowUp().send({ type: 'resident.rate', score: 5 }, actors.resident, 10);
    for (const story of [withdrawn, closed]) {
      for (const [command, actor] of [
        [{ type: 'case.add_note', text: '补记' }, actors.supervisor],
        [{ type: 'clock.tick' }, actors.system],
        [
          {
            type: 'resident.add_evidence',
            attachments: [{ id: 'a', name: 'a.jpg', mediaType: 'image/jpeg', size: 1 }],
          },
          actors.resident,
        ],
      ] as const) {
        const result = story.try(command, actor, 100);
        expect(result.ok || result.rejection.code).toBe('case_finished');
        expect(result.ok || result.rejection.allowedEvents).toEqual([]);
      }
    }
  });
});

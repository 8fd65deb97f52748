import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  advanceConsultation,
  CaseSummarySchema,
  ClosedLoopProgressSchema,
  type ConsultationSnapshot,
  ConsultationSummarySchema,
  caseSummary,
  closedLoopProgress,
  consultationResidentView,
  consultationSummary,
  Open311StatusSchema,
  open311Status,
  openConsultation,
  ResidentCaseViewSchema,
  ResidentConsultationViewSchema,
  ResidentTimelineEntrySchema,
  residentView,
  StaffCaseDetailSchema,
  StaffConsultationDetailSchema,
  staffCaseDetail,
  staffConsultationDetail,
  type TimelineEntry,
  type WorkflowActor,
} from '../src/index.js';
import { actors, at, CaseStory, T0 } from './fixtures.js';

type Step = [command: Record<string, unknown>, actor: WorkflowActor, hours: number];

/** Readable failure: the paths and messages of what did not match. */
function problems(schema: v.GenericSchema, value: unknown): string[] {
  const result = v.safeParse(schema, value);
  return result.success ? [] : result.issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
}

/** Every case view, at one moment, must match its schema, in memory and after a JSON round trip. */
function expectCaseViewsValid(story: CaseStory, now: string, label: string) {
  const views: Array<[string, v.GenericSchema, unknown]> = [
    ['residentView', ResidentCaseViewSchema, residentView(story.snapshot, story.timeline)],
    ['caseSummary', CaseSummarySchema, caseSummary(story.snapshot, now)],
    ['closedLoopProgress', ClosedLoopProgressSchema, closedLoopProgress(story.snapshot)],
    ['open311Status', Open311StatusSchema, open311Status(story.snapshot)],
    ['staff detail', StaffCaseDetailSchema, staffCaseDetail(story.snapshot, story.timeline, actors.coordinator, now)],
  ];
  for (const [name, schema, view] of views) {
    expect(problems(schema, view), `${name} after ${label}`).toEqual([]);
    expect(problems(schema, JSON.parse(JSON.stringify(view))), `${name} (JSON) after ${label}`).toEqual([]);
  }
}

/** Drive a case step by step, checking every view after each accepted event. */
function walk(story: CaseStory, steps: Step[]): CaseStory {
  expectCaseViewsValid(story, T0, 'filing');
  for (const [command, actor, hours] of steps) {
    story.send(command, actor, hours);
    expectCaseViewsValid(story, at(hours), String(command.type));
    // Also later, when deadlines may have passed (overdue flags, next deadlines).
    expectCaseViewsValid(story, at(hours + 24 * 30), `${String(command.type)} + 30 days`);
  }
  return story;
}

const accept: Step = [{ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1];
const assess: Step = [
  { type: 'risk.assess', level: 'high', factors: ['扬言报复'], note: '注意' },
  actors.coordinator,
  2,
];
const route: Step = [
  { type: 'routing.route', complexity: 'complex', level: 'town', departmentIds: ['justice'] },
  actors.coordinator,
  3,
];

describe('view schemas agree with the views the core builds', () => {
  it('through information request, supply, routing, joint handling, mediation, agreement and a satisfied rating', () => {
    const story = walk(new CaseStory(), [
      [{ type: 'intake.request_information', message: '请上传照片', fields: ['attachments'] }, actors.intake, 1],
      [
        {
          type: 'resident.supply_information',
          message: '照片已上传',
          answers: { years: 3 },
          attachments: [{ id: 'att-1', name: '墙.jpg', mediaType: 'image/jpeg', size: 1024 }],
        },
        actors.resident,
        5,
      ],
      accept,
      [{ type: 'case.add_note', text: '申请人情绪激动' }, actors.intake, 6],
      assess,
      route,
      [{ type: 'handling.convene_session', at: at(30), mode: 'in_person', place: '镇综治中心' }, actors.coordinator, 8],
      [{ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('justice'), 9],
      [
        { type: 'department.report_progress', departmentId: 'justice', summary: '已联系双方' },
        actors.handler('justice'),
        10,
      ],
      [{ type: 'supervision.urge', departmentId: 'police', note: '请尽快报到' }, actors.supervisor, 11],
      [{ type: 'supervision.escalate', departmentId: 'police', note: '屡催不报' }, actors.supervisor, 12],
      [{ type: 'clock.tick' }, actors.system, 40],
      [
        {
          type: 'resident.add_evidence',
          attachments: [{ id: 'att-2', name: '协议.pdf', mediaType: 'application/pdf', size: 10 }],
        },
        actors.resident,
        41,
      ],
      [{ type: 'mediation.start', mediator: '陈调解员' }, actors.coordinator, 42],
      [{ type: 'mediation.schedule_session', at: at(60), mode: 'video' }, actors.coordinator, 43],
      [{ type: 'mediation.record_session', summary: '双方同意退让' }, actors.coordinator, 61],
      [{ type: 'outcome.agreement', summary: '签订调解协议书', agreementRef: '青调字 12 号' }, actors.coordinator, 62],
      [{ type: 'resident.rate', score: 5, comment: '满意' }, actors.resident, 70],
    ]);
    expect(story.snapshot.status).toBe('done');
  });

  it('through first-line mediation, judicial confirmation, an unsatisfied rating, reopening and a referral', () => {
    walk(new CaseStory(), [
      [{ type: 'intake.accept', firstLineMediation: true }, actors.intake, 1],
      [{ type: 'mediation.first_line_failed', note: '对方拒绝' }, actors.coordinator, 2],
      [{ type: 'risk.assess', level: 'low' }, actors.coordinator, 3],
      route,
      [{ type: 'outcome.request_judicial_confirmation', summary: '协议' }, actors.coordinator, 10],
      [{ type: 'judicial.refused', reason: '协议内容违法' }, actors.coordinator, 20],
      [{ type: 'outcome.request_judicial_confirmation', summary: '新协议' }, actors.coordinator, 30],
      [{ type: 'judicial.confirmed', rulingRef: '(2026) 青民特 3 号' }, actors.coordinator, 40],
      [{ type: 'resident.rate', score: 1, comment: '未履行' }, actors.resident, 50],
      [{ type: 'resident.request_reopen', reason: '对方未履行协议' }, actors.resident, 51],
      [{ type: 'outcome.refer', route: 'litigation', note: '建议起诉' }, actors.coordinator, 60],
      [{ type: 'clock.tick' }, actors.system, 60 + 8 * 24],
    ]);
  });

  it.each<[string, Step[]]>([
    [
      'first-line success',
      [
        [{ type: 'intake.accept', firstLineMediation: true }, actors.intake, 1],
        [{ type: 'mediation.first_line_succeeded', summary: '调解成功' }, actors.coordinator, 2],
      ],
    ],
    ['decline', [[{ type: 'intake.decline', referral: { channel: '信访', note: '不属受理范围' } }, actors.intake, 1]]],
    [
      'decline corrected',
      [
        [{ type: 'intake.decline', referral: { channel: '信访', note: 'x' } }, actors.intake, 1],
        [{ type: 'supervision.correct', note: '属于受理范围' }, actors.supervisor, 2],
      ],
    ],
    ['duplicate', [[{ type: 'intake.mark_duplicate', duplicateOf: 'JF-20261101-AAAAA' }, actors.intake, 1]]],
    ['withdrawal', [accept, [{ type: 'resident.withdraw', reason: '已和解' }, actors.resident, 2]]],
    [
      'staff-recorded follow-up',
      [
        accept,
        assess,
        route,
        [{ type: 'outcome.agreement', summary: '协议' }, actors.coordinator, 5],
        [{ type: 'followup.record', score: 4 }, actors.intake, 30],
      ],
    ],
    [
      'a lapsed information request',
      [
        [{ type: 'intake.request_information', message: '补充', fields: [] }, actors.intake, 1],
        [{ type: 'clock.tick' }, actors.system, 1 + 15 * 24],
      ],
    ],
    ['an unattended registration', [[{ type: 'clock.tick' }, actors.system, 24 * 10]]],
  ])('through %s', (_name, steps) => {
    walk(new CaseStory(), steps);
  });
});

describe('the schemas guard privacy', () => {
  const story = new CaseStory().toJointHandling();
  const view = residentView(story.snapshot, story.timeline);

  it('reject a resident view where another party carries a phone number', () => {
    const [party] = view.filing.otherParties;
    const leaked = { ...view, filing: { ...view.filing, otherParties: [{ ...party, phone: '13900139000' }] } };
    expect(problems(ResidentCaseViewSchema, view)).toEqual([]);
    expect(problems(ResidentCaseViewSchema, leaked)).not.toEqual([]);
  });

  it('reject an id number or address on another party, and any unknown top-level field', () => {
    const [party] = view.filing.otherParties;
    for (const extra of [{ idNumber: '110101199001011234' }, { address: '柳村 3 组 14 号' }]) {
      const leaked = { ...view, filing: { ...view.filing, otherParties: [{ ...party, ...extra }] } };
      expect(v.safeParse(ResidentCaseViewSchema, leaked).success).toBe(false);
    }
    expect(v.safeParse(ResidentCaseViewSchema, { ...view, risk: { level: 'high' } }).success).toBe(false);
  });

  it('reject a staff identity in a resident consultation timeline entry', () => {
    const opened = openConsultation({
      consultationNumber: 'JC-20261126-ABCDE',
      tenantId: 'testville',
      request: consultationRequest(),
      now: T0,
    });
    const resident = consultationResidentView(opened.snapshot, opened.timeline);
    const [entry] = resident.timeline;
    const leaked = { ...resident, timeline: [{ ...entry, actor: { role: 'coordinator', id: 'staff-coord' } }] };
    expect(problems(ResidentConsultationViewSchema, resident)).toEqual([]);
    expect(v.safeParse(ResidentConsultationViewSchema, leaked).success).toBe(false);
  });

  it('keep timeline data open but the entry itself closed', () => {
    const [entry] = view.timeline;
    expect(v.safeParse(ResidentTimelineEntrySchema, { ...entry, data: { anything: [1, 2] } }).success).toBe(true);
    expect(v.safeParse(ResidentTimelineEntrySchema, { ...entry, note: '内部' }).success).toBe(false);
  });
});

function consultationRequest() {
  return {
    topicId: 'general',
    question: '工资被拖欠三个月，怎么办？',
    channel: 'video' as const,
    preferredTimes: [{ from: at(20), to: at(22) }],
    name: '赵',
    phone: '13700137000',
    placeId: 'willow',
    locale: 'zh-CN' as const,
  };
}

describe('consultation view schemas', () => {
  function expectConsultationViewsValid(snapshot: ConsultationSnapshot, timeline: TimelineEntry[], label: string) {
    const views: Array<[string, v.GenericSchema, unknown]> = [
      ['resident view', ResidentConsultationViewSchema, consultationResidentView(snapshot, timeline)],
      ['summary', ConsultationSummarySchema, consultationSummary(snapshot)],
      ['staff detail', StaffConsultationDetailSchema, staffConsultationDetail(snapshot, timeline, actors.coordinator)],
    ];
    for (const [name, schema, view] of views) {
      expect(problems(schema, view), `${name} after ${label}`).toEqual([]);
      expect(problems(schema, JSON.parse(JSON.stringify(view))), `${name} (JSON) after ${label}`).toEqual([]);
    }
  }

  it.each<[string, Step[]]>([
    [
      'assigned, scheduled, re-assigned, answered and rated',
      [
        [{ type: 'consultation.assign', lawyer: '值班律师 刘', departmentId: 'justice' }, actors.intake, 1],
        [{ type: 'consultation.schedule', at: at(24), channel: 'video', place: '线上' }, actors.handler('justice'), 2],
        [{ type: 'consultation.assign', lawyer: '一村一法律顾问 孙' }, actors.coordinator, 3],
        [{ type: 'consultation.answer', summary: '建议申请劳动仲裁' }, actors.handler('justice'), 25],
        [{ type: 'resident.rate', score: 4, comment: '清楚' }, actors.resident, 26],
      ],
    ],
    ['cancelled', [[{ type: 'resident.cancel', reason: '已解决' }, actors.resident, 1]]],
    [
      'converted to a case',
      [[{ type: 'consultation.convert_to_case', caseNumber: 'JF-20261126-QQQQQ' }, actors.coordinator, 1]],
    ],
  ])('%s', (_name, steps) => {
    const opened = openConsultation({
      consultationNumber: 'JC-20261126-ABCDE',
      tenantId: 'testville',
      request: consultationRequest(),
      now: T0,
    });
    let snapshot = opened.snapshot;
    const timeline = [...opened.timeline];
    expectConsultationViewsValid(snapshot, timeline, 'request');
    for (const [command, actor, hours] of steps) {
      const result = advanceConsultation(snapshot, command, actor, at(hours));
      if (!result.ok) throw new Error(`${String(command.type)} rejected: ${result.rejection.code}`);
      snapshot = result.snapshot;
      timeline.push(...result.timeline);
      expectConsultationViewsValid(snapshot, timeline, String(command.type));
    }
  });
});

describe('staff details', () => {
  it('carry the state as a dot path and the consultation status, which the schemas require', () => {
    const story = new CaseStory().toJointHandling();
    const detail = staffCaseDetail(story.snapshot, story.timeline, actors.coordinator, at(3));
    expect(detail.case.state).toBe('open.handling.jointHandling');
    expect(detail.allowedEvents).toContain('handling.call_departments');
    // The shape the local backend used to send: the state as an XState value object.
    const objectState = { ...detail, case: { ...detail.case, state: story.snapshot.value } };
    expect(v.safeParse(StaffCaseDetailSchema, objectState).success).toBe(false);

    const opened = openConsultation({
      consultationNumber: 'JC-20261126-ABCDE',
      tenantId: 'testville',
      request: consultationRequest(),
      now: T0,
    });
    const consultation = staffConsultationDetail(opened.snapshot, opened.timeline, actors.coordinator);
    expect(consultation.consultation.status).toBe('requested');
    const { status, ...rest } = consultation.consultation;
    const misnamed = { ...consultation, consultation: { ...rest, state: status } };
    expect(v.safeParse(StaffConsultationDetailSchema, misnamed).success).toBe(false);
  });

  it('allow nothing to someone who sends no workflow events (an administrator)', () => {
    const story = new CaseStory();
    expect(staffCaseDetail(story.snapshot, story.timeline, undefined, at(1)).allowedEvents).toEqual([]);
  });
});

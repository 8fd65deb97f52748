import {
  advanceCase,
  type CaseFilingInput,
  type CaseSnapshot,
  DEFAULT_SLA_POLICY,
  type LocalizedText,
  openCase,
  type TenantConfig,
  type TimelineEntry,
  type WorkflowActor,
} from '../src/index.js';

/** A small tenant for core tests: one town, two villages, five departments, two categories. */
const t = (zh: string, hk: string, en: string): LocalizedText => ({ 'zh-CN': zh, 'zh-HK': hk, en });

export const tenant: TenantConfig = {
  id: 'testville',
  name: t('测试区', '測試區', 'Test District'),
  defaultLocale: 'zh-CN',
  organisation: {
    id: 'district',
    kind: 'district',
    name: t('测试区', '測試區', 'Test District'),
    children: [
      {
        id: 'east-town',
        kind: 'town',
        name: t('东镇', '東鎮', 'East Town'),
        children: [
          { id: 'willow', kind: 'village', name: t('柳村', '柳村', 'Willow Village') },
          { id: 'pine', kind: 'village', name: t('松村', '松村', 'Pine Village') },
        ],
      },
    ],
  },
  departments: [
    { id: 'police', kind: 'public_security', name: t('公安分局', '公安分局', 'Police'), levels: ['town', 'district'] },
    { id: 'justice', kind: 'justice', name: t('司法所', '司法所', 'Justice office'), levels: ['village', 'town'] },
    { id: 'labour', kind: 'bureau', name: t('人社局', '人社局', 'Labour bureau'), levels: ['town', 'district'] },
    { id: 'court', kind: 'court', name: t('人民法院', '人民法院', "People's court"), levels: ['district'] },
    {
      id: 'willow-committee',
      kind: 'mediation_committee',
      name: t('柳村调委会', '柳村調委會', 'Willow mediation committee'),
      levels: ['village'],
      orgUnitId: 'willow',
    },
  ],
  categories: [
    {
      id: 'neighbour',
      name: t('邻里纠纷', '鄰里糾紛', 'Neighbour dispute'),
      fields: [
        { id: 'years', type: 'number', label: t('持续年数', '持續年數', 'Years'), required: true, min: 0, max: 100 },
        {
          id: 'kind',
          type: 'singleChoice',
          label: t('类型', '類型', 'Kind'),
          required: false,
          options: [
            { value: 'boundary', label: t('边界', '邊界', 'Boundary') },
            { value: 'noise', label: t('噪音', '噪音', 'Noise') },
          ],
        },
      ],
    },
    { id: 'labour', name: t('劳资纠纷', '勞資糾紛', 'Labour dispute'), fields: [] },
  ],
  consultationTopics: [{ id: 'general', name: t('法律咨询', '法律諮詢', 'Legal questions') }],
  sla: DEFAULT_SLA_POLICY,
  publicSecurityDepartmentId: 'police',
};

export const T0 = '2026-11-26T08:00:00.000Z';
export const TODAY = '2026-11-26';

export function filingInput(overrides: Partial<CaseFilingInput> = {}): CaseFilingInput {
  return {
    categoryId: 'neighbour',
    description: '邻居在两家交界处砌墙，占用了我家的宅基地约半米。',
    startedOn: '2026-10-01',
    location: { placeId: 'willow', address: '柳村 3 组 12 号' },
    applicant: { kind: 'person', name: '王秀英', phone: '13800138000' },
    otherParties: [
      {
        kind: 'person',
        name: '李建国',
        phone: '13900139000',
        idNumber: '110101199001011234',
        address: '柳村 3 组 14 号',
      },
    ],
    answers: { years: 2, kind: 'boundary' },
    attachments: [],
    desiredOutcome: '拆除占地部分的墙',
    privacy: { otherPartySees: 'summary', publicSummary: false, contactBy: 'any' },
    locale: 'zh-CN',
    ...overrides,
  };
}

export const actors = {
  resident: { role: 'resident' } as WorkflowActor,
  intake: { role: 'intake_officer', id: 'staff-intake' } as WorkflowActor,
  coordinator: { role: 'coordinator', id: 'staff-coord' } as WorkflowActor,
  supervisor: { role: 'supervisor', id: 'staff-super' } as WorkflowActor,
  system: { role: 'system' } as WorkflowActor,
  handler: (departmentId: string): WorkflowActor => ({
    role: 'department_handler',
    id: `h-${departmentId}`,
    departmentId,
  }),
};

export const at = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();

/** A case plus its timeline, driven through advanceCase; `send` throws on rejection so tests read as stories. */
export class CaseStory {
  snapshot: CaseSnapshot;
  timeline: TimelineEntry[];
  constructor() {
    const opened = openCase({
      caseNumber: 'JF-20261126-ABCDE',
      tenantId: tenant.id,
      filing: filingInput() as never,
      sla: tenant.sla,
      publicSecurityDepartmentId: tenant.publicSecurityDepartmentId,
      now: T0,
    });
    this.snapshot = opened.snapshot;
    this.timeline = opened.timeline;
  }
  send(command: Record<string, unknown>, actor: WorkflowActor, hours = 1): this {
    const result = advanceCase(this.snapshot, command, actor, at(hours), tenant);
    if (!result.ok) throw new Error(`${String(command.type)} rejected: ${result.rejection.code}`);
    this.snapshot = result.snapshot;
    this.timeline.push(...result.timeline);
    return this;
  }
  try(command: Record<string, unknown>, actor: WorkflowActor, hours = 1) {
    return advanceCase(this.snapshot, command, actor, at(hours), tenant);
  }
  /** Accept, assess low risk, route to the justice office at town level. */
  toJointHandling(risk: 'low' | 'high' = 'low'): this {
    return this.send({ type: 'intake.accept', firstLineMediation: false }, actors.intake, 1)
      .send({ type: 'risk.assess', level: risk }, actors.coordinator, 2)
      .send(
        { type: 'routing.route', complexity: 'complex', level: 'town', departmentIds: ['justice'] },
        actors.coordinator,
        3,
      );
  }
  toFollowUp(): this {
    return this.toJointHandling()
      .send({ type: 'department.acknowledge', departmentId: 'justice' }, actors.handler('justice'), 4)
      .send({ type: 'outcome.agreement', summary: '双方签订调解协议' }, actors.coordinator, 5);
  }
  get state() {
    return this.snapshot.value;
  }
}

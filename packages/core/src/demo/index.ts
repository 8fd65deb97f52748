import type { CaseFilingInput } from '../schemas/case-filing.js';
import type { ConsultationRequestInput } from '../schemas/consultation.js';

export { qingshanTenant } from './qingshan-tenant.js';

/**
 * The departments the demo loop calls, each given a handler account when the reference server
 * seeds the demo: the sample filings come from 水口村 (松林镇), so a routed labour or neighbour dispute
 * reaches the labour bureau, the grid, the justice bureau and 松林司法所, village legal advisers and
 * 水口村's mediation committee (first-line mediation); high risk brings in the public security bureau
 * and 松林派出所.
 */
export const QINGSHAN_DEMO_HANDLER_DEPARTMENTS = [
  'grid',
  'labour-bureau',
  'psb',
  'police-songlin',
  'justice-bureau',
  'justice-songlin',
  'village-legal-advisers',
  'mediation-shuikou',
] as const;

/**
 * A complete, valid filing for the demo tenant: a worker from 水口村 owed three months' wages.
 * Valid for any `today` from 2024-12-01 on. `overrides` replace whole top-level fields.
 */
export function qingshanSampleFiling(overrides: Partial<CaseFilingInput> = {}): CaseFilingInput {
  return {
    categoryId: 'labour',
    description: '我在松林镇一家家具厂做木工，老板从去年十二月起一直没有发工资，多次讨要都说再等等。',
    startedOn: '2024-12-01',
    location: { placeId: 'shuikou', address: '松林镇水口村工业路8号' },
    applicant: { kind: 'person', name: '李建国', phone: '13800138000' },
    otherParties: [
      { kind: 'organisation', name: '青山区松林宏达家具厂', relationship: '用人单位', phone: '0751-8881234' },
    ],
    answers: {
      employer_name: '青山区松林宏达家具厂',
      months_unpaid: 3,
      amount_owed: 16500,
      has_contract: false,
      workers_affected: 12,
    },
    attachments: [],
    desiredOutcome: '尽快结清拖欠的工资。',
    privacy: { otherPartySees: 'summary', publicSummary: false, contactBy: 'phone' },
    locale: 'zh-CN',
    ...overrides,
  };
}

/** A complete, valid legal-consultation request for the demo tenant. `overrides` replace whole top-level fields. */
export function qingshanSampleConsultation(
  overrides: Partial<ConsultationRequestInput> = {},
): ConsultationRequestInput {
  return {
    topicId: 'legal_aid',
    question: '老板拖欠工资三个月，我想申请劳动仲裁，请问我能不能申请法律援助，需要准备哪些材料？',
    channel: 'phone',
    preferredTimes: [{ from: '2025-06-03T09:00:00+08:00', to: '2025-06-03T11:30:00+08:00' }],
    name: '李建国',
    phone: '13800138000',
    placeId: 'shuikou',
    locale: 'zh-CN',
    ...overrides,
  };
}

import {
  type CaseFilingInput,
  type CaseSnapshot,
  type Category,
  calendarDay,
  closedLoopStage,
  DEFAULT_PRIVACY,
  type FieldDefinition,
  type FieldIssue,
  type FixMyStreetStatus,
  findOrgUnit,
  type Locale,
  OPEN311_CLOSED_STATUSES,
  OPEN311_EVENT_STATUS,
  open311Status,
  residentTimeline,
  type TenantConfig,
  type TimelineEntry,
} from '@jiefen/core';

/**
 * Jiefen's cases as GeoReport v2 resources. Open311 listings are public by design, so a request shows
 * what any passer-by may know and nothing a resident typed: no description, no names, no phone, no
 * street address or coordinates (only the village or community it happened in), no free-text notes.
 */

/** Seconds precision, `Z`: the pattern every GeoReport v2 client reads. */
export const wireInstant = (at: string | Date) => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export const DATATYPE_OF: Record<FieldDefinition['type'], Datatype> = {
  text: 'string',
  longText: 'text',
  number: 'number',
  date: 'datetime',
  singleChoice: 'singlevaluelist',
  multipleChoice: 'multivaluelist',
  yesNo: 'singlevaluelist',
  location: 'string',
};

/**
 * Parts of a Jiefen filing that Open311 has no field for, asked as attributes of every service so
 * any Open311 client collects them. Codes are prefixed so they never meet a tenant's field ids.
 */
export const BUILT_IN = {
  otherParty: 'jf_other_party',
  desiredOutcome: 'jf_desired_outcome',
  startedOn: 'jf_started_on',
} as const;

const BUILT_IN_TEXT = {
  otherParty: {
    'zh-CN': '对方当事人（个人姓名或单位名称）',
    'zh-HK': '對方當事人（個人姓名或機構名稱）',
    en: 'The other party (a person or an organisation)',
  },
  desiredOutcome: { 'zh-CN': '您的诉求', 'zh-HK': '您的訴求', en: 'What outcome do you want?' },
  startedOn: { 'zh-CN': '纠纷开始时间', 'zh-HK': '糾紛開始時間', en: 'When did the dispute start?' },
  yes: { 'zh-CN': '是', 'zh-HK': '是', en: 'Yes' },
  no: { 'zh-CN': '否', 'zh-HK': '否', en: 'No' },
} satisfies Record<string, Record<Locale, string>>;

/** FixMyStreet status names as status notes, in the request's language. */
const STATUS_LABEL: Record<FixMyStreetStatus, Record<Locale, string>> = {
  open: { 'zh-CN': '已受理，待登记', 'zh-HK': '已受理，待登記', en: 'Received, awaiting registration' },
  investigating: { 'zh-CN': '核查研判中', 'zh-HK': '核查研判中', en: 'Being assessed' },
  in_progress: { 'zh-CN': '办理中', 'zh-HK': '辦理中', en: 'In progress' },
  action_scheduled: { 'zh-CN': '已安排调解或确认', 'zh-HK': '已安排調解或確認', en: 'Session scheduled' },
  fixed: { 'zh-CN': '已化解', 'zh-HK': '已化解', en: 'Resolved' },
  closed: { 'zh-CN': '已结束', 'zh-HK': '已結束', en: 'Closed' },
  duplicate: { 'zh-CN': '重复案件，已合并', 'zh-HK': '重複案件，已合併', en: 'Duplicate' },
  not_councils_responsibility: { 'zh-CN': '不予受理', 'zh-HK': '不予受理', en: 'Not for this centre' },
  no_further_action: { 'zh-CN': '无需进一步处理', 'zh-HK': '無需進一步處理', en: 'No further action' },
  internal_referral: { 'zh-CN': '已引导至其他渠道', 'zh-HK': '已引導至其他渠道', en: 'Referred onward' },
  unable_to_fix: { 'zh-CN': '未能化解', 'zh-HK': '未能化解', en: 'Could not be resolved' },
};

export function serviceOf(category: Category, locale: Locale) {
  return {
    service_code: category.id,
    service_name: category.name[locale],
    description: category.description?.[locale] ?? null,
    // Every service asks at least Jiefen's built-in attributes.
    metadata: true,
    type: 'realtime' as const,
    keywords: null,
    group: null,
  };
}

export function definitionOf(category: Category, locale: Locale) {
  const fields = category.fields.map((field, index) => {
    const values =
      field.type === 'yesNo'
        ? [
            { key: 'true', name: BUILT_IN_TEXT.yes[locale] },
            { key: 'false', name: BUILT_IN_TEXT.no[locale] },
          ]
        : field.options?.map((o) => ({ key: o.value, name: o.label[locale] }));
    return {
      variable: true,
      code: field.id,
      datatype: DATATYPE_OF[field.type],
      required: field.required,
      datatype_description: field.hint?.[locale] ?? null,
      order: index + 1,
      description: field.label[locale],
      ...(values?.length ? { values } : {}),
    };
  });
  const n = fields.length;
  const builtIn = (key: keyof typeof BUILT_IN, datatype: Datatype, required: boolean, order: number) => ({
    variable: true,
    code: BUILT_IN[key],
    datatype,
    required,
    datatype_description: null,
    order,
    description: BUILT_IN_TEXT[key][locale],
  });
  return {
    service_code: category.id,
    attributes: [
      ...fields,
      builtIn('otherParty', 'string', false, n + 1),
      builtIn('desiredOutcome', 'text', true, n + 2),
      builtIn('startedOn', 'datetime', false, n + 3),
    ],
  };
}

export interface PublicCase {
  caseNumber: string;
  snapshot: CaseSnapshot;
  timeline: readonly TimelineEntry[];
  updatedAt: string;
}

/** One request as the public may see it; `extensions` adds the extended status and the stage. */
export function requestOf(c: PublicCase, tenant: TenantConfig, locale: Locale, extensions: boolean) {
  const { context } = c.snapshot;
  const status = open311Status(c.snapshot);
  const category = tenant.categories.find((k) => k.id === context.filing.categoryId);
  const place = findOrgUnit(tenant, context.filing.location.placeId);
  return {
    service_request_id: c.caseNumber,
    status: status.status,
    status_notes: extensions ? STATUS_LABEL[status.extendedStatus][locale] : null,
    service_name: category?.name[locale] ?? null,
    service_code: context.filing.categoryId,
    description: null,
    agency_responsible: tenant.name[locale],
    service_notice: null,
    requested_datetime: wireInstant(context.filedAt),
    updated_datetime: wireInstant(c.updatedAt),
    expected_datetime: null,
    address: place?.name[locale] ?? null,
    address_id: place?.id ?? null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
    ...(extensions
      ? { extended_attributes: { status: status.extendedStatus, stage: closedLoopStage(c.snapshot) } }
      : {}),
  };
}

/**
 * FixMyStreet updates: one per resident-visible timeline entry that changes what a client shows, with
 * the status it moved the case to (the newest one carries the case's actual status) and that
 * status's label as text: staff notes are never published.
 */
export function updatesOf(c: PublicCase, locale: Locale) {
  const entries = residentTimeline(c.timeline)
    .map((entry, index) => ({ entry, index, status: OPEN311_EVENT_STATUS[entry.type] }))
    .filter((e): e is typeof e & { status: FixMyStreetStatus } => e.status !== undefined);
  const current = open311Status(c.snapshot).extendedStatus;
  return entries.map(({ entry, index, status }, i) => {
    const shown = i === entries.length - 1 ? current : status;
    return {
      update_id: `${c.caseNumber}-${index + 1}`,
      service_request_id: c.caseNumber,
      status: OPEN311_CLOSED_STATUSES.has(shown) ? 'closed' : 'open',
      external_status_code: shown,
      updated_datetime: wireInstant(entry.at),
      description: STATUS_LABEL[shown][locale],
      media_url: null,
    };
  });
}

/** `attribute[CODE]`, `attribute[CODE][]` and repeated `attribute[CODE]`, as one map of answers. */
export function attributesOf(form: URLSearchParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of form) {
    const match = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!match) continue;
    out.set(match[1]!, [...(out.get(match[1]!) ?? []), value]);
  }
  return out;
}

/** A datetime attribute as the calendar day it falls on in China (`…T16:00:00Z` is the next day there). */
const dateOf = (value: string) => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : calendarDay(ms);
};

/** A GeoReport v2 submission as a Jiefen filing, to be validated like any other. */
export function filingOf(form: URLSearchParams, tenant: TenantConfig, locale: Locale, today: string): CaseFilingInput {
  const attributes = attributesOf(form);
  const one = (code: string) => attributes.get(code)?.[0]?.trim() || undefined;
  const category = tenant.categories.find((c) => c.id === form.get('service_code'));
  const answers: Record<string, unknown> = {};
  for (const field of category?.fields ?? []) {
    const given = attributes.get(field.id);
    if (!given?.length) continue;
    const first = given[0]!;
    if (field.type === 'multipleChoice') answers[field.id] = given;
    else if (field.type === 'number') answers[field.id] = first.trim() === '' ? first : Number(first);
    else if (field.type === 'yesNo') answers[field.id] = first === 'true' ? true : first === 'false' ? false : first;
    else if (field.type === 'date') answers[field.id] = dateOf(first);
    else answers[field.id] = first;
  }
  const placeId = form.get('address_id');
  const lat = Number(form.get('lat'));
  const lng = Number(form.get('long'));
  const address = form.get('address_string')?.trim();
  const otherParty = one(BUILT_IN.otherParty);
  const name = [form.get('first_name'), form.get('last_name')]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join(' ');
  return {
    categoryId: form.get('service_code') ?? '',
    description: form.get('description') ?? '',
    startedOn: dateOf(one(BUILT_IN.startedOn) ?? today),
    location: {
      placeId: placeId && findOrgUnit(tenant, placeId) ? placeId : tenant.organisation.id,
      ...(address ? { address } : {}),
      ...(form.has('lat') && form.has('long') && Number.isFinite(lat) && Number.isFinite(lng)
        ? { coordinates: { lat, lng } }
        : {}),
    },
    applicant: { kind: 'person', name, phone: form.get('phone') ?? '' },
    otherParties: otherParty ? [{ kind: 'person', name: otherParty }] : [],
    answers,
    attachments: [],
    desiredOutcome: one(BUILT_IN.desiredOutcome) ?? '',
    privacy: DEFAULT_PRIVACY,
    locale,
  };
}

/** The GeoReport v2 parameter a filing issue is about, so an Open311 client can point at it. */
export function parameterOf(issue: FieldIssue): string {
  const [head, second] = issue.path.split('.');
  switch (head) {
    case 'categoryId':
      return 'service_code';
    case 'applicant':
      return second === 'phone' ? 'phone' : 'first_name';
    case 'location':
      return 'address_string';
    case 'otherParties':
      return `attribute[${BUILT_IN.otherParty}]`;
    case 'desiredOutcome':
      return `attribute[${BUILT_IN.desiredOutcome}]`;
    case 'startedOn':
      return `attribute[${BUILT_IN.startedOn}]`;
    case 'answers':
      return `attribute[${second}]`;
    default:
      return issue.path || 'request';
  }
}

/** The notice a resident reads after filing: the number and how to follow the case. */
export function filedNotice(caseNumber: string, locale: Locale): string {
  const text: Record<Locale, string> = {
    'zh-CN': `已登记，案件编号 ${caseNumber}。请妥善保存查询码（仅显示一次），凭编号和查询码或跟踪链接查看办理进度。`,
    'zh-HK': `已登記，案件編號 ${caseNumber}。請妥善保存查詢碼（只顯示一次），憑編號和查詢碼或追蹤連結查看辦理進度。`,
    en: `Registered as case ${caseNumber}. Keep the access code (shown once); follow the case with the number and code or the tracking link.`,
  };
  return text[locale];
}

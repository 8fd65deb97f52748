import type { Locale, LocalizedText } from '../i18n/locale.js';
import { formatFromCatalog } from '../i18n/messages.js';
import type { TimelineEntry } from '../workflow/timeline.js';

/**
 * What a resident reads on each line of their case's timeline, in three locales. An entry carries a
 * key and parameters, never prose, so the same stored trail reads in Simplified Chinese, Traditional
 * Chinese or English. Parameters are plain values, or ids a view resolves: `department` is a
 * department id (its name is in the view's `departments`), `departments` a comma-separated list of ids.
 * Text typed by staff (a request's message, a session's place) stays in the entry's `data`.
 */
export const TIMELINE_MESSAGES = {
  'timeline.case.filed': { 'zh-CN': '提交登记', 'zh-HK': '提交登記', en: 'Dispute filed' },
  'timeline.intake.accept': { 'zh-CN': '中心已受理', 'zh-HK': '中心已受理', en: 'The centre registered the case' },
  'timeline.intake.accept_first_line': {
    'zh-CN': '中心已受理，先行调解',
    'zh-HK': '中心已受理，先行調解',
    en: 'The centre registered the case for first-line mediation',
  },
  'timeline.intake.request_information': {
    'zh-CN': '中心请您补充材料',
    'zh-HK': '中心請您補充資料',
    en: 'The centre asked you for more information',
  },
  'timeline.intake.decline': {
    'zh-CN': '不予受理，建议向“{channel}”反映',
    'zh-HK': '不予受理，建議向「{channel}」反映',
    en: 'Not accepted here; the centre suggests: {channel}',
  },
  'timeline.intake.mark_duplicate': {
    'zh-CN': '与案件 {duplicateOf} 合并处理',
    'zh-HK': '與案件 {duplicateOf} 合併處理',
    en: 'Handled together with case {duplicateOf}',
  },
  'timeline.resident.supply_information': {
    'zh-CN': '您补充了材料',
    'zh-HK': '您補充了資料',
    en: 'You supplied more information',
  },
  'timeline.registration.information_lapsed': {
    'zh-CN': '补充材料的期限已过',
    'zh-HK': '補充資料的期限已過',
    en: 'The time to supply more information ran out',
  },
  'timeline.mediation.first_line_succeeded': {
    'zh-CN': '先行调解成功',
    'zh-HK': '先行調解成功',
    en: 'First-line mediation succeeded',
  },
  'timeline.mediation.first_line_failed': {
    'zh-CN': '先行调解未达成一致，转中心研判',
    'zh-HK': '先行調解未達成一致，轉中心研判',
    en: 'First-line mediation did not settle it; the centre takes it on',
  },
  'timeline.routing.route.village': {
    'zh-CN': '分派至村（社区）办理',
    'zh-HK': '分派至村（社區）辦理',
    en: 'Routed to the village or community',
  },
  'timeline.routing.route.town': {
    'zh-CN': '分派至镇（街道）办理',
    'zh-HK': '分派至鎮（街道）辦理',
    en: 'Routed to the town or street centre',
  },
  'timeline.routing.route.district': {
    'zh-CN': '分派至区级办理',
    'zh-HK': '分派至區級辦理',
    en: 'Routed to the district centre',
  },
  'timeline.handling.call_departments': {
    'zh-CN': '中心召集：{departments}',
    'zh-HK': '中心召集：{departments}',
    en: 'The centre called in: {departments}',
  },
  'timeline.handling.convene_session': {
    'zh-CN': '联合会商：{at}',
    'zh-HK': '聯合會商：{at}',
    en: 'Joint session: {at}',
  },
  'timeline.department.acknowledge': {
    'zh-CN': '{department}已报到',
    'zh-HK': '{department}已報到',
    en: '{department} acknowledged',
  },
  'timeline.department.report_progress': {
    'zh-CN': '{department}报告了进展',
    'zh-HK': '{department}報告了進展',
    en: '{department} reported progress',
  },
  'timeline.department.complete': {
    'zh-CN': '{department}已办结',
    'zh-HK': '{department}已辦結',
    en: '{department} completed its part',
  },
  'timeline.supervision.urge.department': {
    'zh-CN': '中心催办{department}',
    'zh-HK': '中心催辦{department}',
    en: 'The centre urged {department}',
  },
  'timeline.supervision.urge.centre': { 'zh-CN': '督办催促中心', 'zh-HK': '督辦催促中心', en: 'The centre was urged' },
  'timeline.supervision.urged.department': {
    'zh-CN': '{department}逾期，已催办',
    'zh-HK': '{department}逾期，已催辦',
    en: '{department} is overdue and was urged',
  },
  'timeline.supervision.urged.centre': {
    'zh-CN': '中心办理逾期，已催办',
    'zh-HK': '中心辦理逾期，已催辦',
    en: 'The centre is overdue and was urged',
  },
  'timeline.supervision.escalated.department': {
    'zh-CN': '{department}仍未按期办理，已提请督办',
    'zh-HK': '{department}仍未按期辦理，已提請督辦',
    en: '{department} is still overdue: escalated to supervision',
  },
  'timeline.supervision.escalated.centre': {
    'zh-CN': '中心仍未按期办理，已提请督办',
    'zh-HK': '中心仍未按期辦理，已提請督辦',
    en: 'The centre is still overdue: escalated to supervision',
  },
  // By hand (supervision.escalate); the supervisor's reason is internal and never shown here.
  'timeline.supervision.escalate': {
    'zh-CN': '中心对{department}提请督办',
    'zh-HK': '中心對{department}提請督辦',
    en: 'The centre escalated {department} to supervision',
  },
  'timeline.supervision.correct': {
    'zh-CN': '督办纠正：案件重新受理',
    'zh-HK': '督辦糾正：案件重新受理',
    en: 'Supervision corrected the decision: the case is registered again',
  },
  'timeline.mediation.start': { 'zh-CN': '开始调解', 'zh-HK': '開始調解', en: 'Mediation started' },
  'timeline.mediation.schedule_session.in_person': {
    'zh-CN': '调解会安排在 {at}，现场进行',
    'zh-HK': '調解會安排在 {at}，現場進行',
    en: 'Mediation session on {at}, in person',
  },
  'timeline.mediation.schedule_session.video': {
    'zh-CN': '调解会安排在 {at}，视频进行',
    'zh-HK': '調解會安排在 {at}，視像進行',
    en: 'Mediation session on {at}, by video',
  },
  'timeline.mediation.schedule_session.phone': {
    'zh-CN': '调解会安排在 {at}，电话进行',
    'zh-HK': '調解會安排在 {at}，電話進行',
    en: 'Mediation session on {at}, by phone',
  },
  'timeline.mediation.record_session': {
    'zh-CN': '调解会已举行',
    'zh-HK': '調解會已舉行',
    en: 'Mediation session held',
  },
  'timeline.outcome.agreement': {
    'zh-CN': '双方签订调解协议',
    'zh-HK': '雙方簽訂調解協議',
    en: 'A mediation agreement was signed',
  },
  'timeline.outcome.request_judicial_confirmation': {
    'zh-CN': '调解协议已申请司法确认',
    'zh-HK': '調解協議已申請司法確認',
    en: 'The agreement was sent to the court for judicial confirmation',
  },
  'timeline.judicial.confirmed': {
    'zh-CN': '法院已司法确认',
    'zh-HK': '法院已司法確認',
    en: 'The court confirmed the agreement',
  },
  'timeline.judicial.refused': {
    'zh-CN': '法院未予确认，将再次调解',
    'zh-HK': '法院未予確認，將再次調解',
    en: 'The court did not confirm the agreement; mediation continues',
  },
  'timeline.outcome.refer.arbitration': {
    'zh-CN': '建议申请劳动仲裁',
    'zh-HK': '建議申請勞動仲裁',
    en: 'Referred to labour arbitration',
  },
  'timeline.outcome.refer.administrative_reconsideration': {
    'zh-CN': '建议申请行政复议',
    'zh-HK': '建議申請行政覆議',
    en: 'Referred to administrative reconsideration',
  },
  'timeline.outcome.refer.litigation': {
    'zh-CN': '建议向法院起诉',
    'zh-HK': '建議向法院起訴',
    en: 'Referred to litigation in court',
  },
  'timeline.outcome.refer.petition': {
    'zh-CN': '建议通过信访渠道反映',
    'zh-HK': '建議通過信訪渠道反映',
    en: 'Referred to the petition channel',
  },
  'timeline.outcome.refer.legal_aid': { 'zh-CN': '转介法律援助', 'zh-HK': '轉介法律援助', en: 'Referred to legal aid' },
  'timeline.case.resolved': {
    'zh-CN': '纠纷已化解，等待您的回访评价',
    'zh-HK': '糾紛已化解，等待您的回訪評價',
    en: 'Resolved: the centre asks for your rating',
  },
  'timeline.resident.rate': {
    'zh-CN': '您的评价：{score} 分（满分 5 分）',
    'zh-HK': '您的評價：{score} 分（滿分 5 分）',
    en: 'Your rating: {score} of 5',
  },
  'timeline.followup.record': {
    'zh-CN': '中心回访：{score} 分（满分 5 分）',
    'zh-HK': '中心回訪：{score} 分（滿分 5 分）',
    en: 'Follow-up call: rated {score} of 5',
  },
  'timeline.resident.request_reopen': {
    'zh-CN': '您申请再次调解',
    'zh-HK': '您申請再次調解',
    en: 'You asked for the case to be reopened',
  },
  'timeline.resident.withdraw': { 'zh-CN': '您撤回了申请', 'zh-HK': '您撤回了申請', en: 'You withdrew the case' },
  'timeline.resident.add_evidence': {
    'zh-CN': '您补充了 {count} 份证据',
    'zh-HK': '您補充了 {count} 份證據',
    en: 'You added {count} pieces of evidence',
  },
  'timeline.case.closed.resolved': {
    'zh-CN': '案结事了，已归档',
    'zh-HK': '案結事了，已歸檔',
    en: 'Closed and archived',
  },
  'timeline.case.closed.declined': { 'zh-CN': '案件已终结', 'zh-HK': '案件已終結', en: 'Closed without handling' },
  'timeline.case.closed.duplicate': {
    'zh-CN': '已并入另一案件',
    'zh-HK': '已併入另一案件',
    en: 'Closed as a duplicate',
  },
  /** A line of a kind this version does not know (a newer server): still shown, never dropped. */
  'timeline.other': { 'zh-CN': '案件有新进展', 'zh-HK': '案件有新進展', en: 'The case moved on' },
} as const satisfies Record<string, LocalizedText>;

export type TimelineMessageKey = keyof typeof TIMELINE_MESSAGES;
export const TIMELINE_MESSAGE_KEYS = Object.keys(TIMELINE_MESSAGES) as TimelineMessageKey[];

export type TimelineParams = Record<string, string | number>;

/** A timeline line as a resident's view carries it: the entry, plus the key and parameters to read it by. */
export interface ResidentTimelineEntry extends TimelineEntry {
  messageKey: TimelineMessageKey;
  params: TimelineParams;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const known = (key: string): TimelineMessageKey =>
  Object.hasOwn(TIMELINE_MESSAGES, key) ? (key as TimelineMessageKey) : 'timeline.other';

/** The key and parameters for one resident-visible entry (pure: the same entry always reads the same). */
export function timelineMessage(entry: TimelineEntry): { messageKey: TimelineMessageKey; params: TimelineParams } {
  const { data } = entry;
  const department = str(data.departmentId) ?? str(entry.actor.departmentId);
  const target = str(data.target);
  switch (entry.type) {
    case 'intake.accept':
      return {
        messageKey:
          data.firstLineMediation === true ? 'timeline.intake.accept_first_line' : known(`timeline.${entry.type}`),
        params: {},
      };
    case 'intake.decline': {
      const referral = data.referral as { channel?: unknown } | undefined;
      return { messageKey: 'timeline.intake.decline', params: { channel: str(referral?.channel) ?? '' } };
    }
    case 'intake.mark_duplicate':
      return { messageKey: 'timeline.intake.mark_duplicate', params: { duplicateOf: str(data.duplicateOf) ?? '' } };
    case 'routing.route':
      return { messageKey: known(`timeline.routing.route.${str(data.level)}`), params: {} };
    case 'handling.call_departments':
      return {
        messageKey: 'timeline.handling.call_departments',
        params: { departments: Array.isArray(data.departmentIds) ? data.departmentIds.join(',') : '' },
      };
    case 'handling.convene_session':
      return { messageKey: 'timeline.handling.convene_session', params: { at: str(data.at) ?? entry.at } };
    case 'department.acknowledge':
    case 'department.report_progress':
    case 'department.complete':
      return { messageKey: known(`timeline.${entry.type}`), params: { department: department ?? '' } };
    case 'supervision.urge':
      return department
        ? { messageKey: 'timeline.supervision.urge.department', params: { department } }
        : { messageKey: 'timeline.supervision.urge.centre', params: {} };
    case 'supervision.escalate':
      return { messageKey: 'timeline.supervision.escalate', params: { department: department ?? '' } };
    case 'supervision.urged':
    case 'supervision.escalated':
      return target && target !== 'centre'
        ? { messageKey: known(`timeline.${entry.type}.department`), params: { department: target } }
        : { messageKey: known(`timeline.${entry.type}.centre`), params: {} };
    case 'mediation.schedule_session':
      return {
        messageKey: known(`timeline.mediation.schedule_session.${str(data.mode)}`),
        params: { at: str(data.at) ?? entry.at },
      };
    case 'outcome.refer':
      return { messageKey: known(`timeline.outcome.refer.${str(data.route)}`), params: {} };
    case 'resident.rate':
    case 'followup.record':
      return {
        messageKey: known(`timeline.${entry.type}`),
        params: { score: typeof data.score === 'number' ? data.score : 0 },
      };
    case 'resident.add_evidence':
      return {
        messageKey: 'timeline.resident.add_evidence',
        params: { count: Array.isArray(data.attachments) ? data.attachments.length : 0 },
      };
    case 'case.closed':
      return { messageKey: known(`timeline.case.closed.${str(data.reason)}`), params: {} };
    default:
      return { messageKey: known(`timeline.${entry.type}`), params: {} };
  }
}

/** How a view names what a parameter refers to (department ids) and formats instants. */
export interface TimelineRendering {
  locale: Locale;
  departmentName?: (id: string) => string | undefined;
  /** Default: the locale's medium date and short time in the centre's zone (Asia/Shanghai). */
  formatInstant?: (iso: string) => string;
}

/** A resident timeline line in words: resolves department ids to names and formats instants. */
export function formatTimelineEntry(
  entry: Pick<ResidentTimelineEntry, 'messageKey' | 'params'>,
  rendering: TimelineRendering,
): string {
  const { locale } = rendering;
  const name = (id: string) => rendering.departmentName?.(id) ?? id;
  const instant =
    rendering.formatInstant ??
    ((iso: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(
        new Date(iso),
      ));
  const list = locale === 'en' ? ', ' : '、';
  const params: TimelineParams = { ...entry.params };
  if (typeof params.department === 'string') params.department = name(params.department);
  if (typeof params.departments === 'string')
    params.departments = params.departments.split(',').filter(Boolean).map(name).join(list);
  if (typeof params.at === 'string') params.at = instant(params.at);
  return formatFromCatalog(TIMELINE_MESSAGES, entry.messageKey, params, locale) ?? entry.messageKey;
}

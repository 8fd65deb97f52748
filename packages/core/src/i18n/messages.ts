import { DEFAULT_LOCALE, type Locale, type LocalizedText } from './locale.js';

/**
 * Every message the core can produce, keyed. Errors carry a key plus parameters, never a finished
 * sentence, so each client renders them in the resident's own locale.
 */
export const MESSAGES = {
  // validation
  'validation.required': { 'zh-CN': '请填写此项', 'zh-HK': '請填寫此項', en: 'This field is required' },
  'validation.type': { 'zh-CN': '格式不正确', 'zh-HK': '格式不正確', en: 'This value has the wrong format' },
  'validation.too_short': {
    'zh-CN': '至少需要 {min} 个字',
    'zh-HK': '至少需要 {min} 個字',
    en: 'Please enter at least {min} characters',
  },
  'validation.too_long': {
    'zh-CN': '最多 {max} 个字',
    'zh-HK': '最多 {max} 個字',
    en: 'Please enter at most {max} characters',
  },
  'validation.phone': {
    'zh-CN': '请输入有效的手机或电话号码',
    'zh-HK': '請輸入有效的手機或電話號碼',
    en: 'Please enter a valid phone number',
  },
  'validation.date': { 'zh-CN': '请输入有效日期', 'zh-HK': '請輸入有效日期', en: 'Please enter a valid date' },
  'validation.date_in_future': {
    'zh-CN': '日期不能晚于今天',
    'zh-HK': '日期不能遲於今天',
    en: 'The date cannot be in the future',
  },
  'validation.number': { 'zh-CN': '请输入数字', 'zh-HK': '請輸入數字', en: 'Please enter a number' },
  'validation.min_value': {
    'zh-CN': '不能小于 {min}',
    'zh-HK': '不能小於 {min}',
    en: 'Must be at least {min}',
  },
  'validation.max_value': {
    'zh-CN': '不能大于 {max}',
    'zh-HK': '不能大於 {max}',
    en: 'Must be at most {max}',
  },
  'validation.choice': {
    'zh-CN': '请从列表中选择',
    'zh-HK': '請從列表中選擇',
    en: 'Please choose one of the options',
  },
  'validation.min_items': {
    'zh-CN': '至少选择 {min} 项',
    'zh-HK': '至少選擇 {min} 項',
    en: 'Please choose at least {min}',
  },
  'validation.consent_required': {
    'zh-CN': '代为申请需要记录当事人的同意',
    'zh-HK': '代為申請需要記錄當事人的同意',
    en: "Filing on someone's behalf needs a record of their consent",
  },
  'validation.unknown_category': {
    'zh-CN': '该纠纷类别不存在',
    'zh-HK': '該糾紛類別不存在',
    en: 'This dispute category does not exist',
  },
  'validation.unknown_place': {
    'zh-CN': '该地点不在本辖区内',
    'zh-HK': '該地點不在本轄區內',
    en: 'This place is not in the district',
  },
  'validation.unknown_field': {
    'zh-CN': '表单中没有此项',
    'zh-HK': '表單中沒有此項',
    en: 'This form has no such field',
  },
  'validation.unknown_department': {
    'zh-CN': '本辖区没有该部门',
    'zh-HK': '本轄區沒有該部門',
    en: 'The district has no such department',
  },
  'validation.department_level': {
    'zh-CN': '该部门不负责所选层级的案件',
    'zh-HK': '該部門不負責所選層級的案件',
    en: 'This department does not handle cases at the chosen level',
  },
  'validation.rating': {
    'zh-CN': '请选择 1 到 5 分',
    'zh-HK': '請選擇 1 至 5 分',
    en: 'Please choose a rating from 1 to 5',
  },
  'validation.invalid': { 'zh-CN': '填写有误', 'zh-HK': '填寫有誤', en: 'This value is not valid' },

  // workflow rejections
  'workflow.not_allowed_for_role': {
    'zh-CN': '您没有权限执行此操作',
    'zh-HK': '您沒有權限執行此操作',
    en: 'You are not allowed to do this',
  },
  'workflow.not_allowed_now': {
    'zh-CN': '案件当前阶段不能执行此操作',
    'zh-HK': '案件當前階段不能執行此操作',
    en: 'This cannot be done at the current stage of the case',
  },
  'workflow.case_finished': {
    'zh-CN': '案件已结束，不能再更改',
    'zh-HK': '案件已結束，不能再更改',
    en: 'This case is finished and can no longer change',
  },
  'workflow.invalid_event': {
    'zh-CN': '操作内容填写有误',
    'zh-HK': '操作內容填寫有誤',
    en: 'The details of this action are not valid',
  },
  'workflow.wrong_department': {
    'zh-CN': '该操作只能由被指派的部门执行',
    'zh-HK': '該操作只能由被指派的部門執行',
    en: 'Only the assigned department can do this',
  },
  'workflow.version_too_new': {
    'zh-CN': '案件数据来自更新的版本（{found}），当前版本 {current} 无法读取',
    'zh-HK': '案件數據來自更新的版本（{found}），當前版本 {current} 無法讀取',
    en: 'This case was saved by a newer version ({found}); version {current} cannot read it',
  },
  'workflow.version_unmigratable': {
    'zh-CN': '案件数据版本 {found} 无法升级到 {current}',
    'zh-HK': '案件數據版本 {found} 無法升級到 {current}',
    en: 'Case data version {found} cannot be upgraded to {current}',
  },
  'workflow.snapshot_invalid': {
    'zh-CN': '案件数据已损坏，无法读取',
    'zh-HK': '案件數據已損壞，無法讀取',
    en: 'This case data is damaged and cannot be read',
  },
} as const satisfies Record<string, LocalizedText>;

export type MessageKey = keyof typeof MESSAGES;
export type MessageParams = Record<string, string | number>;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES, key);
}

/**
 * Render `key` from a catalog of localized templates, filling `{name}` placeholders; `undefined`
 * when the catalog has no such key. The SDK and the server render their own catalogs with it.
 */
export function formatFromCatalog(
  catalog: Readonly<Record<string, LocalizedText>>,
  key: string,
  params: MessageParams = {},
  locale: Locale = DEFAULT_LOCALE,
): string | undefined {
  if (!Object.hasOwn(catalog, key)) return undefined;
  const texts = catalog[key]!;
  const template = texts[locale] || texts[DEFAULT_LOCALE];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** Render a core message key in a locale, filling `{name}` placeholders. Unknown keys render as themselves. */
export function formatMessage(key: string, params: MessageParams = {}, locale: Locale = DEFAULT_LOCALE): string {
  return formatFromCatalog(MESSAGES, key, params, locale) ?? key;
}

import { DEFAULT_LOCALE, formatFromCatalog, formatMessage, type Locale, type LocalizedText } from '@jiefen/core';

/**
 * Messages the SDK itself produces (transport failures, submission states, degraded backends).
 * Core keys (validation.*, workflow.*) stay in the core catalog; `formatSdkMessage` renders both.
 */
export const SDK_MESSAGES = {
  'sdk.error.network': {
    'zh-CN': '网络连接失败，请检查网络后重试',
    'zh-HK': '網絡連接失敗，請檢查網絡後重試',
    en: 'The connection failed. Please check your network and try again',
  },
  'sdk.error.timeout': {
    'zh-CN': '服务器响应超时，请稍后重试',
    'zh-HK': '伺服器回應逾時，請稍後重試',
    en: 'The server took too long to answer. Please try again later',
  },
  'sdk.error.http': {
    'zh-CN': '服务器返回错误（{status}），请稍后重试',
    'zh-HK': '伺服器返回錯誤（{status}），請稍後重試',
    en: 'The server answered with an error ({status}). Please try again later',
  },
  'sdk.error.server': {
    'zh-CN': '服务器暂时出现问题，请稍后重试',
    'zh-HK': '伺服器暫時出現問題，請稍後重試',
    en: 'The server has a temporary problem. Please try again later',
  },
  'sdk.error.rate_limited': {
    'zh-CN': '操作过于频繁，请稍后再试',
    'zh-HK': '操作過於頻繁，請稍後再試',
    en: 'Too many requests. Please wait a moment and try again',
  },
  'sdk.error.validation': {
    'zh-CN': '部分内容填写有误，请检查标出的项目',
    'zh-HK': '部分內容填寫有誤，請檢查標出的項目',
    en: 'Some answers need attention. Please check the marked fields',
  },
  'sdk.error.not_found': {
    'zh-CN': '未找到该案件，请核对案件编号和查询码',
    'zh-HK': '未找到該案件，請核對案件編號和查詢碼',
    en: 'No case was found. Please check the case number and access code',
  },
  'sdk.error.unauthorized': {
    'zh-CN': '登录已失效，请重新登录',
    'zh-HK': '登入已失效，請重新登入',
    en: 'Your sign-in has expired. Please sign in again',
  },
  'sdk.error.forbidden': {
    'zh-CN': '您没有权限执行此操作',
    'zh-HK': '您沒有權限執行此操作',
    en: 'You are not allowed to do this',
  },
  'sdk.error.conflict': {
    'zh-CN': '案件状态已变化，请刷新后重试',
    'zh-HK': '案件狀態已變化，請刷新後重試',
    en: 'The case has changed. Please refresh and try again',
  },
  'sdk.error.in_flight': {
    'zh-CN': '上一次提交仍在处理中，请稍候',
    'zh-HK': '上一次提交仍在處理中，請稍候',
    en: 'The previous submission is still being processed. Please wait',
  },
  'sdk.error.payload_too_large': {
    'zh-CN': '文件太大，无法上传',
    'zh-HK': '檔案太大，無法上傳',
    en: 'The file is too large to upload',
  },
  'sdk.error.unsupported_media_type': {
    'zh-CN': '不支持此文件类型',
    'zh-HK': '不支援此檔案類型',
    en: 'This type of file is not accepted',
  },
  'sdk.error.unsupported': {
    'zh-CN': '当前服务平台不支持此功能',
    'zh-HK': '當前服務平台不支援此功能',
    en: 'This service does not support this feature',
  },
  'sdk.error.storage': {
    'zh-CN': '无法在本设备上保存内容',
    'zh-HK': '無法在本裝置上儲存內容',
    en: 'Could not save on this device',
  },
  'sdk.error.protocol': {
    'zh-CN': '服务器返回了无法识别的内容',
    'zh-HK': '伺服器返回了無法識別的內容',
    en: 'The server answered with something this page cannot read',
  },
  'sdk.outbox.saved': {
    'zh-CN': '已保存在本设备，联网后自动提交',
    'zh-HK': '已儲存在本裝置，連網後自動提交',
    en: 'Saved on this device; it will be sent when you are online',
  },
  'sdk.outbox.sending': { 'zh-CN': '正在提交…', 'zh-HK': '正在提交…', en: 'Sending…' },
  'sdk.outbox.received': {
    'zh-CN': '已受理登记，案件编号 {caseNumber}',
    'zh-HK': '已受理登記，案件編號 {caseNumber}',
    en: 'Received. Your case number is {caseNumber}',
  },
  'sdk.outbox.rejected': {
    'zh-CN': '提交未被接受，请修改后重新提交',
    'zh-HK': '提交未被接受，請修改後重新提交',
    en: 'The submission was not accepted. Please correct it and send it again',
  },
  'sdk.draft.restore': {
    'zh-CN': '发现您上次未提交的内容，是否继续填写？',
    'zh-HK': '發現您上次未提交的內容，是否繼續填寫？',
    en: 'You have an unsent form from last time. Continue where you left off?',
  },
  'sdk.open311.folded_details': {
    'zh-CN': '【解纷补充信息】',
    'zh-HK': '【解紛補充資料】',
    en: '[Jiefen details]',
  },
} as const satisfies Record<string, LocalizedText>;

export type SdkMessageKey = keyof typeof SDK_MESSAGES;

export function isSdkMessageKey(key: string): key is SdkMessageKey {
  return Object.hasOwn(SDK_MESSAGES, key);
}

/** Render an SDK or core message key in a locale, filling `{name}` placeholders. */
export function formatSdkMessage(
  key: string,
  params: Record<string, string | number> = {},
  locale: Locale = DEFAULT_LOCALE,
): string {
  return formatFromCatalog(SDK_MESSAGES, key, params, locale) ?? formatMessage(key, params, locale);
}

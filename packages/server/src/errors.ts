import {
  type FieldIssue,
  formatFromCatalog,
  formatMessage,
  type Locale,
  type LocalizedText,
  localizeIssues,
  type MessageParams,
} from '@jiefen/core';

/** Error codes of the REST contract (docs/rest-api.md), with their HTTP status. */
export const ERROR_STATUS = {
  validation_failed: 422,
  invalid_request: 400,
  idempotency_key_required: 400,
  idempotency_key_reused: 422,
  request_in_flight: 409,
  concurrent_update: 409,
  transition_rejected: 409,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  request_timeout: 408,
  expectation_failed: 417,
  headers_too_large: 431,
  unavailable: 503,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** Server messages, in the three locales the core speaks. */
const SERVER_MESSAGES = {
  'server.validation_failed': {
    'zh-CN': '提交的内容有误',
    'zh-HK': '提交的內容有誤',
    en: 'Some of the submitted data is not valid',
  },
  'server.invalid_request': { 'zh-CN': '请求格式不正确', 'zh-HK': '請求格式不正確', en: 'The request is malformed' },
  'server.idempotency_key_required': {
    'zh-CN': '请求缺少 Idempotency-Key 请求头',
    'zh-HK': '請求缺少 Idempotency-Key 請求頭',
    en: 'This request needs an Idempotency-Key header',
  },
  'server.idempotency_key_reused': {
    'zh-CN': '该 Idempotency-Key 已用于另一个请求',
    'zh-HK': '該 Idempotency-Key 已用於另一個請求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  'server.request_in_flight': {
    'zh-CN': '相同的请求正在处理中，请稍后再试',
    'zh-HK': '相同的請求正在處理中，請稍後再試',
    en: 'The same request is still being processed; try again shortly',
  },
  'server.concurrent_update': {
    'zh-CN': '该案件正被同时修改，请稍后重试',
    'zh-HK': '該案件正被同時修改，請稍後重試',
    en: 'Someone else is changing this at the same moment; please try again',
  },
  'server.not_found': {
    'zh-CN': '未找到，或凭证不正确',
    'zh-HK': '未找到，或憑證不正確',
    en: 'Not found, or the credentials do not match',
  },
  'server.unauthorized': { 'zh-CN': '请先登录', 'zh-HK': '請先登入', en: 'A valid staff token is required' },
  'server.token_expired': {
    'zh-CN': '登录凭证已过期，请向管理员申请新的凭证',
    'zh-HK': '登入憑證已過期，請向管理員申請新的憑證',
    en: 'This staff token has expired; ask an administrator for a new one',
  },
  'server.own_account': {
    'zh-CN': '不能停用自己的账号或更改自己的角色',
    'zh-HK': '不能停用自己的帳號或更改自己的角色',
    en: 'You cannot disable your own account or change your own role',
  },
  'server.member_disabled': {
    'zh-CN': '该工作人员账号已停用',
    'zh-HK': '該工作人員帳號已停用',
    en: 'This staff account is disabled',
  },
  'server.forbidden': {
    'zh-CN': '您没有权限执行此操作',
    'zh-HK': '您沒有權限執行此操作',
    en: 'You are not allowed to do this',
  },
  'server.rate_limited': {
    'zh-CN': '请求过于频繁，请稍后再试',
    'zh-HK': '請求過於頻繁，請稍後再試',
    en: 'Too many requests; please try again later',
  },
  'server.payload_too_large': { 'zh-CN': '提交的内容过大', 'zh-HK': '提交的內容過大', en: 'The request is too large' },
  'server.unsupported_media_type': {
    'zh-CN': '不支持该文件类型',
    'zh-HK': '不支援該檔案類型',
    en: 'This type of file or content is not supported',
  },
  'server.request_timeout': {
    'zh-CN': '请求发送超时，请重试',
    'zh-HK': '請求發送逾時，請重試',
    en: 'The request took too long to arrive; please try again',
  },
  'server.expectation_failed': {
    'zh-CN': '不支持该 Expect 请求头',
    'zh-HK': '不支援該 Expect 請求頭',
    en: 'This Expect header is not supported',
  },
  'server.headers_too_large': {
    'zh-CN': '请求头过大',
    'zh-HK': '請求頭過大',
    en: 'The request headers are too large',
  },
  'server.json_too_deep': {
    'zh-CN': '提交的 JSON 嵌套过深（最多 {max} 层）',
    'zh-HK': '提交的 JSON 嵌套過深（最多 {max} 層）',
    en: 'The JSON body is nested too deeply (at most {max} levels)',
  },
  'server.nul_character': {
    'zh-CN': '提交的内容含有不允许的空字符（NUL）',
    'zh-HK': '提交的內容含有不允許的空字元（NUL）',
    en: 'The request contains a NUL character, which is not allowed',
  },
  'server.malformed_multipart': {
    'zh-CN': '上传的文件数据不完整或格式不正确',
    'zh-HK': '上傳的檔案資料不完整或格式不正確',
    en: 'The uploaded form data is incomplete or malformed',
  },
  'server.bad_url': {
    'zh-CN': '请求地址不正确',
    'zh-HK': '請求地址不正確',
    en: 'The request URL is not valid',
  },
  'server.host_required': {
    'zh-CN': '请求缺少 Host 请求头',
    'zh-HK': '請求缺少 Host 請求頭',
    en: 'This request needs a Host header',
  },
  'server.method_not_supported': {
    'zh-CN': '不支持该请求方法',
    'zh-HK': '不支援該請求方法',
    en: 'This request method is not supported',
  },
  'server.unavailable': { 'zh-CN': '服务暂不可用', 'zh-HK': '服務暫不可用', en: 'The service is not available' },
  'server.internal': {
    'zh-CN': '服务器出错了，请稍后再试',
    'zh-HK': '伺服器出錯了，請稍後再試',
    en: 'Something went wrong; please try again later',
  },
} as const satisfies Record<string, LocalizedText>;
export type ServerMessageKey = keyof typeof SERVER_MESSAGES;

/** Render a server or core message key; unknown keys render as themselves. */
export function formatServerMessage(key: string, params: MessageParams, locale: Locale): string {
  return formatFromCatalog(SERVER_MESSAGES, key, params, locale) ?? formatMessage(key, params, locale);
}

/** An error that maps to one JSON error response. Thrown from handlers, rendered by the error handler. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly options: {
      messageKey?: string;
      params?: MessageParams;
      issues?: FieldIssue[];
      allowedEvents?: readonly string[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(code);
    this.status = ERROR_STATUS[code];
  }

  get messageKey(): string {
    return this.options.messageKey ?? `server.${this.code}`;
  }
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    messageKey: string;
    fields?: Record<string, string>;
    issues?: FieldIssue[];
    allowedEvents?: string[];
  };
}

/** `{"error": {"code", "message", "messageKey", "fields"?, "issues"?, "allowedEvents"?}}` in the request's locale. */
export function errorBody(error: ApiError, locale: Locale): ErrorBody {
  const { issues, allowedEvents, params } = error.options;
  return {
    error: {
      code: error.code,
      message: formatServerMessage(error.messageKey, params ?? {}, locale),
      messageKey: error.messageKey,
      ...(issues && issues.length > 0 ? { fields: localizeIssues(issues, locale), issues } : {}),
      ...(allowedEvents ? { allowedEvents: [...allowedEvents] } : {}),
    },
  };
}

export const notFound = () => new ApiError('not_found');
export const forbidden = () => new ApiError('forbidden');
export const validationFailed = (issues: FieldIssue[]) => new ApiError('validation_failed', { issues });

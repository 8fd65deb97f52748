/** The SDK's messages in Simplified Chinese: the default locale, and the source of the key list. */
export const SDK_MESSAGES_ZH_CN = {
  'sdk.error.network': '网络连接失败，请检查网络后重试',
  'sdk.error.timeout': '服务器响应超时，请稍后重试',
  'sdk.error.http': '服务器返回错误（{status}），请稍后重试',
  'sdk.error.server': '服务器暂时出现问题，请稍后重试',
  'sdk.error.rate_limited': '操作过于频繁，请稍后再试',
  'sdk.error.validation': '部分内容填写有误，请检查标出的项目',
  'sdk.error.not_found': '未找到该案件，请核对案件编号和查询码',
  'sdk.error.unauthorized': '登录已失效，请重新登录',
  'sdk.error.forbidden': '您没有权限执行此操作',
  'sdk.error.conflict': '案件状态已变化，请刷新后重试',
  'sdk.error.in_flight': '上一次提交仍在处理中，请稍候',
  'sdk.error.payload_too_large': '文件太大，无法上传',
  'sdk.error.unsupported_media_type': '不支持此文件类型',
  'sdk.error.unsupported': '当前服务平台不支持此功能',
  'sdk.error.storage': '无法在本设备上保存内容',
  'sdk.error.protocol': '服务器返回了无法识别的内容',
  'sdk.outbox.saved': '已保存在本设备，联网后自动提交',
  'sdk.outbox.sending': '正在提交…',
  'sdk.outbox.received': '已受理登记，案件编号 {caseNumber}',
  'sdk.outbox.rejected': '提交未被接受，请修改后重新提交',
  'sdk.upload.waiting': '暂未联网：文件已加密保存在本设备，将随申请一起上传',
  'sdk.draft.restore': '发现您上次未提交的内容，是否继续填写？',
  'sdk.open311.folded_details': '【解纷补充信息】',
} as const;

export type SdkMessageKey = keyof typeof SDK_MESSAGES_ZH_CN;

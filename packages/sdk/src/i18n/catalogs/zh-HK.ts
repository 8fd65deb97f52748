import type { SdkMessageKey } from './zh-CN.js';

/** The SDK's messages in Traditional Chinese (Hong Kong), loaded when that locale is chosen. */
const messages: Record<SdkMessageKey, string> = {
  'sdk.error.network': '網絡連接失敗，請檢查網絡後重試',
  'sdk.error.timeout': '伺服器回應逾時，請稍後重試',
  'sdk.error.http': '伺服器返回錯誤（{status}），請稍後重試',
  'sdk.error.server': '伺服器暫時出現問題，請稍後重試',
  'sdk.error.rate_limited': '操作過於頻繁，請稍後再試',
  'sdk.error.validation': '部分內容填寫有誤，請檢查標出的項目',
  'sdk.error.not_found': '未找到該案件，請核對案件編號和查詢碼',
  'sdk.error.unauthorized': '登入已失效，請重新登入',
  'sdk.error.forbidden': '您沒有權限執行此操作',
  'sdk.error.conflict': '案件狀態已變化，請刷新後重試',
  'sdk.error.in_flight': '上一次提交仍在處理中，請稍候',
  'sdk.error.payload_too_large': '檔案太大，無法上傳',
  'sdk.error.unsupported_media_type': '不支援此檔案類型',
  'sdk.error.unsupported': '當前服務平台不支援此功能',
  'sdk.error.storage': '無法在本裝置上儲存內容',
  'sdk.error.protocol': '伺服器返回了無法識別的內容',
  'sdk.outbox.saved': '已儲存在本裝置，連網後自動提交',
  'sdk.outbox.sending': '正在提交…',
  'sdk.outbox.received': '已受理登記，案件編號 {caseNumber}',
  'sdk.outbox.rejected': '提交未被接受，請修改後重新提交',
  'sdk.upload.waiting': '暫未連網：檔案已加密儲存在本裝置，將隨申請一起上傳',
  'sdk.draft.restore': '發現您上次未提交的內容，是否繼續填寫？',
  'sdk.open311.folded_details': '【解紛補充資料】',
};
export default messages;

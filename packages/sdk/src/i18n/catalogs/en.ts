import type { SdkMessageKey } from './zh-CN.js';

/** The SDK's messages in English, loaded when that locale is chosen. */
const messages: Record<SdkMessageKey, string> = {
  'sdk.error.network': 'The connection failed. Please check your network and try again',
  'sdk.error.timeout': 'The server took too long to answer. Please try again later',
  'sdk.error.http': 'The server answered with an error ({status}). Please try again later',
  'sdk.error.server': 'The server has a temporary problem. Please try again later',
  'sdk.error.rate_limited': 'Too many requests. Please wait a moment and try again',
  'sdk.error.validation': 'Some answers need attention. Please check the marked fields',
  'sdk.error.not_found': 'No case was found. Please check the case number and access code',
  'sdk.error.unauthorized': 'Your sign-in has expired. Please sign in again',
  'sdk.error.forbidden': 'You are not allowed to do this',
  'sdk.error.conflict': 'The case has changed. Please refresh and try again',
  'sdk.error.in_flight': 'The previous submission is still being processed. Please wait',
  'sdk.error.payload_too_large': 'The file is too large to upload',
  'sdk.error.unsupported_media_type': 'This type of file is not accepted',
  'sdk.error.unsupported': 'This service does not support this feature',
  'sdk.error.storage': 'Could not save on this device',
  'sdk.error.protocol': 'The server answered with something this page cannot read',
  'sdk.outbox.saved': 'Saved on this device; it will be sent when you are online',
  'sdk.outbox.sending': 'Sending…',
  'sdk.outbox.received': 'Received. Your case number is {caseNumber}',
  'sdk.outbox.rejected': 'The submission was not accepted. Please correct it and send it again',
  'sdk.upload.waiting': 'Offline: the file is kept encrypted on this device and will be sent with your application',
  'sdk.draft.restore': 'You have an unsent form from last time. Continue where you left off?',
  'sdk.open311.folded_details': '[Jiefen details]',
};
export default messages;

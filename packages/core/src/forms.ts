// `@jiefen/core/forms`: the schema-free facts a form needs on its first screen (defaults, attachment
// limits, message rendering). Bundlers assign code to chunks by which entry reaches a file, and the
// main entry reaches every schema and both statecharts; a page's upfront code imports this one
// instead and loads the checks (`validateCaseFiling` from `@jiefen/core`) lazily.

export {
  DEFAULT_LOCALE,
  isLocale,
  LOCALES,
  type Locale,
  type LocalizedText,
  pickText,
  resolveLocale,
} from './i18n/locale.js';
export { formatFromCatalog, formatMessage, type MessageKey, type MessageParams } from './i18n/messages.js';
export {
  type AttachmentLimits,
  attachmentLimitsOf,
  attachmentRefusal,
  DEFAULT_ATTACHMENT_LIMITS,
} from './schemas/attachment-limits.js';
export { DEFAULT_PRIVACY } from './schemas/privacy-defaults.js';

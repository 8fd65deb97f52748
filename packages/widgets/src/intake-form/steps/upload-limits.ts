import type { TenantConfig } from '@jiefen/core';
import { attachmentLimitsOf } from '@jiefen/core/forms';
import type { IntakeMessageKey } from '../i18n/catalogs.js';

/** Media types residents recognise by name; others are shown as they are. */
const TYPE_NAMES: Record<string, IntakeMessageKey> = {
  'image/*': 'evidence.type.image',
  'application/pdf': 'evidence.type.pdf',
  'audio/*': 'evidence.type.audio',
  'video/mp4': 'evidence.type.video',
  'video/*': 'evidence.type.video',
  'text/plain': 'evidence.type.text',
};

/**
 * The tenant's evidence limits (the core's `attachmentLimitsOf`: its own or the defaults, never above
 * the server's ceiling), for the hint and the picker's `accept`. The actor enforces them.
 */
export function uploadLimits(
  config: TenantConfig,
  t: (key: IntakeMessageKey) => string,
): { maxBytes: number; mediaTypes: string[]; typeNames: string[] } {
  const limits = attachmentLimitsOf(config);
  return {
    maxBytes: limits.maxBytes,
    mediaTypes: limits.mediaTypes,
    typeNames: limits.mediaTypes.map((type) => (TYPE_NAMES[type] ? t(TYPE_NAMES[type]) : type)),
  };
}

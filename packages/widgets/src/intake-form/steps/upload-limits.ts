import type { TenantConfig } from '@jiefen/core';

/** The tenant's evidence limits, for the hint above the file picker (the actor enforces them). */
export function uploadLimits(config: TenantConfig): { maxBytes?: number; types?: string[] } {
  const uploads = (config as TenantConfig & { uploads?: { maxBytes?: number; mediaTypes?: string[] } }).uploads;
  return {
    ...(uploads?.maxBytes ? { maxBytes: uploads.maxBytes } : {}),
    ...(uploads?.mediaTypes?.length ? { types: uploads.mediaTypes } : {}),
  };
}

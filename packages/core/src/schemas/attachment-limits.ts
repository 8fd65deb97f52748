// No valibot here on purpose: the intake actor checks files with this before any byte is sent, and
// esbuild places code by module, so a schema in this file would pull valibot into that chunk.

import { CASE_MACHINE_LIMITS } from './limits.js';
import type { FieldIssue } from './validate.js';

/** What a township accepts as evidence: the largest file and the media types (`image/*` allowed). */
export interface AttachmentLimits {
  /** Largest accepted file, in bytes. */
  maxBytes: number;
  /** Accepted media types; a `type/*` entry accepts every subtype. */
  mediaTypes: string[];
}

/** Photos and documents a phone usually produces; used when the tenant names no limits. */
export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxBytes: 10 * 1024 * 1024,
  mediaTypes: ['image/*', 'application/pdf', 'audio/*', 'video/mp4', 'text/plain'],
};

/** The limits in force for a tenant: its own, never above the server's hard ceiling. */
export function attachmentLimitsOf(config: { attachments?: AttachmentLimits | undefined }): AttachmentLimits {
  const limits = config.attachments ?? DEFAULT_ATTACHMENT_LIMITS;
  return { ...limits, maxBytes: Math.min(limits.maxBytes, CASE_MACHINE_LIMITS.attachmentBytesMax) };
}

const accepts = (pattern: string, type: string) =>
  pattern.endsWith('/*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;

/**
 * Why a file would be refused before it is uploaded (too large, or a type the township does not
 * accept), as a field issue at `path`; `undefined` when it is acceptable.
 */
export function attachmentRefusal(
  file: { size: number; type: string },
  limits: AttachmentLimits,
  path = 'attachments',
): FieldIssue | undefined {
  if (file.size > limits.maxBytes) {
    return { path, key: 'validation.file_too_large', params: { max: Math.floor(limits.maxBytes / (1024 * 1024)) } };
  }
  const type = file.type.toLowerCase();
  if (!type || !limits.mediaTypes.some((pattern) => accepts(pattern.toLowerCase(), type))) {
    return { path, key: 'validation.file_type', params: {} };
  }
  return undefined;
}

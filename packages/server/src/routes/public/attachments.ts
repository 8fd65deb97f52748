import { createHash } from 'node:crypto';
import {
  type AttachmentLimits,
  type AttachmentMeta,
  attachmentDisplayName,
  attachmentRefusal,
  type FieldIssue,
} from '@jiefen/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { ApiError } from '../../errors.js';
import { toApiError } from '../../http/refusals.js';
import type { WriteTransaction } from '../../storage/transactions.js';

/** What residents may upload: photos, scans, recordings, short videos. Decided by the bytes, not the name. */
export const ALLOWED_MEDIA_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/heic',
  'application/pdf',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/amr',
  'audio/wav',
  'audio/ogg',
  'video/mp4',
  'video/quicktime',
]);

/** The file's type from its first bytes; a file too short or too odd for the sniffer has none. */
async function sniff(content: Buffer): Promise<{ mime: string; ext: string } | undefined> {
  try {
    return await fileTypeFromBuffer(content);
  } catch {
    // file-type throws (EndOfStreamError) on a truncated header, e.g. the 8-byte PNG signature alone.
    return undefined;
  }
}

/**
 * A multipart body the parser cannot read (no boundary, garbage, a part cut short) throws plain
 * errors from busboy; they are a 400 `server.malformed_multipart`. Limit errors (413) and our own
 * refusals pass through.
 */
function multipartRefusal(error: unknown): ApiError {
  const status = (error as { statusCode?: unknown }).statusCode;
  const refusal = typeof status === 'number' && status >= 400 && status < 500 ? toApiError(error) : undefined;
  if (error instanceof ApiError) return error;
  return refusal ?? new ApiError('invalid_request', { messageKey: 'server.malformed_multipart' });
}

/** A file read from a multipart request, its type sniffed from its bytes, not stored yet. */
export interface ReceivedFile {
  name: string;
  content: Buffer;
  mediaType: string;
}

/**
 * Read every `file` part of a multipart request and sniff each file's real type from its bytes. The
 * server's ceilings (size, count) are enforced by @fastify/multipart while streaming (413); a body the
 * parser cannot read is a 400. The tenant's own limits (`attachmentLimitsOf`: a smaller size, fewer
 * types) are then checked with the core's `attachmentRefusal`, the same check the intake actor makes
 * before sending, so a client that skips it gets the same localized field issue (422) the form shows. The display name is cleaned by the core's `attachmentDisplayName` (no path, no
 * control or bidi characters). Nothing is stored: the route stores the files in its write transaction
 * (`storeFiles`), with its idempotency key.
 */
export async function readFiles(
  request: FastifyRequest,
  maxFiles: number,
  limits: AttachmentLimits,
): Promise<ReceivedFile[]> {
  if (!request.isMultipart()) throw new ApiError('unsupported_media_type');
  const files: ReceivedFile[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file') {
        part.file.resume();
        continue;
      }
      const content = await part.toBuffer();
      const sniffed = await sniff(content);
      if (!sniffed || !ALLOWED_MEDIA_TYPES.has(sniffed.mime)) throw new ApiError('unsupported_media_type');
      const refused = attachmentRefusal({ size: content.length, type: sniffed.mime }, limits, 'file');
      if (refused) throw new ApiError('validation_failed', { issues: [refused] });
      files.push({
        name: attachmentDisplayName(part.filename ?? '') || `attachment.${sniffed.ext}`,
        content,
        mediaType: sniffed.mime,
      });
    }
  } catch (error) {
    throw multipartRefusal(error);
  }
  if (files.length === 0 || files.length > maxFiles) {
    throw new ApiError('validation_failed', { issues: [{ path: 'file', key: 'validation.required', params: {} }] });
  }
  return files;
}

/** What identifies an upload request for its idempotency key: each file's name, type and content hash. */
export function filesFingerprint(files: readonly ReceivedFile[]) {
  return files.map((file) => ({
    name: file.name,
    mediaType: file.mediaType,
    sha256: createHash('sha256').update(file.content).digest('hex'),
  }));
}

/** Store read files in the route's write transaction. */
export async function storeFiles(
  app: FastifyInstance,
  tenantId: string,
  files: readonly ReceivedFile[],
  tx: WriteTransaction,
): Promise<AttachmentMeta[]> {
  const now = app.jiefen.clock.now();
  const metas: AttachmentMeta[] = [];
  for (const file of files) metas.push(await app.jiefen.uploads.save({ tenantId, ...file, now }, tx));
  return metas;
}

/**
 * Attachments in a filing or command must be this tenant's uploads; the stored metadata (sniffed type,
 * size, hash) replaces whatever the client claimed.
 */
export async function resolveAttachments(
  app: FastifyInstance,
  tenantId: string,
  claimed: readonly AttachmentMeta[],
  path: string,
): Promise<AttachmentMeta[]> {
  if (claimed.length === 0) return [];
  const stored = await app.jiefen.uploads.metas(
    tenantId,
    claimed.map((a) => a.id),
  );
  const issues: FieldIssue[] = [];
  const out = claimed.map((a, index) => {
    const meta = stored.get(a.id);
    if (!meta) issues.push({ path: `${path}.${index}.id`, key: 'validation.invalid', params: {} });
    return meta ?? a;
  });
  if (issues.length > 0) throw new ApiError('validation_failed', { issues });
  return out;
}

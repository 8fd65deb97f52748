import { createHash } from 'node:crypto';
import type { AttachmentMeta, FieldIssue } from '@jiefen/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { ApiError } from '../../errors.js';
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

/** A file read from a multipart request, its type sniffed from its bytes, not stored yet. */
export interface ReceivedFile {
  name: string;
  content: Buffer;
  mediaType: string;
}

/**
 * Read every `file` part of a multipart request and sniff each file's real type from its bytes. Size
 * and count limits are enforced by @fastify/multipart while streaming (413). Nothing is stored: the
 * route stores the files in its write transaction (`storeFiles`), with its idempotency key.
 */
export async function readFiles(request: FastifyRequest, maxFiles: number): Promise<ReceivedFile[]> {
  if (!request.isMultipart()) throw new ApiError('unsupported_media_type');
  const files: ReceivedFile[] = [];
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'file') {
      part.file.resume();
      continue;
    }
    const content = await part.toBuffer();
    const sniffed = await fileTypeFromBuffer(content);
    if (!sniffed || !ALLOWED_MEDIA_TYPES.has(sniffed.mime)) throw new ApiError('unsupported_media_type');
    files.push({ name: safeName(part.filename, sniffed.ext), content, mediaType: sniffed.mime });
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

const printable = (s: string) => [...s].filter((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) !== 127).join('');

/** Keep a display name only: no path, no control characters, bounded. */
function safeName(name: string | undefined, ext: string): string {
  const base = printable((name ?? '').split(/[\\/]/).pop() ?? '')
    .trim()
    .slice(0, 200);
  return base || `attachment.${ext}`;
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

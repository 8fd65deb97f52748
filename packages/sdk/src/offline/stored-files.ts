import type { UploadFile } from '../backends/backend.js';

/**
 * File bytes as base64, so a file is sealed as JSON like everything else the device keeps (the
 * outbox's evidence, a draft's waiting files).
 */
export interface StoredFile {
  name: string;
  mediaType: string;
  base64: string;
}

export async function storedFile(file: UploadFile): Promise<StoredFile> {
  return {
    name: file.name,
    mediaType: file.blob.type || 'application/octet-stream',
    base64: toBase64(new Uint8Array(await file.blob.arrayBuffer())),
  };
}

export function storedFiles(files: readonly UploadFile[]): Promise<StoredFile[]> {
  return Promise.all(files.map(storedFile));
}

/** The file again, as the backends upload it. */
export function uploadFileOf(stored: StoredFile): UploadFile {
  return { name: stored.name, blob: new Blob([fromBase64(stored.base64)], { type: stored.mediaType }) };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: spreading a whole photo into one call overflows the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

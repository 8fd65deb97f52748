import { createHash, randomUUID } from 'node:crypto';
import type { AttachmentMeta } from '@jiefen/core';
import type { Storage } from './database.js';
import { inTransaction, type WriteTransaction } from './transactions.js';

export class UploadStore {
  constructor(private readonly storage: Storage) {}

  async save(
    input: {
      tenantId: string;
      name: string;
      mediaType: string;
      content: Buffer;
      now: Date;
    },
    tx?: WriteTransaction,
  ): Promise<AttachmentMeta> {
    const meta: AttachmentMeta = {
      id: `att_${randomUUID().replaceAll('-', '')}`,
      name: input.name,
      mediaType: input.mediaType,
      size: input.content.length,
      sha256: createHash('sha256').update(input.content).digest('hex'),
    };
    await inTransaction(this.storage, tx, ({ trx }) =>
      trx
        .insertInto('uploads')
        .values({
          id: meta.id,
          tenant_id: input.tenantId,
          name: meta.name,
          media_type: meta.mediaType,
          size: meta.size,
          sha256: meta.sha256!,
          content: input.content,
          created_at: input.now.toISOString(),
        })
        .execute(),
    );
    return meta;
  }

  /** Metadata of stored uploads of this tenant, for checking references in a filing. */
  async metas(tenantId: string, ids: readonly string[]): Promise<Map<string, AttachmentMeta>> {
    if (ids.length === 0) return new Map();
    const rows = await this.storage.db
      .selectFrom('uploads')
      .select(['id', 'name', 'media_type', 'size', 'sha256'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', [...ids])
      .execute();
    return new Map(
      rows.map((r) => [r.id, { id: r.id, name: r.name, mediaType: r.media_type, size: r.size, sha256: r.sha256 }]),
    );
  }
}

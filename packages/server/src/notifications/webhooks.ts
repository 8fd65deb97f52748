import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Storage } from '../storage/database.js';

export interface WebhookSubscription {
  id: string;
  tenantId: string;
  url: string;
  active: boolean;
  createdAt: string;
}

/**
 * `X-Jiefen-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp is signed
 * with the body so a receiver can refuse replays older than a few minutes.
 */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const mac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${mac}`;
}

export class WebhookStore {
  constructor(private readonly storage: Storage) {}

  /** Subscribe a URL; the signing secret is returned once. */
  async create(tenantId: string, url: string, now: Date): Promise<WebhookSubscription & { secret: string }> {
    const id = `wh_${randomUUID().replaceAll('-', '')}`;
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const createdAt = now.toISOString();
    await this.storage.db
      .insertInto('webhooks')
      .values({ id, tenant_id: tenantId, url, secret, active: 1, created_at: createdAt })
      .execute();
    return { id, tenantId, url, active: true, createdAt, secret };
  }

  async list(tenantId: string): Promise<WebhookSubscription[]> {
    const rows = await this.storage.db
      .selectFrom('webhooks')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      url: r.url,
      active: r.active === 1,
      createdAt: r.created_at,
    }));
  }

  async find(tenantId: string, id: string): Promise<WebhookSubscription | undefined> {
    return (await this.list(tenantId)).find((w) => w.id === id);
  }

  async deliveries(webhookId: string, limit = 100) {
    const rows = await this.storage.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      number: r.stream_id,
      seq: r.seq,
      eventType: r.event_type,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : undefined,
      lastStatusCode: r.last_status_code ?? undefined,
      lastError: r.last_error ?? undefined,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at ?? undefined,
    }));
  }
}

export interface DispatchOptions {
  maxAttempts: number;
  baseDelayMs: number;
  timeoutMs: number;
  batchSize: number;
}

/**
 * Send due deliveries. A delivery is claimed by pushing its next attempt into the future inside a
 * short transaction (`SKIP LOCKED` on PostgreSQL), so several processes never send the same one
 * concurrently; the HTTP call happens outside any transaction. Failures back off exponentially and
 * give up after `maxAttempts`, leaving the log in `webhook_deliveries`.
 */
export async function dispatchWebhooks(
  storage: Storage,
  now: Date,
  options: DispatchOptions,
  log: FastifyBaseLogger,
): Promise<number> {
  const nowIso = now.toISOString();
  const lease = new Date(now.getTime() + options.timeoutMs * 2).toISOString();
  const claimed = await storage.db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .select([
        'webhook_deliveries.id as id',
        'webhook_deliveries.payload as payload',
        'webhook_deliveries.attempts as attempts',
        'webhooks.url as url',
        'webhooks.secret as secret',
      ])
      .where('webhook_deliveries.status', '=', 'pending')
      .where('webhook_deliveries.next_attempt_at', '<=', nowIso)
      .orderBy('webhook_deliveries.id')
      .limit(options.batchSize);
    if (storage.engine === 'postgres') query = query.forUpdate('webhook_deliveries').skipLocked();
    const rows = await query.execute();
    if (rows.length > 0) {
      await trx
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: lease })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows;
  });

  for (const delivery of claimed) {
    const attempt = delivery.attempts + 1;
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'jiefen-webhooks/1',
          'x-jiefen-delivery': String(delivery.id),
          'x-jiefen-signature': signWebhook(delivery.secret, delivery.payload, now),
        },
        body: delivery.payload,
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: 'manual',
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed';
    }
    const delivered = error === null;
    const gaveUp = !delivered && attempt >= options.maxAttempts;
    await storage.db
      .updateTable('webhook_deliveries')
      .set({
        attempts: attempt,
        status: delivered ? 'delivered' : gaveUp ? 'failed' : 'pending',
        last_status_code: statusCode,
        last_error: error,
        delivered_at: delivered ? nowIso : null,
        next_attempt_at: new Date(now.getTime() + options.baseDelayMs * 2 ** (attempt - 1)).toISOString(),
      })
      .where('id', '=', delivery.id)
      .execute();
    if (!delivered) log.warn({ deliveryId: delivery.id, attempt, error }, 'webhook delivery failed');
  }
  return claimed.length;
}

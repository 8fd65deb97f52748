import * as v from 'valibot';
import { InstantSchema } from './common.js';

/**
 * The answers of the staff API's administration and supervision routes beyond accounts: the hash
 * chain check of a case (全程留痕) and the webhook subscriptions with their delivery log. The SDK's
 * staff operations return these; the shared backend contract suite checks them field for field.
 */

/** `GET /staff/cases/{n}/verify`: the recomputed hash chain; `brokenAt` is the first bad sequence number. */
export const CaseChainVerificationSchema = v.strictObject({
  valid: v.boolean(),
  length: v.pipe(v.number(), v.integer(), v.minValue(0)),
  brokenAt: v.optional(v.pipe(v.number(), v.integer())),
});
export type CaseChainVerification = v.InferOutput<typeof CaseChainVerificationSchema>;

/** What a subscription is created with: the http(s) URL deliveries are posted to. */
export const WebhookInputSchema = v.object({
  url: v.pipe(
    v.string('validation.type'),
    v.url('validation.type'),
    v.regex(/^https?:\/\//, 'validation.type'),
    v.maxLength(2000, 'validation.too_long'),
  ),
});
export type WebhookInput = v.InferInput<typeof WebhookInputSchema>;

export const WebhookSubscriptionSchema = v.strictObject({
  id: v.string(),
  tenantId: v.string(),
  url: v.string(),
  active: v.boolean(),
  createdAt: InstantSchema,
});
export type WebhookSubscription = v.InferOutput<typeof WebhookSubscriptionSchema>;

/** A new subscription: its signing secret is in this answer only. */
export const CreatedWebhookSchema = v.strictObject({ ...WebhookSubscriptionSchema.entries, secret: v.string() });
export type CreatedWebhook = v.InferOutput<typeof CreatedWebhookSchema>;

/** One delivery of one case or consultation event to a subscription, newest first in the log. */
export const WebhookDeliverySchema = v.strictObject({
  id: v.number(),
  /** The case or consultation number the event belongs to. */
  number: v.string(),
  seq: v.number(),
  eventType: v.string(),
  status: v.picklist(['pending', 'delivered', 'failed']),
  attempts: v.number(),
  nextAttemptAt: v.optional(v.string()),
  lastStatusCode: v.optional(v.number()),
  lastError: v.optional(v.string()),
  createdAt: v.string(),
  deliveredAt: v.optional(v.string()),
});
export type WebhookDelivery = v.InferOutput<typeof WebhookDeliverySchema>;

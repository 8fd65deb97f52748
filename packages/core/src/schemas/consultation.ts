import * as v from 'valibot';
import { InstantSchema, LocaleSchema, PhoneSchema, SlugSchema, text } from './common.js';

export const CONSULTATION_CHANNELS = ['phone', 'video', 'in_person'] as const;
export type ConsultationChannel = (typeof CONSULTATION_CHANNELS)[number];

/** A window the resident is free in. */
export const TimeWindowSchema = v.pipe(
  v.object({ from: InstantSchema, to: InstantSchema }),
  v.check((w) => Date.parse(w.from) < Date.parse(w.to), 'validation.date'),
);

/** A legal-consultation request (法律咨询): lighter than a dispute. */
export const ConsultationRequestSchema = v.object({
  topicId: SlugSchema,
  question: text(10, 3000),
  channel: v.picklist(CONSULTATION_CHANNELS, 'validation.choice'),
  preferredTimes: v.pipe(v.array(TimeWindowSchema), v.maxLength(3, 'validation.too_long')),
  name: text(1, 100),
  phone: PhoneSchema,
  /** The resident's village/community, so the village legal adviser (一村一法律顾问) can take it. */
  placeId: v.optional(SlugSchema),
  locale: LocaleSchema,
});
export type ConsultationRequest = v.InferOutput<typeof ConsultationRequestSchema>;
export type ConsultationRequestInput = v.InferInput<typeof ConsultationRequestSchema>;

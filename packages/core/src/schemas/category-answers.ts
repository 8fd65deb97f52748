import * as v from 'valibot';
import { CoordinatesSchema, IsoDateSchema, SlugSchema, text } from './common.js';
import type { Category, FieldDefinition } from './tenant-config.js';

/**
 * Answer to a `location` field: a place in the tree, free text, or a point: at least one of them.
 * Valibot's `object` takes any non-null object, arrays included, so `[]` would pass as an empty
 * answer; a plain-object check comes first, and an answer naming no place, address or point is
 * refused as missing.
 */
export const LocationAnswerSchema = v.pipe(
  v.custom<Record<string, unknown>>(
    (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
    'validation.type',
  ),
  v.object({
    placeId: v.optional(SlugSchema),
    address: v.optional(text(1, 300)),
    coordinates: v.optional(CoordinatesSchema),
  }),
  v.check(
    (answer) => answer.placeId !== undefined || answer.address !== undefined || answer.coordinates !== undefined,
    'validation.required',
  ),
);

export type FieldAnswer = string | number | boolean | string[] | v.InferOutput<typeof LocationAnswerSchema>;

/** The schema one dynamic field's answer must satisfy. */
export function fieldAnswerSchema(field: FieldDefinition): v.GenericSchema<unknown, FieldAnswer> {
  const options = (field.options ?? []).map((o) => o.value);
  switch (field.type) {
    case 'text':
      return text(1, Math.min(field.max ?? 500, 500));
    case 'longText':
      return text(Math.max(field.min ?? 1, 1), Math.min(field.max ?? 5000, 5000));
    case 'number': {
      const checks: v.PipeItem<number, number, v.BaseIssue<unknown>>[] = [];
      if (field.min !== undefined) checks.push(v.minValue(field.min, 'validation.min_value'));
      if (field.max !== undefined) checks.push(v.maxValue(field.max, 'validation.max_value'));
      return v.pipe(v.number('validation.number'), v.finite('validation.number'), ...checks);
    }
    case 'date':
      return IsoDateSchema;
    case 'singleChoice':
      return v.picklist(options, 'validation.choice');
    case 'multipleChoice':
      return v.pipe(
        v.array(v.picklist(options, 'validation.choice'), 'validation.type'),
        v.minLength(field.required ? 1 : 0, 'validation.min_items'),
        v.check((values) => new Set(values).size === values.length, 'validation.choice'),
      );
    case 'yesNo':
      return v.boolean('validation.choice');
    case 'location':
      return LocationAnswerSchema;
  }
}

const answerSchemas = new WeakMap<readonly FieldDefinition[], ReturnType<typeof buildCategoryAnswersSchema>>();

/**
 * A strict object schema for a category's answers: required fields required, unknown fields rejected.
 * Built once per tenant configuration's field list (an edited configuration is a new list), not on
 * every filing: building it was a third of validating one.
 */
export function categoryAnswersSchema(category: Pick<Category, 'fields'>) {
  const cached = answerSchemas.get(category.fields);
  if (cached) return cached;
  const schema = buildCategoryAnswersSchema(category);
  answerSchemas.set(category.fields, schema);
  return schema;
}

function buildCategoryAnswersSchema(category: Pick<Category, 'fields'>) {
  const entries: Record<string, v.GenericSchema> = {};
  for (const field of category.fields) {
    const schema = fieldAnswerSchema(field);
    entries[field.id] = field.required ? schema : v.optional(schema);
  }
  return v.strictObject(entries, 'validation.unknown_field');
}

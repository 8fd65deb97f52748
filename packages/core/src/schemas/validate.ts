import * as v from 'valibot';
import type { Locale } from '../i18n/locale.js';
import { formatMessage, isMessageKey, type MessageKey, type MessageParams } from '../i18n/messages.js';

/** One problem with one field, addressed by a dot path (`parties.0.phone`) so forms can place it. */
export interface FieldIssue {
  path: string;
  key: MessageKey;
  params: MessageParams;
}

export type ValidationResult<T> = { success: true; output: T } | { success: false; issues: FieldIssue[] };

/**
 * Validate with a core schema. Schemas carry message *keys* (see messages.ts); this turns valibot's
 * issues into keyed, parameterised field issues that any client can render in its locale.
 */
export function validate<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
): ValidationResult<v.InferOutput<TSchema>> {
  // One issue per field is what a form can show; later pipe steps would only repeat the first problem.
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return { success: true, output: result.output };
  return { success: false, issues: result.issues.map(toFieldIssue) };
}

function toFieldIssue(issue: v.BaseIssue<unknown>): FieldIssue {
  const path = v.getDotPath(issue) ?? '';
  const missing = issue.input === undefined || issue.input === null || issue.input === '';
  if (missing && (issue.kind === 'schema' || issue.type === 'min_length' || issue.type === 'non_empty')) {
    return { path, key: 'validation.required', params: {} };
  }
  const key: MessageKey = isMessageKey(issue.message) ? issue.message : 'validation.invalid';
  const params: MessageParams = {};
  const requirement = (issue as { requirement?: unknown }).requirement;
  if (typeof requirement === 'number') {
    if (issue.type.startsWith('min')) params.min = requirement;
    else if (issue.type.startsWith('max')) params.max = requirement;
  }
  return { path, key, params };
}

/** Render field issues in a locale: `{ 'parties.0.phone': '请输入有效的手机或电话号码' }`, first issue per field wins. */
export function localizeIssues(issues: readonly FieldIssue[], locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    if (!(issue.path in out)) out[issue.path] = formatMessage(issue.key, issue.params, locale);
  }
  return out;
}

// Form fields read from the core's payload schemas, so every action form on the desk is generated
// from the event catalog (CASE_EVENTS, CONSULTATION_EVENTS, the staff-account schemas) instead of
// being written by hand per action: a new event or field in the core shows up here by itself.
// Pure: no DOM, so the mapping is tested in Node.

/** The parts of a valibot schema object this reader needs (valibot keeps them public on every schema). */
interface SchemaLike {
  readonly type: string;
  readonly entries?: Readonly<Record<string, SchemaLike>>;
  readonly wrapped?: SchemaLike;
  readonly options?: readonly unknown[];
  readonly item?: SchemaLike;
  readonly pipe?: ReadonlyArray<{ readonly kind: string; readonly type: string; readonly requirement?: unknown }>;
}

interface FieldBase {
  /** The key in its object (`level`), the label's name in the desk catalog (`field.level`). */
  name: string;
  /** Dot path in the payload (`referral.channel`), which is how the core addresses field issues. */
  path: string;
  required: boolean;
}

export type ActionField =
  | (FieldBase & { kind: 'boolean' })
  | (FieldBase & { kind: 'choice'; options: string[] })
  | (FieldBase & { kind: 'text'; maxLength?: number; multiline: boolean; inputType?: 'url' | 'email' })
  | (FieldBase & { kind: 'instant' })
  | (FieldBase & { kind: 'number'; min?: number; max?: number })
  /** One of the tenant's departments (a slug the core names `…departmentId`), or several. */
  | (FieldBase & { kind: 'department'; multiple: boolean })
  /** A list of short texts, one per line (risk factors, the fields a resident should complete). */
  | (FieldBase & { kind: 'lines'; maxLength?: number })
  | (FieldBase & { kind: 'group'; fields: ActionField[] });

/** Longer limits get a text area; short ones (a channel, a reference) a one-line input. */
const MULTILINE_FROM = 300;
const DEPARTMENT_NAME = /(^d|D)epartmentIds?$/;

const requirement = (schema: SchemaLike, type: string): number | undefined => {
  const found = schema.pipe?.find((step) => step.kind === 'validation' && step.type === type)?.requirement;
  return typeof found === 'number' ? found : undefined;
};
const hasAction = (schema: SchemaLike, type: string) => schema.pipe?.some((step) => step.type === type) ?? false;

/** The fields of an object payload schema, in the schema's order. */
export function actionFields(schema: SchemaLike, prefix = ''): ActionField[] {
  const entries = schema.entries ?? {};
  return Object.entries(entries).flatMap(([name, entry]) => {
    const field = fieldOf(name, `${prefix}${name}`, entry);
    return field ? [field] : [];
  });
}

function fieldOf(name: string, path: string, schema: SchemaLike): ActionField | undefined {
  let inner = schema;
  let required = true;
  while (inner.type === 'optional' || inner.type === 'nullish' || inner.type === 'undefinedable') {
    required = false;
    inner = inner.wrapped!;
  }
  const base = { name, path, required };
  switch (inner.type) {
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'picklist':
      return { ...base, kind: 'choice', options: (inner.options ?? []).map(String) };
    case 'number': {
      const min = requirement(inner, 'min_value');
      const max = requirement(inner, 'max_value');
      return { ...base, kind: 'number', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    case 'string': {
      if (DEPARTMENT_NAME.test(name)) return { ...base, kind: 'department', multiple: false };
      if (hasAction(inner, 'iso_timestamp')) return { ...base, kind: 'instant' };
      const maxLength = requirement(inner, 'max_length');
      // Addresses are one line however long they may be, with the browser's keyboard for them.
      const inputType = hasAction(inner, 'url') ? 'url' : hasAction(inner, 'email') ? 'email' : undefined;
      if (inputType)
        return {
          ...base,
          kind: 'text',
          multiline: false,
          inputType,
          ...(maxLength !== undefined ? { maxLength } : {}),
        };
      return {
        ...base,
        kind: 'text',
        multiline: maxLength === undefined || maxLength >= MULTILINE_FROM,
        ...(maxLength !== undefined ? { maxLength } : {}),
      };
    }
    case 'array': {
      if (inner.item?.type !== 'string') return undefined;
      if (DEPARTMENT_NAME.test(name)) return { ...base, kind: 'department', multiple: true };
      const maxLength = requirement(inner.item, 'max_length');
      return { ...base, kind: 'lines', ...(maxLength !== undefined ? { maxLength } : {}) };
    }
    case 'object':
    case 'strict_object':
    case 'loose_object':
      return { ...base, kind: 'group', fields: actionFields(inner, `${path}.`) };
    default:
      // Records of free answers and attachment lists are resident inputs; no staff form asks for them.
      return undefined;
  }
}

/** Every field with its nested ones, depth first (for labels, tests, finding a field by an issue's path). */
export function flattenFields(fields: readonly ActionField[]): ActionField[] {
  return fields.flatMap((field) => (field.kind === 'group' ? [field, ...flattenFields(field.fields)] : [field]));
}

/** What a form's controls hold, by field path: strings, and lists for multiple choices. */
export type FormValues = Record<string, string | string[] | boolean>;

/**
 * The payload a form's values make, leaving out what was left empty so that the core's schema
 * reports a missing required field as `validation.required` (rather than an empty string's type).
 */
export function payloadFrom(fields: readonly ActionField[], values: FormValues): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of fields) {
    const value = controlValue(field, values);
    if (value !== undefined) payload[field.name] = value;
  }
  return payload;
}

function controlValue(field: ActionField, values: FormValues): unknown {
  const raw = values[field.path];
  const text = typeof raw === 'string' ? raw.trim() : '';
  switch (field.kind) {
    case 'boolean':
      return raw === true;
    case 'group':
      return payloadFrom(field.fields, values);
    case 'department':
      if (field.multiple) return Array.isArray(raw) ? raw : text ? [text] : [];
      return text || undefined;
    case 'lines':
      return text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    case 'number':
      return text === '' ? undefined : Number(text);
    case 'instant': {
      if (!text) return undefined;
      // `datetime-local` gives the desk's local wall time; the core stores instants in UTC.
      const at = new Date(text);
      return Number.isNaN(at.getTime()) ? text : at.toISOString();
    }
    default:
      return text || undefined;
  }
}

/** The field an issue belongs to: the deepest field whose path starts the issue's path. */
export function fieldForIssue(fields: readonly ActionField[], issuePath: string): ActionField | undefined {
  let best: ActionField | undefined;
  for (const field of flattenFields(fields)) {
    if (field.kind === 'group') continue;
    if (issuePath === field.path || issuePath.startsWith(`${field.path}.`)) {
      if (!best || field.path.length > best.path.length) best = field;
    }
  }
  return best;
}

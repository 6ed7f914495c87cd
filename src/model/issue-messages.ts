/**
 * Turns zod's issues into messages a person can act on: what was wrong (the value given) and what
 * is allowed (enum values, numeric ranges, formats, the known fields). The allowed side is read
 * from the schema itself, so a message can never disagree with the rule it reports.
 */
import type { z } from 'zod';
import type { ValidationIssue } from './validate.js';

/** Values longer than this are cut in messages, so a 100k-character id does not flood a terminal. */
const MAX_VALUE_CHARS = 60;

/** Known fields listed at most in an "unknown field" message; longer lists are cut. */
const MAX_LISTED_FIELDS = 20;

type Def = {
  type: string;
  innerType?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  options?: Schema[];
  discriminator?: string;
  entries?: Record<string, unknown>;
  values?: unknown[];
  checks?: { _zod: { def: CheckDef } }[];
  in?: Schema;
};
type CheckDef = {
  check: string;
  value?: number;
  inclusive?: boolean;
  format?: string;
  minimum?: number;
  error?: (issue: unknown) => unknown;
};
type Schema = { _zod: { def: Def } };

/** The schema types that only wrap another one (defaults, optionality). */
const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch']);

function unwrap(schema: Schema | undefined): Schema | undefined {
  let current = schema;
  while (current && WRAPPERS.has(current._zod.def.type)) current = current._zod.def.innerType;
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The option of a discriminated union that a raw value selects, if any. */
function unionOption(schema: Schema, value: unknown): Schema | undefined {
  const { options = [], discriminator } = schema._zod.def;
  if (discriminator === undefined || !isRecord(value)) return undefined;
  return options.find((option) => {
    const field = unwrap(unwrap(option)?._zod.def.shape?.[discriminator]);
    return field?._zod.def.values?.includes(value[discriminator]);
  });
}

/** Walks `schema` and the raw input together down `path`; the schema found there, if any. */
export function schemaAt(
  root: z.ZodType,
  input: unknown,
  path: readonly PropertyKey[],
): Schema | undefined {
  let schema = unwrap(root as unknown as Schema);
  let value = input;
  for (const key of path) {
    if (schema?._zod.def.type === 'union') schema = unwrap(unionOption(schema, value));
    if (!schema) return undefined;
    const def = schema._zod.def;
    if (def.type === 'object' && typeof key === 'string') {
      schema = Object.hasOwn(def.shape ?? {}, key) ? unwrap(def.shape?.[key]) : undefined;
    } else if (def.type === 'array' && typeof key === 'number') {
      schema = unwrap(def.element);
    } else {
      return undefined;
    }
    value =
      isRecord(value) || Array.isArray(value)
        ? (value as Record<PropertyKey, unknown>)[key]
        : undefined;
  }
  if (schema?._zod.def.type === 'union') return unwrap(unionOption(schema, value)) ?? schema;
  return schema;
}

/**
 * Formats a path such as `['carers', 0, 'home']` as `$.carers[0].home`.
 *
 * @example
 * ```ts
 * formatPath(['carers', 0, 'home']); // '$.carers[0].home'
 * ```
 */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === 'number'
        ? `${text}[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(key))
          ? `${text}.${String(key)}`
          : `${text}[${JSON.stringify(String(key))}]`,
    '$',
  );
}

/** A value as it would appear in the JSON file, cut to a readable length. */
export function showValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Too deeply nested to print (the stack runs out): say what it is instead.
    return typeName(value);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
}

function numberRange(checks: readonly CheckDef[]): string {
  const low = checks.find((check) => check.check === 'greater_than');
  const high = checks.find((check) => check.check === 'less_than');
  if (low && high && low.inclusive && high.inclusive) return ` from ${low.value} to ${high.value}`;
  if (low?.inclusive && !high) return `, ${low.value} or more`;
  const parts = [
    low ? `${low.inclusive ? 'at least' : 'more than'} ${low.value}` : undefined,
    high ? `${high.inclusive ? 'at most' : 'less than'} ${high.value}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? ` ${parts.join(' and ')}` : '';
}

function listValues(values: readonly unknown[]): string {
  const shown = values.map((value) => showValue(value));
  if (shown.length <= 1) return shown.join('');
  return `one of ${shown.join(', ')}`;
}

/** What a schema allows, in words: "a whole number from 1 to 1440", "one of "car", "walk"". */
export function describeAllowed(schema: Schema | undefined): string | undefined {
  const def = unwrap(schema)?._zod.def;
  if (!def) return undefined;
  const checks = (def.checks ?? []).map((check) => check._zod.def);
  switch (def.type) {
    case 'number': {
      const whole = checks.some((check) => check.check === 'number_format');
      return `${whole ? 'a whole number' : 'a number'}${numberRange(checks)}`;
    }
    case 'string': {
      const format = checks.find((check) => check.check === 'string_format');
      const text = format?.error?.({});
      if (typeof text === 'string') return text.replace(/^must be /, '');
      const min = checks.find((check) => check.check === 'min_length');
      return min?.minimum ? 'a non-empty string' : 'a string';
    }
    case 'boolean':
      return 'true or false';
    case 'enum':
      return listValues(Object.values(def.entries ?? {}));
    case 'literal':
      return listValues(def.values ?? []);
    case 'union': {
      if (def.discriminator !== undefined) return 'an object';
      const literals = (def.options ?? []).map((option) => unwrap(option)?._zod.def);
      if (literals.every((option) => option?.type === 'literal')) {
        return listValues(literals.flatMap((option) => option?.values ?? []));
      }
      return undefined;
    }
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    default:
      return undefined;
  }
}

/** Default zod messages; anything else was written in the schema on purpose and is kept. */
const DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized key)/;

function knownFields(schema: Schema | undefined): string {
  const fields = Object.keys(unwrap(schema)?._zod.def.shape ?? {});
  if (fields.length === 0) return '';
  const shown = fields.slice(0, MAX_LISTED_FIELDS).join(', ');
  return `; allowed fields: ${shown}${fields.length > MAX_LISTED_FIELDS ? ', …' : ''}`;
}

function describeOne(issue: z.core.$ZodIssue, root: z.ZodType, input: unknown): string {
  const value = (issue as { input?: unknown }).input;
  const got = ` (got ${showValue(value)})`;
  const custom = !DEFAULT_MESSAGE.test(issue.message);
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const options = (issue as { options?: unknown[] }).options ?? [];
    const given = isRecord(value) ? value[issue.discriminator] : undefined;
    return given === undefined
      ? `is required: ${listValues(options)}`
      : `must be ${listValues(options)} (got ${showValue(given)})`;
  }
  const allowed = describeAllowed(schemaAt(root, input, issue.path));
  if (issue.code === 'invalid_type') {
    if (value === undefined) return `is required${allowed ? ` (${allowed})` : ''}`;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      const why = Number.isNaN(value)
        ? 'NaN is not a number'
        : `${String(value)} is too large (a literal such as 1e999 reads as Infinity)`;
      return `must be ${allowed ?? 'a finite number'}; ${why}`;
    }
    if (issue.expected === 'int') return `must be ${allowed ?? 'a whole number'}${got}`;
    return `must be ${allowed ?? `a ${issue.expected}`}, not ${typeName(value)}${got}`;
  }
  if (custom) return `${issue.message}${value === undefined || isRecord(value) ? '' : got}`;
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      if (issue.origin === 'array') {
        const bound = issue.code === 'too_small' ? 'at least' : 'at most';
        const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        return `must hold ${bound} ${String(limit)} item(s)${Array.isArray(value) ? ` (got ${value.length})` : ''}`;
      }
      if (issue.origin === 'string') {
        const bound = issue.code === 'too_small' ? 'at least' : 'at most';
        const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        return `must be ${allowed ?? `a string of ${bound} ${String(limit)} character(s)`}${got}`;
      }
      return `must be ${allowed ?? 'a number in range'}${got}`;
    case 'invalid_value':
      return `must be ${listValues(issue.values)}${got}`;
    case 'invalid_union':
      return `must be ${allowed ?? 'one of the allowed forms'}${got}`;
    case 'invalid_format':
      return `must be ${allowed ?? `in ${issue.format} format`}${got}`;
    default:
      return issue.message;
  }
}

/**
 * zod's issues as {@link ValidationIssue}s: one per unknown field, each message saying what was
 * given and what is allowed. Parse with `{ reportInput: true }` so the given values are known.
 * @example
 * const parsed = problemSchema.safeParse(raw, { reportInput: true });
 * if (!parsed.success) console.log(describeIssues(parsed.error.issues, problemSchema, raw));
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  root: z.ZodType,
  input: unknown,
): ValidationIssue[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          message: `unknown field "${showValue(key).slice(1, -1)}"${knownFields(schemaAt(root, input, issue.path))}`,
        }))
      : [{ path: formatPath(issue.path), message: describeOne(issue, root, input) }],
  );
}

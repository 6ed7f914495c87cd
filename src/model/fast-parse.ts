/**
 * A fast parse of the valid case, built from a zod schema's own definitions: one pass over the
 * input that gives exactly what the schema's `parse` gives (every default filled in, keys in the
 * schema's order) or says it found something it did not expect. It never writes a message: on
 * anything doubtful the caller parses with zod itself, whose issues stay the only ones anyone
 * reads. zod's pass builds a payload and an issue list per field, which on a 20 MB problem costs
 * most of a second of CPU on a first call; this one costs about a third of that.
 *
 * It understands the schema kinds and checks the problem model uses (strict objects, arrays,
 * strings with lengths and patterns, finite numbers with bounds and whole numbers, booleans,
 * enums, literals, unions, optional, default and prefault, and refinements) and refuses to compile any other, so
 * a schema that grows a kind it does not know is parsed by zod alone rather than half-checked.
 */
import type * as z from 'zod';

/** What a {@link FastParse} returns when the input is not plainly valid. */
export const NOT_PLAINLY_VALID: unique symbol = Symbol('not plainly valid');

/**
 * The schema's output for a plainly valid input, or {@link NOT_PLAINLY_VALID} (the input may
 * still be valid: zod decides).
 */
export type FastParse = (input: unknown) => unknown;

/** Thrown by {@link compileFastParse} for a schema kind or check it does not understand. */
export class UnsupportedSchemaError extends Error {
  constructor(what: string) {
    super(`the fast parse does not understand ${what}`);
    this.name = 'UnsupportedSchemaError';
  }
}

/** The zod internals this reads: a schema's definition and how absent keys fare in an object. */
interface Internals {
  readonly _zod: {
    readonly def: Def;
    readonly optin?: 'optional' | 'defaulted';
    readonly optout?: 'optional';
  };
}

/** The fields of a zod definition this reads (each kind uses a few). */
interface Def {
  readonly type: string;
  readonly checks?: readonly Internals[];
  readonly coerce?: boolean;
  readonly shape?: Readonly<Record<string, Internals>>;
  readonly catchall?: Internals;
  readonly element?: Internals;
  readonly innerType?: Internals;
  readonly options?: readonly Internals[];
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly values?: readonly unknown[];
  readonly defaultValue?: unknown;
  // Checks.
  readonly check?: string;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly minimum?: number;
  readonly value?: unknown;
  readonly inclusive?: boolean;
  /** A refinement's test (`.refine(fn)`; a `superRefine` has none and is not understood). */
  readonly fn?: (value: unknown) => unknown;
}

const FAIL = NOT_PLAINLY_VALID;
type Parse = (value: unknown) => unknown;

/**
 * Builds the fast parse of `schema`.
 *
 * @throws {UnsupportedSchemaError} when the schema uses a kind or check it does not understand.
 * @example
 * ```ts
 * const fast = compileFastParse(problemSchema);
 * const parsed = fast(input);
 * const problem = parsed === NOT_PLAINLY_VALID ? problemSchema.parse(input) : parsed;
 * ```
 */
export function compileFastParse(schema: z.ZodType): FastParse {
  return compile(schema as unknown as Internals);
}

function compile(schema: Internals): Parse {
  const def = schema._zod.def;
  if (def.coerce === true) throw new UnsupportedSchemaError(`a coercing ${def.type}`);
  switch (def.type) {
    case 'string':
      return withChecks(schema, (value) => (typeof value === 'string' ? value : FAIL));
    case 'number':
      return withChecks(schema, (value) =>
        typeof value === 'number' && Number.isFinite(value) ? value : FAIL,
      );
    case 'boolean':
      return withChecks(schema, (value) => (typeof value === 'boolean' ? value : FAIL));
    case 'enum': {
      const allowed = new Set(Object.values(def.entries ?? {}));
      return withChecks(schema, (value) => (allowed.has(value) ? value : FAIL));
    }
    case 'literal': {
      const allowed = new Set(def.values ?? []);
      return withChecks(schema, (value) => (allowed.has(value) ? value : FAIL));
    }
    case 'array':
      return withChecks(schema, arrayParse(required(def.element, 'an array without elements')));
    case 'object':
      return withChecks(schema, objectParse(def));
    case 'union':
      return withChecks(schema, unionParse(def.options ?? []));
    case 'optional':
      return optionalParse(required(def.innerType, 'an optional without its type'));
    case 'default':
      return defaultParse(def, required(def.innerType, 'a default without its type'));
    case 'prefault':
      return prefaultParse(def, required(def.innerType, 'a prefault without its type'));
    default:
      throw new UnsupportedSchemaError(`schemas of kind "${def.type}"`);
  }
}

function required(inner: Internals | undefined, what: string): Internals {
  if (inner === undefined) throw new UnsupportedSchemaError(what);
  return inner;
}

/** `parse` followed by the schema's checks, in order; any check that fails fails the parse. */
function withChecks(schema: Internals, parse: Parse): Parse {
  const checks = (schema._zod.def.checks ?? []).map((check) => checkOf(schema, check));
  if (checks.length === 0) return parse;
  return (value) => {
    const parsed = parse(value);
    if (parsed === FAIL) return FAIL;
    for (const check of checks) if (!check(parsed as never)) return FAIL;
    return parsed;
  };
}

/** One zod check as a test of the parsed value. */
function checkOf(schema: Internals, check: Internals): (value: never) => boolean {
  const def = check._zod.def;
  switch (def.check) {
    case 'min_length': {
      const minimum = def.minimum ?? 0;
      // zod counts a string's code points, not its UTF-16 units: in between the two it asks zod.
      return (value: string | readonly unknown[]) =>
        value.length >= minimum * 2 ||
        (value.length >= minimum &&
          (typeof value !== 'string' || (schema as unknown as z.ZodType).safeParse(value).success));
    }
    case 'string_format': {
      const pattern = def.pattern;
      if (def.format !== 'regex' || pattern === undefined || pattern.global || pattern.sticky) {
        throw new UnsupportedSchemaError(`the string format "${def.format}"`);
      }
      return (value: string) => pattern.test(value);
    }
    case 'greater_than': {
      const bound = def.value as number;
      return def.inclusive === true
        ? (value: number) => value >= bound
        : (value: number) => value > bound;
    }
    case 'less_than': {
      const bound = def.value as number;
      return def.inclusive === true
        ? (value: number) => value <= bound
        : (value: number) => value < bound;
    }
    case 'custom': {
      const test = def.fn;
      if (def.type !== 'custom' || typeof test !== 'function') {
        throw new UnsupportedSchemaError('a check written with superRefine');
      }
      // zod runs a refinement on the parsed value and fails on a falsy answer; an asynchronous
      // one is zod's to judge (a synchronous parse refuses it).
      return (value: never) => {
        const answer = test(value);
        return !(answer instanceof Promise) && Boolean(answer);
      };
    }
    case 'number_format':
      if (def.format !== 'safeint') {
        throw new UnsupportedSchemaError(`the number format "${def.format}"`);
      }
      return (value: number) => Number.isSafeInteger(value);
    default:
      throw new UnsupportedSchemaError(`the check "${def.check}"`);
  }
}

function arrayParse(element: Internals): Parse {
  const parseElement = compile(element);
  return (value) => {
    if (!Array.isArray(value)) return FAIL;
    const parsed = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) {
      const item = parseElement(value[index]);
      if (item === FAIL) return FAIL;
      parsed[index] = item;
    }
    return parsed;
  };
}

/** One key of an object schema: how to parse it and what an absent or undefined value does. */
interface Field {
  readonly key: string;
  readonly parse: Parse;
  /** Absent, and nothing in its place: the key is left out. */
  readonly omittedWhenAbsent: boolean;
  /** Absent, and the schema does not allow that. */
  readonly requiredKey: boolean;
  /** Absent with an undefined result, the key is still written (as undefined). */
  readonly keptWhenAbsent: boolean;
}

/**
 * A strict object: no key outside the shape (zod reports unknown keys), every key parsed in the
 * shape's order, absent keys treated as zod's object treats them.
 */
function objectParse(def: Def): Parse {
  if (def.catchall?._zod.def.type !== 'never') {
    throw new UnsupportedSchemaError('an object that is not strict');
  }
  const shape = def.shape ?? {};
  const fields: Field[] = Object.keys(shape).map((key) => {
    const field = shape[key] as Internals;
    const { optin, optout } = field._zod;
    if (key === '__proto__') throw new UnsupportedSchemaError('a key named __proto__');
    return {
      key,
      parse: compile(field),
      omittedWhenAbsent: optin === 'optional' && optout === 'optional',
      requiredKey: optin === undefined,
      keptWhenAbsent: optin === 'defaulted' && optout !== 'optional',
    };
  });
  return closureObjectParse(fields);
}

/**
 * The object parse. (Generated code reading each key by name was tried: warmer, but slower on
 * a first call, which is the call that counts here, as it must be compiled first.)
 */
function closureObjectParse(fields: readonly Field[]): Parse {
  const count = fields.length;
  // Each shape's objects come from a constructor of their own whose prototype is Object's, so
  // they are plain objects (same prototype, `constructor` and JSON as `{}`), but V8 sizes them
  // to hold every key inside: `{}` holds four and puts the rest of a carer's or a visit
  // pattern's keys in a block of their own, which made validating a county's week allocate a
  // sixth more (and its instructions a seventh more).
  const Parsed = function Parsed() {} as unknown as new () => Record<string, unknown>;
  Parsed.prototype = Object.prototype;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return FAIL;
    const input = value as Record<string, unknown>;
    const parsed = new Parsed();
    // Keys of the shape found, matched at the end against every key of the input: one outside
    // the shape makes the counts differ. (Counted rather than each looked up in a set, and a key
    // asked after with `in` only when its value reads as undefined, which a JSON value never
    // does: this walk is most of validating a valid county's week.)
    let found = 0;
    for (let index = 0; index < count; index++) {
      const field = fields[index]!;
      const given = input[field.key];
      const present = given !== undefined || field.key in input;
      if (present) found++;
      else if (field.omittedWhenAbsent) continue;
      else if (field.requiredKey) return FAIL;
      const result = field.parse(given);
      if (result === FAIL) return FAIL;
      if (result !== undefined) parsed[field.key] = result;
      else if (present || field.keptWhenAbsent) parsed[field.key] = undefined;
    }
    // Every key `for...in` sees, inherited ones too, as the set look-up it replaces saw them.
    let keys = 0;
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    for (const key in input) keys++;
    return keys === found ? parsed : FAIL;
  };
}

/** zod's union: the first option that parses. */
function unionParse(choices: readonly Internals[]): Parse {
  const parses = choices.map(compile);
  return (value) => {
    for (const parse of parses) {
      const parsed = parse(value);
      if (parsed !== FAIL) return parsed;
    }
    return FAIL;
  };
}

function optionalParse(inner: Internals): Parse {
  // An optional around a default substitutes the default for absence, a rung not used here.
  if (inner._zod.optin === 'defaulted') {
    throw new UnsupportedSchemaError('an optional around a defaulted schema');
  }
  const parse = compile(inner);
  return (value) => (value === undefined ? undefined : parse(value));
}

/** A default: given as is (a fresh copy each time, as zod reads it) and not parsed, as in zod. */
function defaultParse(def: Def, inner: Internals): Parse {
  const parse = compile(inner);
  return (value) => {
    if (value === undefined) return def.defaultValue;
    const parsed = parse(value);
    return parsed === undefined ? def.defaultValue : parsed;
  };
}

/** A prefault: the value in place of an absent one is parsed like a given one. */
function prefaultParse(def: Def, inner: Internals): Parse {
  const parse = compile(inner);
  return (value) => parse(value === undefined ? def.defaultValue : value);
}

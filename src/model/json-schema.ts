import { z } from 'zod';
import { problemSchema } from './schema.js';

/**
 * The JSON Schema (draft 2020-12) of a problem file, generated from the zod schema, for users
 * who validate or generate problems in other languages. Describes the input as written, so
 * fields with defaults are optional.
 */
export function problemJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(problemSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}

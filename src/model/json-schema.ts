import { z } from 'zod';
import { problemSchema } from './schema.js';
import { rosterSchema } from './roster-schema.js';

/**
 * The JSON Schema (draft 2020-12) of a problem file, generated from the zod schema, for users
 * who validate or generate problems in other languages. Describes the input as written, so
 * fields with defaults are optional.
 *
 * @example
 * ```ts
 * writeFileSync('problem.schema.json', JSON.stringify(problemJsonSchema(), null, 2));
 * ```
 */
export function problemJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(problemSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}

/**
 * The JSON Schema (draft 2020-12) of a roster file as care-roster writes it, generated from the
 * zod schema, for software in other languages that reads rosters. Describes the file as written
 * (so `kpis.travelKm` may be `null`, which is how JSON writes an unknown distance).
 *
 * @example
 * ```ts
 * writeFileSync('roster.schema.json', JSON.stringify(rosterJsonSchema(), null, 2));
 * ```
 */
export function rosterJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(rosterSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}

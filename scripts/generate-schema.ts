/**
 * Writes the JSON Schemas of problem, roster and changes files into schema/ from the zod model
 * (`npm run schema`).
 */
import { writeFileSync } from 'node:fs';
import { problemJsonSchema, rosterJsonSchema } from '../src/model/json-schema.js';
import { changesJsonSchema } from '../src/solver/replan/changes.js';

const schemas: [string, () => Record<string, unknown>][] = [
  ['problem.schema.json', problemJsonSchema],
  ['roster.schema.json', rosterJsonSchema],
  ['changes.schema.json', changesJsonSchema],
];
for (const [file, build] of schemas) {
  const target = new URL(`../schema/${file}`, import.meta.url);
  writeFileSync(target, `${JSON.stringify(build(), null, 2)}\n`);
  console.log(`wrote ${target.pathname}`);
}

/** Writes schema/problem.schema.json and schema/changes.schema.json from the zod model (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import { problemJsonSchema } from '../src/model/json-schema.js';
import { changesJsonSchema } from '../src/solver/replan/changes.js';

for (const [name, schema] of [
  ['problem', problemJsonSchema()],
  ['changes', changesJsonSchema()],
] as const) {
  const target = new URL(`../schema/${name}.schema.json`, import.meta.url);
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${target.pathname}`);
}

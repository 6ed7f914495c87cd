/**
 * Writes the JSON Schemas of problem, roster and changes files into schema/ from the zod model,
 * and the README's table of problem fields from the problem's (`npm run schema`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { inputFieldTable, withInputTable } from './input-fields.js';
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

const readme = new URL('../README.md', import.meta.url);
writeFileSync(
  readme,
  withInputTable(readFileSync(readme, 'utf8'), inputFieldTable(problemJsonSchema())),
);
console.log(`wrote the input table of ${readme.pathname}`);

/** Writes schema/problem.schema.json from the zod model (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import { problemJsonSchema } from '../src/model/json-schema.js';

const target = new URL('../schema/problem.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(problemJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);

/**
 * Writes the V8 code cache of the built solve worker, `dist/care-roster-solve-worker.cjs.v8-cache`
 * (`npm run build` runs it after bundling; see src/solver/code-cache.ts).
 */
import { fileURLToPath } from 'node:url';
import { writeSolveWorkerCache } from '../src/solver/solve-worker-cache.js';
import { SOLVE_WORKER } from '../src/solver/solve-async.js';
import { CODE_CACHE_SUFFIX } from '../src/solver/code-cache.js';

const file = fileURLToPath(new URL(`../dist/${SOLVE_WORKER.cached}`, import.meta.url));
await writeSolveWorkerCache(file);
console.log(`wrote ${file}${CODE_CACHE_SUFFIX}`);

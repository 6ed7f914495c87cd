/**
 * Solves a small council once with solveAsync and returns, leaving the spare worker kept: the
 * process must then exit by itself (tests/solve-async-spare.test.ts).
 */
import { generateCouncil, solveAsync } from '../../src/index.js';
import { spareWorkerReady } from '../../src/solver/spare-worker.js';

await solveAsync(generateCouncil({ clients: 4, days: 1, seed: 1 }), { maxIterations: 5 });
console.log(`spare kept: ${spareWorkerReady()}`);

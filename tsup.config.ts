import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      bin: 'src/bin.ts',
      // Worker scripts, loaded by path at run time (worker_threads) from next to index.js and
      // bin.js; the names are the `built` names in src/solver/start-worker.ts's entries.
      'care-roster-worker': 'src/solver/parallel/worker.ts',
      // The service's replan and capacity thread (TASK_WORKER in src/service/task-thread.ts).
      'care-roster-service-worker': 'src/service/task-worker.ts',
      // BullMQ's sandboxed processor for `care-roster worker` (AREA_PROCESSOR in
      // src/queue/area-worker.ts), loaded by path in a child process.
      'care-roster-area-processor': 'src/queue/area-processor.ts',
    },
    format: ['esm', 'cjs'],
    dts: { entry: 'src/index.ts' },
    target: 'node20',
    sourcemap: true,
    // The two builds run side by side into dist/, so `npm run build` empties it first instead.
    clean: false,
    splitting: false,
    // import.meta.url in the CommonJS build, to find the worker script.
    shims: true,
  },
  {
    // solveAsync's and replanAsync's worker, with zod and luxon inside: one file to read instead
    // of a hundred modules to resolve, so a fresh thread posts the not-reached roster an abort
    // before the search is answered with about a fifth sooner (867 -> 680 ms median on the demo
    // at load 8; bench/results/async.md has the abort figures). `npm run build` then writes the
    // CommonJS build's V8 code cache beside it (scripts/solve-worker-cache.ts, src/solver/code-cache.ts).
    entry: { 'care-roster-solve-worker': 'src/solver/solve-worker.ts' },
    format: ['esm', 'cjs'],
    target: 'node20',
    sourcemap: true,
    clean: false,
    splitting: false,
    shims: true,
    noExternal: ['zod', 'luxon'],
  },
  {
    // care-roster/browser and its Web Worker: no Node built-ins, one self-contained ES module
    // each (a worker cannot share chunks with the page without a bundler's help).
    entry: {
      browser: 'src/browser.ts',
      'care-roster-browser-worker': 'src/browser-worker.ts',
    },
    format: ['esm'],
    platform: 'browser',
    dts: { entry: 'src/browser.ts' },
    target: 'es2022',
    sourcemap: true,
    clean: false,
    splitting: false,
  },
]);

import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    bin: 'src/bin.ts',
    // Worker scripts, loaded by path at run time (worker_threads) from next to index.js and
    // bin.js; the names are the `built` names in src/solver/start-worker.ts's entries.
    'care-roster-worker': 'src/solver/parallel/worker.ts',
    'care-roster-solve-worker': 'src/solver/solve-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  target: 'node20',
  sourcemap: true,
  clean: true,
  splitting: false,
  // import.meta.url in the CommonJS build, to find the worker script.
  shims: true,
});

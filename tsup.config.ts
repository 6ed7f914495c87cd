import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    bin: 'src/bin.ts',
    // Loaded by path at run time (worker_threads), next to index.js.
    worker: 'src/solver/parallel/worker.ts',
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

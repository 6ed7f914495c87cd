/**
 * Size of the browser build as an application ships it: `care-roster/browser` and its Web Worker,
 * each bundled with every dependency by esbuild (minified, browser platform), raw and gzipped
 * (zlib, level 9). Prints a table and writes it to bench/results/browser-size.md.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The highest zlib level: what a server pre-compressing static files would use. */
const GZIP_LEVEL = 9;

const ENTRIES: readonly { name: string; source?: string; entry?: string }[] = [
  { name: 'care-roster/browser (page, everything)', source: "export * from './src/browser.ts';" },
  {
    name: 'page using solveAsync and checkRoster only',
    source: "export { solveAsync, checkRoster } from './src/browser.ts';",
  },
  // An entry point of its own, as a bundler emits a worker (an import would be tree-shaken away
  // under the package's `sideEffects: false`).
  { name: 'care-roster/browser-worker (Web Worker)', entry: 'src/browser-worker.ts' },
];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const rows: string[] = [];
for (const { name, source, entry } of ENTRIES) {
  const result = await build({
    ...(entry
      ? { entryPoints: [entry] }
      : { stdin: { contents: source ?? '', resolveDir: process.cwd(), loader: 'ts' as const } }),
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const gzipped = gzipSync(code, { level: GZIP_LEVEL }).length;
  rows.push(`| ${name} | ${kb(code.length)} | ${kb(gzipped)} |`);
}
const table = ['| Bundle | Minified | Gzipped |', '| --- | ---: | ---: |', ...rows].join('\n');
const text = `# Browser bundle size\n\nesbuild (minified, platform browser, es2022, every dependency bundled), gzip level ${GZIP_LEVEL} by zlib. \`npm run size:browser\`.\n\n${table}\n`;
writeFileSync('bench/results/browser-size.md', text);
console.log(table);

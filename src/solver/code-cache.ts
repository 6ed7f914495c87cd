/**
 * A built worker script run through V8's code cache, so that a fresh thread does not compile it
 * again: `npm run build` runs the CommonJS build of the solve worker once on a small job and
 * saves the bytecode V8 made for it (its top level and every function the job ran: reading,
 * expanding, listing not reached, compiling, constructing) next to it. A thread started from
 * the cache skips most of that compilation; the first `solveAsync` call in a process answers an
 * early abort sooner (bench/results/async.md). Node 20 has no compile cache for modules, hence
 * `vm.Script` on the CommonJS build.
 *
 * V8 checks a cache against its own version, its flags and the script's source and ignores one
 * that does not match: the script then compiles as it would without one. A cache made by another
 * Node version is thus harmless, only of no use.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What the code cache of a script is called: the script's file name with this after it. */
export const CODE_CACHE_SUFFIX = '.v8-cache';

/**
 * The CommonJS wrapper a script runs in: the parameters Node's own loader gives a module, so the
 * bundle (and its `import.meta.url` shim, which reads `__filename`) runs as it would if required.
 */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'] as const;

/**
 * `source` in the CommonJS wrapper: the text the code cache is made from and checked against.
 *
 * @example
 * ```ts
 * const script = new Script(wrapCommonJs(readFileSync(file, 'utf8')), { filename: file, cachedData });
 * script.cachedDataRejected; // false for the cache made from this file
 * ```
 */
export function wrapCommonJs(source: string): string {
  return `${WRAPPER[0]}${source}${WRAPPER[1]}`;
}

/**
 * The code of an `eval` worker that runs the CommonJS script `file` through its code cache
 * (without one when there is none or V8 rejects it). With `write`, once the script's top level
 * has run (a thread started with a job runs it there), the thread saves the script's code cache,
 * with every function compiled by then, beside it.
 *
 * @example
 * ```ts
 * new Worker(cachedScriptSource('/app/dist/care-roster-solve-worker.cjs'), { eval: true, workerData: job });
 * ```
 */
export function cachedScriptSource(file: string, write = false): string {
  const path = JSON.stringify(file);
  const cache = JSON.stringify(file + CODE_CACHE_SUFFIX);
  const [open, close] = WRAPPER.map((part) => JSON.stringify(part));
  return `'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');
let cachedData;
try { cachedData = readFileSync(${cache}); } catch {}
const script = new Script(${open} + readFileSync(${path}, 'utf8') + ${close}, { filename: ${path}, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(${path}), module, ${path}, dirname(${path}));
${write ? `writeFileSync(${cache}, script.createCachedData());` : ''}
`;
}

/**
 * The CommonJS script `cjs` beside the module at `here` (a `file:` URL), when it is there with
 * its code cache; otherwise undefined (not built with one, or bundled without it).
 *
 * @example
 * ```ts
 * cachedScriptBeside('care-roster-solve-worker.cjs', import.meta.url); // '/app/dist/care-...cjs'
 * ```
 */
export function cachedScriptBeside(cjs: string, here: string): string | undefined {
  const url = new URL(`./${cjs}`, here);
  if (url.protocol !== 'file:') return undefined;
  const file = fileURLToPath(url);
  return existsSync(file) && existsSync(file + CODE_CACHE_SUFFIX) ? file : undefined;
}

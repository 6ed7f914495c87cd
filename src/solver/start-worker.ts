/**
 * How every worker thread of the package is found and started, from source or built, and after
 * an application bundles the package: one rule, so the neighbourhood pool and `solveAsync` can
 * never disagree about where their scripts are.
 *
 * A worker script is looked for next to the module that starts it:
 * - from source (a `.ts` module, run through tsx), the `.ts` file beside it, behind a bootstrap
 *   that registers the TypeScript loader in the new thread first (loader flags given to a worker
 *   do not reach its entry module);
 * - built or bundled (any `.js`), the built entry by its file name, which `npm run build` writes
 *   into `dist/` next to `index.js` and an application's bundler can write next to its bundle.
 *
 * A caller may also name the script outright (`solveAsync`'s `workerUrl`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import { cachedScriptBeside, cachedScriptSource } from './code-cache.js';

/** A worker script of the package under its two names. */
export interface WorkerEntry {
  /** The source module, relative to the module that starts it, e.g. `./worker.ts`. */
  readonly source: string;
  /** The built file name, as `tsup.config.ts` names the entry, e.g. `care-roster-worker.js`. */
  readonly built: string;
  /**
   * The CommonJS build's file name, for an entry that `npm run build` gives a V8 code cache
   * (`code-cache.ts`): run through the cache when both are beside the running module.
   */
  readonly cached?: string;
}

/**
 * The URL of the module that is running: `import.meta.url`, or in a CommonJS bundle (where a
 * bundler leaves `import.meta` empty) the bundle's own file.
 */
function hereUrl(importMetaUrl: string | undefined): string | undefined {
  if (importMetaUrl) return importMetaUrl;
  return typeof __filename === 'string' ? pathToFileURL(__filename).href : undefined;
}

/**
 * Where the script of `entry` is: `explicit` when given (a path or a URL), else beside
 * `importMetaUrl` (pass `import.meta.url` of the module starting the worker).
 */
export function workerScriptUrl(
  entry: WorkerEntry,
  importMetaUrl: string | undefined,
  explicit?: string | URL,
): URL {
  if (explicit !== undefined) {
    if (explicit instanceof URL) return explicit;
    return /^[a-z][a-z0-9+.-]*:/i.test(explicit) && !/^[a-z]:[\\/]/i.test(explicit)
      ? new URL(explicit)
      : pathToFileURL(explicit);
  }
  const here = hereUrl(importMetaUrl);
  if (here === undefined) {
    throw new Error(
      `care-roster cannot tell where it is loaded from, so it cannot find its worker script ` +
        `${entry.built}; give the script's path (workerUrl)`,
    );
  }
  return new URL(here.endsWith('.ts') ? entry.source : `./${entry.built}`, here);
}

/**
 * Starts a worker thread running `entry`, found by {@link workerScriptUrl}. A `.ts` script runs
 * behind the tsx bootstrap; a built one with a code cache beside it (and no `explicit` script),
 * through that cache. A missing file throws a plain error that says how to ship it, instead
 * of the module loader's message arriving later as a worker error.
 *
 * @param importMetaUrl `import.meta.url` of the module starting the worker.
 * @param explicit the script's path or URL, when the caller gave one.
 */
export function startWorker(
  entry: WorkerEntry,
  importMetaUrl: string | undefined,
  options: WorkerOptions = {},
  explicit?: string | URL,
): Worker {
  const here = hereUrl(importMetaUrl);
  const cached =
    explicit === undefined &&
    entry.cached !== undefined &&
    here !== undefined &&
    !here.endsWith('.ts')
      ? cachedScriptBeside(entry.cached, here)
      : undefined;
  if (cached !== undefined)
    return new Worker(cachedScriptSource(cached), { ...options, eval: true });
  const script = workerScriptUrl(entry, importMetaUrl, explicit);
  if (script.protocol === 'file:' && !existsSync(fileURLToPath(script))) {
    throw new Error(
      `care-roster worker script not found: ${fileURLToPath(script)}. When bundling an ` +
        `application, bundle the package's dist/${entry.built} as well, under that name next to ` +
        `the bundle, or give its path (workerUrl).`,
    );
  }
  if (!script.pathname.endsWith('.ts')) return new Worker(script, options);
  const href = JSON.stringify(script.href);
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${href}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * Starts `entry` with `workerData`, turning the structured-clone failure of data that is not
 * plain (a class instance, a function) into a `TypeError` that starts with `why` and says what
 * to pass instead.
 */
export function startDataWorker(
  entry: WorkerEntry,
  importMetaUrl: string | undefined,
  workerData: unknown,
  explicit: string | URL | undefined,
  why: string,
): Worker {
  try {
    return startWorker(entry, importMetaUrl, { workerData }, explicit);
  } catch (error) {
    if ((error as Error).name !== 'DataCloneError') throw error;
    throw new TypeError(`${why} (as parsed from JSON): ${(error as Error).message}`);
  }
}

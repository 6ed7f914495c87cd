/**
 * The built solve worker run through its V8 code cache (what `npm run build` writes, see
 * src/solver/code-cache.ts): V8 accepts the cache made from the CommonJS bundle, a built
 * `solveAsync` starts its thread through it, and that thread answers as the worker always does:
 * an abort before the search with every visit listed as not reached, checker-clean.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '../src/model/roster.js';
import { checkRoster } from '../src/constraints/check-roster.js';
import { NOT_REACHED_RULE } from '../src/constraints/eligibility.js';
import { generateCouncil } from '../src/generate/council.js';
import { parseProblem } from '../src/model/validate.js';
import {
  CODE_CACHE_SUFFIX,
  cachedScriptBeside,
  cachedScriptSource,
  wrapCommonJs,
} from '../src/solver/code-cache.js';
import { SOLVE_WORKER } from '../src/solver/solve-async.js';
import type { SolveWorkerMessage } from '../src/solver/solve-worker-protocol.js';
import { solveWorkerData } from '../src/solver/solve-worker-protocol.js';
import { writeSolveWorkerCache } from '../src/solver/solve-worker-cache.js';
import { startWorker } from '../src/solver/start-worker.js';

const src = resolve(import.meta.dirname, '../src');
const dir = mkdtempSync(join(tmpdir(), 'care-roster-code-cache-'));
const file = join(dir, SOLVE_WORKER.cached!);
/** A module beside the built worker, as `dist/index.js` is. */
const here = pathToFileURL(join(dir, 'index.js')).href;

beforeAll(async () => {
  // The CommonJS solve worker as tsup builds it: everything inside, for Node 20.
  await build({
    entryPoints: [`${src}/solver/solve-worker.ts`],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: file,
    logLevel: 'error',
  });
  await writeSolveWorkerCache(file);
}, 60_000);

/** The messages of a worker until its answer (or failure). */
function answer(worker: Worker): Promise<SolveWorkerMessage[]> {
  const messages: SolveWorkerMessage[] = [];
  return new Promise((resolve, reject) => {
    worker.on('message', (message: SolveWorkerMessage) => {
      messages.push(message);
      if (message.kind !== 'fallback' && message.kind !== 'searching') {
        void worker.terminate();
        resolve(messages);
      }
    });
    worker.once('error', reject);
  });
}

describe('the solve worker through its code cache', () => {
  it('writes a cache V8 accepts for the script it was made from', () => {
    const cachedData = readFileSync(file + CODE_CACHE_SUFFIX);
    expect(cachedData.length).toBeGreaterThan(10_000);
    const source = wrapCommonJs(readFileSync(file, 'utf8'));
    const script = new Script(source, { filename: file, cachedData });
    expect(script.cachedDataRejected).toBe(false);
    // A changed script does not take it: V8 checks the source, so a stale cache is only ignored.
    const changed = new Script(`${source};`, { filename: file, cachedData });
    expect(changed.cachedDataRejected).toBe(true);
  });

  it('is found beside the running module only with its cache', () => {
    expect(cachedScriptBeside(SOLVE_WORKER.cached!, here)).toBe(file);
    const bare = mkdtempSync(join(tmpdir(), 'care-roster-no-cache-'));
    writeFileSync(join(bare, SOLVE_WORKER.cached!), '');
    expect(cachedScriptBeside(SOLVE_WORKER.cached!, pathToFileURL(join(bare, 'x.js')).href)).toBe(
      undefined,
    );
    rmSync(bare, { recursive: true });
  });

  it('answers an abort before the search with every visit not reached, checker-clean', async () => {
    const input = generateCouncil({ clients: 12, days: 2, seed: 3 });
    const abort = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    // Aborted before the thread starts: it posts the not-reached roster, then stops its search.
    Atomics.store(abort, 0, 1);
    const job = solveWorkerData(input, { signal: AbortSignal.abort() }, abort, Date.now());
    // Only the CommonJS script and its cache are beside `here`: the thread can start no other way.
    const messages = await answer(startWorker(SOLVE_WORKER, here, { workerData: job }));
    const fallback = messages.find((message) => message.kind === 'fallback');
    expect(fallback).toBeDefined();
    const roster = (fallback as { roster: Roster }).roster;
    const problem = parseProblem(input);
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(roster.routes.flatMap((route) => route.stops)).toEqual([]);
    expect(roster.unplaced.length).toBeGreaterThan(0);
    expect(roster.unplaced.every((visit) => visit.reasons[0]?.rule === NOT_REACHED_RULE)).toBe(
      true,
    );
    expect(messages.at(-1)?.kind).toBe('roster');
    expect(checkRoster(problem, (messages.at(-1) as { roster: Roster }).roster)).toEqual([]);
  });

  it('reports a bad problem with its JSON path, as the worker always does', async () => {
    const abort = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const job = solveWorkerData({ horizon: 5 }, {}, abort, Date.now());
    const worker = new Worker(cachedScriptSource(file), { eval: true, workerData: job });
    const [message] = await answer(worker);
    expect(message?.kind).toBe('invalid');
    const issues = message?.kind === 'invalid' ? message.issues : [];
    expect(issues.map((issue) => issue.path)).toContain('$.horizon');
  });
});

/**
 * Calibration helper for the search parameters: `tsx bench/tune.ts --time 2 --only r207,rc208
 * --set ls=focus,t0=1`. Solves a subset with the given parameter overrides (several seeds with
 * `--seeds 3`) and prints the average gap; used to choose the defaults in search.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEngine } from '../src/solver/engine/run.js';
import type { SearchParams } from '../src/solver/engine/search.js';
import { DEFAULT_PARAMS } from '../src/solver/engine/search.js';
import { checkSolomon } from './solomon-check.js';
import { parseSolomon, toEngineInstance } from './solomon-instance.js';
import { parseBks } from './solomon-reference.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const time = Number(arg('time', '2'));
const seeds = Number(arg('seeds', '1'));
const only = arg('only', 'r207,rc208,r211,rc103,r204,r109,rc206,r206').split(',');
const params: SearchParams = { ...DEFAULT_PARAMS };
for (const kv of arg('set', '').split(',').filter(Boolean)) {
  const [k, v] = kv.split('=') as [keyof SearchParams, string];
  (params as unknown as Record<string, unknown>)[k] = k === 'ls' ? v : Number(v);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(root, '..', 'shared', 'benchmarks', 'solomon');
const bks = parseBks(readFileSync(path.join(dir, 'bks.csv'), 'utf8'));
const gaps: number[] = [];
for (const name of only) {
  const inst = parseSolomon(name, readFileSync(path.join(dir, `${name}.txt`), 'utf8'));
  const engine = toEngineInstance(inst);
  const line: string[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    let iterations = 0;
    const { best } = runEngine(
      engine,
      { seed, timeLimitMs: time * 1000, onProgress: (p) => (iterations = p.iteration) },
      params,
    );
    const check = checkSolomon(
      inst,
      best.routes.map((r) => r.map((t) => engine.taskLocation[t]!)),
    );
    const gap = 100 * (check.distance / bks.get(name)! - 1);
    gaps.push(gap);
    line.push(`${gap.toFixed(2)}%/${iterations}${check.errors.length ? ' INFEASIBLE' : ''}`);
  }
  console.log(name.padEnd(6), line.join('  '));
}
console.log(
  JSON.stringify(params),
  'average gap',
  (gaps.reduce((a, b) => a + b, 0) / gaps.length).toFixed(3),
);

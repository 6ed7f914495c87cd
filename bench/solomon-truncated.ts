/**
 * Corroborates the Solomon reference check (bench/solomon-reference.ts) without trusting the
 * table alone: `npx tsx bench/solomon-truncated.ts [--time 10] [--seed 1]
 * [--only r109,r101,r105,r110]`. For each instance it
 * (a) solves the unrounded problem as bench/solomon.ts does,
 * (b) re-measures that route set with every arc truncated to one decimal, and
 * (c) solves the truncated problem itself (travel time = truncated distance, the exact-method
 *     convention) with the same engine,
 * checks every route set independently (bench/solomon-check.ts) under the distances it claims,
 * and sets the figures beside the published truncated optimum and `distance_bks`. Writes
 * bench/results/solomon-r109-reference.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { solveEngine } from '../src/solver/engine/index.js';
import type { SolomonCheck } from './solomon-check.js';
import { checkSolomon } from './solomon-check.js';
import type { SolomonInstance } from './solomon-instance.js';
import { parseSolomon, toEngineInstance } from './solomon-instance.js';
import { parseBks, parseTruncatedOptima, truncateTenths } from './solomon-reference.js';

const { values } = parseArgs({
  options: {
    time: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string', default: 'r109,r101,r105,r110' },
  },
});
const seconds = Number(values.time);
const seed = Number(values.seed);
if (!(seconds > 0)) throw new Error('--time must be positive seconds');
if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(root, '..', 'shared', 'benchmarks', 'solomon');

/** Solves with distances transformed by `arc`; returns the routes as customer node numbers. */
function solve(inst: SolomonInstance, arc?: (d: number) => number): number[][] {
  const engine = toEngineInstance(inst, arc);
  const sol = solveEngine(engine, { seed, timeLimitMs: seconds * 1000 });
  return sol.routes.map((tasks) => tasks.map((t) => engine.taskLocation[t]!));
}

/** "yes" when the check found a feasible route set serving every customer. */
function feasible(inst: SolomonInstance, check: SolomonCheck): string {
  const unserved = inst.nodes.length - 1 - check.served;
  if (check.errors.length > 0) return `NO: ${check.errors[0]}`;
  return unserved > 0 ? `NO: ${unserved} unserved` : 'yes';
}

/** Gap of `v` to `ref` in percent: "+0.43", "-0.12" or "0.00". */
const pct = (v: number, ref: number): string => {
  const g = Number((100 * (v / ref - 1)).toFixed(2));
  return g === 0 ? '0.00' : `${g > 0 ? '+' : ''}${g.toFixed(2)}`;
};

function main(): void {
  if (!existsSync(dir)) {
    console.log(`Solomon reference check skipped: ${dir} not found.`);
    return;
  }
  const bks = parseBks(readFileSync(path.join(dir, 'bks.csv'), 'utf8'));
  const optima = parseTruncatedOptima(
    readFileSync(path.join(root, 'fixtures', 'solomon', 'truncated-optima.csv'), 'utf8'),
  );
  const names = values.only.split(',').map((n) => n.trim().toLowerCase());
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const rows: string[] = [];
  for (const name of names) {
    const inst = parseSolomon(name, readFileSync(path.join(dir, `${name}.txt`), 'utf8'));
    // (a) The unrounded problem, as bench/solomon.ts solves it.
    const plain = solve(inst);
    const plainCheck = checkSolomon(inst, plain);
    // (b) The same routes with every arc truncated (feasible a fortiori; checked anyway).
    const remeasured = checkSolomon(inst, plain, truncateTenths);
    // (c) The truncated problem itself.
    const cut = solve(inst, truncateTenths);
    const cutCheck = checkSolomon(inst, cut, truncateTenths);
    const optimum = optima.get(name)?.distance;
    const reference = bks.get(name) ?? Number.NaN;
    const row = [
      name,
      `${plainCheck.distance.toFixed(2)} (${plainCheck.vehicles})`,
      feasible(inst, plainCheck),
      remeasured.distance.toFixed(1),
      `${cutCheck.distance.toFixed(1)} (${cutCheck.vehicles})`,
      feasible(inst, cutCheck),
      optimum === undefined ? 'n/a' : `${optimum.toFixed(1)} (${optima.get(name)!.vehicles})`,
      reference.toFixed(2),
      optimum === undefined ? 'n/a' : pct(plainCheck.distance, optimum),
      pct(plainCheck.distance, reference),
    ];
    rows.push(`| ${row.join(' | ')} |`);
    console.log(row.join('  '));
  }
  const command = `npx tsx bench/solomon-truncated.ts --time ${values.time} --seed ${seed} --only ${names.join(',')}`;
  const report = [
    '# Solomon reference check: r109',
    '',
    `Produced by \`${command}\`: ${seconds} s per solve, seed ${seed}, two solves per instance.`,
    `Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}.`,
    `Mode: sequential, one process, one solve at a time.`,
    '',
    'Truncating every arc to one decimal (travel time = distance) can only shorten arcs, so any',
    'route set feasible with unrounded distances is feasible truncated and no longer: the proven',
    'truncated optimum (Solomon’s table of optimal solutions; exact methods, Kohl et al. 1999 and',
    'later; fixtures/solomon/truncated-optima.csv) is a lower bound for unrounded distances. A',
    '`distance_bks` below it cannot be the length of a feasible unrounded solution.',
    '',
    'Columns: (a) our solution of the unrounded problem (vehicles used), as bench/solomon.ts',
    'solves it; (b) the same routes with every arc truncated to one decimal; (c) our solution of',
    'the truncated problem (travel time = truncated distance). Every route set is checked by',
    'bench/solomon-check.ts under the distances it is measured with. Gaps are of (a).',
    '',
    '| instance | (a) unrounded (veh) | (a) feasible | (b) (a) re-measured truncated | (c) truncated problem (veh) | (c) feasible | published truncated optimum (veh) | distance_bks | (a) vs optimum % | (a) vs distance_bks % |',
    '|---|---:|---|---:|---:|---|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
  const outDir = path.join(root, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'solomon-r109-reference.md'), report);
  console.log('\nWritten bench/results/solomon-r109-reference.md');
}

main();

/**
 * Solomon VRPTW benchmark of the engine: `npm run bench:solomon -- --time 10 [--only c101,r101]
 * [--seed 1] [--no-write]`. Solves the 56 instances one after another in this process, checks every solution
 * independently, compares the recomputed distance with the best known (fleet given, distance
 * minimised) and writes bench/results/solomon-<time>s.md for a full run (not with `--no-write`,
 * which bench/solomon-pair.ts passes when it only reads the printed lines). A reference below the
 * published optimum under one-decimal truncation (fixtures/solomon/truncated-optima.csv), a lower
 * bound for unrounded distances, is flagged as inconsistent (bench/solomon-reference.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { solveEngine } from '../src/solver/engine/index.js';
import { checkSolomon } from './solomon-check.js';
import { parseSolomon, toEngineInstance } from './solomon-instance.js';
import {
  inconsistentReferences,
  parseBks,
  parseTruncatedOptima,
  referenceCheckLines,
} from './solomon-reference.js';

const CLASSES = ['C1', 'C2', 'R1', 'R2', 'RC1', 'RC2'] as const;
/** Marks a reference distance below the proven lower bound. */
const MARK = '†';

interface Args {
  time: number;
  only: string[] | null;
  seed: number;
  write: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { time: 10, only: null, seed: 1, write: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--time' && value !== undefined) {
      args.time = Number(value);
      i++;
    } else if (flag === '--only' && value !== undefined) {
      args.only = value.split(',').map((s) => s.trim().toLowerCase());
      i++;
    } else if (flag === '--seed' && value !== undefined) {
      args.seed = Number(value);
      i++;
    } else if (flag === '--no-write') {
      args.write = false;
    } else if (flag !== '--') {
      throw new Error(`unknown argument ${flag}`);
    }
  }
  if (!(args.time > 0)) throw new Error('--time must be positive seconds');
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
  return args;
}

function classOf(name: string): string {
  const m = /^(rc|r|c)(\d)/i.exec(name);
  return m ? `${m[1]!.toUpperCase()}${m[2]}` : '?';
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const fmt = (v: number, digits = 2): string => v.toFixed(digits);

interface Row {
  name: string;
  distance: number;
  vehicles: number;
  served: number;
  customers: number;
  bks: number;
  gap: number;
  seconds: number;
  errors: readonly string[];
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = path.resolve(root, '..', 'shared', 'benchmarks', 'solomon');
  if (!existsSync(dir)) {
    console.log(`Solomon benchmark skipped: ${dir} not found.`);
    return;
  }
  const bks = parseBks(readFileSync(path.join(dir, 'bks.csv'), 'utf8'));
  const optimaFile = path.join(root, 'fixtures', 'solomon', 'truncated-optima.csv');
  const flagged = existsSync(optimaFile)
    ? inconsistentReferences(bks, parseTruncatedOptima(readFileSync(optimaFile, 'utf8')))
    : new Map<string, number>();
  let names = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4).toLowerCase())
    .sort();
  if (args.only) {
    const wanted = new Set(args.only);
    names = names.filter((n) => wanted.has(n));
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = [
    `Solomon VRPTW benchmark: ${args.time} s per instance, seed ${args.seed}`,
    `Each instance is mapped straight onto EngineInstance: one task per customer, one route per`,
    `vehicle of the file from the depot, capacity as given, Euclidean distance unrounded as travel`,
    `time and cost, the depot window as route window. Distances recomputed in floating point by an`,
    `independent checker (bench/solomon-check.ts).`,
    `Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}.`,
    `Mode: sequential, one process, one instance at a time.`,
  ];
  console.log(header.join('\n'));
  console.log('');

  const rows: Row[] = [];
  for (const name of names) {
    const text = readFileSync(path.join(dir, `${name}.txt`), 'utf8');
    const inst = parseSolomon(name, text);
    const engine = toEngineInstance(inst);
    const started = performance.now();
    const sol = solveEngine(engine, { seed: args.seed, timeLimitMs: args.time * 1000 });
    const seconds = (performance.now() - started) / 1000;
    const routes = sol.routes.map((tasks) => tasks.map((t) => engine.taskLocation[t]!));
    const check = checkSolomon(inst, routes);
    const ref = bks.get(name) ?? Number.NaN;
    const row: Row = {
      name,
      distance: check.distance,
      vehicles: check.vehicles,
      served: check.served,
      customers: inst.nodes.length - 1,
      bks: ref,
      gap: 100 * (check.distance / ref - 1),
      seconds,
      errors: check.errors,
    };
    rows.push(row);
    const status =
      row.errors.length > 0
        ? `INFEASIBLE: ${row.errors.slice(0, 3).join('; ')}`
        : row.served < row.customers
          ? `${row.customers - row.served} customers unserved`
          : 'ok';
    const note = flagged.has(name) ? ` (${MARK} reference below the proven bound)` : '';
    console.log(
      `${name.padEnd(6)} ${fmt(row.distance).padStart(9)} veh ${String(row.vehicles).padStart(2)} ` +
        `gap ${fmt(row.gap).padStart(6)}% ${fmt(seconds, 1).padStart(5)} s ${status}${note}`,
    );
  }
  if (rows.length === 0) {
    console.log('No instances selected.');
    return;
  }

  const lines: string[] = [`# ${header[0]}`, '', ...header.slice(1), ''];
  lines.push('| instance | distance | vehicles | BKS distance | gap % | time s | status |');
  lines.push('|---|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const status =
      r.errors.length > 0
        ? 'infeasible'
        : r.served < r.customers
          ? `${r.customers - r.served} unserved`
          : 'ok';
    const mark = flagged.has(r.name) ? ` ${MARK}` : '';
    lines.push(
      `| ${r.name} | ${fmt(r.distance)} | ${r.vehicles} | ${fmt(r.bks)}${mark} | ${fmt(r.gap)} | ` +
        `${fmt(r.seconds, 1)} | ${status} |`,
    );
  }
  const marked = rows.filter((r) => flagged.has(r.name));
  if (marked.length > 0) {
    lines.push(
      '',
      `${MARK} Inconsistent reference: the \`distance_bks\` is below the published optimum with ` +
        `every arc truncated to one decimal (fixtures/solomon/truncated-optima.csv), which is a ` +
        `lower bound for unrounded distances: ` +
        marked.map((r) => `${r.name} ${fmt(r.bks)} < ${fmt(flagged.get(r.name)!, 1)}`).join(', ') +
        '. See the reference check below.',
    );
  }
  lines.push('', '| class | instances | average gap % | worst gap % |', '|---|---:|---:|---:|');
  for (const c of CLASSES) {
    const gaps = rows.filter((r) => classOf(r.name) === c).map((r) => r.gap);
    if (gaps.length === 0) continue;
    lines.push(`| ${c} | ${gaps.length} | ${fmt(mean(gaps))} | ${fmt(Math.max(...gaps))} |`);
  }
  const gaps = rows.map((r) => r.gap);
  const infeasible = rows.filter((r) => r.errors.length > 0).length;
  const unserved = rows.reduce((a, r) => a + (r.customers - r.served), 0);
  const atBks = rows.filter((r) => r.gap <= 0.005).length;
  lines.push(
    '',
    `Overall (${rows.length} instances): average gap ${fmt(mean(gaps))} %, median ${fmt(median(gaps))} %, ` +
      `worst ${fmt(Math.max(...gaps))} %, ${atBks} at or below the best known, ` +
      `${infeasible} infeasible, ${unserved} customers unserved, ` +
      `${fmt(mean(rows.map((r) => r.seconds)), 2)} s an instance on average.`,
  );
  const check = referenceCheckLines(rows, flagged);
  if (check.length > 0) lines.push('', ...check);
  const summary = lines.slice(lines.indexOf('| class | instances | average gap % | worst gap % |'));
  console.log('');
  console.log(summary.join('\n'));

  if (args.only || !args.write) {
    console.log('\n(results file not written)');
  } else {
    const outDir = path.join(root, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `solomon-${args.time}s.md`);
    writeFileSync(file, lines.join('\n') + '\n');
    console.log(`\nWritten ${path.relative(root, file)}`);
  }
  if (infeasible > 0) process.exitCode = 1;
}

main();

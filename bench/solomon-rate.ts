/**
 * Search speed on Solomon instances at a fixed iteration budget: `npm run bench:solomon-rate --
 * [--only rc105,r101,c101,rc208] [--iterations 4000] [--repeats 8] [--seed 1] [--against DIR]
 * [--out solomon-rate.md]`.
 * Each solve runs `--iterations` ruin-and-recreate steps with no time limit, so every repeat does
 * the same work and gives the same roster; its process CPU time (`process.cpuUsage`, not the
 * wall clock, which other load on a shared machine stretches) gives iterations per CPU-second.
 * With `--against DIR` (another checkout of this repository, say a `git worktree` of an earlier
 * commit) that checkout's engine is loaded into the same process and the two solve in turn,
 * swapping who goes first each repeat, so load and warm-up fall on both alike; the table then
 * gives both rates, the median of each repeat's time ratio and whether the two found the same
 * objective.
 * Writes bench/results/solomon-rate.md (or the `--out` name there).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EngineInstance, EngineOptions, EngineSolution } from '../src/solver/engine/index.js';
import type { SolomonInstance } from './solomon-instance.js';

/** Instances measured by default: one of each kind that the 1 s table loses most on. */
const DEFAULT_INSTANCES = ['rc105', 'r101', 'c101', 'rc208'];
/** Iterations per solve: about half a second of search, long enough that setup is noise. */
const DEFAULT_ITERATIONS = 4000;
/** Solves per instance and engine; the median of this many damps the odd slow one. */
const DEFAULT_REPEATS = 8;
/** Iterations of the warm-up solve of each engine, so the first measured one is compiled too. */
const WARM_UP_ITERATIONS = 2000;

interface Args {
  only: string[];
  iterations: number;
  repeats: number;
  seed: number;
  against: string | null;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    only: DEFAULT_INSTANCES,
    iterations: DEFAULT_ITERATIONS,
    repeats: DEFAULT_REPEATS,
    seed: 1,
    against: null,
    out: 'solomon-rate.md',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--') continue;
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--only') args.only = value.split(',').map((s) => s.trim().toLowerCase());
    else if (flag === '--iterations') args.iterations = Number(value);
    else if (flag === '--repeats') args.repeats = Number(value);
    else if (flag === '--seed') args.seed = Number(value);
    else if (flag === '--against') args.against = path.resolve(value);
    else if (flag === '--out') args.out = value;
    else throw new Error(`unknown argument ${flag}`);
    i++;
  }
  if (!(Number.isInteger(args.iterations) && args.iterations > 0)) {
    throw new Error('--iterations must be a positive whole number');
  }
  if (!(Number.isInteger(args.repeats) && args.repeats > 0)) {
    throw new Error('--repeats must be a positive whole number');
  }
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
  if (!/^[\w.-]+\.md$/.test(args.out)) throw new Error('--out must be a file name ending in .md');
  return args;
}

/** One checkout's engine and Solomon reader. */
interface Engine {
  readonly label: string;
  readonly solve: (instance: EngineInstance, options: EngineOptions) => EngineSolution;
  readonly parse: (name: string, text: string) => SolomonInstance;
  readonly toInstance: (inst: SolomonInstance) => EngineInstance;
}

async function loadEngine(root: string, label: string): Promise<Engine> {
  const load = (file: string) => import(pathToFileURL(path.join(root, file)).href);
  const engine = await load('src/solver/engine/index.ts');
  const reader = await load('bench/solomon-instance.ts');
  return {
    label,
    solve: engine.solveEngine,
    parse: reader.parseSolomon,
    toInstance: reader.toEngineInstance,
  };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** CPU seconds this process has used, every thread counted. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function gitHead(root: string): string {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown commit';
  }
}

interface Row {
  name: string;
  /** Iterations per CPU-second of each engine: at the median time, and at the fastest. */
  rates: number[];
  fastest: number[];
  ratio: number;
  objectives: number[];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = path.resolve(root, '..', 'shared', 'benchmarks', 'solomon');
  if (!existsSync(dir)) {
    console.log(`Solomon rate benchmark skipped: ${dir} not found.`);
    return;
  }
  const engines = [await loadEngine(root, `this checkout (${gitHead(root)})`)];
  if (args.against !== null) {
    if (!existsSync(path.join(args.against, 'src', 'solver', 'engine', 'index.ts'))) {
      throw new Error(`--against ${args.against}: no src/solver/engine/index.ts there`);
    }
    engines.push(await loadEngine(args.against, `against (${gitHead(args.against)})`));
  }
  const load = os.loadavg().map((v) => v.toFixed(1));
  const header = [
    `Solomon search speed: ${args.iterations} iterations a solve, seed ${args.seed}, ` +
      `median of ${args.repeats}`,
    `Iterations per CPU-second (process.cpuUsage over the whole solveEngine call, construction ` +
      `included) at a fixed iteration budget, so every repeat does the same work.` +
      ' Rates at the median CPU time of the repeats and at the fastest (the one other load slowed' +
      ' least).' +
      (engines.length > 1
        ? ' Two checkouts in one process, solving in turn (who goes first alternates); the time' +
          " ratio is the median of each repeat's pair, which load drifting through the run moves" +
          ' less than the rates.'
        : ''),
    `Engines: ${engines.map((e) => e.label).join('; ')}.`,
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ` +
      `Node ${process.version}; load average at the start ${load.join(' ')}.`,
  ];
  console.log(header.join('\n'));
  console.log('');

  const warm = engines.map((e) =>
    e.parse('r101', readFileSync(path.join(dir, 'r101.txt'), 'utf8')),
  );
  engines.forEach((e, k) =>
    e.solve(e.toInstance(warm[k]!), { seed: args.seed, maxIterations: WARM_UP_ITERATIONS }),
  );

  const rows: Row[] = [];
  for (const name of args.only) {
    const file = path.join(dir, `${name}.txt`);
    if (!existsSync(file)) throw new Error(`--only: no instance ${name} in ${dir}`);
    const text = readFileSync(file, 'utf8');
    const times = engines.map(() => [] as number[]);
    const objectives = engines.map(() => Number.NaN);
    for (let k = 0; k < args.repeats; k++) {
      const order = engines.map((_, i) => (k % 2 === 0 ? i : engines.length - 1 - i));
      for (const i of order) {
        const e = engines[i]!;
        const instance = e.toInstance(e.parse(name, text));
        const before = cpuSeconds();
        const sol = e.solve(instance, { seed: args.seed, maxIterations: args.iterations });
        times[i]!.push(cpuSeconds() - before);
        objectives[i] = sol.cost;
      }
    }
    const ratios = engines.length > 1 ? times[0]!.map((t, k) => t / times[1]![k]!) : [1];
    const row: Row = {
      name,
      rates: times.map((t) => args.iterations / median(t)),
      fastest: times.map((t) => args.iterations / Math.min(...t)),
      ratio: median(ratios),
      objectives,
    };
    rows.push(row);
    console.log(
      `${name.padEnd(6)} ` +
        row.rates
          .map(
            (r, i) =>
              `${engines[i]!.label}: ${r.toFixed(0)} it/CPU-s (fastest ${row.fastest[i]!.toFixed(0)})`,
          )
          .join(', ') +
        (engines.length > 1 ? `, time this/against ${row.ratio.toFixed(3)}` : ''),
    );
  }

  const two = engines.length > 1;
  const lines = [`# ${header[0]}`, '', ...header.slice(1), ''];
  lines.push(
    two
      ? '| instance | this it/CPU-s | fastest | against it/CPU-s | fastest | CPU time this/against | same objective |'
      : '| instance | it/CPU-s | fastest | objective |',
    two ? '|---|---:|---:|---:|---:|---:|---|' : '|---|---:|---:|---:|',
  );
  const rate = (r: Row, i: number): string =>
    `${r.rates[i]!.toFixed(0)} | ${r.fastest[i]!.toFixed(0)}`;
  for (const r of rows) {
    lines.push(
      two
        ? `| ${r.name} | ${rate(r, 0)} | ${rate(r, 1)} | ${r.ratio.toFixed(3)} | ` +
            `${r.objectives[0] === r.objectives[1] ? 'yes' : 'no'} |`
        : `| ${r.name} | ${rate(r, 0)} | ${r.objectives[0]!.toFixed(2)} |`,
    );
  }
  const outDir = path.join(root, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, args.out), `${lines.join('\n')}\n`);
  console.log(`\nwrote bench/results/${args.out}`);
}

await main();

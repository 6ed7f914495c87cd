/**
 * Time limits as bounds: for each input size and time limit, the wall time of the whole
 * `solve` call (reading and parsing the JSON file included), its peak memory, how many visits
 * it placed and how far past the bound it returned. The bound is the limit plus
 * max(250 ms, 5 %). Each run is a fresh child process, so its memory and JIT are its own.
 *
 *   npm run bench:limits
 *   npm run bench:limits -- --limits 0.5,3 --sizes demo,5000
 *
 * Sizes: the demo fixture, generated weeks of about 5k, 20k and 100k visits, and a generated
 * problem written as a pretty-printed file of about 20 MB. Also measures how long the 20k and 20 MB
 * problems take to compile, and in how much memory. Writes bench/results/limits.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import { compileProblem } from '../src/solver/compile.js';
import { TABULATE_PLACES } from '../src/solver/compile-travel.js';
import { assignmentRowKey } from '../src/solver/compile-objective.js';
import { solve } from '../src/solver/solve.js';
import { NOT_REACHED_RULE } from '../src/constraints/eligibility.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'demo,5000,20000,100000,20mb' },
    limits: { type: 'string', default: '0.5,3,10' },
    seed: { type: 'string', default: '1' },
    'child-timeout': { type: 'string', default: '120' },
    run: { type: 'string' },
    compile: { type: 'string' },
    limit: { type: 'string' },
  },
});

/** Days of the generated problems: a week, like the demo. */
const DAYS = 7;
/** Visits a day per client in the generator's package mix (see bench/results/scale.md). */
const VISITS_PER_CLIENT_DAY = 2.7;
/** Clients of the ~20 MB problem: the demo's pretty-printed JSON is about 2.2 KB a client. */
const CLIENTS_20MB = 9_000;
/** Memory the child may use: the machine has 24 GiB, shared with other work. */
const CHILD_HEAP_MB = 8_192;
/** Sizes whose compile alone is timed: the largest that completes today, and the 20 MB one. */
const COMPILE_SIZES = ['20000', '20mb'];
/**
 * Compiled tables (travel, shifts allowed, assignment costs) larger than this are not built when
 * compiling alone: the machine's memory is shared with other work, which a 5 GB attempt would
 * put at risk. The run reports the size it would have needed instead.
 */
const COMPILE_TABLES_LIMIT_GB = 4;
/** The allowance over the limit: max(250 ms, 5 %). */
const slack = (limitMs: number) => Math.max(250, limitMs * 0.05);

interface Run {
  readonly size: string;
  readonly limitS: number;
  readonly fileMb: number;
  readonly visits: number;
  readonly wallMs: number;
  readonly peakMb: number;
  readonly placed: number;
  readonly unplacedForTime: number;
  readonly violations: number;
  readonly error?: string;
}

const dir = join(tmpdir(), 'care-roster-bench-limits');

/** The problem file of a size, written once. */
function fileOf(size: string): string {
  if (size === 'demo')
    return fileURLToPath(new URL('../fixtures/demo-council.json', import.meta.url));
  const path = join(dir, `${size}-seed${values.seed}.json`);
  try {
    statSync(path);
    return path;
  } catch {
    // Not written yet.
  }
  mkdirSync(dir, { recursive: true });
  const seed = Number(values.seed);
  const clients =
    size === '20mb' ? CLIENTS_20MB : Math.round(Number(size) / (DAYS * VISITS_PER_CLIENT_DAY));
  const problem = generateCouncil({ seed, clients, days: DAYS });
  writeFileSync(path, JSON.stringify(problem, null, size === '20mb' ? 2 : undefined));
  return path;
}

/** In the child: one timed solve of a file. */
function runOne(size: string, limitS: number): Run {
  const path = fileOf(size);
  const started = Date.now();
  const input: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const roster = solve(input, { seed: Number(values.seed), timeLimitMs: limitS * 1000 });
  const wallMs = Date.now() - started;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const problem = parseProblem(input);
  return {
    size,
    limitS,
    fileMb: statSync(path).size / 1e6,
    visits: roster.kpis.visits,
    wallMs,
    peakMb,
    placed: roster.kpis.visitsPlaced,
    unplacedForTime: roster.unplaced.filter((visit) =>
      visit.reasons.some((reason) => reason.rule === NOT_REACHED_RULE),
    ).length,
    violations: checkRoster(problem, roster).length,
  };
}

/** In the child: parse, expand and compile a file, timed. */
function compileOne(size: string) {
  const path = fileOf(size);
  const started = Date.now();
  const problem = parseProblem(JSON.parse(readFileSync(path, 'utf8')));
  const parsed = Date.now();
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const expandedAt = Date.now();
  const tables = compiledTables(expanded);
  const counts = {
    size,
    fileMb: statSync(path).size / 1e6,
    visits: expanded.visits.length,
    tasks: tables.tasks,
    routes: tables.routes,
    carers: problem.carers.length,
    locations: tables.locations,
    tablesGb: tables.gb,
    parseMs: parsed - started,
    expandMs: expandedAt - parsed,
  };
  if (tables.gb.total > COMPILE_TABLES_LIMIT_GB) {
    return { ...counts, compiled: false, compileCpuMs: NaN, compileMs: NaN, peakMb: NaN };
  }
  const cpuBefore = process.cpuUsage().user;
  compileProblem(expanded, travel);
  const compiledAt = Date.now();
  return {
    ...counts,
    compiled: true,
    compileCpuMs: (process.cpuUsage().user - cpuBefore) / 1000,
    compileMs: compiledAt - expandedAt,
    peakMb: process.resourceUsage().maxRSS / 1024,
  };
}

/**
 * The sizes of the compiled form's tables for a whole problem, as `compileProblem` lays them
 * out: travel (places squared, 8 bytes, per transport mode in use, up to `TABULATE_PLACES`
 * places; none above), shifts allowed (a bit per
 * task and shift of the task's date) and assignment costs (8 bytes per carer for each kind of
 * client: clients alike in what the assignment terms read share a row), in GB.
 */
function compiledTables(expanded: ReturnType<typeof expandProblem>) {
  const places = new Set(expanded.visits.map((visit) => visit.location));
  const shiftsOnDate = new Map<string, number>();
  let routes = 0;
  for (const carer of expanded.expandedCarers.values()) {
    places.add(carer.startPlace);
    places.add(carer.endPlace);
    routes += carer.shifts.length;
    for (const shift of carer.shifts) {
      shiftsOnDate.set(shift.date, (shiftsOnDate.get(shift.date) ?? 0) + 1);
    }
  }
  const modes = new Set(expanded.problem.carers.map((carer) => carer.transport)).size;
  let tasks = 0;
  let allowedWords = 0;
  const kinds = new Set<string>();
  for (const visit of expanded.visits) {
    tasks += visit.carersNeeded;
    allowedWords += visit.carersNeeded * Math.ceil((shiftsOnDate.get(visit.date) ?? 0) / 32);
    const client = expanded.clients.get(visit.clientId);
    kinds.add(client ? assignmentRowKey(client) : '');
  }
  const locations = places.size;
  const gb = {
    // Over TABULATE_PLACES places the engine reads travel from the provider: no table.
    travel:
      locations > TABULATE_PLACES ? 0 : (Math.max(1, modes) * locations * locations * 8) / 1e9,
    allowed: (allowedWords * 4) / 1e9,
    assignment: (kinds.size * expanded.problem.carers.length * 8) / 1e9,
    total: 0,
  };
  gb.total = gb.travel + gb.allowed + gb.assignment;
  return { tasks, routes, locations, gb };
}

function child(args: string[]): string {
  const script = fileURLToPath(import.meta.url);
  return execFileSync(
    process.execPath,
    [`--max-old-space-size=${CHILD_HEAP_MB}`, ...process.execArgv, script, ...args],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      timeout: Number(values['child-timeout']) * 1000,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** Why a child failed, in one line. */
function failure(error: unknown): string {
  const e = error as { signal?: string; code?: string; stderr?: string };
  if (e.code === 'ETIMEDOUT' || e.signal === 'SIGTERM') {
    return `did not return within ${values['child-timeout']} s`;
  }
  const heap =
    /heap out of memory|Allocation failed|Invalid typed array length|Array buffer allocation failed/.exec(
      e.stderr ?? '',
    );
  if (heap) return `out of memory (${heap[0]})`;
  return (e.stderr ?? String(error)).trim().split('\n').slice(-1)[0] ?? 'failed';
}

if (values.run !== undefined) {
  process.stdout.write(JSON.stringify(runOne(values.run, Number(values.limit))));
} else if (values.compile !== undefined) {
  process.stdout.write(JSON.stringify(compileOne(values.compile)));
} else {
  const loadStart = loadavg()[0]!;
  const sizes = values.sizes.split(',');
  const limits = values.limits.split(',').map(Number);
  for (const size of sizes) fileOf(size);
  const rows: Run[] = [];
  for (const size of sizes) {
    for (const limitS of limits) {
      process.stderr.write(`limits: ${size} at ${limitS} s...\n`);
      try {
        rows.push(
          JSON.parse(
            child(['--run', size, '--limit', String(limitS), '--seed', values.seed]),
          ) as Run,
        );
      } catch (error) {
        rows.push({
          size,
          limitS,
          fileMb: statSync(fileOf(size)).size / 1e6,
          visits: NaN,
          wallMs: NaN,
          peakMb: NaN,
          placed: NaN,
          unplacedForTime: NaN,
          violations: NaN,
          error: failure(error),
        });
      }
    }
  }
  const loadBefore = loadavg()[0]!;
  const compiles = COMPILE_SIZES.map((size): ReturnType<typeof compileOne> | string => {
    process.stderr.write(`limits: compiling ${size}...\n`);
    try {
      return JSON.parse(child(['--compile', size, '--seed', values.seed])) as ReturnType<
        typeof compileOne
      >;
    } catch (error) {
      return `${size}: ${failure(error)}`;
    }
  });

  const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  const overrun = (row: Run) => row.wallMs - row.limitS * 1000;
  const within = rows.filter((row) => row.error === undefined);
  const worst = within.reduce<Run | undefined>(
    (a, b) =>
      a === undefined || overrun(b) - slack(b.limitS * 1000) > overrun(a) - slack(a.limitS * 1000)
        ? b
        : a,
    undefined,
  );
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    '# Time limits as bounds',
    '',
    `\`npm run bench:limits\` on ${cpus().length} cores (${cpu}), Node ${process.version}, seed ${values.seed}.`,
    'Each run is a fresh child process: read the JSON file, parse, expand, compile, solve, decode,',
    'reasons, scores and KPIs, timed as one call. Bound: limit + max(250 ms, 5 %). Peak memory is',
    `the child's maxRSS. Generated sizes are ${DAYS}-day weeks of \`generateCouncil\`; the 20 MB`,
    `problem is ${CLIENTS_20MB} clients written as pretty-printed JSON.`,
    `Load average (1 min) when the runs started: ${loadStart.toFixed(1)}; before the compile runs: ${loadBefore.toFixed(1)} (wall times stretch with load on a shared machine).`,
    '',
    '| input | file MB | visits | limit s | wall s | overrun ms | within bound | peak MB | placed | unplaced for time | checker violations |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
    ...rows.map((row) =>
      row.error !== undefined
        ? `| ${row.size} | ${fmt(row.fileMb, 1)} | n/a | ${row.limitS} | n/a | n/a | no: ${row.error} | n/a | n/a | n/a | n/a |`
        : `| ${row.size} | ${fmt(row.fileMb, 1)} | ${row.visits} | ${row.limitS} | ${fmt(row.wallMs / 1000, 2)} | ${fmt(overrun(row))} | ${overrun(row) <= slack(row.limitS * 1000) ? 'yes' : 'no'} | ${fmt(row.peakMb)} | ${row.placed} / ${row.visits} | ${row.unplacedForTime} | ${row.violations} |`,
    ),
    '',
    worst === undefined
      ? 'No run completed.'
      : `Worst overrun against its bound: ${worst.size} at ${worst.limitS} s, ${fmt(overrun(worst))} ms past the limit (allowance ${fmt(slack(worst.limitS * 1000))} ms).`,
    `Runs that did not complete: ${rows.filter((row) => row.error !== undefined).length} of ${rows.length}.`,
    '',
    '## Compiling alone (no time limit)',
    '',
    ...compiles.map((compile) =>
      typeof compile === 'string'
        ? `- Failed: ${compile}.`
        : `- ${compile.size}: ${fmt(compile.fileMb, 1)} MB, ${compile.visits} visits, ${compile.tasks} tasks, ${compile.routes} shifts, ${compile.carers} carers, ${compile.locations} locations. Parse ${fmt(compile.parseMs)} ms, expand ${fmt(compile.expandMs)} ms. Tables ${fmt(compile.tablesGb.total, 2)} GB (travel ${fmt(compile.tablesGb.travel, 2)}, shifts allowed ${fmt(compile.tablesGb.allowed, 2)}, assignment costs ${fmt(compile.tablesGb.assignment, 2)}). ${
            !compile.compiled
              ? `Not compiled: over the ${COMPILE_TABLES_LIMIT_GB} GB this benchmark allows.`
              : `Compile ${fmt(compile.compileMs)} ms wall (${fmt(compile.compileCpuMs)} ms CPU); peak memory ${fmt(compile.peakMb)} MB.`
          }`,
    ),
    '',
  ];
  const out = new URL('./results/limits.md', import.meta.url);
  writeFileSync(out, lines.join('\n'));
  process.stdout.write(lines.join('\n'));
}

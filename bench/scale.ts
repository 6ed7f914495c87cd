/**
 * County-scale benchmark on generated councils, solved neighbourhood by neighbourhood on worker
 * threads. Each run goes in its own child process so its peak memory (maxRSS) is its own.
 *
 *   npm run bench:scale                 # one day of 1k, 5k, 10k, 20k visits
 *   npm run bench:scale -- --sizes 1000,5000 --iterations 3000
 *   npm run bench:scale -- --days 7     # 1, 3 and 7 days of 5k, 10k, 20k visits a day
 *   npm run bench:scale -- --days 7 --runs 7:10000,1:5000 --jobs 2
 *
 * `--runs` picks runs (days:visits a day) instead of the grid; `--jobs` runs that many at once,
 * which on a quiet machine makes each slower (they share the cores), so keep it to 1 there.
 *
 * One day writes bench/results/scale.md. With `--days`, the councils work rotas
 * (`generateCouncil({ rotas: true })`) under six days in a row at most, and the table
 * (bench/results/scale-week.md) adds the CPU time, the distinct carers per client and the load
 * average, since the machine may be shared.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkRoster } from '../src/constraints/check-roster.js';
import {
  CAPACITY_RULE,
  NOT_REACHED_RULE,
  explainUnplaced,
} from '../src/constraints/eligibility.js';
import { generateCouncil } from '../src/generate/council.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import { solveByNeighbourhood } from '../src/solver/parallel/solve-by-neighbourhood.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    days: { type: 'string' },
    iterations: { type: 'string', default: '1500' },
    'time-cap': { type: 'string' },
    seed: { type: 'string', default: '1' },
    one: { type: 'string' },
    'one-days': { type: 'string', default: '1' },
    runs: { type: 'string' },
    jobs: { type: 'string', default: '1' },
  },
});

/** Visits a day per client in the generator's package mix (measured, see the table). */
const VISITS_PER_CLIENT = 2.7;

/** Most working days in a row in the week runs: the usual limit of home-care contracts. */
const WEEK_MAX_CONSECUTIVE_DAYS = 6;

/** Horizons of the week runs, up to the `--days` given. */
const WEEK_HORIZONS = [1, 3, 7];

/** Visits a day of each run: the county sizes of the issue (one day), about 5k to 20k (week). */
const DAY_SIZES = '1000,5000,10000,20000';
const WEEK_SIZES = '5000,10000,20000';

/**
 * Time cap of each solve, seconds: a bound, not a target (the iteration budget ends the runs
 * first on a quiet machine). A week of 20k visits a day needs far more than a day does.
 */
const DAY_TIME_CAP_S = 120;
const WEEK_TIME_CAP_S = 1500;

const weekMode = values.days !== undefined;
const timeCap = values['time-cap'] ?? String(weekMode ? WEEK_TIME_CAP_S : DAY_TIME_CAP_S);
const sizes = values.sizes ?? (weekMode ? WEEK_SIZES : DAY_SIZES);

interface Measurement {
  readonly targetVisits: number;
  readonly days: number;
  readonly visits: number;
  readonly clients: number;
  readonly carers: number;
  readonly areas: number;
  readonly wallSeconds: number;
  readonly solveSeconds: number;
  readonly cpuSeconds: number;
  readonly peakMemoryMb: number;
  readonly placed: number;
  readonly placeable: number;
  readonly notReached: number;
  readonly placedAcrossBoundaries: number;
  readonly travelShare: number;
  readonly carersPerClientMean: number;
  readonly carersPerClientMax: number;
  readonly stoppedBy: string;
  readonly violations: number;
  readonly loadBefore: number;
  readonly loadAfter: number;
}

async function measure(targetVisits: number, days: number): Promise<Measurement> {
  const loadBefore = loadavg()[0] ?? 0;
  const started = Date.now();
  const generated = generateCouncil({
    seed: Number(values.seed),
    clients: Math.round(targetVisits / VISITS_PER_CLIENT),
    days,
    ...(weekMode ? { rotas: true } : {}),
  });
  const problem = parseProblem(
    weekMode
      ? {
          ...generated,
          settings: { workingTime: { maxConsecutiveDays: WEEK_MAX_CONSECUTIVE_DAYS } },
        }
      : generated,
  );
  const solveStarted = Date.now();
  const roster = await solveByNeighbourhood(problem, {
    seed: Number(values.seed),
    maxIterations: Number(values.iterations),
    timeLimitMs: Number(timeCap) * 1000,
  });
  const solveSeconds = (Date.now() - solveStarted) / 1000;
  const wallSeconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage();
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const has = (rule: string) => (visit: (typeof roster.unplaced)[number]) =>
    visit.reasons.some((reason) => reason.rule === rule);
  // Visits no carer could ever do (every carer ruled out by a rule) are not the solver's to place.
  // A visit the solve never reached (its time ran out first) is the solver's shortfall: it counts
  // as placeable unless no carer could do it, asked here as the solve did not.
  const notReached = roster.unplaced.filter(has(NOT_REACHED_RULE));
  const impossible =
    roster.unplaced.filter((visit) => !has(CAPACITY_RULE)(visit) && !has(NOT_REACHED_RULE)(visit))
      .length +
    notReached.filter((entry) => {
      const visit = expanded.visitsById.get(entry.visitKey);
      return (
        visit !== undefined &&
        !explainUnplaced(expanded, travel, visit).some((reason) => reason.rule === CAPACITY_RULE)
      );
    }).length;
  const visits = expanded.visits.length;
  return {
    targetVisits,
    days,
    visits,
    clients: problem.clients.length,
    carers: problem.carers.length,
    areas: roster.areas.length,
    wallSeconds,
    solveSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakMemoryMb: process.resourceUsage().maxRSS / 1024,
    placed: roster.kpis.visitsPlaced,
    placeable: visits - impossible,
    notReached: notReached.length,
    placedAcrossBoundaries: roster.placedAcrossBoundaries,
    travelShare: roster.kpis.travelShareOfPaidTime,
    carersPerClientMean: roster.kpis.distinctCarersPerClientMean,
    carersPerClientMax: roster.kpis.distinctCarersPerClientMax,
    stoppedBy: roster.stats?.stoppedBy ?? 'n/a',
    violations: checkRoster(problem, roster).length,
    loadBefore,
    loadAfter: loadavg()[0] ?? 0,
  };
}

const percent = (r: Measurement) =>
  `${r.placed} / ${r.placeable} (${((100 * r.placed) / Math.max(1, r.placeable)).toFixed(2)}%)`;

function growth(a?: Measurement, b?: Measurement): string {
  if (!a || !b) return 'n/a';
  const nlogn = (b.visits * Math.log(b.visits)) / (a.visits * Math.log(a.visits));
  return (
    `${(b.solveSeconds / a.solveSeconds).toFixed(2)}x wall time and ${(b.cpuSeconds / a.cpuSeconds).toFixed(2)}x CPU time ` +
    `for ${(b.visits / a.visits).toFixed(2)}x visits (n log n would be ${nlogn.toFixed(2)}x)`
  );
}

function dayReport(rows: readonly Measurement[]): string {
  const at = (n: number) => rows.find((row) => row.targetVisits === n);
  return [
    '# Scale benchmark: one day of visits, decomposed by neighbourhood',
    '',
    `Generated councils (generateCouncil seed ${values.seed}), ${values.iterations} search iterations per neighbourhood (time cap ${timeCap} s), ` +
      `${availableParallelism()} worker threads on ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}. ` +
      'Each size in its own process; peak memory is that process’s maxRSS. Straight-line travel. ' +
      `Load average (1 min) ${loadRange(rows)} during the runs.`,
    `Produced by \`npm run bench:scale -- --sizes ${sizes} --iterations ${values.iterations}${extraFlags()}\`.`,
    '',
    '| visits | clients | carers | areas | wall s (generate + solve) | solve s | CPU s | peak memory MB | placed / placeable | travel share | checker |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.visits} | ${r.clients} | ${r.carers} | ${r.areas} | ${r.wallSeconds.toFixed(1)} | ${r.solveSeconds.toFixed(1)} | ` +
        `${r.cpuSeconds.toFixed(1)} | ${r.peakMemoryMb.toFixed(0)} | ${percent(r)} | ` +
        `${(r.travelShare * 100).toFixed(1)}% | ${r.violations} violations |`,
    ),
    '',
    `Growth from 5k to 20k: ${growth(at(5000), at(20000))}.`,
    '',
  ].join('\n');
}

function weekReport(rows: readonly Measurement[], longest: number): string {
  const at = (n: number) => rows.find((row) => row.targetVisits === n && row.days === longest);
  const longestSizes = rows.filter((row) => row.days === longest).map((row) => row.targetVisits);
  const first = Math.min(...longestSizes);
  const last = Math.max(...longestSizes);
  return [
    '# Scale benchmark: a county over a week, decomposed by neighbourhood',
    '',
    `Generated councils (generateCouncil seed ${values.seed}, \`rotas: true\`: carers on weekly rotas) at about ${sizes} visits a day over ` +
      `${[...new Set(rows.map((r) => r.days))].join(', ')} days from Monday 23 March 2026, at most ${WEEK_MAX_CONSECUTIVE_DAYS} working days in a row, ` +
      `11 hours' rest between days, weekly hour limits per ISO week. ${values.iterations} search iterations per neighbourhood and per ` +
      `day of the pass across boundaries (time cap ${timeCap} s), ${availableParallelism()} worker threads on ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
      `Node ${process.version}. Each run in its own process; peak memory is that process’s maxRSS; CPU s is that process’s user + system time over ` +
      'all its threads. Straight-line travel. Placeable: visits some carer could do (not ruled out by a rule for every carer); ' +
      'not reached: visits a neighbourhood whose time ran out never tried to place (placeable, not placed). ' +
      'Distinct carers per client are counted over the whole horizon. The checker (`checkRoster`) judges the whole horizon.',
    `The machine was shared: load average (1 min) ${loadRange(rows)} during the runs, on 2 cores, so wall times are longer than on a quiet machine ` +
      '(CPU s / 2 is about what a quiet 2-core machine would take).' +
      (values.jobs === '1' ? '' : ` ${values.jobs} runs went at once, sharing the cores.`),
    `Produced by \`npm run bench:scale -- --days ${longest}${values.sizes ? ` --sizes ${sizes}` : ''} --iterations ${values.iterations}${extraFlags()}\`.`,
    '',
    '| days | visits | clients | carers | areas | wall s (generate + solve) | solve s | CPU s | peak memory MB | placed / placeable | not reached | across boundaries | travel share | distinct carers per client (mean / max) | stopped by | load (before / after) | checker |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.days} | ${r.visits} | ${r.clients} | ${r.carers} | ${r.areas} | ${r.wallSeconds.toFixed(1)} | ${r.solveSeconds.toFixed(1)} | ` +
        `${r.cpuSeconds.toFixed(1)} | ${r.peakMemoryMb.toFixed(0)} | ${percent(r)} | ${r.notReached} | ${r.placedAcrossBoundaries} | ` +
        `${(r.travelShare * 100).toFixed(1)}% | ${r.carersPerClientMean.toFixed(2)} / ${r.carersPerClientMax} | ${r.stoppedBy} | ` +
        `${r.loadBefore.toFixed(1)} / ${r.loadAfter.toFixed(1)} | ${r.violations} violations |`,
    ),
    '',
    `Growth over ${longest} days from ${first} to ${last} visits a day: ${growth(at(first), at(last))}.`,
    '',
  ].join('\n');
}

/** The flags beyond sizes and iterations that shaped the runs, as typed. */
function extraFlags(): string {
  return [
    values.runs === undefined ? '' : ` --runs ${values.runs}`,
    values.jobs === '1' ? '' : ` --jobs ${values.jobs}`,
    values['time-cap'] === undefined ? '' : ` --time-cap ${values['time-cap']}`,
  ].join('');
}

function loadRange(rows: readonly Measurement[]): string {
  const loads = rows.flatMap((r) => [r.loadBefore, r.loadAfter]);
  return `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`;
}

if (values.one !== undefined) {
  process.stdout.write(
    JSON.stringify(await measure(Number(values.one), Number(values['one-days']))),
  );
} else {
  const script = fileURLToPath(import.meta.url);
  const longest = weekMode ? Number(values.days) : 1;
  if (!Number.isInteger(longest) || longest < 1)
    throw new RangeError('--days must be a whole number of days');
  const horizons = weekMode
    ? [...new Set([...WEEK_HORIZONS.filter((days) => days < longest), longest])]
    : [1];
  const runs =
    values.runs === undefined
      ? horizons.flatMap((days) => sizes.split(',').map((size) => ({ days, size: Number(size) })))
      : values.runs.split(',').map((run) => {
          const [days, size] = run.split(':').map(Number);
          return { days: days ?? 1, size: size ?? 0 };
        });
  const run = promisify(execFile);
  const write = (done: readonly Measurement[]) => {
    const ordered = [...done].sort((a, b) => a.days - b.days || a.targetVisits - b.targetVisits);
    const report = weekMode ? weekReport(ordered, longest) : dayReport(ordered);
    writeFileSync(
      new URL(weekMode ? './results/scale-week.md' : './results/scale.md', import.meta.url),
      report,
    );
    return report;
  };
  const rows: Measurement[] = new Array<Measurement>(runs.length);
  let next = 0;
  const lane = async () => {
    while (next < runs.length) {
      const index = next++;
      const { days, size } = runs[index]!;
      process.stderr.write(`scale: ${days} day(s) of ${size} visits...\n`);
      const { stdout } = await run(
        process.execPath,
        [
          ...process.execArgv,
          script,
          '--one',
          String(size),
          '--one-days',
          String(days),
          '--iterations',
          values.iterations,
          '--time-cap',
          timeCap,
          '--seed',
          values.seed,
          ...(weekMode ? ['--days', String(longest)] : []),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      rows[index] = JSON.parse(stdout) as Measurement;
      process.stderr.write(`  ${stdout}\n`);
      // The table so far, so that a long set stopped part-way still leaves its measured rows.
      write(rows.filter((row) => row !== undefined));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number(values.jobs)) }, lane));
  process.stdout.write(write(rows));
}

/**
 * solveAsync at the edges: how long after an abort (or after its time limit) the promise
 * resolves, and how long the caller's event loop is ever held up meanwhile, on the demo and a
 * generated council, run from source (tsx) and from the built package (`dist/`, after
 * `npm run build`); the same for `replanAsync`. Also what it would cost the calling thread to
 * build the not-reached roster itself (why `solveAsync` waits for its worker's instead).
 *
 *   npm run build && npm run bench:async
 *   npm run bench:async -- --clients 300,600 --abort-at 0,200 --from source
 *
 * Writes bench/results/async.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Roster } from '../src/model/roster.js';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import { notReachedRoster } from '../src/solver/not-reached.js';
import { solveAsync as fromSource } from '../src/solver/solve-async.js';
import { replanAsync as replanFromSource } from '../src/solver/replan-async.js';
import { solve } from '../src/solver/solve.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '300' },
    'abort-at': { type: 'string', default: '0,50,200,1500,4000' },
    'time-limit': { type: 'string', default: '200' },
    from: { type: 'string', default: 'source,dist' },
    'build-clients': { type: 'string', default: '300,2000' },
    'replan-clients': { type: 'string', default: '300' },
    'replan-abort-at': { type: 'string', default: '50,200,1500' },
  },
});

/** The time limit of the abort runs: far beyond the abort, so that only the abort stops them. */
const ABORT_RUN_LIMIT_MS = 120_000;
/** Period of the caller's timer whose gaps measure how long its loop was held up. */
const TICK_MS = 10;
/** Runs of the in-thread build per problem; the median is reported. */
const BUILD_RUNS = 5;
/** Copies of a roster timed per problem for what receiving one costs; the median is reported. */
const CLONE_RUNS = 5;

/** The numbers of a comma-separated option (none for an empty one). */
const numbers = (option: string): number[] =>
  option
    .split(',')
    .filter((item) => item !== '')
    .map(Number);

type SolveAsync = typeof fromSource;
type ReplanAsync = typeof replanFromSource;
/** Iterations of the solve that makes the roster a replan starts from. */
const PREVIOUS_ITERATIONS = 300;

const DIST = new URL('../dist/index.js', import.meta.url);

async function solver(from: string): Promise<{ solveAsync: SolveAsync; replanAsync: ReplanAsync }> {
  if (from === 'source') return { solveAsync: fromSource, replanAsync: replanFromSource };
  if (!existsSync(DIST)) {
    throw new Error('bench:async --from dist needs the built package: run `npm run build` first');
  }
  return (await import(DIST.href)) as { solveAsync: SolveAsync; replanAsync: ReplanAsync };
}

/** The roster with the most stops each problem was answered with, to time receiving one. */
const largest = new Map<string, Roster>();

/** Median ms of copying `roster` as a worker's message is (structured clone, both halves). */
function cloneMs(roster: Roster): number {
  const times: number[] = [];
  for (let run = 0; run < CLONE_RUNS; run++) {
    const started = performance.now();
    structuredClone(roster);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]!);
}

const stopsOf = (roster: Roster) => roster.routes.reduce((n, route) => n + route.stops.length, 0);

interface Row {
  readonly problem: string;
  readonly visits: number;
  readonly from: string;
  readonly stop: string;
  readonly resolvedAfterMs: number;
  readonly maxLoopGapMs: number;
  readonly stoppedBy: string;
  readonly placed: number;
  readonly violations: number;
}

/** One call, stopped by an abort at `abortAtMs` or else by a time limit of `limitMs`. */
async function measure(
  solveAsync: SolveAsync,
  from: string,
  name: string,
  input: unknown,
  stop: { abortAtMs: number } | { limitMs: number },
): Promise<Row> {
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, TICK_MS);
  const controller = new AbortController();
  const started = performance.now();
  const stopAt = 'abortAtMs' in stop ? stop.abortAtMs : stop.limitMs;
  if ('abortAtMs' in stop) setTimeout(() => controller.abort(), stop.abortAtMs);
  const roster = await solveAsync(input, {
    timeLimitMs: 'limitMs' in stop ? stop.limitMs : ABORT_RUN_LIMIT_MS,
    signal: controller.signal,
  }).finally(() => clearInterval(timer));
  const resolved = performance.now();
  // The loop's last stretch before the answer: the timer is cleared before it can tick again.
  maxGap = Math.max(maxGap, resolved - last);
  const before = largest.get(name);
  if (before === undefined || stopsOf(roster) > stopsOf(before)) largest.set(name, roster);
  return {
    problem: name,
    visits: roster.kpis.visits,
    from,
    stop: 'abortAtMs' in stop ? `abort at ${stop.abortAtMs} ms` : `time limit ${stop.limitMs} ms`,
    resolvedAfterMs: Math.round(resolved - started - stopAt),
    maxLoopGapMs: Math.round(maxGap),
    stoppedBy: roster.stats?.stoppedBy ?? '',
    placed: roster.kpis.visitsPlaced,
    violations: checkRoster(parseProblem(input), roster).length,
  };
}

/** One replan (the busiest carer off sick for the first day), aborted at `abortAtMs`. */
async function measureReplan(
  replanAsync: ReplanAsync,
  from: string,
  name: string,
  input: unknown,
  previous: Roster,
  abortAtMs: number,
): Promise<Row> {
  const stops = new Map<string, number>();
  for (const route of previous.routes) {
    stops.set(route.carerId, (stops.get(route.carerId) ?? 0) + route.stops.length);
  }
  const carerId = [...stops].sort((a, b) => b[1] - a[1])[0]![0];
  const day = previous.horizon.start;
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, TICK_MS);
  const controller = new AbortController();
  const started = performance.now();
  setTimeout(() => controller.abort(), abortAtMs);
  const result = await replanAsync(
    input,
    previous,
    {
      now: `${day}T06:00`,
      changes: [{ type: 'carer-unavailable', carerId, from: `${day}T06:00`, to: `${day}T23:59` }],
    },
    { timeLimitMs: ABORT_RUN_LIMIT_MS, signal: controller.signal },
  ).finally(() => clearInterval(timer));
  const resolved = performance.now();
  // The loop's last stretch before the answer: the timer is cleared before it can tick again.
  maxGap = Math.max(maxGap, resolved - last);
  return {
    problem: `replan: ${name}, ${carerId} off sick`,
    visits: result.roster.kpis.visits,
    from,
    stop: `abort at ${abortAtMs} ms`,
    resolvedAfterMs: Math.round(resolved - started - abortAtMs),
    maxLoopGapMs: Math.round(maxGap),
    stoppedBy: result.roster.stats?.stoppedBy ?? '',
    placed: result.roster.kpis.visitsPlaced,
    violations: checkRoster(result.problem, result.roster).length,
  };
}

/** Median ms of building the not-reached roster in this thread: parse, expand, list, KPIs. */
function buildHereMs(input: unknown): number {
  const times: number[] = [];
  for (let run = 0; run < BUILD_RUNS; run++) {
    const started = performance.now();
    const problem = parseProblem(input);
    const expanded = expandProblem(problem);
    const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
    notReachedRoster(expanded, travel, { seed: 1, elapsedMs: 0, stoppedBy: 'aborted' });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]!);
}

const demo: [string, unknown] = [
  'demo',
  JSON.parse(readFileSync(new URL('../fixtures/demo-council.json', import.meta.url), 'utf8')),
];
const council = (clients: number): [string, unknown] => [
  `council ${clients} clients`,
  generateCouncil({ clients, seed: 1 }),
];
const problems = [demo, ...numbers(values.clients).map(council)];
const stops = [
  ...numbers(values['abort-at']).map((abortAtMs) => ({ abortAtMs })),
  ...numbers(values['time-limit']).map((limitMs) => ({ limitMs })),
];
const replans = numbers(values['replan-clients']).map((clients) => {
  const input = generateCouncil({ clients, days: 1, seed: 1 });
  const previous = solve(input, { seed: 1, maxIterations: PREVIOUS_ITERATIONS });
  return { name: `council ${clients} clients, 1 day`, input, previous };
});
const rows: Row[] = [];
for (const from of values.from.split(',')) {
  const { solveAsync, replanAsync } = await solver(from);
  for (const [name, input] of problems) {
    for (const stop of stops) {
      const row = await measure(solveAsync, from, name, input, stop);
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  }
  for (const { name, input, previous } of replans) {
    for (const abortAtMs of numbers(values['replan-abort-at'])) {
      const row = await measureReplan(replanAsync, from, name, input, previous, abortAtMs);
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  }
}
const builds = [demo, ...numbers(values['build-clients']).map(council)].map(([name, input]) => {
  const visits = expandProblem(parseProblem(input)).visits.length;
  const row = { name, visits, ms: buildHereMs(input) };
  console.log(JSON.stringify(row));
  return row;
});

const clones = [...largest].map(([name, roster]) => {
  const row = { name, stops: stopsOf(roster), ms: cloneMs(roster) };
  console.log(JSON.stringify(row));
  return row;
});

const machine =
  `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, ` +
  `load average ${loadavg()[0]!.toFixed(1)} at the end`;
const table = [
  '| problem | visits | run from | stopped by the caller | resolved after (ms) | longest caller loop gap (ms) | roster says | placed | violations |',
  '| --- | ---: | --- | --- | ---: | ---: | --- | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.problem} | ${r.visits} | ${r.from} | ${r.stop} | ${r.resolvedAfterMs} | ${r.maxLoopGapMs} | ${r.stoppedBy} | ${r.placed} | ${r.violations} |`,
  ),
].join('\n');
const buildTable = [
  '| problem | visits | built in the calling thread (ms, median of 5) |',
  '| --- | ---: | ---: |',
  ...builds.map((b) => `| ${b.name} | ${b.visits} | ${b.ms} |`),
].join('\n');
const cloneTable = [
  '| problem | stops in the roster | copying it, both halves of a message (ms, median of 5) |',
  '| --- | ---: | ---: |',
  ...clones.map((c) => `| ${c.name} | ${c.stops} | ${c.ms} |`),
].join('\n');
const text = `# solveAsync: abort latency and the caller's event loop

\`npm run bench:async\` on ${machine}, ${new Date().toISOString().slice(0, 10)}. An abort run
has a time limit of ${ABORT_RUN_LIMIT_MS / 1000} s, so the abort alone stops it; a time-limit
run is not aborted. "Resolved after" is from the \`abort()\` call (or the end of the time limit)
to the promise resolving; "longest caller loop gap" is the largest interval between ticks of a
${TICK_MS} ms timer in the calling thread during the whole call. "Run from": \`source\` is
\`src/\` through tsx (its worker registers the TypeScript loader first, which alone takes about a
second), \`dist\` the built package (\`npm run build\`). The \`replan:\` rows are \`replanAsync\` on a
generated day, from a roster solved at ${PREVIOUS_ITERATIONS} iterations, with its busiest carer off
sick from 06:00.

Once the search runs, the caller waits up to 200 ms (\`ANSWER_GRACE_MS\`) for the worker's
answer to an abort, then resolves with the latest roster the worker posted: every visit not
reached, or, with a signal, the best so far at the end of the first construction or as a later
round began. Before the search, an abort resolves with the not-reached roster as soon as the
worker has posted it (after starting, loading its modules, reading and expanding the problem).

${table}

Each roster the worker posts (the not-reached one, those of the best so far, the answer) is
copied into the calling thread; copying the largest answer above, both halves of the message in
one thread (an upper bound on the caller's share), takes:

${cloneTable}

Stopped before its worker has read and expanded the problem, \`solveAsync\` waits for the worker's
not-reached roster rather than build it in the calling thread; building it there (parse, expand,
list, KPIs) would hold that thread up for:

${buildTable}
`;
writeFileSync(new URL('results/async.md', import.meta.url), text);
console.log(text);

/**
 * solveAsync at the edges: how long after an abort (or after its time limit) the promise
 * resolves, and how long the caller's event loop is ever held up meanwhile, on the demo and a
 * generated council, run from source (tsx) and from the built package (`dist/`, after
 * `npm run build`), in a new thread and in the spare a previous call left; the same for
 * `replanAsync`. Also where an early abort's time goes in a fresh thread and in a warmed spare,
 * and what it would cost the calling thread to build the not-reached roster itself (why
 * `solveAsync` waits for its worker's instead).
 *
 *   npm run build && npm run bench:async
 *   npm run bench:async -- --clients 300,600 --abort-at 0,200 --from source
 *
 * Writes bench/results/async.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
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
import { releaseSpareWorker as releaseFromSource } from '../src/solver/spare-worker.js';
import { startWorker } from '../src/solver/start-worker.js';
import { WARM_UP_ROUNDS } from '../src/solver/solve-worker-job.js';
import { SOLVE_WORKER } from '../src/solver/solve-async.js';
import { CODE_CACHE_SUFFIX } from '../src/solver/code-cache.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '300' },
    'abort-at': { type: 'string', default: '0,50,200,1500,4000' },
    'time-limit': { type: 'string', default: '200' },
    from: { type: 'string', default: 'source,dist' },
    'build-clients': { type: 'string', default: '300,2000' },
    'replan-clients': { type: 'string', default: '300' },
    'replan-abort-at': { type: 'string', default: '50,200,1500' },
    thread: { type: 'string', default: 'new,spare' },
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
/** Fresh threads timed per problem and warmth for where an early abort's time goes (median). */
const PHASE_RUNS = 5;
/**
 * Wait before a call meant to find the spare: a spare's warm-up is about a second of CPU on a
 * loaded machine, and a server's next request seldom comes sooner after the last one settled.
 */
const SPARE_SETTLE_MS = 3_000;

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

interface Solver {
  readonly solveAsync: SolveAsync;
  readonly replanAsync: ReplanAsync;
  readonly releaseSpareWorker: () => Promise<void>;
}

async function solver(from: string): Promise<Solver> {
  if (from === 'source') {
    return {
      solveAsync: fromSource,
      replanAsync: replanFromSource,
      releaseSpareWorker: releaseFromSource,
    };
  }
  if (!existsSync(DIST)) {
    throw new Error('bench:async --from dist needs the built package: run `npm run build` first');
  }
  return (await import(DIST.href)) as Solver;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Readies the thread a call is to run in: none (a new one is started) or the settled spare. */
async function ready(from: Solver, thread: string): Promise<void> {
  if (thread === 'new') await from.releaseSpareWorker();
  else await sleep(SPARE_SETTLE_MS);
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
  readonly thread: string;
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
  thread: string,
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
    thread,
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
  thread: string,
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
    thread,
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
const threads = values.thread.split(',');
const rows: Row[] = [];
for (const from of values.from.split(',')) {
  const loaded = await solver(from);
  for (const [name, input] of problems) {
    for (const stop of stops) {
      for (const thread of threads) {
        await ready(loaded, thread);
        const row = await measure(loaded.solveAsync, from, thread, name, input, stop);
        console.log(JSON.stringify(row));
        rows.push(row);
      }
    }
  }
  for (const { name, input, previous } of replans) {
    for (const abortAtMs of numbers(values['replan-abort-at'])) {
      for (const thread of threads) {
        await ready(loaded, thread);
        const row = await measureReplan(
          loaded.replanAsync,
          from,
          thread,
          name,
          input,
          previous,
          abortAtMs,
        );
        console.log(JSON.stringify(row));
        rows.push(row);
      }
    }
  }
  await loaded.releaseSpareWorker();
}
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Ms from starting `worker` to its first message (and to its `online` event). */
/** What bench/early-steps-worker.ts posts. */
interface EarlySteps {
  readonly warmUpMs: number;
  readonly parseMs: number;
  readonly expandMs: number;
  readonly buildMs: number;
  readonly postedAt: number;
}

function firstMessage(
  worker: Worker,
): Promise<{ onlineMs: number; messageMs: number; data: EarlySteps }> {
  const started = performance.now();
  let onlineMs = 0;
  worker.on('online', () => (onlineMs = performance.now() - started));
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (data) => {
      resolve({ onlineMs, messageMs: performance.now() - started, data });
      void worker.terminate();
    });
  });
}

const EMPTY_WORKER = new URL(
  'data:text/javascript,import{parentPort}from"node:worker_threads";parentPort.postMessage(0)',
);
const DIST_WORKER = new URL('../dist/care-roster-solve-worker.js', import.meta.url);
/** The built solve worker's code cache, which a built `solveAsync` starts its threads through. */
const DIST_CACHE = new URL(`../dist/${SOLVE_WORKER.cached}${CODE_CACHE_SUFFIX}`, import.meta.url);
const EARLY_STEPS = { source: './early-steps-worker.ts', built: 'early-steps-worker.js' };

interface Phases {
  readonly name: string;
  readonly warmth: string;
  readonly threadMs: number;
  readonly scriptMs: number | undefined;
  readonly copyMs: number;
  readonly warmUpMs: number;
  readonly parseMs: number;
  readonly expandMs: number;
  readonly buildMs: number;
  readonly messageMs: number;
}

/**
 * Where an early abort's time goes, median of {@link PHASE_RUNS} fresh threads each: starting a
 * thread, loading the built worker script (a thread given no problem, to its `invalid` answer,
 * less the start), copying the problem into it, then in the thread, cold or after a spare's
 * warm-up, reading, expanding and listing it as not reached, and the roster's message back.
 */
async function phases(name: string, input: unknown, warm: boolean): Promise<Phases> {
  const runs: Omit<Phases, 'name' | 'warmth'>[] = [];
  for (let run = 0; run < PHASE_RUNS; run++) {
    const thread = await firstMessage(new Worker(EMPTY_WORKER));
    let scriptMs: number | undefined;
    if (existsSync(DIST_WORKER)) {
      const abort = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
      const job = { input: null, budget: {}, abort, progress: false, fallback: true };
      // Started as a built solveAsync starts it: through the code cache when the build wrote one.
      const loaded = await firstMessage(startWorker(SOLVE_WORKER, DIST.href, { workerData: job }));
      scriptMs = loaded.messageMs - loaded.onlineMs;
    }
    const copyStarted = performance.now();
    structuredClone(input);
    const copyMs = performance.now() - copyStarted;
    const steps = await firstMessage(
      startWorker(EARLY_STEPS, import.meta.url, { workerData: { input, warm } }),
    );
    const received = performance.timeOrigin + performance.now();
    runs.push({
      threadMs: thread.onlineMs,
      scriptMs,
      copyMs,
      warmUpMs: steps.data.warmUpMs,
      parseMs: steps.data.parseMs,
      expandMs: steps.data.expandMs,
      buildMs: steps.data.buildMs,
      messageMs: received - steps.data.postedAt,
    });
  }
  const of = (key: keyof Omit<Phases, 'name' | 'warmth' | 'scriptMs'>) =>
    Math.round(median(runs.map((run) => run[key])));
  const scripts = runs.flatMap((run) => (run.scriptMs === undefined ? [] : [run.scriptMs]));
  return {
    name,
    warmth: warm ? 'spare, warmed' : 'new, cold',
    threadMs: of('threadMs'),
    scriptMs: scripts.length > 0 ? Math.round(median(scripts)) : undefined,
    copyMs: of('copyMs'),
    warmUpMs: of('warmUpMs'),
    parseMs: of('parseMs'),
    expandMs: of('expandMs'),
    buildMs: of('buildMs'),
    messageMs: of('messageMs'),
  };
}

const phaseRows: Phases[] = [];
for (const [name, input] of problems) {
  for (const warm of [false, true]) {
    const row = await phases(name, input, warm);
    console.log(JSON.stringify(row));
    phaseRows.push(row);
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
  '| problem | visits | run from | thread | stopped by the caller | resolved after (ms) | longest caller loop gap (ms) | roster says | placed | violations |',
  '| --- | ---: | --- | --- | --- | ---: | ---: | --- | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.problem} | ${r.visits} | ${r.from} | ${r.thread} | ${r.stop} | ${r.resolvedAfterMs} | ${r.maxLoopGapMs} | ${r.stoppedBy} | ${r.placed} | ${r.violations} |`,
  ),
].join('\n');
const phaseTable = [
  '| problem | thread | start a thread | load the built script | copy the problem | read (parse) | expand | not-reached roster | its message back | sum |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...phaseRows.map((p) => {
    const script = p.warmth.startsWith('new') ? (p.scriptMs ?? 0) : 0;
    const thread = p.warmth.startsWith('new') ? p.threadMs : 0;
    const sum = thread + script + p.copyMs + p.parseMs + p.expandMs + p.buildMs + p.messageMs;
    return `| ${p.name} | ${p.warmth} | ${p.warmth.startsWith('new') ? p.threadMs : '(done)'} | ${p.warmth.startsWith('new') ? (p.scriptMs ?? 'no dist') : '(done)'} | ${p.copyMs} | ${p.parseMs} | ${p.expandMs} | ${p.buildMs} | ${p.messageMs} | ${sum} |`;
  }),
].join('\n');
const warmUp = Math.round(median(phaseRows.filter((p) => p.warmUpMs > 0).map((p) => p.warmUpMs)));
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
second), \`dist\` the built package (\`npm run build\`; ${existsSync(DIST_CACHE) ? 'its solve worker run through the V8 code cache the build writes, see `src/solver/code-cache.ts`' : 'built without the code cache'}). "Thread": \`new\` is a call that starts
its own worker thread (no spare kept: the first call in a process, or after
\`releaseSpareWorker()\`), \`spare\` one that takes the spare thread the previous call left,
${SPARE_SETTLE_MS / 1000} s after that call settled (its script loaded and its early steps warmed on a small
problem). The \`replan:\` rows are \`replanAsync\` on a generated day, from a roster solved at
${PREVIOUS_ITERATIONS} iterations, with its busiest carer off sick from 06:00.

Once the search runs, the caller waits up to 200 ms (\`ANSWER_GRACE_MS\`) for the worker's
answer to an abort, then resolves with the latest roster the worker posted: every visit not
reached, or, with a signal, the best so far at the end of the first construction or as a later
round began (for a replan: the previous roster laid on the changed problem, posted as its search
begins). Before the search, an abort resolves with the not-reached roster as soon as the
worker has posted it (after starting, loading its modules, reading and expanding the problem),
or a replan's answer once its preparation ends.

${table}

Where an early abort's time goes before the not-reached roster reaches the caller, median of
${PHASE_RUNS} fresh threads per row (ms): starting a thread (to its \`online\` event); loading the
built worker script as a built \`solveAsync\` starts it (${existsSync(DIST_CACHE) ? 'through its code cache' : 'no code cache'}; a thread given no problem, to its
answer, less the start); copying the
problem (structured clone, both halves in one thread); then in the thread, reading (parse and
validate), expanding and building the not-reached roster, and that roster's message back.
\`new, cold\` is a fresh thread; \`spare, warmed\` one that first ran the spare's warm-up
(${WARM_UP_ROUNDS} rounds on the small problem of \`src/solver/warm-up.ts\`, ${warmUp} ms, done before a
job comes), whose thread and script are loaded already. The steps in the thread are timed from
source (tsx compiles before they run, so they are the same code as built, but compiled lazily as
they run: a thread started through the code cache skips that compilation, so for it the cold
steps are an upper bound).

${phaseTable}

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

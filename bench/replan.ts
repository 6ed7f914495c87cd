/**
 * Replanning benchmark: random disruptions of a live roster on generated 1,000- and 5,000-visit
 * days and on the demo week, replanned with the default budget, and capacity queries for new
 * packages, each answer then applied with `replan`.
 *
 *   npm run bench:replan
 *   npm run bench:replan -- --runs 20 --big-runs 6 --capacity 10
 *   npm run bench:replan -- --base-iterations 300 --iterations 300   (no figure depends on load but the times)
 *   npm run bench:replan -- --disruption-seed 3   (other carers, visits and packages disrupted)
 *
 * Writes bench/results/replan.md (replan-disruptions-N.md with another --disruption-seed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { expandProblem } from '../src/model/expand.js';
import type { Roster } from '../src/model/roster.js';
import type { Problem } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { solve } from '../src/solver/solve.js';
import { replan, HISTORY_RULE, DEFAULT_REPLAN_TIME_LIMIT_MS } from '../src/solver/replan/replan.js';
import type { Change, ChangesInput } from '../src/solver/replan/changes.js';
import { findCapacity } from '../src/solver/capacity/find-capacity.js';
import { fourCallsADay } from '../src/generate/discharge-package.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    'big-runs': { type: 'string', default: '6' },
    capacity: { type: 'string', default: '10' },
    'base-seconds': { type: 'string', default: '20' },
    // A fixed iteration budget for each base roster instead of a time: on a busy machine a
    // timed base of the 5,000-visit day placed nothing (its construction alone outlasts 20 s).
    'base-iterations': { type: 'string' },
    seed: { type: 'string', default: '1' },
    // Which disruptions are drawn (the sick carers, cancelled visits, new packages), the same
    // rosters otherwise: a figure that holds on one draw of 20 should hold on another.
    'disruption-seed': { type: 'string' },
    // A fixed iteration budget per replan (and per scratch solve) instead of the default time:
    // the quality columns then do not depend on the machine's load.
    iterations: { type: 'string' },
  },
});
const iterationBudget = values.iterations === undefined ? undefined : Number(values.iterations);
const baseIterations =
  values['base-iterations'] === undefined ? undefined : Number(values['base-iterations']);
/** How each base roster is made, for the table's header and the command line. */
const baseBudget =
  baseIterations === undefined
    ? {
        words: `a \`solve\` of ${values['base-seconds']} s`,
        flag: `--base-seconds ${values['base-seconds']}`,
      }
    : {
        words: `a \`solve\` of ${baseIterations} iterations (seed ${values.seed})`,
        flag: `--base-iterations ${baseIterations}`,
      };
/** The budget of each replan and of the scratch solve it is held against. */
const budget =
  iterationBudget === undefined
    ? { timeLimitMs: DEFAULT_REPLAN_TIME_LIMIT_MS }
    : { maxIterations: iterationBudget, seed: Number(values.seed) };

/** Visits a day per client in the generator's package mix (see bench/scale.ts). */
const VISITS_PER_CLIENT = 2.7;

/** A small deterministic generator for the disruptions (sfc32-like mixing). */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ['sick-07', 'sick-12', 'new-package', 'cancellation', 'delay-40'] as const;
type Kind = (typeof KINDS)[number];

interface Disruption {
  readonly changes: ChangesInput;
  /** Visit keys the change touches directly. */
  readonly direct: ReadonlySet<string>;
  /** Clients the change is about (a new package's client), not counted as seeing a new carer. */
  readonly ownClients: ReadonlySet<string>;
  /** The carer the change is about (the sick or late one), whose day changes by definition. */
  readonly own?: string;
}

function disruption(
  kind: Kind,
  problem: Problem,
  roster: Roster,
  rng: () => number,
  n: number,
): Disruption {
  const routes = roster.routes.filter((route) => route.stops.length > 0);
  const route = routes[Math.floor(rng() * routes.length)]!;
  const date = route.date;
  if (kind === 'sick-07' || kind === 'sick-12') {
    const hour = kind === 'sick-07' ? '07:00' : '12:00';
    const now = `${date}T${hour}`;
    const direct = new Set(
      roster.routes
        .filter((r) => r.carerId === route.carerId && r.date === date)
        .flatMap((r) => r.stops)
        .filter((stop) => stop.start.slice(0, 16) >= now)
        .map((stop) => stop.visitKey),
    );
    const change: Change = {
      type: 'carer-unavailable',
      carerId: route.carerId,
      from: now,
      to: `${date}T23:59`,
    };
    return {
      changes: { now, changes: [change] },
      direct,
      ownClients: new Set(),
      own: route.carerId,
    };
  }
  if (kind === 'new-package') {
    const near = problem.clients[Math.floor(rng() * problem.clients.length)]!;
    const clientId = `bench-new-${n}`;
    const carePackage = fourCallsADay(`bench-pkg-${n}`, clientId);
    const client = {
      id: clientId,
      location: {
        lat: near.location.lat + (rng() - 0.5) * 0.01,
        lon: near.location.lon + (rng() - 0.5) * 0.01,
      },
      ...(near.area === undefined ? {} : { area: near.area }),
    };
    const dates = expandProblem(problem).dates;
    const from = dates[Math.floor(rng() * dates.length)]!;
    return {
      changes: {
        changes: [{ type: 'package-added', package: carePackage, client, from } as Change],
      },
      direct: new Set(),
      ownClients: new Set([clientId]),
    };
  }
  const stop = route.stops[Math.floor(rng() * route.stops.length)]!;
  if (kind === 'cancellation') {
    return {
      changes: {
        changes: [
          {
            type: 'visit-cancelled',
            packageId: stop.packageId,
            visitId: stop.visitId,
            date: stop.date,
            onwards: false,
          },
        ],
      },
      direct: new Set([stop.visitKey]),
      ownClients: new Set(),
    };
  }
  const index = route.stops.indexOf(stop);
  const before = route.stops[index - 1];
  const now = (before?.start ?? route.shiftStart).slice(0, 16);
  return {
    changes: {
      now,
      changes: [
        { type: 'carer-delayed', carerId: route.carerId, visitKey: stop.visitKey, minutes: 40 },
      ],
    },
    direct: new Set(route.stops.slice(index).map((s) => s.visitKey)),
    ownClients: new Set(),
    own: route.carerId,
  };
}

interface Outcome {
  readonly ms: number;
  /** CPU time of the replan's thread (user + system), less sensitive to a shared machine. */
  readonly cpuMs: number;
  readonly beyond: number;
  /** Visits not touched directly that kept their carers and moved by no more than the tolerance. */
  readonly retimedWithin: number;
  /** Carer-days other than the one the change is about with a visit gained, lost or moved beyond the tolerance. */
  readonly carerDays: number;
  readonly direct: number;
  readonly newCarerClients: number;
  readonly unplacedBefore: number;
  readonly unplacedAfter: number;
  readonly violations: number;
  /** Visits a from-scratch solve at the same budget places that the replan leaves unplaced. */
  readonly scratchPlacesMore?: number;
}

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
};
const p90 = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)]!;
};
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

function runOne(problem: Problem, roster: Roster, d: Disruption, scratch: boolean): Outcome {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = replan(problem, roster, d.changes, budget);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  // A visit changes when its carers change or it starts more than the tolerance away from
  // before: the change cost's own line, below which a new time is no change at all.
  const tolerance = result.problem.settings.change.toleranceMinutes;
  const changed = new Set<string>();
  const withinTolerance = new Set<string>();
  const days = new Set<string>();
  for (const carer of result.diff.carers) {
    for (const stop of [...carer.gained, ...carer.lost]) {
      changed.add(stop.visitKey);
      days.add(`${carer.carerId} ${stop.date}`);
    }
    for (const stop of carer.retimed) {
      if (Math.abs(stop.minutes) <= tolerance) {
        withinTolerance.add(stop.visitKey);
        continue;
      }
      changed.add(stop.visitKey);
      days.add(`${carer.carerId} ${stop.date}`);
    }
  }
  // The new package's own visits are what the change asks for, not a side effect.
  const aside = (key: string) => d.direct.has(key) || key.startsWith('bench-pkg-');
  const beyond = [...changed].filter((key) => !aside(key)).length;
  const retimedWithin = [...withinTolerance].filter(
    (key) => !aside(key) && !changed.has(key),
  ).length;
  const carerDays = [...days].filter(
    (day) => d.own === undefined || !day.startsWith(`${d.own} `),
  ).length;
  const newCarerClients = result.diff.clients.filter(
    (client) => client.newCarers.length > 0 && !d.ownClients.has(client.clientId),
  ).length;
  const violations = checkRoster(result.problem, result.roster).length;
  let scratchPlacesMore: number | undefined;
  if (scratch) {
    const fresh = solve(result.problem, budget);
    const freshUnplaced = new Set(fresh.unplaced.map((u) => u.visitKey));
    scratchPlacesMore = result.roster.unplaced.filter(
      (u) => !freshUnplaced.has(u.visitKey) && !u.reasons.some((r) => r.rule === HISTORY_RULE),
    ).length;
  }
  return {
    ms,
    cpuMs,
    beyond,
    retimedWithin,
    carerDays,
    direct: d.direct.size,
    newCarerClients,
    unplacedBefore: roster.unplaced.length,
    unplacedAfter: result.roster.unplaced.length,
    violations,
    ...(scratchPlacesMore === undefined ? {} : { scratchPlacesMore }),
  };
}

interface Scenario {
  readonly name: string;
  readonly problem: Problem;
  readonly runs: number;
}

const seed = Number(values.seed);
const disruptionSeed =
  values['disruption-seed'] === undefined ? seed : Number(values['disruption-seed']);
if (!Number.isInteger(disruptionSeed) || disruptionSeed < 0) {
  process.stderr.write(
    `--disruption-seed must be a whole number of 0 or more, not "${values['disruption-seed']}"\n`,
  );
  process.exit(2);
}
const day = (visits: number) =>
  parseProblem(generateCouncil({ seed, clients: Math.round(visits / VISITS_PER_CLIENT), days: 1 }));
const scenarios: Scenario[] = [
  { name: '1,000-visit day', problem: day(1000), runs: Number(values.runs) },
  { name: '5,000-visit day', problem: day(5000), runs: Number(values['big-runs']) },
  {
    name: 'demo week',
    problem: parseProblem(
      JSON.parse(readFileSync(new URL('../fixtures/demo-council.json', import.meta.url), 'utf8')),
    ),
    runs: Number(values['big-runs']),
  },
];

const lines: string[] = [];
const results = new URL(
  disruptionSeed === seed
    ? './results/replan.md'
    : `./results/replan-disruptions-${disruptionSeed}.md`,
  import.meta.url,
);
const out = (line: string) => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};
/** Written after each roster, so a long run leaves its figures so far. */
const save = (done: boolean) =>
  writeFileSync(
    results,
    `${[...lines, ...(done ? [] : ['', '(partial: the run is still going)'])].join('\n')}\n`,
  );
const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

out('# Replanning benchmark');
out('');
out(
  `Machine: ${cpus().length}-core ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}. ` +
    `Generated days from \`generateCouncil\` (seed ${seed}, one day); the demo week from \`fixtures/demo-council.json\`; disruptions drawn with seed ${disruptionSeed}. ` +
    `Each base roster is ${baseBudget.words}; each replan uses ` +
    (iterationBudget === undefined
      ? `the default budget (${DEFAULT_REPLAN_TIME_LIMIT_MS} ms)`
      : `a fixed budget of ${iterationBudget} iterations (seed ${values.seed}), as does the scratch solve`) +
    `. Command: \`npm run bench:replan -- --runs ${values.runs} --big-runs ${values['big-runs']} --capacity ${values.capacity} ${baseBudget.flag}${iterationBudget === undefined ? '' : ` --iterations ${iterationBudget}`}${disruptionSeed === seed ? '' : ` --disruption-seed ${disruptionSeed}`}\`.`,
);
out('');
out(
  `Load: the machine is shared; the 1-minute load average was ${loadavg()[0]?.toFixed(1)} at the start of this run ` +
    '(2 cores), so wall times include waiting for a core.',
);
out('');
out(
  '"Beyond" counts visits whose carers changed, or whose start moved by more than the tolerance (`settings.change.toleranceMinutes`, 15), other than those the change touches directly ' +
    "(the sick carer's visits from the hour on; the cancelled visit; the delayed carer's visits from the late stop on; the new package's visits): " +
    'a start moved by no more than the tolerance is free in the change cost and counted apart ("within tolerance"). ' +
    '"Carer-days changed" counts the days of carers other than the sick or late one with a visit gained, lost or moved beyond the tolerance. ' +
    '"Scratch places more" counts visits a from-scratch `solve` of the changed problem with the same budget places but the replan leaves unplaced (sick cases on the 1,000-visit day).',
);
out('');
out(
  '| roster | disruption | runs | median ms | p90 ms | median CPU ms | beyond (mean) | beyond / direct | within tolerance (mean) | carer-days changed (mean) | clients with a new carer (mean) | unplaced before -> after (mean) | checker | scratch places more |',
);
out('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|');

const capacityLines: string[] = [];
const baseLines: string[] = [];
const limitLines: string[] = [];

/** Sick carers per roster replanned under each time limit of the limits table. */
const LIMIT_RUNS = 3;
/** The default budget, and one far below what preparing and finishing a replan take. */
const LIMITS_MS = [DEFAULT_REPLAN_TIME_LIMIT_MS, 1] as const;

/**
 * Wall and CPU time of replans of sick carers (from 07:00) under a time limit, whether each
 * came back checker-clean with every visit listed; its own random stream, so the disruptions
 * and capacity queries above stay those of earlier runs.
 */
function limitRow(scenario: Scenario, base: Roster, limitMs: number): string {
  const rng = random(seed * 104_729 + limitMs);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let whole = 0;
  const visits = expandProblem(scenario.problem).visits.length;
  for (let i = 0; i < LIMIT_RUNS; i++) {
    const d = disruption('sick-07', scenario.problem, base, rng, i);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = replan(scenario.problem, base, d.changes, { timeLimitMs: limitMs, seed });
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    const listed = new Set([
      ...result.roster.routes.flatMap((route) => route.stops.map((stop) => stop.visitKey)),
      ...result.roster.unplaced.map((entry) => entry.visitKey),
    ]);
    if (checkRoster(result.problem, result.roster).length === 0 && listed.size === visits) whole++;
  }
  return `| ${scenario.name} | ${limitMs} | ${LIMIT_RUNS} | ${fmt(median(times))} | ${fmt(Math.max(...times))} | ${fmt(median(cpuTimes))} | ${whole}/${LIMIT_RUNS} |`;
}

/** Whether both rosters give each of the package's visits the same carers at the same times. */
function samePlacement(a: Roster, b: Roster, packageId: string): boolean {
  const of = (roster: Roster) =>
    roster.routes
      .flatMap((route) =>
        route.stops
          .filter((stop) => stop.packageId === packageId)
          .map((stop) => `${stop.visitKey} ${route.carerId} ${stop.start}`),
      )
      .sort()
      .join('\n');
  return of(a) === of(b);
}
for (const scenario of scenarios) {
  process.stderr.write(`${scenario.name}: base solve...\n`);
  const baseCpu = process.cpuUsage();
  const base = solve(
    scenario.problem,
    baseIterations === undefined
      ? { timeLimitMs: Number(values['base-seconds']) * 1000, seed }
      : { maxIterations: baseIterations, seed },
  );
  const baseUsed = process.cpuUsage(baseCpu);
  baseLines.push(
    `| ${scenario.name} | ${fmt((baseUsed.user + baseUsed.system) / 1000)} | ${base.routes.reduce((n, r) => n + r.stops.length, 0)} | ${base.unplaced.length} |`,
  );
  if (!base.routes.some((route) => route.stops.length > 0)) {
    // On a machine busy enough, a large base solve may not place a visit within its budget.
    out(
      `| ${scenario.name} | - | 0 | - | - | - | - | - | - | base solve placed no visit (${baseBudget.words}, load ${loadavg()[0]?.toFixed(1)}) | - | - |`,
    );
    capacityLines.push(`| ${scenario.name} | 0 | - | - | - | - | - | - |`);
    save(false);
    continue;
  }
  const rng = random(disruptionSeed * 7919 + scenario.runs);
  let n = 0;
  for (const kind of KINDS) {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < scenario.runs; i++) {
      const d = disruption(kind, scenario.problem, base, rng, n++);
      const scratch = scenario.name.startsWith('1,000') && kind.startsWith('sick');
      outcomes.push(runOne(scenario.problem, base, d, scratch));
      process.stderr.write(`  ${kind} ${i + 1}/${scenario.runs}: ${fmt(outcomes.at(-1)!.ms)} ms\n`);
    }
    const ratio = kind.startsWith('sick')
      ? mean(outcomes.filter((o) => o.direct > 0).map((o) => o.beyond / o.direct))
      : NaN;
    const clean = outcomes.filter((o) => o.violations === 0).length;
    const scratchRuns = outcomes.filter((o) => o.scratchPlacesMore !== undefined);
    out(
      `| ${scenario.name} | ${kind} | ${outcomes.length} | ${fmt(median(outcomes.map((o) => o.ms)))} | ${fmt(p90(outcomes.map((o) => o.ms)))} | ${fmt(median(outcomes.map((o) => o.cpuMs)))} | ` +
        `${fmt(mean(outcomes.map((o) => o.beyond)), 2)} | ${Number.isNaN(ratio) ? '-' : `${fmt(ratio * 100, 1)} %`} | ` +
        `${fmt(mean(outcomes.map((o) => o.retimedWithin)), 2)} | ${fmt(mean(outcomes.map((o) => o.carerDays)), 2)} | ` +
        `${fmt(mean(outcomes.map((o) => o.newCarerClients)), 2)} | ${fmt(mean(outcomes.map((o) => o.unplacedBefore)), 1)} -> ${fmt(mean(outcomes.map((o) => o.unplacedAfter)), 1)} | ` +
        `${clean}/${outcomes.length} clean | ${scratchRuns.length === 0 ? '-' : scratchRuns.reduce((s, o) => s + (o.scratchPlacesMore ?? 0), 0)} |`,
    );
  }

  const times: number[] = [];
  const cpuTimes: number[] = [];
  let holds = 0;
  let placedAtBudget = 0;
  let fits = 0;
  const queries = Number(values.capacity);
  for (let i = 0; i < queries; i++) {
    const near = scenario.problem.clients[Math.floor(rng() * scenario.problem.clients.length)]!;
    const clientId = `bench-cap-${i}`;
    const client = {
      id: clientId,
      location: {
        lat: near.location.lat + (rng() - 0.5) * 0.01,
        lon: near.location.lon + (rng() - 0.5) * 0.01,
      },
      ...(near.area === undefined ? {} : { area: near.area }),
    };
    const carePackage = fourCallsADay(`bench-cap-pkg-${i}`, clientId);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const answer = findCapacity(scenario.problem, base, carePackage, { client, seed });
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    if (!answer.fits) continue;
    fits++;
    // Applied as the answer says: the package added with the repair's budget and seed.
    const applied = replan(scenario.problem, base, answer.changes, answer.replanOptions);
    if (
      samePlacement(applied.roster, answer.roster, carePackage.id) &&
      !applied.roster.unplaced.some((u) => u.packageId === carePackage.id) &&
      checkRoster(applied.problem, applied.roster).length === 0 &&
      checkRoster(answer.problem, answer.roster).length === 0
    ) {
      holds++;
    }
    // Added by a replan with the budget of the disruptions above instead.
    const added = replan(scenario.problem, base, answer.changes, budget);
    if (
      !added.roster.unplaced.some((u) => u.packageId === carePackage.id) &&
      checkRoster(added.problem, added.roster).length === 0
    ) {
      placedAtBudget++;
    }
    process.stderr.write(`  capacity ${i + 1}/${queries}: ${fmt(times.at(-1)!)} ms\n`);
  }
  for (const limitMs of LIMITS_MS) limitLines.push(limitRow(scenario, base, limitMs));
  save(false);
  capacityLines.push(
    `| ${scenario.name} | ${queries} | ${fmt(median(times))} | ${fmt(p90(times))} | ${fmt(median(cpuTimes))} | ${fits}/${queries} | ${holds}/${fits} | ${placedAtBudget}/${fits} |`,
  );
}

out('');
out('## Base rosters');
out('');
out('| roster | CPU ms | stops | unplaced |');
out('|---|---:|---:|---:|');
for (const line of baseLines) out(line);
out('');
out('## Capacity queries (new 4-calls-a-day package near a random client)');
out('');
out(
  '"Holds" applies each answer as it says (`replan` with `answer.changes` and `answer.replanOptions`) and asks for the same carers and times for the package\'s visits, all placed, and both rosters checker-clean. ' +
    "The last column adds the package with the replans' budget above instead (" +
    (iterationBudget === undefined
      ? `${DEFAULT_REPLAN_TIME_LIMIT_MS} ms`
      : `${iterationBudget} iterations`) +
    '): all its visits placed and checker-clean.',
);
out('');
out(
  '| roster | queries | median ms | p90 ms | median CPU ms | fits (some date) | holds when applied as the answer says | placed by a replan at the budget above |',
);
out('|---|---:|---:|---:|---:|---|---|---|');
for (const line of capacityLines) out(line);
out('');
out('## Time limits (sick carer from 07:00)');
out('');
out(
  'Each replan given only a time limit (no iteration budget): the wall time of the whole call (validation, preparation, search and finish), ' +
    'its CPU time, and whether the roster came back checker-clean with every visit of the problem placed or listed unplaced.',
);
out('');
out('| roster | limit ms | runs | median ms | max ms | median CPU ms | clean, all listed |');
out('|---|---:|---:|---:|---:|---:|---|');
for (const line of limitLines) out(line);
out('');
out(`Load at the end of the run: 1-minute load average ${loadavg()[0]?.toFixed(1)}.`);
save(true);

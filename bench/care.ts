/**
 * Care benchmark: solves the demo council with the default weights, again with every continuity
 * weight at 0 and again with the unpaid-gap weight at 0, and prints the figures a council and a
 * carer care about, plus each roster's soft cost under the default weights. With `--council N`
 * it also generates an N-client council week and solves it neighbourhood by neighbourhood on
 * worker threads (`solveByNeighbourhood`), giving each neighbourhood about `--time` seconds,
 * and prints the same columns for it.
 *
 *   npm run bench:care -- --time 30
 *   npm run bench:care -- --time 30 --council 2000
 *   npm run bench:care -- --iterations 4000 --seed 2
 *
 * With `--iterations N` each demo run stops after N improvement iterations instead of a time
 * limit: deterministic (same roster on any machine, at any load), so that old and new code
 * compare fairly on a busy machine; it writes bench/results/care-iterations.md instead.
 * `--default-only` solves the default-weights row alone (for comparing seeds); `--weights JSON`
 * lays settings.weights fields over the fixture's in every row (for trying weights);
 * `--place-breaks` turns on `settings.workingTime.placeBreaks` in every row and writes
 * care-place-breaks.md (or care-iterations-place-breaks.md).
 *
 * Writes bench/results/care.md, and with `--council` bench/results/care-council.md. Figures are
 * measured, never typed in.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { checkRoster } from '../src/constraints/check-roster.js';
import { explainRoster } from '../src/constraints/explain.js';
import { NOT_REACHED_RULE } from '../src/constraints/eligibility.js';
import { UNPLACED_TERM } from '../src/constraints/soft-terms.js';
import { expandProblem } from '../src/model/expand.js';
import type { Roster } from '../src/model/roster.js';
import type { Problem, ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { solveExpanded } from '../src/solver/solve.js';
import { generateCouncil } from '../src/generate/council.js';
import { buildNeighbourhoods } from '../src/geo/neighbourhoods.js';
import { allocateCarers } from '../src/geo/allocation.js';
import { solveByNeighbourhood } from '../src/solver/parallel/solve-by-neighbourhood.js';
import { DEMO_LIVING_WAGE } from '../scripts/demo-fixture-options.js';

const { values } = parseArgs({
  options: {
    time: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    fixture: { type: 'string', default: 'fixtures/demo-council.json' },
    council: { type: 'string', default: '0' },
    iterations: { type: 'string' },
    'default-only': { type: 'boolean', default: false },
    weights: { type: 'string', default: '{}' },
    'place-breaks': { type: 'boolean', default: false },
  },
});
/** Stops with a one-line message naming the option, as the CLI does with bad input. */
function badOption(name: string, allowed: string): never {
  process.stderr.write(`bench:care: --${name} must be ${allowed}\n`);
  process.exit(2);
}
/** A number option, 0 or more; `whole` for counts. */
function numberOption(name: 'time' | 'seed' | 'council' | 'iterations', whole: boolean): number {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < 0 || (whole && !Number.isInteger(value))) {
    badOption(name, whole ? 'a whole number, 0 or more' : 'a number of seconds, 0 or more');
  }
  return value;
}
/** `--weights`: a JSON object of settings.weights fields. */
function weightsOption(): object {
  try {
    const parsed: unknown = JSON.parse(values.weights);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed;
  } catch {
    // Reported below, with what is allowed.
  }
  return badOption('weights', 'a JSON object of settings.weights fields, e.g. {"teamVisit":30}');
}
const seconds = numberOption('time', false);
const iterations = values.iterations === undefined ? undefined : numberOption('iterations', true);
const seed = numberOption('seed', true);
const councilClients = numberOption('council', true);
const fixture = JSON.parse(readFileSync(values.fixture, 'utf8')) as ProblemInput;
/** The fixture with `--weights` laid over its own weights, and `--place-breaks` on its rules. */
const input: ProblemInput = {
  ...fixture,
  settings: {
    ...fixture.settings,
    weights: { ...fixture.settings?.weights, ...weightsOption() },
    ...(values['place-breaks']
      ? { workingTime: { ...fixture.settings?.workingTime, placeBreaks: true } }
      : {}),
  },
};

interface Row {
  readonly label: string;
  readonly roster: Roster;
  readonly violations: number;
}

function run(label: string, weights: Record<string, number>): Row {
  const problem = parseProblem({
    ...input,
    settings: { ...input.settings, weights: { ...input.settings?.weights, ...weights } },
  });
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const roster = solveExpanded(
    expanded,
    travel,
    iterations === undefined
      ? { seed, timeLimitMs: seconds * 1000 }
      : { seed, maxIterations: iterations },
  );
  const violations = checkRoster(problem, roster, { expanded, travel }).length;
  process.stderr.write(
    `${label}: done in ${roster.stats?.elapsedMs} ms, ${roster.stats?.iterations} iterations\n`,
  );
  return { label, roster, violations };
}

const rows = [
  run('default weights', {}),
  ...(values['default-only']
    ? []
    : [
        run('continuity weights 0', { extraCarer: 0, timeOfDayExtraCarer: 0, teamVisit: 0 }),
        run('unpaid-gap weight 0', { unpaidGapMinute: 0 }),
      ]),
];

/** Every roster scored by the fixture's own weights (not `--weights`), so rows and runs compare on one objective. */
const defaultProblem = parseProblem(fixture);
const softAtDefaults = (roster: Roster, problem: Problem): number =>
  explainRoster(problem, roster)
    .byRule.filter((entry) => entry.rule !== UNPLACED_TERM)
    .reduce((sum, entry) => sum + entry.cost, 0);

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const hours = (minutes: number) => (minutes / 60).toFixed(1);

function reasonsOf(roster: Roster): string {
  const counts = new Map<string, number>();
  for (const visit of roster.unplaced) {
    const last = visit.reasons.at(-1);
    const key = last?.rule ?? 'unknown';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([rule, count]) => `${count} ${rule}`).join(', ') || 'none';
}

/** Share of the council's time budget the neighbourhoods get: the rest is the boundary pass (15 %) and the finish. */
const NEIGHBOURHOOD_SHARE = 0.8;

const header =
  '| run | placed | unplaced (main reason) | travel share of paid time | distinct carers per client (mean / worst) | team visits | worked vs contracted h | unpaid gaps h | effective pay £/h (mean / min) | below living wage (rate that lifts all £/h) | late visits (total / max min) | soft cost at default weights | checker |';
function line({ label, roster, violations }: Row, scoredBy: Problem = defaultProblem): string {
  const k = roster.kpis;
  return (
    `| ${label} | ${k.visitsPlaced} | ${k.visitsUnplaced} (${reasonsOf(roster)}) | ` +
    `${pct(k.travelShareOfPaidTime)} | ${k.distinctCarersPerClientMean} / ${k.distinctCarersPerClientMax} | ` +
    `${pct(k.teamVisitShare)} | ${k.workedHours} / ${k.contractedHours} | ${hours(k.unpaidGapMinutes)} | ` +
    `${k.effectiveHourlyPayMean.toFixed(2)} / ${k.effectiveHourlyPayMin.toFixed(2)} | ` +
    `${k.carersBelowLivingWage} (${k.livingWageRateNeeded.toFixed(2)}) | ${k.lateVisits} (${k.latenessTotalMinutes} / ${k.latenessMaxMinutes}) | ` +
    `${Math.round(softAtDefaults(roster, scoredBy))} | ${violations} violations |`
  );
}
const lines = rows.map((row) => line(row));

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const budget = iterations === undefined ? `${seconds} s` : `${iterations} iterations`;
const command = [
  iterations === undefined ? `--time ${seconds}` : `--iterations ${iterations}`,
  ...(seed === 1 ? [] : [`--seed ${seed}`]),
  ...(values['default-only'] ? ['--default-only'] : []),
  ...(values.weights === '{}' ? [] : [`--weights '${values.weights}'`]),
  ...(values['place-breaks'] ? ['--place-breaks'] : []),
].join(' ');
const report = [
  `# Care benchmark: ${input.name ?? values.fixture}`,
  '',
  `${budget} per run, seed ${seed}, one process on ${cpu} (${cpus().length} cores), Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)} at the end.`,
  `Straight-line travel estimate. Produced by \`npm run bench:care -- ${command}\`.`,
  '',
  header,
  '|' + ' --- |'.repeat(13),
  ...lines,
  '',
].join('\n');
process.stdout.write(report);
writeFileSync(
  new URL(
    `./results/${iterations === undefined ? 'care' : 'care-iterations'}${values['place-breaks'] ? '-place-breaks' : ''}.md`,
    import.meta.url,
  ),
  report,
);

if (councilClients > 0) {
  const council = parseProblem({
    ...generateCouncil({ seed, clients: councilClients, days: 7 }),
    settings: { livingWageHourly: DEMO_LIVING_WAGE },
  });
  const expanded = expandProblem(council);
  const travel = straightLineTravelMatrix(expanded.locations, council.settings.travel);
  const neighbourhoods = allocateCarers(
    council,
    buildNeighbourhoods(council, { seed }),
  ).neighbourhoods;
  const areas = neighbourhoods.areas.filter((area) => area.clientIds.length > 0).length;
  const threads = availableParallelism();
  // Each neighbourhood gets about `seconds`, as the demo does; lanes run them side by side.
  const budgetMs = (seconds * 1000 * Math.ceil(areas / threads)) / NEIGHBOURHOOD_SHARE;
  const started = Date.now();
  const roster = await solveByNeighbourhood(council, {
    seed,
    travel,
    neighbourhoods,
    threads,
    timeLimitMs: budgetMs,
  });
  const wallSeconds = (Date.now() - started) / 1000;
  const violations = checkRoster(council, roster, { expanded, travel }).length;
  const notReached = roster.unplaced.filter((visit) =>
    visit.reasons.some((reason) => reason.rule === NOT_REACHED_RULE),
  ).length;
  process.stderr.write(`council ${councilClients}: done in ${wallSeconds.toFixed(1)} s\n`);
  const table = [
    `# Care benchmark: a generated ${councilClients}-client council week, by neighbourhood`,
    '',
    `generateCouncil({ seed: ${seed}, clients: ${councilClients}, days: 7 }), living wage ${DEMO_LIVING_WAGE}: ` +
      `${council.clients.length} clients, ${council.carers.length} carers, ${expanded.visits.length} dated visits, ` +
      `${areas} neighbourhoods of about 200 clients.`,
    `solveByNeighbourhood on ${threads} worker threads, seed ${seed}, time limit ${(budgetMs / 1000).toFixed(0)} s for the whole call ` +
      `(${seconds} s a neighbourhood, ${Math.ceil(areas / threads)} rounds, over ${NEIGHBOURHOOD_SHARE * 100} % of the budget); ` +
      `wall ${wallSeconds.toFixed(1)} s on ${cpu} (${cpus().length} cores), Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the end.`,
    `${roster.placedAcrossBoundaries} visits placed by the pass across boundaries; ${notReached} unplaced because their neighbourhood was not reached in time (rule not-reached). ` +
      'Straight-line travel estimate. Produced by `npm run bench:care -- --time ' +
      `${seconds} --council ${councilClients}\`.`,
    '',
    header,
    '|' + ' --- |'.repeat(13),
    line({ label: 'default weights, by neighbourhood', roster, violations }, council),
    '',
  ].join('\n');
  process.stdout.write(`\n${table}`);
  writeFileSync(new URL('./results/care-council.md', import.meta.url), table);
}

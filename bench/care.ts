/**
 * Care benchmark: solves the demo council with the default weights, again with every continuity
 * weight at 0 and again with the unpaid-gap weight at 0, and prints the figures a council and a
 * carer care about, plus each roster's soft cost under the default weights.
 *
 *   npm run bench:care -- --time 30
 *
 * Writes bench/results/care.md. Figures are measured, never typed in.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { checkRoster } from '../src/constraints/check-roster.js';
import { explainRoster } from '../src/constraints/explain.js';
import { UNPLACED_TERM } from '../src/constraints/soft-terms.js';
import { expandProblem } from '../src/model/expand.js';
import type { Roster } from '../src/model/roster.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { solveExpanded } from '../src/solver/solve.js';

const { values } = parseArgs({
  options: {
    time: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    fixture: { type: 'string', default: 'fixtures/demo-council.json' },
  },
});
const seconds = Number(values.time);
const seed = Number(values.seed);
const input = JSON.parse(readFileSync(values.fixture, 'utf8')) as ProblemInput;

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
  const roster = solveExpanded(expanded, travel, { seed, timeLimitMs: seconds * 1000 });
  const violations = checkRoster(problem, roster, { expanded, travel }).length;
  process.stderr.write(`${label}: done in ${roster.stats?.elapsedMs} ms\n`);
  return { label, roster, violations };
}

const rows = [
  run('default weights', {}),
  run('continuity weights 0', { extraCarer: 0, timeOfDayExtraCarer: 0, teamVisit: 0 }),
  run('unpaid-gap weight 0', { unpaidGapMinute: 0 }),
];

/** Every roster scored by the default weights, so the rows compare on one objective. */
const defaultProblem = parseProblem(input);
const softAtDefaults = (roster: Roster): number =>
  explainRoster(defaultProblem, roster)
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

const header =
  '| run | placed | unplaced (main reason) | travel share of paid time | distinct carers per client (mean / worst) | team visits | worked vs contracted h | unpaid gaps h | effective pay £/h (mean / min) | below living wage | late visits (total / max min) | soft cost at default weights | checker |';
const lines = rows.map(({ label, roster, violations }) => {
  const k = roster.kpis;
  return (
    `| ${label} | ${k.visitsPlaced} | ${k.visitsUnplaced} (${reasonsOf(roster)}) | ` +
    `${pct(k.travelShareOfPaidTime)} | ${k.distinctCarersPerClientMean} / ${k.distinctCarersPerClientMax} | ` +
    `${pct(k.teamVisitShare)} | ${k.workedHours} / ${k.contractedHours} | ${hours(k.unpaidGapMinutes)} | ` +
    `${k.effectiveHourlyPayMean.toFixed(2)} / ${k.effectiveHourlyPayMin.toFixed(2)} | ` +
    `${k.carersBelowLivingWage} | ${k.lateVisits} (${k.latenessTotalMinutes} / ${k.latenessMaxMinutes}) | ` +
    `${Math.round(softAtDefaults(roster))} | ${violations} violations |`
  );
});

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const report = [
  `# Care benchmark: ${input.name ?? values.fixture}`,
  '',
  `${seconds} s per run, seed ${seed}, one process on ${cpu} (${cpus().length} cores), Node ${process.version}.`,
  'Straight-line travel estimate. Produced by `npm run bench:care -- --time ' + `${seconds}` + '`.',
  '',
  header,
  '|' + ' --- |'.repeat(13),
  ...lines,
  '',
].join('\n');
process.stdout.write(report);
writeFileSync(new URL('./results/care.md', import.meta.url), report);

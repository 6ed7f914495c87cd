/**
 * Time-to-quality benchmark: the objective the solver reaches in 1 s, 10 s and 60 s against the
 * best it reaches with 3 seeds at a long budget (the long-run reference), on three care
 * problems: the demo week, the demo week short of carers (a fifth of its visits late), and a
 * generated council day with double-ups and linked visits.
 *
 *   npm run bench:convergence                      # reference 3 seeds x 600 s (about 1.5 h)
 *   npm run bench:convergence -- --reference 120   # a shorter reference, said in the table
 *   npm run bench:convergence -- --only overloaded --times 1,10
 *
 * Every roster goes through `checkRoster`. Writes bench/results/convergence.md. Figures are
 * measured, never typed in.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { expandProblem } from '../src/model/expand.js';
import type { Roster } from '../src/model/roster.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { solveExpanded } from '../src/solver/solve.js';
import { DEMO_COUNCIL_OPTIONS } from '../scripts/demo-fixture-options.js';

const { values } = parseArgs({
  options: {
    times: { type: 'string', default: '1,10,60' },
    reference: { type: 'string', default: '600' },
    seeds: { type: 'string', default: '1,2,3' },
    only: { type: 'string' },
    out: { type: 'string', default: 'convergence.md' },
  },
});
const times = values.times.split(',').map(Number);
const referenceSeconds = Number(values.reference);
const referenceSeeds = values.seeds.split(',').map(Number);

/**
 * Share of the demo's carers the overloaded demo takes away: measured to leave about a fifth
 * of its visits late (the table prints the share each run leaves late).
 */
const OVERLOAD_SHARE = 0.2;

/** Clients of the generated council day: about 800 visits, double-ups and linked visits. */
const COUNCIL_DAY_CLIENTS = 300;

interface Case {
  readonly name: string;
  readonly problem: () => ProblemInput;
}

const demoInput = JSON.parse(
  readFileSync(new URL('../fixtures/demo-council.json', import.meta.url), 'utf8'),
) as ProblemInput;
const cases: Case[] = [
  { name: 'demo', problem: () => demoInput },
  {
    name: 'overloaded',
    problem: () => ({
      ...generateCouncil({ ...DEMO_COUNCIL_OPTIONS, overload: OVERLOAD_SHARE }),
      settings: demoInput.settings,
    }),
  },
  {
    name: 'council-day',
    problem: () => generateCouncil({ seed: 7, clients: COUNCIL_DAY_CLIENTS, days: 1 }),
  },
].filter((c) => values.only === undefined || values.only.split(',').includes(c.name));

interface Run {
  readonly seconds: number;
  readonly seed: number;
  readonly cost: number;
  readonly unplaced: number;
  readonly lateShare: number;
  readonly maxLate: number;
  readonly iterations: number;
  readonly violations: number;
}

function runOnce(input: ProblemInput, seconds: number, seed: number): Run {
  const problem = parseProblem(input);
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const roster: Roster = solveExpanded(expanded, travel, { seed, timeLimitMs: seconds * 1000 });
  const violations = checkRoster(problem, roster, { expanded, travel }).length;
  const k = roster.kpis;
  return {
    seconds,
    seed,
    cost: roster.stats?.cost ?? Number.NaN,
    unplaced: k.visitsUnplaced,
    lateShare: k.visitsPlaced === 0 ? 0 : k.lateVisits / k.visitsPlaced,
    maxLate: k.latenessMaxMinutes,
    iterations: roster.stats?.iterations ?? 0,
    violations,
  };
}

const loads: number[] = [];
const sections: string[] = [];
const summary: string[] = [];
for (const c of cases) {
  const input = c.problem();
  const expanded = expandProblem(parseProblem(input));
  const visits = expanded.visits.length;
  const doubleUps = expanded.visits.filter((v) => v.carersNeeded === 2).length;
  const runs: Run[] = [];
  for (const seconds of times) {
    loads.push(loadavg()[0]!);
    runs.push(runOnce(input, seconds, referenceSeeds[0]!));
    process.stderr.write(`${c.name} ${seconds} s: ${runs.at(-1)!.cost.toFixed(1)}\n`);
  }
  const reference: Run[] = [];
  for (const seed of referenceSeeds) {
    loads.push(loadavg()[0]!);
    reference.push(runOnce(input, referenceSeconds, seed));
    process.stderr.write(`${c.name} ref seed ${seed}: ${reference.at(-1)!.cost.toFixed(1)}\n`);
  }
  const all = [...runs, ...reference];
  const best = Math.min(...all.map((r) => r.cost));
  const gap = (cost: number) => `${(((cost - best) / best) * 100).toFixed(2)} %`;
  const row = (label: string, r: Run) =>
    `| ${label} | ${r.seed} | ${r.cost.toFixed(1)} | ${gap(r.cost)} | ${r.unplaced} | ` +
    `${(r.lateShare * 100).toFixed(1)} % | ${r.maxLate} | ${r.iterations} | ${r.violations} |`;
  sections.push(
    `## ${c.name}: ${visits} visits (${doubleUps} double-ups, ${expanded.links.length} links), ` +
      `${expanded.problem.carers.length} carers`,
    '',
    '| budget | seed | objective | gap to best | unplaced | late visits | max late min | iterations | checker violations |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map((r) => row(`${r.seconds} s`, r)),
    ...reference.map((r) => row(`${r.seconds} s (reference)`, r)),
    '',
  );
  summary.push(
    `| ${c.name} | ${best.toFixed(1)} | ` + runs.map((r) => gap(r.cost)).join(' | ') + ' |',
  );
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const report = [
  '# Time to quality',
  '',
  `Objective (\`stats.cost\`, lower is better) at ${times.join(', ')} s (seed ${referenceSeeds[0]}) ` +
    `against the best of every run here, the long-run reference being ${referenceSeeds.length} ` +
    `seeds at ${referenceSeconds} s${referenceSeconds < 600 ? ' (shorter than the 600 s the full benchmark uses)' : ''}. ` +
    `One process, one core, on ${cpu} (${cpus().length} cores shared with other work: ` +
    `1-minute load ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} during the runs), ` +
    `Node ${process.version}. Straight-line travel. Produced by \`npm run bench:convergence -- ` +
    `--times ${values.times} --reference ${referenceSeconds}\`.`,
  '',
  `| problem | best objective | ${times.map((s) => `gap at ${s} s`).join(' | ')} |`,
  `| --- | --- | ${times.map(() => '---').join(' | ')} |`,
  ...summary,
  '',
  ...sections,
].join('\n');
process.stdout.write(report);
writeFileSync(new URL(`./results/${values.out}`, import.meta.url), report);

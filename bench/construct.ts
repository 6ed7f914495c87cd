/**
 * Construction benchmark: the regret construction alone (the packing round's instance, soft
 * terms off, as `solve` first runs it) on the demo week, a 300-client council week and
 * generated 1,000- and 5,000-visit days. CPU time by `process.cpuUsage` (so a busy second core
 * does not stretch it), best of `--runs`; route evaluations (a task priced on a whole route)
 * and position checks (a task priced at one to three positions); what it placed and its cost.
 *
 *   npm run bench:construct
 *   npm run bench:construct -- --runs 3 --sizes demo,1000
 *
 * Writes bench/results/construct.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { generateCouncil } from '../src/generate/council.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { expandProblem } from '../src/model/expand.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { compileProblem } from '../src/solver/compile.js';
import { construct, ConstructCounts } from '../src/solver/engine/construct.js';
import { Problem } from '../src/solver/engine/problem.js';
import { Solution } from '../src/solver/engine/solution.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'demo,council300,1000,5000' },
    runs: { type: 'string', default: '3' },
  },
});

/** Visits a day per client in the generator's package mix (see bench/scale.ts). */
const VISITS_PER_CLIENT = 2.7;

const problems: Record<string, { label: string; input: () => ProblemInput }> = {
  demo: {
    label: 'demo week (fixtures/demo-council.json)',
    input: () => JSON.parse(readFileSync('fixtures/demo-council.json', 'utf8')) as ProblemInput,
  },
  council300: {
    label: '300-client council week (generateCouncil seed 1)',
    input: () => generateCouncil({ clients: 300, seed: 1 }),
  },
  '1000': {
    label: '1,000-visit day (generateCouncil seed 1, days 1)',
    input: () =>
      generateCouncil({ seed: 1, clients: Math.round(1000 / VISITS_PER_CLIENT), days: 1 }),
  },
  '5000': {
    label: '5,000-visit day (generateCouncil seed 1, days 1)',
    input: () =>
      generateCouncil({ seed: 1, clients: Math.round(5000 / VISITS_PER_CLIENT), days: 1 }),
  },
};

interface Row {
  readonly label: string;
  readonly tasks: number;
  readonly routes: number;
  readonly cpuMs: number;
  readonly counts: ConstructCounts;
  readonly placed: number;
  readonly cost: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const rows: Row[] = [];
const load = loadavg()[0]!;
for (const size of values.sizes.split(',')) {
  const entry = problems[size];
  if (entry === undefined) throw new Error(`unknown size ${size}`);
  const problem = parseProblem(entry.input());
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const instance = { ...compileProblem(expanded, travel).instance, soft: null };
  let best: Row | undefined;
  for (let run = 0; run < Number(values.runs); run++) {
    // The neighbour lists are the search's, built with the problem: not the construction's.
    const p = new Problem(instance);
    const sol = new Solution(p);
    const counts = new ConstructCounts();
    const before = cpuMs();
    construct(sol, {}, counts);
    const ms = cpuMs() - before;
    sol.resum();
    const row: Row = {
      label: entry.label,
      tasks: instance.nTasks,
      routes: instance.nRoutes,
      cpuMs: ms,
      counts,
      placed: instance.nTasks - sol.nUnplaced,
      cost: sol.travelCost + sol.assignmentCost,
    };
    if (best !== undefined && (best.placed !== row.placed || best.cost !== row.cost)) {
      throw new Error(
        `${size}: runs differ (${best.placed}/${best.cost} and ${row.placed}/${row.cost})`,
      );
    }
    if (best === undefined || ms < best.cpuMs) best = row;
    process.stderr.write(`${size} run ${run + 1}: ${ms.toFixed(0)} ms CPU\n`);
  }
  rows.push(best!);
}

const lines = [
  '# Construction',
  '',
  `\`npm run bench:construct -- --runs ${values.runs} --sizes ${values.sizes}\` on ${cpus().length} cores ` +
    `(${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}; 1-minute load ${load.toFixed(1)} at the start.`,
  "The regret construction alone on the packing round's instance (soft terms off, as `solve` first runs it), " +
    'from an empty roster; CPU time of the best of the runs (`process.cpuUsage`, the neighbour lists built before). ' +
    'Route evaluations price a task on a whole route; position checks price it at one to three positions. ' +
    'Cost: travel plus assignment of the constructed roster (no unplaced penalty).',
  '',
  '| problem | tasks | routes | CPU ms | route evaluations | position checks | placed | cost |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.label} | ${r.tasks} | ${r.routes} | ${r.cpuMs.toFixed(0)} | ${r.counts.routes} | ` +
      `${r.counts.positions} | ${r.placed} / ${r.tasks} | ${r.cost.toFixed(2)} |`,
  ),
  '',
];
writeFileSync('bench/results/construct.md', lines.join('\n'));
process.stdout.write(lines.join('\n'));

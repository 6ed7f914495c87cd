/**
 * County-scale benchmark: one day of 1k to 20k visits on a generated council, solved
 * neighbourhood by neighbourhood on worker threads. Each size runs in its own child process so
 * its peak memory (maxRSS) is its own.
 *
 *   npm run bench:scale                 # 1k, 5k, 10k, 20k visits
 *   npm run bench:scale -- --sizes 1000,5000 --iterations 3000
 *
 * Writes bench/results/scale.md.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkRoster } from '../src/constraints/check-roster.js';
import { CAPACITY_RULE } from '../src/constraints/eligibility.js';
import { generateCouncil } from '../src/generate/council.js';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import { solveByNeighbourhood } from '../src/solver/parallel/solve-by-neighbourhood.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,5000,10000,20000' },
    iterations: { type: 'string', default: '1500' },
    'time-cap': { type: 'string', default: '120' },
    seed: { type: 'string', default: '1' },
    one: { type: 'string' },
  },
});

/** Visits a day per client in the generator's package mix (measured, see the table). */
const VISITS_PER_CLIENT = 2.7;

interface Measurement {
  readonly targetVisits: number;
  readonly visits: number;
  readonly clients: number;
  readonly carers: number;
  readonly areas: number;
  readonly wallSeconds: number;
  readonly solveSeconds: number;
  readonly peakMemoryMb: number;
  readonly placed: number;
  readonly placeable: number;
  readonly travelShare: number;
  readonly violations: number;
}

async function measure(targetVisits: number): Promise<Measurement> {
  const started = Date.now();
  const problem = parseProblem(
    generateCouncil({
      seed: Number(values.seed),
      clients: Math.round(targetVisits / VISITS_PER_CLIENT),
      days: 1,
    }),
  );
  const solveStarted = Date.now();
  const roster = await solveByNeighbourhood(problem, {
    seed: Number(values.seed),
    maxIterations: Number(values.iterations),
    timeLimitMs: Number(values['time-cap']) * 1000,
  });
  const solveSeconds = (Date.now() - solveStarted) / 1000;
  const wallSeconds = (Date.now() - started) / 1000;
  // Visits no carer could ever do (every carer ruled out by a rule) are not the solver's to place.
  const impossible = roster.unplaced.filter(
    (visit) => !visit.reasons.some((reason) => reason.rule === CAPACITY_RULE),
  ).length;
  const visits = expandProblem(problem).visits.length;
  return {
    targetVisits,
    visits,
    clients: problem.clients.length,
    carers: problem.carers.length,
    areas: roster.areas.length,
    wallSeconds,
    solveSeconds,
    peakMemoryMb: process.resourceUsage().maxRSS / 1024,
    placed: roster.kpis.visitsPlaced,
    placeable: visits - impossible,
    travelShare: roster.kpis.travelShareOfPaidTime,
    violations: checkRoster(problem, roster).length,
  };
}

if (values.one !== undefined) {
  process.stdout.write(JSON.stringify(await measure(Number(values.one))));
} else {
  const script = fileURLToPath(import.meta.url);
  const rows: Measurement[] = [];
  for (const size of values.sizes.split(',').map(Number)) {
    process.stderr.write(`scale: ${size} visits...\n`);
    const output = execFileSync(
      process.execPath,
      [
        ...process.execArgv,
        script,
        '--one',
        String(size),
        '--iterations',
        values.iterations,
        '--time-cap',
        values['time-cap'],
        '--seed',
        values.seed,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    rows.push(JSON.parse(output) as Measurement);
  }
  const growth = (a?: Measurement, b?: Measurement) => {
    if (!a || !b) return 'n/a';
    const nlogn = (b.visits * Math.log(b.visits)) / (a.visits * Math.log(a.visits));
    return `${(b.solveSeconds / a.solveSeconds).toFixed(2)}x time for ${(b.visits / a.visits).toFixed(2)}x visits (n log n would be ${nlogn.toFixed(2)}x)`;
  };
  const at = (n: number) => rows.find((row) => row.targetVisits === n);
  const report = [
    '# Scale benchmark: one day of visits, decomposed by neighbourhood',
    '',
    `Generated councils (generateCouncil seed ${values.seed}), ${values.iterations} search iterations per neighbourhood (time cap ${values['time-cap']} s), ` +
      `${availableParallelism()} worker threads on ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}. ` +
      'Each size in its own process; peak memory is that process’s maxRSS. Straight-line travel.',
    `Produced by \`npm run bench:scale -- --sizes ${values.sizes} --iterations ${values.iterations}\`.`,
    '',
    '| visits | clients | carers | areas | wall s (generate + solve) | solve s | peak memory MB | placed / placeable | travel share | checker |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.visits} | ${r.clients} | ${r.carers} | ${r.areas} | ${r.wallSeconds.toFixed(1)} | ${r.solveSeconds.toFixed(1)} | ` +
        `${r.peakMemoryMb.toFixed(0)} | ${r.placed} / ${r.placeable} (${((100 * r.placed) / Math.max(1, r.placeable)).toFixed(2)}%) | ` +
        `${(r.travelShare * 100).toFixed(1)}% | ${r.violations} violations |`,
    ),
    '',
    `Growth from 5k to 20k: ${growth(at(5000), at(20000))}.`,
    '',
  ].join('\n');
  process.stdout.write(report);
  writeFileSync(new URL('./results/scale.md', import.meta.url), report);
}

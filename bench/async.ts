/**
 * solveAsync at the edges: how long after an abort the promise resolves, and how long the
 * caller's event loop is ever held up meanwhile, on the demo and generated councils.
 *
 *   npm run bench:async
 *   npm run bench:async -- --clients 300,600 --abort-at 200,1500,4000
 *
 * The abort is sent a given time after the call. Writes bench/results/async.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { parseProblem } from '../src/model/validate.js';
import { solveAsync } from '../src/solver/solve-async.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '300' },
    'abort-at': { type: 'string', default: '200,1500' },
  },
});

/** The time limit: far beyond the abort, so that only the abort stops the solve. */
const TIME_LIMIT_MS = 120_000;
/** Period of the caller's timer whose gaps measure how long its loop was held up. */
const TICK_MS = 10;

interface Row {
  readonly problem: string;
  readonly visits: number;
  readonly abortAtMs: number;
  readonly resolvedAfterAbortMs: number;
  readonly maxLoopGapMs: number;
  readonly stoppedBy: string;
  readonly placed: number;
  readonly violations: number;
}

async function measure(name: string, input: unknown, abortAtMs: number): Promise<Row> {
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
  const roster = await solveAsync(input, {
    timeLimitMs: TIME_LIMIT_MS,
    signal: controller.signal,
  }).finally(() => clearInterval(timer));
  const resolved = performance.now();
  return {
    problem: name,
    visits: roster.kpis.visits,
    abortAtMs,
    resolvedAfterAbortMs: Math.round(resolved - started - abortAtMs),
    maxLoopGapMs: Math.round(maxGap),
    stoppedBy: roster.stats?.stoppedBy ?? '',
    placed: roster.kpis.visitsPlaced,
    violations: checkRoster(parseProblem(input), roster).length,
  };
}

const problems: [string, unknown][] = [
  [
    'demo',
    JSON.parse(readFileSync(new URL('../fixtures/demo-council.json', import.meta.url), 'utf8')),
  ],
  ...values.clients
    .split(',')
    .map(Number)
    .map((clients): [string, unknown] => [
      `council ${clients} clients`,
      generateCouncil({ clients, seed: 1 }),
    ]),
];
const rows: Row[] = [];
for (const [name, input] of problems) {
  for (const abortAtMs of values['abort-at'].split(',').map(Number)) {
    const row = await measure(name, input, abortAtMs);
    console.log(JSON.stringify(row));
    rows.push(row);
  }
}

const machine =
  `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, ` +
  `load average ${loadavg()[0]!.toFixed(1)} at the end`;
const table = [
  '| problem | visits | abort at (ms) | resolved after abort (ms) | longest caller loop gap (ms) | stopped by | placed | violations |',
  '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.problem} | ${r.visits} | ${r.abortAtMs} | ${r.resolvedAfterAbortMs} | ${r.maxLoopGapMs} | ${r.stoppedBy} | ${r.placed} | ${r.violations} |`,
  ),
].join('\n');
const text = `# solveAsync: abort latency and the caller's event loop

\`npm run bench:async\` on ${machine}, ${new Date().toISOString().slice(0, 10)}. Time limit
${TIME_LIMIT_MS / 1000} s, so the abort alone stops each solve; "resolved after abort" is from the
\`abort()\` call to the promise resolving; "longest caller loop gap" is the largest interval
between ticks of a ${TICK_MS} ms timer in the calling thread during the whole call.

${table}
`;
writeFileSync(new URL('results/async.md', import.meta.url), text);
console.log(text);

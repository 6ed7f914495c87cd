/**
 * The commissioning what-if on a generated council: framework of K providers versus
 * neighbourhoods, same clients and carers.
 *
 *   npm run bench:commissioning -- --clients 2000 --time 60 --providers 5
 *
 * Writes bench/results/commissioning.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { generateCouncil } from '../src/generate/council.js';
import { checkRoster } from '../src/constraints/check-roster.js';
import { parseProblem } from '../src/model/validate.js';
import { compareCommissioningModels } from '../src/report/commissioning.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    days: { type: 'string', default: '1' },
    time: { type: 'string', default: '60' },
    providers: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
  },
});
const clients = Number(values.clients);
const days = Number(values.days);
const seconds = Number(values.time);
const providers = Number(values.providers);
const seed = Number(values.seed);

const problem = parseProblem(generateCouncil({ seed, clients, days }));
const started = Date.now();
const comparison = await compareCommissioningModels(problem, {
  providers,
  seed,
  timeLimitMs: seconds * 1000,
});
const elapsed = ((Date.now() - started) / 1000).toFixed(1);
const checks = [comparison.framework, comparison.neighbourhoods].map(
  (row) => `${row.model}: ${checkRoster(problem, row.roster).length} checker violations`,
);
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const report = [
  `# Commissioning what-if: ${clients} clients, ${days} day(s), ${problem.carers.length} carers`,
  '',
  `Generated council (generateCouncil seed ${seed}); ${seconds} s budget per model; ${cpus().length} cores (${cpu}), Node ${process.version}; total ${elapsed} s.`,
  `Produced by \`npm run bench:commissioning -- --clients ${clients} --days ${days} --time ${seconds} --providers ${providers} --seed ${seed}\`.`,
  '',
  comparison.table,
  '',
  ...checks.map((line) => `- ${line}`),
  '',
].join('\n');
process.stdout.write(report);
writeFileSync(new URL('./results/commissioning.md', import.meta.url), report);

/**
 * An application that bundles the package (here with esbuild) still finds the worker scripts:
 * beside its bundle under their built names, or where `workerUrl` says.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { generateCouncil } from '../src/index.js';

const run = promisify(execFile);
const src = resolve(import.meta.dirname, '../src');

/** The app: solves on a thread, then neighbourhood by neighbourhood on two, checks both. */
const APP = `
import { readFileSync } from 'node:fs';
import { checkRoster, parseProblem, solveAsync, solveByNeighbourhood } from ${JSON.stringify(`${src}/index.ts`)};

async function main() {
  const [problemPath, workerUrl] = process.argv.slice(2);
  const problem = parseProblem(JSON.parse(readFileSync(problemPath, 'utf8')));
  const roster = await solveAsync(problem, { maxIterations: 30, workerUrl });
  const solved = {
    violations: checkRoster(problem, roster).length,
    stoppedBy: roster.stats.stoppedBy,
    placed: roster.kpis.visitsPlaced,
  };
  const areas = await solveByNeighbourhood(problem, { maxIterations: 30, threads: 2, targetPeople: 5 })
    .then((areas) => ({ violations: checkRoster(problem, areas).length, areas: areas.areas.length }))
    .catch((error) => ({ error: error.message }));
  console.log(JSON.stringify({ solved, areas }));
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

async function bundle(dir: string, format: 'esm' | 'cjs', workerDir = dir): Promise<void> {
  writeFileSync(join(dir, 'app.ts'), APP);
  // Output .js files are ES modules only where a package.json says so.
  if (format === 'esm') writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  const common = { bundle: true, platform: 'node', format, logLevel: 'error' } as const;
  await build({ ...common, entryPoints: { app: join(dir, 'app.ts') }, outdir: join(dir, 'out') });
  await build({
    ...common,
    entryPoints: {
      'care-roster-solve-worker': `${src}/solver/solve-worker.ts`,
      'care-roster-worker': `${src}/solver/parallel/worker.ts`,
    },
    outdir: workerDir,
  });
}

interface AppResult {
  readonly solved: { violations: number; stoppedBy: string; placed: number };
  readonly areas: { violations?: number; areas?: number; error?: string };
}

async function runApp(dir: string, ...args: string[]): Promise<AppResult> {
  const problemPath = join(dir, 'problem.json');
  writeFileSync(problemPath, JSON.stringify(generateCouncil({ clients: 10, days: 1, seed: 2 })));
  const { stdout } = await run(process.execPath, [
    join(dir, 'out', 'app.js'),
    problemPath,
    ...args,
  ]);
  return JSON.parse(stdout) as AppResult;
}

function expectSolved(result: AppResult): void {
  expect(result.solved).toMatchObject({ violations: 0, stoppedBy: 'iterations' });
  expect(result.solved.placed).toBeGreaterThan(0);
}

describe('solveAsync in a bundled application', () => {
  it('finds the worker scripts next to an ES module bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'care-roster-bundle-'));
    await bundle(dir, 'esm', join(dir, 'out'));
    const result = await runApp(dir);
    expectSolved(result);
    expect(result.areas.violations).toBe(0);
    expect(result.areas.areas).toBeGreaterThan(1);
  });

  it('finds them next to a CommonJS bundle too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'care-roster-bundle-cjs-'));
    await bundle(dir, 'cjs', join(dir, 'out'));
    const result = await runApp(dir);
    expectSolved(result);
    expect(result.areas.violations).toBe(0);
  });

  it('runs the solve worker from where workerUrl says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'care-roster-bundle-url-'));
    const elsewhere = join(dir, 'workers');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'package.json'), '{ "type": "module" }');
    await bundle(dir, 'esm', elsewhere);
    const result = await runApp(dir, join(elsewhere, 'care-roster-solve-worker.js'));
    expectSolved(result);
    // The area workers are not beside the bundle: the decomposed solve says so plainly.
    expect(result.areas.error).toMatch(/worker script not found: .*care-roster-worker\.js/);
  });
});

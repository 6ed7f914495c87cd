/**
 * Same input, seed and `--iterations`: the roster file is byte for byte the same, apart from the
 * timing under `stats`, for a plain solve and for `--by-neighbourhood` on 0 and 2 threads.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli.js';
import { generateCouncil } from '../src/generate/council.js';
import { validateProblem } from '../src/model/validate.js';
import { validateRoster } from '../src/model/roster-schema.js';
import { checkRoster } from '../src/constraints/check-roster.js';

/** The fields under `stats` that measure time and so may differ between runs. */
const TIMING_FIELDS = ['elapsedMs'];

let dir: string;
let problemPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'care-roster-determinism-'));
  problemPath = join(dir, 'problem.json');
  writeFileSync(problemPath, JSON.stringify(generateCouncil({ seed: 4, clients: 14, days: 1 })));
});

beforeEach(() => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

let runs = 0;

/** Solves to a file and returns the file's text with the timing fields removed. */
async function solveToFile(...args: string[]): Promise<string> {
  const output = join(dir, `roster-${(runs += 1)}.json`);
  const code = await runCli(['node', 'care-roster', 'solve', problemPath, '-o', output, ...args]);
  expect(code).toBeLessThanOrEqual(1);
  const text = readFileSync(output, 'utf8');
  const roster = JSON.parse(text) as { stats: Record<string, unknown> };
  for (const field of TIMING_FIELDS) {
    expect(roster.stats[field]).toEqual(expect.any(Number));
    delete roster.stats[field];
  }
  return JSON.stringify(roster, null, 2);
}

function expectChecked(text: string): void {
  const problem = validateProblem(JSON.parse(readFileSync(problemPath, 'utf8')));
  // The compared text has its timing fields removed; put them back for the schema.
  const file = JSON.parse(text) as { stats: Record<string, unknown> };
  for (const field of TIMING_FIELDS) file.stats[field] = 0;
  const roster = validateRoster(file);
  if (!problem.ok || !roster.ok) throw new Error('the problem or the roster does not validate');
  expect(checkRoster(problem.problem, roster.roster)).toEqual([]);
}

describe('roster files are deterministic', () => {
  it('a plain solve writes the same file twice', async () => {
    const first = await solveToFile('--seed', '3', '--iterations', '10');
    const second = await solveToFile('--seed', '3', '--iterations', '10');
    expect(second).toBe(first);
    expectChecked(first);
    // Only the timing was removed: the stopping reason is part of the compared text.
    expect(first).toContain('"stoppedBy": "iterations"');
    const otherSeed = await solveToFile('--seed', '4', '--iterations', '10');
    expect(otherSeed).not.toBe(first);
  });

  it('--by-neighbourhood writes the same file on 0 and 2 threads', async () => {
    const args = ['--by-neighbourhood', '--target-people', '5', '--seed', '5', '--iterations'];
    const inline = await solveToFile(...args, '5', '--threads', '0');
    const threaded = await solveToFile(...args, '5', '--threads', '2');
    const again = await solveToFile(...args, '5', '--threads', '2');
    expect(threaded).toBe(inline);
    expect(again).toBe(inline);
    expect(JSON.parse(inline).areas.length).toBeGreaterThan(1);
    expectChecked(inline);
  });
});

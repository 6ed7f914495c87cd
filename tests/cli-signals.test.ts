/**
 * The command line as a real process: Ctrl-C (SIGINT) or SIGTERM during `solve` writes the best
 * roster so far and exits 130 / 143; `--progress` prints a line about once a second.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRoster, parseProblem } from '../src/index.js';
import { validateRoster } from '../src/model/roster-schema.js';
import { smallProblem } from './support/problems.js';

const root = resolve(import.meta.dirname, '..');
const demoPath = join(root, 'fixtures/demo-council.json');

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Runs the CLI from source (node with the tsx loader: one process, so a signal reaches it
 * directly). `onStderr` sees stderr as it grows and may signal the child.
 */
function runCli(
  args: readonly string[],
  onStderr: (text: string, kill: (signal: NodeJS.Signals) => void) => void = () => {},
): Promise<Finished> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      onStderr(stderr, (signal) => child.kill(signal));
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stderr }));
  });
}

function expectCheckedRoster(problemPath: string, rosterPath: string): void {
  const parsed = validateRoster(JSON.parse(readFileSync(rosterPath, 'utf8')));
  if (!parsed.ok) throw new Error(`not a roster: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
  expect(parsed.roster.stats?.stoppedBy).toBe('aborted');
  const problem = parseProblem(JSON.parse(readFileSync(problemPath, 'utf8')));
  expect(checkRoster(problem, parsed.roster)).toEqual([]);
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('care-roster solve stopped by %s', (signal, exitCode) => {
  it(`writes the best roster so far, says so and exits ${exitCode}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'care-roster-signal-'));
    const output = join(dir, 'roster.json');
    let sent = false;
    const finished = await runCli(
      ['solve', demoPath, '-o', output, '--time-limit', '60', '--progress'],
      // The first progress line comes a second into the solve, once the handlers are in place.
      (stderr, kill) => {
        if (!sent && stderr.includes('progress:')) {
          sent = true;
          setTimeout(() => kill(signal), 500);
        }
      },
    );
    expect(sent).toBe(true);
    expect(finished.stderr).toContain(
      `interrupted: wrote the best roster found so far to ${output}`,
    );
    expect(finished.stderr).toContain('Checker: 0 violation(s)');
    expect(finished.stderr).not.toMatch(/\n\s+at /);
    expect(finished).toMatchObject({ code: exitCode, signal: null });
    expectCheckedRoster(demoPath, output);
  }, 120_000);
});

describe('care-roster solve progress', () => {
  it('prints a progress line about once a second with --progress, and none without', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'care-roster-progress-'));
    const problemPath = join(dir, 'problem.json');
    writeFileSync(problemPath, JSON.stringify(smallProblem()));
    const args = ['solve', problemPath, '-o', join(dir, 'r.json'), '--time-limit', '2.5'];
    const [withProgress, without] = await Promise.all([
      runCli([...args, '--progress']),
      runCli(args),
    ]);
    expect(withProgress.code).toBe(0);
    const lines = withProgress.stderr.split('\n').filter((line) => line.startsWith('progress:'));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    // About once a second: never two lines within much less than that. The times are printed
    // to a tenth, so 1.9 after 1.0 (0.8999... in floating point) is a second apart as printed.
    const tenths = lines.map((line) =>
      Math.round(Number(/^progress: (\d+\.\d) s/.exec(line)?.[1]) * 10),
    );
    for (let i = 1; i < tenths.length; i++) {
      expect(tenths[i]! - tenths[i - 1]!).toBeGreaterThanOrEqual(9);
    }
    expect(lines.at(-1)).toMatch(
      /^progress: \d+\.\d s, (preparing|iteration \d+, best cost .+, \d+ carer-visits unplaced)/,
    );
    expect(without.code).toBe(0);
    expect(without.stderr).not.toContain('progress:');
  }, 60_000);

  it('lists the exit codes in solve --help', async () => {
    const help = await new Promise<string>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', 'solve', '--help'], {
        cwd: root,
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('close', () => done(out));
    });
    expect(help).toMatch(/130\s+interrupted by SIGINT/);
    expect(help).toMatch(/143\s+interrupted by SIGTERM/);
  }, 60_000);
});

/**
 * Runs the command line in-process with stdout and stderr captured, each test in a scratch
 * folder of its own: the harness the CLI test files share.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';
import { runCli } from '../../src/cli.js';

/** What the running test's commands wrote, and its folder. Tests may reset the texts. */
export interface CliOutput {
  dir: string;
  stdout: string;
  stderr: string;
}

/**
 * Registers hooks that give each test of the file a fresh folder (`prefix` names it) and
 * capture `process.stdout` and `process.stderr` into the returned object.
 */
export function captureCliOutput(prefix: string): CliOutput {
  const output: CliOutput = { dir: '', stdout: '', stderr: '' };
  beforeEach(() => {
    output.dir = mkdtempSync(join(tmpdir(), prefix));
    output.stdout = '';
    output.stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      output.stderr += String(chunk);
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      output.stdout += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return output;
}

/** `care-roster ...args`, in-process; resolves to the exit code. */
export const cli = (...args: string[]): Promise<number> => runCli(['node', 'care-roster', ...args]);

/** Writes `value` as JSON to `name` in `dir` and returns the path. */
export function writeJsonIn(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

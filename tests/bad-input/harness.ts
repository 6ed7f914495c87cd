/** Runs the CLI in-process for the bad-input suite, capturing what it prints. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { runCli } from '../../src/cli.js';

/** What one run of the CLI did. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let dir = '';

/** Installs the stdout/stderr capture and a fresh temporary folder for each test of a file. */
export function useCliHarness(): void {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'care-roster-bad-input-'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
}

/** A path in this test's temporary folder. */
export function tempPath(name: string): string {
  return join(dir, name);
}

/** Writes `text` (a string as is, anything else as JSON) to a temporary file; returns its path. */
export function writeTemp(name: string, content: unknown): string {
  const path = tempPath(name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** Runs `care-roster ...args`, with `stdin` as its standard input when given. */
export async function run(args: readonly string[], stdin?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCli(['node', 'care-roster', ...args], {
      stdin: stdin === undefined ? undefined : Readable.from([stdin]),
    });
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** No stack trace: no line of the form `    at fn (file:line:col)`. */
export function expectNoStack(result: CliRun): void {
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^\s+at /m);
}

/** Exit 2, every expected text (a JSON path and what is wrong) on stderr, and no stack trace. */
export function expectBadInput(result: CliRun, ...texts: string[]): void {
  expectNoStack(result);
  for (const text of texts) expect(result.stderr).toContain(text);
  expect(result.code).toBe(2);
}

/**
 * What every command of the command line shares: reading input files (or stdin, `-`) into a
 * problem or a roster with errors a person can act on, writing output files (or stdout), option
 * parsers, and the exit codes.
 */
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { validateProblem } from '../model/validate.js';
import type { ValidationIssue } from '../model/validate.js';
import { validateRoster } from '../model/roster-schema.js';
import type { Problem } from '../model/schema.js';
import type { Roster } from '../model/roster.js';

/** The checker found violations. */
export const EXIT_VIOLATIONS = 1;
/** Bad input: a file, an option or a value was wrong; every issue is listed. */
export const EXIT_BAD_INPUT = 2;
/** An unexpected internal error: one line on stderr, the stack only with `--debug`. */
export const EXIT_INTERNAL_ERROR = 3;

/** The file name that means stdin (for an input) or stdout (for `-o`). */
export const STDIO = '-';

/** Stdin, read once before a command that names `-` runs, so reading input stays synchronous. */
let stdinText: string | undefined;

/** Reads all of `stream` (stdin) so that a later `readJson('-')` returns it. */
export async function bufferStdin(stream: NodeJS.ReadableStream): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  stdinText = Buffer.concat(chunks).toString('utf8');
}

/** Forgets buffered stdin, so one command's input never leaks into the next run. */
export function clearStdin(): void {
  stdinText = undefined;
}

/** Bad input: reported on stderr as a list, never as a stack trace. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
  }
}

/** How messages name an input: its path, or "stdin" for `-`. */
function displayName(path: string): string {
  return path === STDIO ? 'stdin' : path;
}

function readText(path: string): string {
  if (path === STDIO) {
    if (stdinText === undefined) throw new InputError('stdin (-): nothing was read from stdin');
    return stdinText;
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `${path}: no such file`
        : code === 'EISDIR'
          ? `${path}: is a directory, not a file`
          : `${path}: cannot read (${code ?? String(error)})`,
    );
  }
}

/** Line and column (1-based) of a character offset, as editors count them. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/** Control and invisible characters written as `\uXXXX`, so a message never hides its cause. */
function visible(text: string): string {
  return text.replace(
    // The control range is the point of this pattern.
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Reads a JSON file (`-` for stdin). A UTF-8 byte-order mark is skipped, as editors on Windows
 * write one. Syntax errors name `file:line:column`.
 * @throws {InputError} when the file cannot be read or is not JSON.
 */
export function readJson(path: string): unknown {
  const raw = readText(path);
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const name = displayName(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = visible(error instanceof Error ? error.message : String(error));
    const position = /at position (\d+)/.exec(message);
    const where = position ? `:${lineColumn(text, Number(position[1]))}` : '';
    const reason = error instanceof SyntaxError ? message : `cannot be read as JSON (${message})`;
    throw new InputError(`${name}${where}: not valid JSON: ${reason}`);
  }
}

/**
 * Checks that `path` can take an output file (or is `-` / absent: stdout), before any time is
 * spent solving, so a typo in `-o` never costs a whole solve.
 * @throws {InputError} naming what is wrong with the path.
 */
export function checkOutputPath(path: string | undefined): void {
  if (path === undefined || path === STDIO) return;
  const where = `-o ${path}`;
  const existing = statOrUndefined(path);
  if (existing?.isDirectory()) {
    throw new InputError(`${where}: is a directory; give a file name, e.g. ${path}/roster.json`);
  }
  const folder = dirname(resolve(path));
  const parent = statOrUndefined(folder);
  if (!parent) throw new InputError(`${where}: the folder ${folder} does not exist`);
  if (!parent.isDirectory()) throw new InputError(`${where}: ${folder} is not a folder`);
  try {
    accessSync(existing ? path : folder, constants.W_OK);
  } catch {
    throw new InputError(
      existing
        ? `${where}: the file is not writable`
        : `${where}: the folder ${folder} is not writable`,
    );
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Writes `text` to `path`, or to stdout when `path` is absent or `-`. When the file cannot be
 * written after all (the disk filled, the folder went away during a long solve), the output is
 * saved in the temporary folder instead, so the work is never lost.
 * @throws {InputError} saying where the output went instead.
 */
export function writeOutput(path: string | undefined, text: string): void {
  if (path === undefined || path === STDIO) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const rescue = join(tmpdir(), `care-roster-${process.pid}-${basename(path)}`);
    try {
      writeFileSync(rescue, text);
    } catch {
      throw new InputError(`-o ${path}: cannot write the file (${code}), nor a copy in ${rescue}`);
    }
    throw new InputError(`-o ${path}: cannot write the file (${code}); saved to ${rescue} instead`);
  }
}

/** True when output goes to a file rather than stdout. */
export function isFile(path: string | undefined): path is string {
  return path !== undefined && path !== STDIO;
}

export function loadProblem(path: string): Problem {
  const result = validateProblem(readJson(path));
  if (!result.ok) {
    throw new InputError(
      `${displayName(path)}: ${result.issues.length} problem(s) with the input`,
      result.issues,
    );
  }
  return result.problem;
}

export function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('must be a positive number');
  }
  return number;
}

export function wholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError('must be a whole number, 0 or more');
  }
  return number;
}

/** Reads and validates a roster file, or throws an {@link InputError} listing every issue. */
export function loadRoster(path: string): Roster {
  const parsed = validateRoster(readJson(path));
  if (!parsed.ok) throw new InputError(`${displayName(path)}: not a roster`, parsed.issues);
  return parsed.roster;
}

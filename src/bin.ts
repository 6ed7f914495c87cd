#!/usr/bin/env node
/** The `care-roster` executable. */
import { internalErrorReport, runCli } from './cli.js';
import { EXIT_INTERNAL_ERROR } from './cli/input.js';

const debug = process.argv.includes('--debug');

// Anything that escapes a command (an error in a callback, a worker's stray rejection) still ends
// as one line and exit 3, never as Node's stack dump.
function fail(error: unknown): void {
  process.stderr.write(`${internalErrorReport(error, debug)}\n`);
  process.exit(EXIT_INTERNAL_ERROR);
}
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

void runCli(process.argv).then((code) => {
  process.exitCode = code;
}, fail);

#!/usr/bin/env node
/** The `care-roster` executable. */
import { runCli } from './cli.js';

void runCli(process.argv).then((code) => {
  process.exitCode = code;
});

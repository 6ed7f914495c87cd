#!/usr/bin/env node
/** The `care-roster` executable. */
import { runCli } from './cli.js';

process.exitCode = runCli(process.argv);

/** An unexpected error inside a command: one line and exit 3; the stack only with --debug. */
import { describe, expect, it, vi } from 'vitest';
import { smallProblem } from '../support/problems.js';
import { run, useCliHarness, writeTemp } from './harness.js';

// A fault the CLI cannot foresee, in the code that runs after the solve.
vi.mock('../../src/report/summary.js', () => ({
  summariseRoster: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'length')");
  },
}));

useCliHarness();

describe('an internal error', () => {
  it('prints one line and exits 3', async () => {
    const result = await run(['solve', writeTemp('p.json', smallProblem()), '--iterations', '5']);
    expect(result.stderr).toContain(
      "internal error: Cannot read properties of undefined (reading 'length') (run with --debug for the stack)\n",
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(3);
  });

  it('prints the stack with --debug', async () => {
    const path = writeTemp('p.json', smallProblem());
    const result = await run(['--debug', 'solve', path, '--iterations', '5']);
    expect(result.stderr).toMatch(/^internal error: TypeError: Cannot read/m);
    expect(result.stderr).toMatch(/^\s+at /m);
    expect(result.code).toBe(3);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Roster, SolveProgress, TravelMatrix } from '../src/index.js';
import {
  checkRoster,
  expandProblem,
  parseProblem,
  ProblemValidationError,
  solve,
  solveAsync,
  straightLineTravelMatrix,
} from '../src/index.js';
import { smallProblem, smallCouncil } from './support/problems.js';

/** A small council: enough for every round of the solver, quick to compile. */
const { council } = smallCouncil();

/** The roster without its timing, for comparing runs. */
function withoutTiming(roster: Roster) {
  const { stats, ...rest } = roster;
  return { ...rest, iterations: stats?.iterations, cost: stats?.cost, stoppedBy: stats?.stoppedBy };
}

function expectChecked(input: unknown, roster: Roster): void {
  expect(checkRoster(parseProblem(input), roster)).toEqual([]);
}

describe('solveAsync', () => {
  it('leaves the event loop running during the solve', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = Date.now();
    const roster = await solveAsync(council, { timeLimitMs: 1500 }).finally(() =>
      clearInterval(timer),
    );
    const elapsed = Date.now() - started;
    expectChecked(council, roster);
    expect(roster.stats?.stoppedBy).toBe('time-limit');
    // A blocked loop ticks once at the end; a free one every 10 ms. Half of them is plenty of
    // margin for a loaded machine.
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(ticks).toBeGreaterThan(elapsed / 10 / 2);
  });

  it('stops within a second of an abort, with the best roster so far, where the limit is 30 s', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const reports: SolveProgress[] = [];
    const roster = await solveAsync(council, {
      timeLimitMs: 30_000,
      signal: controller.signal,
      onProgress: (progress) => {
        reports.push(progress);
        // Abort 200 ms into the solve proper (worker start-up on a loaded machine varies).
        if (reports.length === 1) {
          setTimeout(() => {
            abortedAt = Date.now();
            controller.abort();
          }, 200);
        }
      },
    });
    const afterAbort = Date.now() - abortedAt;
    expect(abortedAt).toBeGreaterThan(0);
    expect(afterAbort).toBeLessThan(1000);
    expect(roster.stats?.stoppedBy).toBe('aborted');
    expectChecked(council, roster);
    const visits = expandProblem(parseProblem(council)).visits.length;
    const placed = new Set(roster.routes.flatMap((r) => r.stops.map((s) => s.visitKey)));
    expect(placed.size + roster.unplaced.length).toBe(visits);
  });

  it('returns at once when the signal is aborted before the call', async () => {
    const roster = await solveAsync(council, {
      timeLimitMs: 30_000,
      signal: AbortSignal.abort(),
    });
    expect(roster.stats?.stoppedBy).toBe('aborted');
    expect(roster.stats?.elapsedMs).toBeLessThan(5_000);
    expectChecked(council, roster);
  });

  it("forwards the worker's progress reports to the caller's thread", async () => {
    const reports: SolveProgress[] = [];
    await solveAsync(council, { maxIterations: 60, onProgress: (p) => reports.push(p) });
    expect(reports.length).toBeGreaterThan(1);
    for (const report of reports) {
      expect(report).toMatchObject({
        iteration: expect.any(Number),
        elapsedMs: expect.any(Number),
        bestCost: expect.any(Number),
        unplacedTasks: expect.any(Number),
      });
    }
    expect(reports.at(-1)!.iteration).toBeGreaterThan(0);
  });

  it('gives the same roster as solve for the same seed and iteration limit', async () => {
    const options = { seed: 7, maxIterations: 60 };
    const [threaded, inline] = [await solveAsync(council, options), solve(council, options)];
    expect(withoutTiming(threaded)).toEqual(withoutTiming(inline));
    expect(threaded.stats?.stoppedBy).toBe('iterations');
    expectChecked(council, threaded);
    // With a signal that never aborts, the worker also posts rosters of its best so far as it
    // goes, in case the caller stops waiting: the answer is still the same.
    const signal = new AbortController().signal;
    const watched = await solveAsync(council, { ...options, signal });
    expect(withoutTiming(watched)).toEqual(withoutTiming(inline));
  });

  it("solves on the caller's travel matrix", async () => {
    const problem = parseProblem(council);
    const expanded = expandProblem(problem);
    const straight = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
    // Slow roads: twice the straight-line estimate, so the roster differs from the default one.
    const slow: TravelMatrix = {
      locations: straight.locations,
      minutes: (from, to, mode) => 2 * straight.minutes(from, to, mode),
      metres: (from, to, mode) => straight.metres(from, to, mode),
    };
    const options = { seed: 3, maxIterations: 40, travel: slow };
    const threaded = await solveAsync(council, options);
    expect(withoutTiming(threaded)).toEqual(withoutTiming(solve(council, options)));
    expect(threaded.kpis.travelMinutes).not.toBe(
      solve(council, { seed: 3, maxIterations: 40 }).kpis.travelMinutes,
    );
    expect(checkRoster(problem, threaded, { travel: slow })).toEqual([]);
  });

  it('rejects invalid input with a ProblemValidationError listing JSON paths', async () => {
    const problem = smallProblem() as Record<string, unknown>;
    const carers = problem.carers as Record<string, unknown>[];
    const bad = { ...problem, carers: [{ ...carers[0], home: { lat: 95, lon: 0 } }, carers[1]] };
    const error = await solveAsync(bad, { maxIterations: 10 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProblemValidationError);
    const issues = (error as ProblemValidationError).issues;
    expect(issues.map((issue) => issue.path)).toContain('$.carers[0].home.lat');
    expect((error as Error).message).toContain('$.carers[0].home.lat');
  });

  it('rejects with a plain error when the worker thread crashes or quits, and never hangs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'care-roster-worker-'));
    const throwing = join(dir, 'throws.mjs');
    writeFileSync(throwing, "throw new Error('out of cheese');\n");
    await expect(solveAsync(council, { workerUrl: throwing })).rejects.toThrow(
      /solve worker thread crashed: out of cheese/,
    );
    const quitting = join(dir, 'quits.mjs');
    writeFileSync(quitting, 'process.exit(0);\n');
    await expect(solveAsync(council, { workerUrl: quitting })).rejects.toThrow(
      /solve worker thread exited \(code 0\) without a roster/,
    );
    await expect(solveAsync(council, { workerUrl: join(dir, 'none.js') })).rejects.toThrow(
      /worker script not found: .*none\.js/,
    );
  });

  it('rejects input that cannot be copied to a thread with a plain message', async () => {
    const withFunction = { ...smallProblem(), name: () => 'x' };
    await expect(solveAsync(withFunction)).rejects.toThrow(/must be plain data/);
  });
});

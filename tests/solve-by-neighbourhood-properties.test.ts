import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { expandProblem } from '../src/model/expand.js';
import type { Roster } from '../src/model/roster.js';
import type { Problem } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import type { NeighbourhoodSolveOptions } from '../src/solver/parallel/solve-by-neighbourhood.js';
import { solveByNeighbourhood } from '../src/solver/parallel/solve-by-neighbourhood.js';

/**
 * A signal that aborts `afterMs` from now. Read synchronously it turns aborted at that moment
 * even while this thread is busy in a search (as a real signal cannot), so an abort can land
 * anywhere: in a neighbourhood solved in this thread, between them, or in the boundary pass.
 * Its 'abort' event fires from a timer, as a real signal's does, for the worker threads.
 */
function abortAfter(afterMs: number): { signal: AbortSignal; dispose: () => void } {
  const at = Date.now() + afterMs;
  const target = new EventTarget();
  const timer = setTimeout(() => target.dispatchEvent(new Event('abort')), afterMs);
  const signal = Object.defineProperty(target, 'aborted', { get: () => Date.now() >= at });
  return { signal: signal as unknown as AbortSignal, dispose: () => clearTimeout(timer) };
}

/** Each visit placed with exactly its carers or listed unplaced with a reason, never both. */
function accountedFor(problem: Problem, roster: Roster): string[] {
  const stops = new Map<string, number>();
  for (const route of roster.routes) {
    for (const stop of route.stops) stops.set(stop.visitKey, (stops.get(stop.visitKey) ?? 0) + 1);
  }
  const unplaced = new Map(roster.unplaced.map((entry) => [entry.visitKey, entry]));
  const faults: string[] = [];
  for (const visit of expandProblem(problem).visits) {
    const placed = stops.get(visit.id) ?? 0;
    const listed = unplaced.get(visit.id);
    if (listed && placed > 0) faults.push(`${visit.id}: placed and unplaced`);
    if (!listed && placed !== visit.carersNeeded) {
      faults.push(`${visit.id}: ${placed} of ${visit.carersNeeded} carers, not listed unplaced`);
    }
    if (listed && listed.reasons.length === 0) faults.push(`${visit.id}: unplaced, no reason`);
  }
  return faults;
}

const limit = fc.oneof(
  fc.record({ kind: fc.constant('iterations' as const), value: fc.integer({ min: 5, max: 60 }) }),
  fc.record({ kind: fc.constant('time' as const), value: fc.integer({ min: 50, max: 700 }) }),
  fc.record({ kind: fc.constant('abort' as const), value: fc.integer({ min: 0, max: 700 }) }),
);

describe('solveByNeighbourhood on generated councils', () => {
  it('is checker-clean and accounts for every visit, whatever the areas, threads and limits', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 10_000 }),
          clients: fc.integer({ min: 20, max: 60 }),
          days: fc.integer({ min: 1, max: 2 }),
          doubleUpShare: fc.double({ min: 0.1, max: 0.4, noNaN: true }),
          // Short of carers, so the pass across boundaries has work to do.
          carerHoursMargin: fc.double({ min: 0.8, max: 1.25, noNaN: true }),
          // Mostly small areas, so most problems split into several.
          targetPeople: fc.oneof(
            { weight: 2, arbitrary: fc.integer({ min: 20, max: 40 }) },
            { weight: 1, arbitrary: fc.integer({ min: 20, max: 300 }) },
          ),
          threads: fc.constantFrom(0, 2),
          limit,
        }),
        async ({ seed, targetPeople, threads, limit: bound, ...council }) => {
          const problem = parseProblem(generateCouncil({ seed, ...council }));
          const abort = bound.kind === 'abort' ? abortAfter(bound.value) : undefined;
          const options: NeighbourhoodSolveOptions = {
            seed,
            targetPeople,
            threads,
            ...(bound.kind === 'iterations' ? { maxIterations: bound.value } : {}),
            ...(bound.kind === 'time' ? { timeLimitMs: bound.value } : {}),
            ...(abort ? { signal: abort.signal, maxIterations: 100_000 } : {}),
          };
          const roster = await solveByNeighbourhood(problem, options).finally(() =>
            abort?.dispose(),
          );
          expect(checkRoster(problem, roster)).toEqual([]);
          expect(accountedFor(problem, roster)).toEqual([]);
        },
      ),
      { numRuns: 8, seed: 20_260_323, endOnFailure: true },
    );
  });
});

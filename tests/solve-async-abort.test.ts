/**
 * solveAsync stopped at any moment (while the worker starts, parses, compiles or searches):
 * it resolves with a checker-clean roster that places or lists every visit. How fast it
 * resolves is measured in `npm run bench:async`, not here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Roster } from '../src/index.js';
import {
  checkRoster,
  explainRoster,
  NOT_REACHED_RULE,
  ProblemValidationError,
  solve,
  solveAsync,
  straightLineTravelMatrix,
} from '../src/index.js';
import { notReachedRoster } from '../src/solver/not-reached.js';
import { smallProblem, smallCouncil } from './support/problems.js';

const { council, problem, expanded } = smallCouncil();

/** Checker-clean, and every visit placed or listed unplaced with at least one reason. */
function expectComplete(roster: Roster): void {
  expect(checkRoster(problem, roster)).toEqual([]);
  const placed = new Set(roster.routes.flatMap((r) => r.stops.map((s) => s.visitKey)));
  for (const entry of roster.unplaced) expect(entry.reasons.length).toBeGreaterThan(0);
  const listed = new Set([...placed, ...roster.unplaced.map((entry) => entry.visitKey)]);
  expect(listed.size).toBe(expanded.visits.length);
  expect(placed.size + roster.unplaced.length).toBe(expanded.visits.length);
}

/** Whether every visit is unplaced as not reached. */
function noneReached(roster: Roster): boolean {
  return (
    roster.routes.every((route) => route.stops.length === 0) &&
    roster.unplaced.length === expanded.visits.length &&
    roster.unplaced.every((entry) => entry.reasons.every((r) => r.rule === NOT_REACHED_RULE))
  );
}

function abortAfter(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

describe('solveAsync stopped at any moment', () => {
  it('resolves after an abort at a random moment with a complete, checker-clean roster', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1500 }), async (abortAtMs) => {
        const roster = await solveAsync(council, {
          seed: 1,
          timeLimitMs: 60_000,
          signal: abortAfter(abortAtMs),
        });
        expect(roster.stats?.stoppedBy).toBe('aborted');
        expectComplete(roster);
      }),
      { numRuns: 5, seed: 9 },
    );
  });

  it('resolves an abort in the first 50 ms with every visit not reached', async () => {
    for (const abortAtMs of [0, 50]) {
      const roster = await solveAsync(council, {
        timeLimitMs: 60_000,
        signal: abortAfter(abortAtMs),
      });
      expect(roster.stats?.stoppedBy).toBe('aborted');
      expect(roster.stats?.iterations).toBe(0);
      expect(noneReached(roster)).toBe(true);
      expectComplete(roster);
    }
  });

  it('resolves a time limit that ends while the worker starts with a complete roster', async () => {
    const roster = await solveAsync(council, { timeLimitMs: 20 });
    expect(roster.stats?.stoppedBy).toBe('time-limit');
    expectComplete(roster);
  });

  it('still rejects invalid input aborted before the worker read it', async () => {
    const bad = { ...(smallProblem() as Record<string, unknown>), horizon: { start: 'soon' } };
    const error = await solveAsync(bad, { signal: AbortSignal.abort() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProblemValidationError);
    expect((error as ProblemValidationError).issues.map((i) => i.path)).toContain(
      '$.horizon.start',
    );
  });
});

describe('the not-reached roster', () => {
  it('is checker-clean and costed as explainRoster prices it', () => {
    const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
    const roster = notReachedRoster(expanded, travel, {
      seed: 3,
      elapsedMs: 7,
      stoppedBy: 'time-limit',
    });
    expectComplete(roster);
    expect(noneReached(roster)).toBe(true);
    expect(roster.kpis.visitsUnplaced).toBe(expanded.visits.length);
    const explained = explainRoster(problem, roster);
    expect(roster.stats?.cost).toBeCloseTo(explained.total, 6);
    for (const { rule, cost } of explained.byRule) {
      expect(roster.stats?.costByRule[rule]).toBeCloseTo(cost, 6);
    }
  });

  it('is what solve returns when aborted before it starts', () => {
    const roster = solve(council, { signal: AbortSignal.abort() });
    expect(roster.stats?.stoppedBy).toBe('aborted');
    expect(noneReached(roster)).toBe(true);
    expectComplete(roster);
  });
});

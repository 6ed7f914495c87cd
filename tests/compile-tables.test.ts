import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { NOT_REACHED_RULE } from '../src/constraints/eligibility.js';
import { generateCouncil } from '../src/generate/council.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import type { TravelMatrix } from '../src/geo/travel-matrix.js';
import { expandProblem } from '../src/model/expand.js';
import type { Location, TransportMode } from '../src/model/schema.js';
import { TRANSPORT_MODES } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { CompileStopped, compileProblem } from '../src/solver/compile.js';
import { solveExpanded } from '../src/solver/solve.js';
import { prng } from './support/geo-fixtures.js';

/** The same figures without the bulk form, so the compiler asks pair by pair. */
function pairByPair(travel: TravelMatrix): TravelMatrix {
  return {
    locations: travel.locations,
    minutes: (from, to, mode) => travel.minutes(from, to, mode),
    metres: (from, to, mode) => travel.metres(from, to, mode),
    ...(travel.source === undefined ? {} : { source: travel.source }),
  };
}

/** `count` places scattered over a county, so that distances run from metres to tens of km. */
function places(count: number): Location[] {
  const random = prng(17);
  return Array.from({ length: count }, () => ({
    lat: 53.5 + random() * 0.6,
    lon: -1.9 + random() * 0.9,
  }));
}

const settings = parseProblem(generateCouncil({ seed: 2, clients: 4, days: 1 })).settings.travel;

describe('the straight-line estimate tabulated a row at a time', () => {
  // Below and above the size at which the estimate stops keeping a dense table of its own.
  for (const count of [40, 1_600]) {
    it(`gives exactly the pair-by-pair minutes over ${count} places`, () => {
      const travel = straightLineTravelMatrix(places(count), settings);
      const modes: TransportMode[] = [...TRANSPORT_MODES];
      const targets = Array.from({ length: count }, (_, index) => index);
      for (const from of [0, 1, count >> 1, count - 1]) {
        const out = modes.map(() => new Float64Array(count + 3));
        travel.minutesRow?.(from, targets, modes, out, 3);
        modes.forEach((mode, m) => {
          const expected = targets.map((to) => travel.minutes(from, to, mode));
          expect(Array.from(out[m]!.subarray(3))).toEqual(expected);
        });
      }
    });
  }
});

describe('compiling a problem', () => {
  const problem = parseProblem(generateCouncil({ seed: 6, clients: 30, days: 2 }));
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('builds the same instance from a row-at-a-time provider as from one asked pair by pair', () => {
    expect(travel.minutesRow).toBeDefined();
    const rows = compileProblem(expanded, travel);
    const pairs = compileProblem(expanded, pairByPair(travel));
    expect(rows.instance).toEqual(pairs.instance);
  });

  /**
   * A clock that moves one millisecond each time it is read, from 0: a deadline of `n` then falls
   * at the compiler's n-th look, whatever the machine's speed.
   */
  function steppingClock(): { readonly reads: () => number } {
    let now = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => now++);
    return { reads: () => now };
  }

  it('stops at its deadline, at its first look, half-way or at its last', () => {
    const clock = steppingClock();
    compileProblem(expanded, travel, {}, Number.MAX_SAFE_INTEGER);
    const looks = clock.reads();
    // Enough looks that stopping half-way is inside the work, not at its first look.
    expect(looks).toBeGreaterThan(4);
    for (const at of [1, looks >> 1, looks - 1]) {
      steppingClock();
      expect(() => compileProblem(expanded, travel, {}, at)).toThrow(CompileStopped);
    }
  });

  it('stopped during compiling, the solve lists every visit unplaced as not reached', () => {
    const clock = steppingClock();
    compileProblem(expanded, travel, {}, Number.MAX_SAFE_INTEGER);
    const looks = clock.reads();
    steppingClock();
    // A limit whose search deadline (the limit less the time kept back for the answer: 5 %,
    // or 0.005 ms a visit when that is more) falls half-way through the compiler's looks.
    const deadline = 1 + looks / 2;
    const perVisit = expanded.visits.length * 0.005;
    const timeLimitMs =
      (deadline + perVisit) * 0.05 <= perVisit ? deadline + perVisit : deadline / 0.95;
    const roster = solveExpanded(expanded, travel, { seed: 1, timeLimitMs }, 0);
    expect(roster.stats?.stoppedBy).toBe('time-limit');
    expect(roster.routes).toEqual([]);
    expect(roster.unplaced.map((visit) => visit.visitKey).sort()).toEqual(
      expanded.visits.map((visit) => visit.id).sort(),
    );
    for (const visit of roster.unplaced) {
      expect(visit.reasons.map((reason) => reason.rule)).toEqual([NOT_REACHED_RULE]);
    }
    vi.restoreAllMocks();
    expect(checkRoster(problem, roster)).toEqual([]);
  });
});

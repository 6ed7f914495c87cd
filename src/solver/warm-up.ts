/**
 * A spare worker's warm-up: the steps that come before an early stop can be answered (reading
 * and expanding a problem, the not-reached roster, and for a replan reading a roster and its
 * changes, checking it, and the whole replan stopped before its search: the changes applied, the
 * roster laid on them, decoded, explained, scored, its KPIs and diff) run a few times on a small
 * problem, so that V8 has compiled and optimised them by the time a real job comes. Run cold,
 * those steps take two to three times as long on the demo (bench/results/async.md).
 */
import type { ProblemInput } from '../model/schema.js';
import { expandProblem } from '../model/expand.js';
import { parseProblem } from '../model/validate.js';
import { straightLineTravelMatrix } from '../geo/straight-line.js';
import { notReachedRoster } from './not-reached.js';
import type { ChangesInput } from './replan/changes.js';
import type { ReplanResult } from './replan/replan.js';
import { replan } from './replan/replan.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { solve } from './solve.js';
import type { Roster } from '../model/roster.js';

/** Clients of the warm-up problem: enough visits (14 a day) to exercise every loop. */
const WARM_UP_CLIENTS = 7;
/** Carers of the warm-up problem. */
const WARM_UP_CARERS = 3;

/** A small valid week: a few carers and clients around Leeds, two visits a day each. */
export function warmUpProblem(): ProblemInput {
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  return {
    horizon: { start: '2026-03-23', end: '2026-03-29' },
    timeZone: 'Europe/London',
    carers: Array.from({ length: WARM_UP_CARERS }, (_, i) => ({
      id: `carer-${i}`,
      home: { lat: 53.8 + i * 0.01, lon: -1.55 },
      qualifications: [{ name: 'hoist' }],
      availability: [{ days: [...days], from: '07:00', to: '15:00' }],
      contract: { contractedHoursPerWeek: 30, maxHoursPerWeek: 40, maxHoursPerDay: 8 },
    })),
    clients: Array.from({ length: WARM_UP_CLIENTS }, (_, i) => ({
      id: `client-${i}`,
      location: { lat: 53.79 + i * 0.005, lon: -1.54 - i * 0.004 },
    })),
    packages: Array.from({ length: WARM_UP_CLIENTS }, (_, i) => ({
      id: `package-${i}`,
      client: `client-${i}`,
      visits: [
        {
          id: 'morning',
          days: [...days],
          window: { from: '08:00', to: '09:30' },
          durationMinutes: 30,
          ...(i % 3 === 0 ? { carersNeeded: 2, qualifications: ['hoist'] } : {}),
        },
        {
          id: 'lunch',
          days: [...days],
          window: { from: '12:00', to: '13:00' },
          durationMinutes: 20,
        },
      ],
    })),
  };
}

/** A roster of each warm-up problem with its visits placed, made once (construction only). */
const placedRosters = new WeakMap<ProblemInput, Roster>();

/** A signal already aborted: the replan stops before its search, as an early abort finds it. */
const ABORTED = AbortSignal.abort();

/**
 * One round of the warm-up on `input` (a {@link warmUpProblem}) as steps, each short enough that
 * a job coming meanwhile waits for one at most: the early steps of a solve and of a replan that
 * changes nothing; a roster with the visits placed, made in the first round only; a replan of it
 * with a carer off sick, stopped before its search (an early abort of `replanAsync` runs the same:
 * the changes applied, the roster laid on them, decoded, explained, scored, its KPIs and diff).
 * The steps return nothing, since only the compiled code is wanted.
 */
export function warmUpSteps(input: ProblemInput): (() => void)[] {
  const problem = parseProblem(input);
  const travel = () =>
    straightLineTravelMatrix(expandProblem(problem).locations, problem.settings.travel, {
      onDemand: true,
    });
  const early = () => {
    const expanded = expandProblem(parseProblem(input));
    const stats = { seed: 1, elapsedMs: 0, stoppedBy: 'aborted' } as const;
    const roster = notReachedRoster(expanded, travel(), stats);
    // No changes and a roster the checker passes: the replan reads and checks it, returns it.
    replan(input, roster, { changes: [] }, { travel: travel(), maxIterations: 0 });
  };
  const place = () => {
    placedRosters.set(input, solve(input, { seed: 1, maxIterations: 0, travel: travel() }));
  };
  const offSick = () => {
    const placed = placedRosters.get(input);
    if (placed !== undefined) warmUpReplan(input, placed, travel());
  };
  return placedRosters.has(input) ? [early, offSick] : [early, place, offSick];
}

/**
 * The warm-up's replan: `input`'s first carer off sick from 06:00 on its first day, on `placed`
 * (a roster of `input` with stops), stopped before the search as an early abort finds it.
 *
 * @example
 * ```ts
 * const input = warmUpProblem();
 * const placed = solve(input, { seed: 1, maxIterations: 0 });
 * console.log(warmUpReplan(input, placed).roster.stats?.stoppedBy); // 'aborted'
 * ```
 */
export function warmUpReplan(
  input: ProblemInput,
  placed: Roster,
  travel?: TravelMatrix,
): ReplanResult {
  return replan(input, placed, warmUpChanges(placed), {
    signal: ABORTED,
    ...(travel === undefined ? {} : { travel }),
  });
}

/**
 * The change of {@link warmUpReplan}: the first carer of a {@link warmUpProblem} off sick from
 * 06:00 on the first day of `placed`, a roster of it.
 *
 * @example
 * ```ts
 * const input = warmUpProblem();
 * replan(input, solve(input, { maxIterations: 0 }), warmUpChanges(solve(input, { maxIterations: 0 })));
 * ```
 */
export function warmUpChanges(placed: Roster): ChangesInput {
  const day = placed.horizon.start;
  return {
    now: `${day}T06:00`,
    changes: [
      { type: 'carer-unavailable', carerId: 'carer-0', from: `${day}T06:00`, to: `${day}T23:59` },
    ],
  };
}

/** Runs one round of the warm-up's steps ({@link warmUpSteps}) on `input` at once. */
export function warmUpOnce(input: ProblemInput): void {
  for (const step of warmUpSteps(input)) step();
}

/**
 * A spare worker's warm-up: the steps that come before an early stop can be answered (reading
 * and expanding a problem, the not-reached roster, and for a replan reading a roster and its
 * changes and checking it) run a few times on a small problem, so that V8 has compiled and
 * optimised them by the time a real job comes. Run cold, those steps take two to three times as
 * long on the demo (bench/results/async.md).
 */
import type { ProblemInput } from '../model/schema.js';
import { expandProblem } from '../model/expand.js';
import { parseProblem } from '../model/validate.js';
import { straightLineTravelMatrix } from '../geo/straight-line.js';
import { notReachedRoster } from './not-reached.js';
import { replan } from './replan/replan.js';

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

/**
 * Runs the early steps once on `input` (a {@link warmUpProblem}); returns nothing, since only
 * the compiled code is wanted.
 */
export function warmUpOnce(input: ProblemInput): void {
  const problem = parseProblem(input);
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel, {
    onDemand: true,
  });
  const stats = { seed: 1, elapsedMs: 0, stoppedBy: 'aborted' } as const;
  const roster = notReachedRoster(expanded, travel, stats);
  // No changes and a roster the checker passes: the replan reads and checks it, and returns it.
  replan(input, roster, { changes: [] }, { travel, maxIterations: 0 });
}

/**
 * The discharge package a hospital asks about most: four calls a day, every day. Tests and the
 * replanning benchmark ask whether it fits and then add it.
 */
import type { CarePackageInput } from '../model/schema.js';
import { WEEKDAYS } from '../model/schema.js';

/** One half-hour call in its window, every day of the week. */
function dailyCall(id: string, from: string, to: string) {
  return {
    id,
    days: [...WEEKDAYS],
    window: { from, to },
    durationMinutes: 30,
  };
}

/**
 * A package `id` for `client` of four half-hour calls a day (morning, lunch, tea, bed).
 *
 * @example
 * ```ts
 * const answer = findCapacity(problem, roster, fourCallsADay('discharge', 'client-007'));
 * ```
 */
export function fourCallsADay(id: string, client: string): CarePackageInput {
  return {
    id,
    client,
    visits: [
      dailyCall('morning', '07:30', '09:00'),
      dailyCall('lunch', '12:00', '13:00'),
      dailyCall('tea', '16:30', '17:30'),
      dailyCall('bed', '20:00', '21:00'),
    ],
  };
}

/**
 * How a printed roster shows a travel time. The roster keeps travel to the second, as a fraction
 * of a minute; a carer's calendar or a coordinator's page shows whole minutes, rounded up so
 * that leaving that long before is always enough.
 */

/** Below a millisecond: rounding noise of seconds summed as fractions of a minute. */
const NOISE_MINUTES = 1 / 60_000;

/**
 * Whole minutes, rounded up: 7 min 5 s is printed as 8, 7 min as 7.
 *
 * @example
 * ```ts
 * printedMinutes(7 + 5 / 60); // 8
 * printedMinutes(0.35); // 1
 * ```
 */
export function printedMinutes(minutes: number): number {
  return Math.max(0, Math.ceil(minutes - NOISE_MINUTES));
}

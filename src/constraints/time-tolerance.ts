/**
 * How the checker compares times. Travel is kept to the second, as a fraction of a minute, and
 * a roster writes its times to the millisecond, so a time the checker adds up (an end plus the
 * travel after it) and the same time read back from the roster can differ in the last bits of a
 * floating-point number. Times within half a millisecond of each other are the same time.
 */

/** Half a millisecond, in minutes: below what a roster can write, above any rounding noise. */
export const TIME_TOLERANCE_MINUTES = 0.5 / 60_000;

/**
 * Whether `a` comes before `b` by more than the tolerance.
 *
 * @example
 * ```ts
 * earlier(510 + 7 / 60, 30_607_000 / 60_000); // false: both are 08:30:07
 * earlier(510, 510 + 1 / 60); // true: a second earlier
 * ```
 */
export function earlier(a: number, b: number): boolean {
  return a < b - TIME_TOLERANCE_MINUTES;
}

/** Minutes as the checker writes them in a message: to the hundredth, trailing zeros dropped. */
export function minutesText(minutes: number): string {
  return String(Math.round(minutes * 100) / 100);
}

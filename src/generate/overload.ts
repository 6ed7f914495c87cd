/**
 * Short-handed days for the generator's `overload` option: the same clients and packages with a
 * share of the carers taken away, so that many visits cannot all start inside their windows.
 */
import type { CarePackageInput, CarerInput } from '../model/schema.js';
import type { Random } from '../model/random.js';

/**
 * Holders a qualification keeps at least, whatever the overload: a double-up with a hoist needs
 * two at once, and a qualification with no holder would turn lateness into unplaced visits.
 */
const MIN_HOLDERS = 2;

/**
 * Lateness a short-handed day allows every visit that allows any (not time-critical ones): a
 * client told "up to two hours late" rather than "no visit today", so the shortage shows as
 * lateness, which the search can trade, more than as unplaced visits.
 */
export const OVERLOAD_LATENESS_MINUTES = 120;

/**
 * `packages` with every visit that allows lateness allowing at least
 * {@link OVERLOAD_LATENESS_MINUTES}.
 *
 * @example
 * ```ts
 * const lenient = withOverloadLateness(packages); // 15 minutes allowed becomes 120
 * ```
 */
export function withOverloadLateness(packages: readonly CarePackageInput[]): CarePackageInput[] {
  return packages.map((carePackage) => ({
    ...carePackage,
    visits: (carePackage.visits ?? []).map((visit) =>
      (visit.maxLatenessMinutes ?? 0) > 0
        ? {
            ...visit,
            maxLatenessMinutes: Math.max(visit.maxLatenessMinutes!, OVERLOAD_LATENESS_MINUTES),
          }
        : visit,
    ),
  }));
}

/**
 * `carers` without `Math.round(share x carers)` of them, drawn at random, keeping every
 * qualification held by at least {@link MIN_HOLDERS} carers (fewer are removed when that stops
 * it). Kept in their original order.
 *
 * @example
 * ```ts
 * const fewer = withoutCarers(Random.forStage(1, 'overload'), carers, 0.2); // 80 % of them
 * ```
 */
export function withoutCarers(
  rng: Random,
  carers: readonly CarerInput[],
  share: number,
): CarerInput[] {
  const holders = new Map<string, number>();
  const names = (carer: CarerInput) => new Set((carer.qualifications ?? []).map((q) => q.name));
  for (const carer of carers) {
    for (const name of names(carer)) holders.set(name, (holders.get(name) ?? 0) + 1);
  }
  let toRemove = Math.round(share * carers.length);
  const removed = new Set<CarerInput>();
  for (const carer of rng.shuffle(carers)) {
    if (toRemove === 0) break;
    const held = [...names(carer)];
    if (held.some((name) => holders.get(name)! <= MIN_HOLDERS)) continue;
    for (const name of held) holders.set(name, holders.get(name)! - 1);
    removed.add(carer);
    toRemove--;
  }
  return carers.filter((carer) => !removed.has(carer));
}

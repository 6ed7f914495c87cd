/**
 * Linked follow-up visits, drawn last from their own random stream so every other stage stays as
 * it was: for a few clients, a short medication check 30-60 minutes after the morning call, by a
 * second carer (a delegated health task after personal care). They exercise package links.
 */
import type { CarePackageInput } from '../model/schema.js';
import type { Random } from '../model/random.js';
import { clockToMinutes } from '../model/time.js';

/** Share of packages with a morning call that get a follow-up. */
const FOLLOW_UP_SHARE = 0.06;
/** The follow-up starts this many minutes after the morning call starts. */
const MIN_GAP = 30;
const MAX_GAP = 60;
const DURATION = 15;
/** Morning calls start before this. */
const MORNING_BEFORE = clockToMinutes('11:00');

function clock(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Adds follow-up visits and their links to some packages (new records; inputs untouched). */
export function addFollowUps(
  rng: Random,
  packages: readonly CarePackageInput[],
): CarePackageInput[] {
  return packages.map((carePackage) => {
    const morning = (carePackage.visits ?? []).find(
      (visit) =>
        (visit.carersNeeded ?? 1) === 1 && clockToMinutes(visit.window.from) < MORNING_BEFORE,
    );
    if (!morning || !rng.chance(FOLLOW_UP_SHARE)) return carePackage;
    const id = `${morning.id}-check`;
    const from = clockToMinutes(morning.window.from) + MIN_GAP;
    const to = clockToMinutes(morning.window.to) + MAX_GAP;
    return {
      ...carePackage,
      visits: [
        ...(carePackage.visits ?? []),
        {
          id,
          days: morning.days,
          window: { from: clock(from), to: clock(to) },
          durationMinutes: DURATION,
          qualifications: ['medication'],
        },
      ],
      links: [
        ...(carePackage.links ?? []),
        { first: morning.id, second: id, minGapMinutes: MIN_GAP, maxGapMinutes: MAX_GAP },
      ],
    };
  });
}

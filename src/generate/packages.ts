/**
 * Care packages: the calls each client gets. Shaped like UK council home care: up to four calls a
 * day at the usual times, medication prompts, hoist clients who need two carers at every call,
 * time-critical medication, a few delegated health tasks (insulin, catheter care) and now and
 * then a weekly domestic call that can go anywhere in the middle of the day.
 */
import type { CarePackageInput, Priority, Weekday } from '../model/schema.js';
import { WEEKDAYS } from '../model/schema.js';
import { readableId } from './names.js';
import type { ResolvedCouncilOptions } from './options.js';
import { Random } from '../model/random.js';

/** Delegated health tasks: few clients need them and few carers are trained for them. */
export const RARE_SKILLS: readonly string[] = ['insulin', 'catheter'];

/** A qualification no generated carer holds, so some visits are always unplaceable. */
export const UNHELD_QUALIFICATION = 'peg-feeding';

/**
 * Calls of the day: the range their windows fall in (minutes after midnight) and the usual
 * times of time-critical medication. Bed calls start by 21:30 so carers finish by about 22:30.
 */
const SLOTS = {
  morning: { earliest: 7 * 60, latest: 10 * 60 + 45, medicationTimes: [8 * 60, 8 * 60 + 30] },
  lunch: { earliest: 11 * 60 + 45, latest: 14 * 60, medicationTimes: [12 * 60 + 30, 13 * 60] },
  tea: { earliest: 16 * 60 + 30, latest: 18 * 60 + 30, medicationTimes: [17 * 60, 17 * 60 + 30] },
  bed: { earliest: 19 * 60 + 30, latest: 21 * 60 + 30, medicationTimes: [20 * 60, 21 * 60] },
} as const;
type Slot = keyof typeof SLOTS;

/** Which calls a client with n calls a day gets, with weights. */
const CALL_SETS: Record<number, readonly (readonly [Slot[], number])[]> = {
  1: [
    [['morning'], 0.7],
    [['lunch'], 0.15],
    [['bed'], 0.15],
  ],
  2: [
    [['morning', 'bed'], 0.6],
    [['morning', 'tea'], 0.4],
  ],
  3: [
    [['morning', 'lunch', 'bed'], 0.5],
    [['morning', 'tea', 'bed'], 0.5],
  ],
  4: [[['morning', 'lunch', 'tea', 'bed'], 1]],
};

const DURATIONS: Record<Slot, readonly (readonly [number, number])[]> = {
  morning: [
    [30, 0.35],
    [45, 0.45],
    [60, 0.2],
  ],
  lunch: [
    [15, 0.3],
    [30, 0.7],
  ],
  tea: [
    [15, 0.2],
    [30, 0.8],
  ],
  bed: [
    [30, 0.8],
    [45, 0.2],
  ],
};

/** Share of calls in each slot that include prompting or giving medication. */
const MEDICATION_SHARE: Record<Slot, number> = { morning: 0.4, lunch: 0.3, tea: 0.25, bed: 0.4 };

/** One carer's part in a two-role visit while it is being built. */
export interface DraftRole {
  readonly qualifications: string[];
  /** Minutes this carer stays; the whole visit when undefined. */
  readonly duration?: number;
}

/**
 * A two-role double-up: the first carer, who also gives the medication, stays the whole call;
 * the second only helps with the hoist transfers and leaves this many minutes earlier.
 */
const HELPER_LEAVES_EARLY_MINUTES = 15;

/** One visit pattern while a package is being built; times in minutes after midnight. */
export interface DraftPattern {
  readonly id: string;
  days: Weekday[];
  from: number;
  to: number;
  duration: number;
  carersNeeded: 1 | 2;
  qualifications: string[];
  /** One role per carer, on a two-role double-up; undefined when the carers are alike. */
  roles?: DraftRole[];
  priority: Priority;
}

/** A package while it is being built. */
export interface DraftPackage {
  readonly id: string;
  readonly client: string;
  readonly funding: 'council' | 'direct-payment' | 'self-funder';
  readonly patterns: DraftPattern[];
}

/** Number of dates of the horizon falling on each weekday. */
export type WeekdayCounts = Readonly<Record<Weekday, number>>;

/** Dated visits one pattern produces over the horizon. */
export function visitsOf(pattern: DraftPattern, counts: WeekdayCounts): number {
  return pattern.days.reduce((sum, day) => sum + counts[day], 0);
}

/** `HH:mm` for minutes after midnight. */
export function formatClock(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function addQualification(pattern: DraftPattern, name: string): void {
  if (!pattern.qualifications.includes(name)) pattern.qualifications.push(name);
}

function callDays(rng: Random, calls: number): Weekday[] {
  // Clients with three or four calls need help every day; lighter packages are sometimes
  // weekday-only (family covers the weekend) or a few days a week.
  if (calls >= 3) return [...WEEKDAYS];
  return rng.weighted<Weekday[]>([
    [[...WEEKDAYS], 0.75],
    [['mon', 'tue', 'wed', 'thu', 'fri'], 0.15],
    [rng.pick([['mon', 'wed', 'fri'] as Weekday[], ['tue', 'thu', 'sat'] as Weekday[]]), 0.1],
  ]);
}

function slotPattern(rng: Random, slot: Slot, days: Weekday[]): DraftPattern {
  const { earliest, latest } = SLOTS[slot];
  const width = rng.pick([60, 90, 120].filter((w) => w <= latest - earliest));
  const from = earliest + 15 * rng.int(0, Math.floor((latest - earliest - width) / 15));
  const pattern: DraftPattern = {
    id: slot,
    days: [...days],
    from,
    to: from + width,
    duration: rng.weighted(DURATIONS[slot]),
    carersNeeded: 1,
    qualifications: [],
    priority: 'normal',
  };
  if (rng.chance(MEDICATION_SHARE[slot])) addQualification(pattern, 'medication');
  return pattern;
}

function domesticPattern(rng: Random): DraftPattern {
  const days = rng.shuffle(WEEKDAYS.slice(0, 5)).slice(0, rng.int(1, 2));
  return {
    id: 'domestic',
    days: WEEKDAYS.filter((day) => days.includes(day)),
    from: 10 * 60,
    to: 15 * 60,
    duration: 60,
    carersNeeded: 1,
    qualifications: [],
    priority: 'flexible',
  };
}

/** Delegated health tasks: few clients need them and few carers are trained for them. */
function addHealthTasks(rng: Random, patterns: DraftPattern[]): void {
  const daily = patterns.filter((pattern) => pattern.id !== 'domestic');
  if (daily.length >= 2 && rng.chance(0.04)) {
    // Insulin goes with breakfast and the evening meal, every day.
    for (const pattern of [daily[0], daily.at(-1)]) {
      if (!pattern) continue;
      pattern.days = [...WEEKDAYS];
      addQualification(pattern, 'medication');
      addQualification(pattern, 'insulin');
    }
  } else if (rng.chance(0.03)) {
    const first = daily[0];
    if (first) addQualification(first, 'catheter');
  }
}

function basePackage(rng: Random, index: number, total: number): DraftPackage {
  const calls = rng.weighted([
    [1, 0.2],
    [2, 0.25],
    [3, 0.25],
    [4, 0.3],
  ] as const);
  const slots = rng.weighted(CALL_SETS[calls] ?? []);
  const days = callDays(rng, calls);
  const patterns = slots.map((slot) => slotPattern(rng, slot, days));
  if (rng.chance(0.12)) patterns.push(domesticPattern(rng));
  addHealthTasks(rng, patterns);
  return {
    id: readableId('pkg', index, total),
    client: readableId('client', index, total),
    funding: rng.weighted([
      ['council', 0.8],
      ['direct-payment', 0.12],
      ['self-funder', 0.08],
    ] as const),
    patterns,
  };
}

/**
 * Picks items in random order, keeping each one that brings the running total of visits closer
 * to `target`. Lands within half an item of the target whatever the item sizes.
 */
function pickTowards<T>(
  rng: Random,
  items: readonly T[],
  size: (item: T) => number,
  target: number,
) {
  const picked: T[] = [];
  let total = 0;
  for (const item of rng.shuffle(items)) {
    const next = total + size(item);
    if (Math.abs(next - target) < Math.abs(total - target)) {
      picked.push(item);
      total = next;
    }
  }
  return picked;
}

function makeDoubleUps(
  rng: Random,
  packages: DraftPackage[],
  target: number,
  counts: WeekdayCounts,
): void {
  const daily = (p: DraftPackage) => p.patterns.filter((pattern) => pattern.id !== 'domestic');
  // Hoist clients are the heavy packages: only clients with two or more calls a day qualify.
  // Not clients with a delegated health task either: two carers trained in both at once would
  // be rare enough to strand the visit.
  const candidates = packages.filter(
    (p) =>
      daily(p).length >= 2 &&
      !p.patterns.some((q) => q.qualifications.some((name) => RARE_SKILLS.includes(name))),
  );
  const size = (p: DraftPackage) => daily(p).reduce((sum, q) => sum + visitsOf(q, counts), 0);
  for (const carePackage of pickTowards(rng, candidates, size, target)) {
    for (const pattern of daily(carePackage)) {
      pattern.carersNeeded = 2;
      pattern.duration = Math.max(30, Math.min(pattern.duration, 45));
      addQualification(pattern, 'hoist');
    }
  }
}

/**
 * Makes `share` of the double-up packages two-role: at each call one carer gives medication and
 * stays the whole call, the other helps with the hoist and leaves early.
 */
function makeTwoRoles(rng: Random, packages: DraftPackage[], share: number): void {
  if (share === 0) return;
  for (const carePackage of packages) {
    const doubleUps = carePackage.patterns.filter((pattern) => pattern.carersNeeded === 2);
    if (doubleUps.length === 0 || !rng.chance(share)) continue;
    for (const pattern of doubleUps) {
      pattern.roles = [
        { qualifications: ['medication'] },
        {
          qualifications: [],
          duration: Math.max(15, pattern.duration - HELPER_LEAVES_EARLY_MINUTES),
        },
      ];
    }
  }
}

function makeTimeCritical(
  rng: Random,
  packages: DraftPackage[],
  target: number,
  counts: WeekdayCounts,
): void {
  const candidates = packages.flatMap((p) =>
    p.patterns.filter(
      (q) =>
        q.id in SLOTS &&
        q.carersNeeded === 1 &&
        !q.qualifications.includes('insulin') &&
        !q.qualifications.includes('catheter'),
    ),
  );
  for (const pattern of pickTowards(rng, candidates, (q) => visitsOf(q, counts), target)) {
    // Parkinson's and similar medication: a fixed time, half an hour either way is too late.
    pattern.from = rng.pick(SLOTS[pattern.id as Slot].medicationTimes);
    pattern.to = pattern.from + 30;
    pattern.duration = Math.min(pattern.duration, 30);
    pattern.priority = 'time-critical';
    addQualification(pattern, 'medication');
  }
}

function addUnstaffable(
  rng: Random,
  packages: DraftPackage[],
  count: number,
  weekdays: readonly Weekday[],
): void {
  for (const carePackage of rng.shuffle(packages).slice(0, count)) {
    carePackage.patterns.push({
      id: 'peg-feed',
      days: [rng.pick(weekdays)],
      from: 10 * 60,
      to: 12 * 60,
      duration: 30,
      carersNeeded: 1,
      qualifications: [UNHELD_QUALIFICATION],
      priority: 'normal',
    });
  }
}

/**
 * One package per client (`pkg-001` for `client-001`), with double-ups and time-critical calls
 * at the requested shares of dated visits and the requested number of unstaffable visits.
 */
export function generatePackages(
  rng: Random,
  options: ResolvedCouncilOptions,
  counts: WeekdayCounts,
): DraftPackage[] {
  const packages = Array.from({ length: options.clients }, (_, index) =>
    basePackage(rng, index, options.clients),
  );
  const total = packages
    .flatMap((p) => p.patterns)
    .reduce((sum, pattern) => sum + visitsOf(pattern, counts), 0);
  makeDoubleUps(rng, packages, total * options.doubleUpShare, counts);
  // From its own stream, so that asking for two-role visits changes nothing else.
  makeTwoRoles(Random.forStage(options.seed, 'two-roles'), packages, options.twoRoleShare);
  makeTimeCritical(rng, packages, total * options.timeCriticalShare, counts);
  const inHorizon = WEEKDAYS.filter((day) => counts[day] > 0);
  addUnstaffable(rng, packages, Math.min(options.unstaffableVisits, packages.length), inHorizon);
  return packages;
}

/** Care demand: carer-hours over the horizon (a double-up counts twice), in total and by skill. */
export interface Demand {
  readonly carerHours: number;
  readonly carerHoursByQualification: ReadonlyMap<string, number>;
  /** Carer-hours of one occurrence of each weekday, for spreading carers' days off. */
  readonly carerHoursByWeekday: Readonly<Record<Weekday, number>>;
}

/** The carer-hours the packages ask for. */
export function demandOf(packages: readonly DraftPackage[], counts: WeekdayCounts): Demand {
  let carerHours = 0;
  const byQualification = new Map<string, number>();
  const byWeekday = Object.fromEntries(WEEKDAYS.map((day) => [day, 0])) as Record<Weekday, number>;
  for (const pattern of packages.flatMap((p) => p.patterns)) {
    const perVisit = (pattern.duration * pattern.carersNeeded) / 60;
    const hours = visitsOf(pattern, counts) * perVisit;
    carerHours += hours;
    for (const day of pattern.days) byWeekday[day] += perVisit;
    for (const name of pattern.qualifications) {
      byQualification.set(name, (byQualification.get(name) ?? 0) + hours);
    }
    for (const role of pattern.roles ?? []) {
      const roleHours = (visitsOf(pattern, counts) * (role.duration ?? pattern.duration)) / 60;
      for (const name of role.qualifications) {
        byQualification.set(name, (byQualification.get(name) ?? 0) + roleHours);
      }
    }
  }
  return {
    carerHours,
    carerHoursByQualification: byQualification,
    carerHoursByWeekday: byWeekday,
  };
}

/**
 * Minutes a visit may start after its window: the usual quarter-hour tolerance of home-care
 * contracts, an hour for domestic calls, none for time-critical medication.
 */
const LATENESS_ALLOWED: Readonly<Record<Priority, number>> = {
  'time-critical': 0,
  normal: 15,
  flexible: 60,
};

/** The package as the JSON a user would write: defaults (one carer, normal priority) left out. */
export function packageInput(draft: DraftPackage): CarePackageInput {
  return {
    id: draft.id,
    client: draft.client,
    funding: draft.funding,
    visits: draft.patterns.map((pattern) => ({
      id: pattern.id,
      days: pattern.days,
      window: { from: formatClock(pattern.from), to: formatClock(pattern.to) },
      durationMinutes: pattern.duration,
      ...(pattern.carersNeeded === 2 ? { carersNeeded: 2 as const } : {}),
      ...(pattern.qualifications.length > 0 ? { qualifications: pattern.qualifications } : {}),
      ...(pattern.roles === undefined
        ? {}
        : {
            roles: pattern.roles.map((role) => ({
              qualifications: role.qualifications,
              ...(role.duration === undefined ? {} : { durationMinutes: role.duration }),
            })),
          }),
      ...(pattern.priority === 'normal' ? {} : { priority: pattern.priority }),
      ...(LATENESS_ALLOWED[pattern.priority] > 0
        ? { maxLatenessMinutes: LATENESS_ALLOWED[pattern.priority] }
        : {}),
    })),
  };
}

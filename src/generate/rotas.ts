/**
 * Weekly rotas: which days each carer works and on which shift, drawn the way home-care rotas
 * are written. Full-timers take their days off together; part-timers work two to four days;
 * most carers work every other weekend, some every weekend, some never; early-and-late carers
 * work earlies at the start of their week and lates at the end, so a late turn is never followed
 * by an early start the next morning (the 11-hour rest rule forbids it). Days are taken where
 * carer hours are scarcest relative to demand, so every day of the week has carers in proportion
 * to its care. Over a horizon of several weeks a carer alternates between two weekly variants
 * (weekend on, weekend off); the days one week does not work are written as leave.
 */
import type { CarerInput, Weekday } from '../model/schema.js';
import { WEEKDAYS } from '../model/schema.js';
import { addDays, daysBetween } from '../model/time.js';
import type { HorizonDate, MinuteWindow } from './coverage.js';
import type { Demand } from './packages.js';
import type { Random } from '../model/random.js';

/** What a rota needs to know of a carer, and the fields it fills in. */
export interface RotaCarer {
  readonly profile: {
    readonly name: string;
    readonly windows: readonly (readonly [number, number])[];
  };
  readonly contracted: number;
  days: Weekday[];
  windows: MinuteWindow[];
  exceptions: NonNullable<CarerInput['exceptions']>;
}

/**
 * How often a carer works weekends, and how common each is. Weekend care is nearly as heavy as
 * weekday care, and a carer on a weekend takes two weekdays off instead, so about two carers in
 * three must be on at a weekend: most work every other one, a third every one.
 */
const WEEKEND_PATTERNS: readonly (readonly [WeekendPattern, number])[] = [
  ['alternate', 0.6],
  ['every', 0.35],
  ['never', 0.05],
];
type WeekendPattern = 'alternate' | 'every' | 'never';

/** The profile whose carers rotate between earlies and lates instead of splitting each day. */
const ROTATING_PROFILE = 'early and late';

/** The early and the late turn of a rotating carer, in minutes after midnight. */
const EARLY_TURN: readonly [number, number] = [7 * 60, 14 * 60];
const LATE_TURN: readonly [number, number] = [16 * 60, 22 * 60 + 30];

/**
 * Hours of a working day a carer can expect to fill with care: the shift's hours (at most a long
 * day) times the share not lost to travel and waiting. The same figure sizes working days in
 * the fixed patterns.
 */
const MAX_DAY_HOURS = 11;
const USABLE_SHARE = 0.6;

/** Fewest and most working days a week a contract is spread over. */
const MIN_DAYS = 2;
const MAX_DAYS = 6;

/** Days of one week's variant of a carer's rota. */
type DaySet = readonly Weekday[];

function windowHours(windows: readonly (readonly [number, number])[]): number {
  return windows.reduce((sum, [from, to]) => sum + (to - from) / 60, 0);
}

/** Working days the contract needs: enough to fill it with room to spare. */
function daysWanted(carer: RotaCarer): number {
  const usable = Math.min(windowHours(carer.profile.windows), MAX_DAY_HOURS) * USABLE_SHARE;
  return Math.min(MAX_DAYS, Math.max(MIN_DAYS, Math.ceil(carer.contracted / usable)));
}

/**
 * Candidate day sets of `count` days: for a full-timer (five or more days) the days off are
 * consecutive (Sunday and Monday count as together, as they are on a rota sheet); for a
 * part-timer any days. `weekend` says whether Saturday and Sunday are both worked or both off.
 */
function candidateSets(count: number, weekend: boolean): DaySet[] {
  const weekdays = WEEKDAYS.slice(0, 5);
  const fixed: Weekday[] = weekend ? ['sat', 'sun'] : [];
  const free = weekdays;
  const need = Math.min(free.length, count - fixed.length);
  if (need < 0) return [fixed];
  const sets: Weekday[][] = [];
  const choose = (from: number, picked: Weekday[]) => {
    if (picked.length === need) {
      sets.push([...picked, ...fixed]);
      return;
    }
    for (let i = from; i < free.length; i++) choose(i + 1, [...picked, free[i]!]);
  };
  choose(0, []);
  if (count < 5) return sets;
  // Days off together: the days not worked form one run in the week, read round from Sunday.
  return sets.filter((set) => {
    const off = WEEKDAYS.map((day) => !set.includes(day));
    let runs = 0;
    for (let i = 0; i < 7; i++) if (off[i] && !off[(i + 6) % 7]) runs++;
    return runs <= 1;
  });
}

/**
 * The working days in the order the carer works them: from the first day after the days off
 * (the start of their working week on the rota), round the week.
 */
function cycleOrder(days: DaySet): Weekday[] {
  const index = (day: Weekday) => WEEKDAYS.indexOf(day);
  const sorted = [...days].sort((a, b) => index(a) - index(b));
  const first = sorted.findIndex((day, i) => i > 0 && index(day) - index(sorted[i - 1]!) > 1);
  return first <= 0 ? sorted : [...sorted.slice(first), ...sorted.slice(0, first)];
}

/**
 * A carer's windows on the `union` of their variants' days: the profile's on every day, or, for
 * a rotating carer, earlies then lates through the working week of `main` (the variant with the
 * weekend, when there is one). Days only the other variant works get the early turn, which can
 * follow any day.
 */
function rotaWindows(
  rng: Random,
  carer: RotaCarer,
  main: DaySet,
  union: readonly Weekday[],
): MinuteWindow[] {
  if (carer.profile.name !== ROTATING_PROFILE || main.length < 2) {
    return carer.profile.windows.map(([from, to]) => ({ days: union, from, to }));
  }
  const order = cycleOrder(main);
  const lates = new Set(order.slice(rng.int(1, order.length - 1)));
  return [
    { days: union.filter((day) => !lates.has(day)), from: EARLY_TURN[0], to: EARLY_TURN[1] },
    { days: union.filter((day) => lates.has(day)), from: LATE_TURN[0], to: LATE_TURN[1] },
  ];
}

/** Hours a window list offers on each weekday. */
function hoursByDay(windows: readonly MinuteWindow[]): Map<Weekday, number> {
  const hours = new Map<Weekday, number>();
  for (const window of windows) {
    for (const day of window.days) {
      hours.set(day, (hours.get(day) ?? 0) + (window.to - window.from) / 60);
    }
  }
  return hours;
}

/** Monday-based index of the week a date falls in, counted from the horizon's first Monday. */
function weekIndex(date: string, firstMonday: string): number {
  return Math.floor(daysBetween(firstMonday, date) / 7);
}

/**
 * Draws every carer's rota over the horizon `dates`: days, shift windows by weekday and, over
 * more than one week, the days of each week's variant the carer does not work as leave.
 */
export function assignRotas(
  rng: Random,
  carers: readonly RotaCarer[],
  demand: Demand,
  dates: readonly HorizonDate[],
): void {
  const first = dates[0]?.date;
  if (first === undefined) return;
  const firstMonday = addDays(first, -WEEKDAYS.indexOf(dates[0]!.weekday));
  const weeks = [...new Set(dates.map(({ date }) => weekIndex(date, firstMonday)))];
  const supply = new Map<Weekday, number>(WEEKDAYS.map((day) => [day, 0]));
  const patterns = carers.map(() => rng.weighted(WEEKEND_PATTERNS));
  const parity = carers.map(() => rng.int(0, 1));
  // Carers with the fewest choices go first, so the flexible ones fill what is left.
  const order = carers
    .map((_, i) => i)
    .sort((a, b) => rank(patterns[a]!) - rank(patterns[b]!) || a - b);
  for (const i of order) {
    const carer = carers[i]!;
    const pattern = patterns[i]!;
    const wanted = daysWanted(carer);
    // The weeks' variants: weekend on in weeks of the carer's parity (every week for 'every',
    // none for 'never'), and the days around it picked where carer hours are scarcest.
    const variants = new Map<boolean, DaySet>();
    const share = 1 / weeks.length;
    const weekendOn = (week: number) =>
      pattern === 'every' || (pattern === 'alternate' && week % 2 === parity[i]);
    for (const on of new Set(weeks.map(weekendOn))) {
      const count = on ? wanted : Math.min(wanted, 5);
      const scarcity = new Map(
        WEEKDAYS.map((day) => [
          day,
          (supply.get(day) ?? 0) / Math.max(1, demand.carerHoursByWeekday[day]) + rng.next() * 1e-6,
        ]),
      );
      const cost = (set: DaySet) => set.reduce((sum, day) => sum + (scarcity.get(day) ?? 0), 0);
      const sets = candidateSets(count, on);
      const best = sets.reduce((a, b) => (cost(b) < cost(a) ? b : a));
      variants.set(on, best);
    }
    const union = WEEKDAYS.filter((day) => [...variants.values()].some((set) => set.includes(day)));
    carer.days = union;
    carer.windows = rotaWindows(rng, carer, variants.get(true) ?? union, union);
    const hours = hoursByDay(carer.windows);
    for (const week of weeks) {
      const worked = variants.get(weekendOn(week)) ?? union;
      for (const day of worked)
        supply.set(day, (supply.get(day) ?? 0) + share * (hours.get(day) ?? 0));
    }
    for (const { date, weekday } of dates) {
      const worked = variants.get(weekendOn(weekIndex(date, firstMonday))) ?? union;
      if (!union.includes(weekday) || worked.includes(weekday)) continue;
      carer.exceptions.push({ type: 'unavailable', from: date, to: date, reason: 'rota day off' });
    }
  }
}

function rank(pattern: WeekendPattern): number {
  return pattern === 'every' ? 0 : pattern === 'never' ? 1 : 2;
}

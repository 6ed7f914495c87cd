/**
 * Carers: where they live, how they travel, what they are trained for and when they work.
 * Qualification holders are sized from the demand so the problem stays solvable at any mix, and
 * days off are spread so every day of the week has carers in proportion to its care.
 */
import type { CarerInput, Qualification, TransportMode, Weekday } from '../model/schema.js';
import { WEEKDAYS } from '../model/schema.js';
import { addDays, clockToMinutes } from '../model/time.js';
import type { HorizonDate, MinuteWindow } from './coverage.js';
import { availableFor, datesOf, qualifiedOn, shortfall } from './coverage.js';
import type { Geography } from './geography.js';
import { samplePlace, samplePoint, sampleTownCentre } from './geography.js';
import { personName, readableId } from './names.js';
import type { ResolvedCouncilOptions } from './options.js';
import type { Demand, DraftPackage } from './packages.js';
import { RARE_SKILLS, formatClock } from './packages.js';
import { drawPay } from './pay.js';
import type { Random } from '../model/random.js';
import { assignRotas } from './rotas.js';

/** Weekly contracted hours and how common each is. */
const CONTRACTED_HOURS: readonly (readonly [number, number])[] = [
  [16, 0.1],
  [20, 0.15],
  [24, 0.15],
  [30, 0.2],
  [35, 0.15],
  [37.5, 0.1],
  [40, 0.15],
];

/** A daily window, written as clock times for reading and kept in minutes after midnight. */
function span(from: string, to: string): readonly [number, number] {
  return [clockToMinutes(from), clockToMinutes(to)];
}

/**
 * Shift patterns seen on home-care rotas, as daily windows. `maxContract` keeps a short pattern
 * from carrying a contract it cannot fill. Most cover the morning, the busiest time of the day.
 * A third are morning-only or evening-only, as in agencies with early and late teams: someone
 * who does the bed round cannot start at 07:00 the next day under the 11-hour rest rule.
 */
const PROFILES = [
  {
    name: 'split',
    windows: [span('07:00', '14:00'), span('16:30', '22:30')],
    weight: 0.38,
    maxContract: 40,
  },
  { name: 'long day', windows: [span('07:00', '22:30')], weight: 0.1, maxContract: 40 },
  {
    name: 'early and late',
    windows: [span('07:00', '11:30'), span('17:00', '22:30')],
    weight: 0.1,
    maxContract: 40,
  },
  { name: 'mornings', windows: [span('07:00', '14:00')], weight: 0.22, maxContract: 30 },
  { name: 'school hours', windows: [span('09:15', '15:00')], weight: 0.06, maxContract: 24 },
  { name: 'evenings', windows: [span('16:00', '22:30')], weight: 0.14, maxContract: 24 },
] as const;
type Profile = (typeof PROFILES)[number];

function weightedMean(pairs: readonly (readonly [number, number])[]): number {
  const total = pairs.reduce((sum, [, weight]) => sum + weight, 0);
  return pairs.reduce((sum, [value, weight]) => sum + value * weight, 0) / total;
}

/**
 * Expected contracted hours of a generated carer, used to size the workforce. Short shift
 * patterns cap the contract, so this is below the plain mean of {@link CONTRACTED_HOURS}.
 */
export const MEAN_CONTRACTED_HOURS = weightedMean(
  PROFILES.map((profile) => [
    weightedMean(CONTRACTED_HOURS.map(([hours, w]) => [Math.min(hours, profile.maxContract), w])),
    profile.weight,
  ]),
);

/** Qualifications carers may hold: the base share of holders, and the fewest worth having. */
const SKILLS = [
  { name: 'medication', share: 0.75, min: 2 },
  { name: 'hoist', share: 0.65, min: 4 }, // hoist calls need two trained carers at once
  { name: 'insulin', share: 0.12, min: 2 },
  { name: 'catheter', share: 0.12, min: 2 },
] as const;

/** Second languages spoken by carers, with the share who speak each. */
const LANGUAGES = [
  ['pl', 0.1],
  ['pa', 0.07],
  ['ur', 0.07],
] as const;

/** What carer generation needs to know beyond the options. */
export interface CarerContext {
  readonly options: ResolvedCouncilOptions;
  readonly geography: Geography;
  readonly demand: Demand;
  readonly packages: readonly DraftPackage[];
  readonly dates: readonly HorizonDate[];
}

/** Mutable carer while it is being built. */
interface DraftCarer {
  id: string;
  gender: 'female' | 'male' | 'non-binary';
  transport: TransportMode;
  languages: string[];
  qualifications: Qualification[];
  profile: Profile;
  weekendsOff: boolean;
  days: Weekday[];
  windows: MinuteWindow[];
  contracted: number;
  exceptions: NonNullable<CarerInput['exceptions']>;
}

/** `Math.max(min, round(share x n))` distinct indices below n, at random. */
function quota(rng: Random, n: number, share: number, min: number): number[] {
  const size = Math.min(n, Math.max(min, Math.round(share * n)));
  return rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, size);
}

function windowHours(profile: Profile): number {
  return profile.windows.reduce((sum, [from, to]) => sum + (to - from) / 60, 0);
}

function draftCarer(rng: Random, index: number, total: number, ctx: CarerContext): DraftCarer {
  const { transport } = ctx.options;
  const mode = rng.weighted<TransportMode>([
    ['walk', transport.walk],
    ['bike', transport.bike],
    ['public', transport.public],
    ['car', Math.max(0, 1 - transport.walk - transport.bike - transport.public)],
  ]);
  let contracted = rng.weighted(CONTRACTED_HOURS);
  const profile = rng.weighted(PROFILES.map((p) => [p, p.weight] as const));
  contracted = Math.min(contracted, profile.maxContract);
  return {
    id: readableId('carer', index, total),
    gender: rng.weighted([
      ['female', 0.8],
      ['male', 0.18],
      ['non-binary', 0.02],
    ] as const),
    transport: mode,
    languages: ['en'],
    qualifications: [],
    profile,
    weekendsOff: rng.chance(0.2),
    days: [],
    windows: [],
    contracted,
    exceptions: [],
  };
}

/**
 * Working days: enough to fill the contract with room to spare, taken where carer hours are
 * scarcest relative to demand. Weekend-only-off carers go first so the others fill the weekend.
 */
function assignDays(rng: Random, carers: DraftCarer[], demand: Demand): void {
  const supply = Object.fromEntries(WEEKDAYS.map((day) => [day, 0])) as Record<Weekday, number>;
  const ordered = [...carers].sort((a, b) => Number(b.weekendsOff) - Number(a.weekendsOff));
  for (const carer of ordered) {
    const usable = Math.min(windowHours(carer.profile), 11) * 0.6;
    const wanted = Math.min(6, Math.max(3, Math.ceil(carer.contracted / usable)));
    const open = WEEKDAYS.filter((day) => !(carer.weekendsOff && (day === 'sat' || day === 'sun')));
    // The tiny random term breaks ties (all days equal at the start) without bias.
    const scarcity = new Map(
      open.map((day) => [
        day,
        supply[day] / Math.max(1, demand.carerHoursByWeekday[day]) + rng.next() * 1e-6,
      ]),
    );
    const byScarcity = [...open].sort((a, b) => (scarcity.get(a) ?? 0) - (scarcity.get(b) ?? 0));
    const chosen = byScarcity.slice(0, wanted);
    carer.days = WEEKDAYS.filter((day) => chosen.includes(day));
    carer.windows = carer.profile.windows.map(([from, to]) => ({ days: carer.days, from, to }));
    for (const day of carer.days) supply[day] += windowHours(carer.profile);
  }
}

function assignQualifications(rng: Random, carers: DraftCarer[], ctx: CarerContext): void {
  const start = ctx.options.startDate;
  for (const carer of carers) {
    // Every carer is DBS checked; councils ask for a fresh check every few years.
    carer.qualifications.push({ name: 'dbs', expires: addDays(start, rng.int(60, 1000)) });
  }
  const total = Math.max(ctx.demand.carerHours, 1e-9);
  for (const skill of SKILLS) {
    const needed = ctx.demand.carerHoursByQualification.get(skill.name) ?? 0;
    // Half as many holders again as the share of care needing the skill: trained carers are
    // not always free or near, and a few of them lapse during the horizon.
    const share = Math.min(1, Math.max(skill.share, (1.5 * needed) / total));
    for (const i of quota(rng, carers.length, share, needed > 0 ? skill.min : 0)) {
      carers[i]?.qualifications.push({
        name: skill.name,
        expires: addDays(start, rng.int(30, 700)),
      });
    }
  }
}

/** Lets a medication or hoist certificate lapse inside the horizon (before it for one day). */
function expireSome(rng: Random, carers: DraftCarer[], ctx: CarerContext): void {
  const lapsable = carers.filter((c) =>
    c.qualifications.some((q) => q.name === 'medication' || q.name === 'hoist'),
  );
  const count = Math.round(ctx.options.expiredQualificationShare * carers.length);
  const days = ctx.options.days;
  for (const carer of rng.shuffle(lapsable).slice(0, count)) {
    const lapsing = rng.pick(
      carer.qualifications.filter((q) => q.name === 'medication' || q.name === 'hoist'),
    );
    // `expires` is the last valid day: this leaves at least one horizon day without it.
    lapsing.expires = addDays(ctx.options.startDate, days >= 2 ? rng.int(0, days - 2) : -1);
  }
}

/**
 * Trains more carers where a rare-skill visit would otherwise lack cover on some day: a
 * council makes sure someone can do each insulin call, and so must a generated problem.
 */
function coverRareSkills(rng: Random, carers: DraftCarer[], ctx: CarerContext): void {
  const patterns = ctx.packages
    .flatMap((p) => p.patterns)
    .filter((pattern) => pattern.qualifications.some((name) => RARE_SKILLS.includes(name)));
  for (const pattern of patterns) {
    for (const date of datesOf(pattern, ctx.dates)) {
      if (shortfall(carers, pattern, date) === 0) continue;
      const free = carers.filter((carer) => availableFor(carer, pattern, date.weekday));
      for (const carer of rng.shuffle(free)) {
        if (shortfall(carers, pattern, date) === 0) break;
        const held = new Set(carer.qualifications.map((q) => q.name));
        // Leave carers whose certificate deliberately lapsed alone: renewing it would undo
        // the expired-qualification share.
        if (
          pattern.qualifications.some(
            (name) => held.has(name) && !qualifiedOn(carer, [name], date.date),
          )
        ) {
          continue;
        }
        for (const name of pattern.qualifications.filter((n) => !held.has(n))) {
          carer.qualifications.push({
            name,
            expires: addDays(ctx.options.startDate, rng.int(30, 700)),
          });
        }
      }
    }
  }
}

function assignLanguages(rng: Random, carers: DraftCarer[]): void {
  const taken = new Set<number>();
  for (const [language, share] of LANGUAGES) {
    for (const i of quota(rng, carers.length, share, 0)) {
      if (taken.has(i)) continue;
      taken.add(i);
      carers[i]?.languages.push(language);
    }
  }
}

function addExceptions(rng: Random, carers: DraftCarer[], ctx: CarerContext): void {
  const count = Math.round(ctx.options.exceptionShare * carers.length);
  for (const carer of rng.shuffle(carers).slice(0, count)) {
    const index = rng.int(0, ctx.dates.length - 1);
    const date = ctx.dates[index]?.date ?? ctx.options.startDate;
    const kind = rng.weighted([
      ['leave', 0.5],
      ['sick', 0.25],
      ['extra', 0.25],
    ] as const);
    if (kind === 'leave') {
      const last = ctx.dates[Math.min(ctx.dates.length - 1, index + rng.int(0, 2))]?.date ?? date;
      carer.exceptions.push({ type: 'unavailable', from: date, to: last, reason: 'annual leave' });
    } else if (kind === 'sick') {
      carer.exceptions.push({
        type: 'unavailable',
        from: `${date}T12:00`,
        to: date,
        reason: 'sick',
      });
    } else {
      carer.exceptions.push({
        type: 'available',
        date,
        from: '07:00',
        to: '14:00',
        reason: 'extra shift',
      });
    }
  }
}

function home(rng: Random, carer: DraftCarer, geography: Geography) {
  if (carer.transport === 'car') return samplePoint(rng, samplePlace(rng, geography));
  // Non-drivers live centrally: a walker within a short walk, a cyclist or bus user a bit out.
  return sampleTownCentre(rng, geography, carer.transport === 'walk' ? 1.2 : 2.5);
}

function carerInput(rng: Random, carer: DraftCarer, geography: Geography): CarerInput {
  const language = carer.languages.find((l) => l !== 'en');
  const contracted = carer.contracted;
  return {
    id: carer.id,
    name: personName(rng, carer.gender, 'younger', language),
    home: home(rng, carer, geography),
    transport: carer.transport,
    gender: carer.gender,
    languages: carer.languages,
    qualifications: carer.qualifications,
    availability: carer.windows.map(({ days, from, to }) => ({
      days: [...days],
      from: formatClock(from),
      to: formatClock(to),
    })),
    ...(carer.exceptions.length > 0 ? { exceptions: carer.exceptions } : {}),
    contract: {
      contractedHoursPerWeek: contracted,
      maxHoursPerWeek: Math.max(contracted, rng.pick([40, 42, 45, 48])),
      maxHoursPerDay: rng.pick([10, 11, 12]),
      ...drawPay(rng),
    },
  };
}

/** The number of carers whose contracted hours cover the demand with the options' margin. */
export function carersForDemand(demand: Demand, options: ResolvedCouncilOptions): number {
  const weeklyHours = (demand.carerHours * 7) / options.days;
  return Math.max(1, Math.ceil((weeklyHours * options.carerHoursMargin) / MEAN_CONTRACTED_HOURS));
}

/** `count` carers, `carer-001` onwards, living where the clients are. */
export function generateCarers(rng: Random, count: number, ctx: CarerContext): CarerInput[] {
  const carers = Array.from({ length: count }, (_, i) => draftCarer(rng, i, count, ctx));
  if (ctx.options.rotas) assignRotas(rng, carers, ctx.demand, ctx.dates);
  else assignDays(rng, carers, ctx.demand);
  assignQualifications(rng, carers, ctx);
  expireSome(rng, carers, ctx);
  coverRareSkills(rng, carers, ctx);
  assignLanguages(rng, carers);
  addExceptions(rng, carers, ctx);
  return carers.map((carer) => carerInput(rng, carer, ctx.geography));
}

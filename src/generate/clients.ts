/**
 * Clients: where they live and what they ask for beyond their package: a carer gender, a
 * language, a chosen team of regular carers, carers they refuse. Teams are drawn from nearby
 * carers who could actually do the client's calls, since a team no one can use helps nobody.
 */
import type { CarerInput, ClientInput, Location } from '../model/schema.js';
import { clockToMinutes } from '../model/time.js';
import type { CoverCarer, HorizonDate } from './coverage.js';
import { datesOf, shortfall } from './coverage.js';
import type { Geography } from './geography.js';
import { distanceKm, samplePlace, samplePoint } from './geography.js';
import { personName } from './names.js';
import type { ResolvedCouncilOptions } from './options.js';
import type { DraftPackage } from './packages.js';
import { UNHELD_QUALIFICATION } from './packages.js';
import type { Random } from '../model/random.js';

/** How far each way of travelling makes a carer a sensible regular for a client (km). */
const TEAM_REACH_KM = { car: Infinity, walk: 2.5, bike: 6, public: 6 } as const;

/** Share of clients asking for a carer gender, and for a language other than English. */
const GENDER_PREFERENCE_SHARE = 0.25;
const LANGUAGE_PREFERENCE_SHARE = 0.08;

/** What client generation needs to know. */
export interface ClientContext {
  readonly options: ResolvedCouncilOptions;
  readonly geography: Geography;
  readonly packages: readonly DraftPackage[];
  readonly carers: readonly CarerInput[];
  readonly dates: readonly HorizonDate[];
}

type Gender = NonNullable<ClientInput['carerGender']>['value'];
type Preference<T> = { value: T; strength: 'required' | 'preferred' };

function speakers(carers: readonly CarerInput[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const language of carers.flatMap((carer) => carer.languages ?? [])) {
    if (language !== 'en') counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  return counts;
}

function languagePreference(
  rng: Random,
  spoken: Map<string, number>,
): Preference<string> | undefined {
  // Only languages at least two carers speak: a preference no one can meet is just noise.
  const choices = [...spoken].filter(([, count]) => count >= 2);
  if (choices.length === 0 || !rng.chance(LANGUAGE_PREFERENCE_SHARE)) return undefined;
  return { value: rng.weighted(choices), strength: rng.chance(0.3) ? 'required' : 'preferred' };
}

function genderPreference(rng: Random): Preference<Gender> | undefined {
  if (!rng.chance(GENDER_PREFERENCE_SHARE)) return undefined;
  const value = rng.chance(0.85) ? 'female' : 'male';
  // Many women insist on female carers for personal care, and most carers are women. Men
  // asking for a man usually accept a woman when none is free, so that stays a preference.
  const strength = value === 'female' && rng.chance(0.25) ? 'required' : 'preferred';
  return { value, strength };
}

/** What team and refusal choices need of a carer, worked out once rather than per client. */
interface CarerFacts extends CoverCarer {
  readonly id: string;
  readonly home: Location;
  readonly reachKm: number;
  readonly gender: CarerInput['gender'];
  readonly languages: ReadonlySet<string>;
  /** Qualifications valid on the first day of the horizon. */
  readonly skills: ReadonlySet<string>;
}

function carerFacts(carers: readonly CarerInput[], startDate: string): CarerFacts[] {
  return carers.map((carer) => ({
    id: carer.id,
    windows: (carer.availability ?? []).map((w) => ({
      days: w.days,
      from: clockToMinutes(w.from),
      to: clockToMinutes(w.to),
    })),
    qualifications: carer.qualifications ?? [],
    home: carer.home,
    reachKm: TEAM_REACH_KM[carer.transport ?? 'car'],
    gender: carer.gender,
    languages: new Set(carer.languages ?? []),
    skills: new Set(
      (carer.qualifications ?? [])
        .filter((q) => q.expires === undefined || q.expires >= startDate)
        .map((q) => q.name),
    ),
  }));
}

interface Wishes {
  readonly location: Location;
  readonly gender: Preference<Gender> | undefined;
  readonly language: Preference<string> | undefined;
  readonly skills: readonly string[];
}

/**
 * Distance, plus a penalty for missing a preference, so teams lean towards a good match;
 * undefined for a carer who could not be a regular at all.
 */
function teamScore(carer: CarerFacts, wishes: Wishes): number | undefined {
  if (!wishes.skills.every((skill) => carer.skills.has(skill))) return undefined;
  const { gender, language } = wishes;
  const speaks = language === undefined || carer.languages.has(language.value);
  if (gender?.strength === 'required' && carer.gender !== gender.value) return undefined;
  if (language?.strength === 'required' && !speaks) return undefined;
  const km = distanceKm(carer.home, wishes.location);
  if (km > carer.reachKm) return undefined;
  return km + (gender && carer.gender !== gender.value ? 3 : 0) + (speaks ? 0 : 3);
}

/**
 * The `k` lowest-scoring carers, best first. A bounded insertion instead of a full sort: this
 * runs once per client over every carer, and councils have thousands of both.
 */
function lowest(
  carers: readonly CarerFacts[],
  k: number,
  score: (carer: CarerFacts) => number | undefined,
): [CarerFacts, number][] {
  const best: [CarerFacts, number][] = [];
  for (const carer of carers) {
    const value = score(carer);
    if (value === undefined) continue;
    if (best.length === k && value >= (best[k - 1]?.[1] ?? Infinity)) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1]?.[1] ?? 0) > value) at--;
    best.splice(at, 0, [carer, value]);
    if (best.length > k) best.pop();
  }
  return best;
}

function chooseTeam(rng: Random, carers: readonly CarerFacts[], wishes: Wishes): string[] {
  const size = rng.int(2, 4);
  // Chosen from the nearest few rather than strictly the nearest: people pick carers they
  // get on with, not the closest ones. The ranking keeps the closer ones first.
  const pool = lowest(carers, size + 4, (carer) => teamScore(carer, wishes));
  if (pool.length < 2) return [];
  const team = rng.shuffle(pool).slice(0, size);
  return team.sort((a, b) => a[1] - b[1]).map(([carer]) => carer.id);
}

function chooseRefused(
  rng: Random,
  carers: readonly CarerFacts[],
  location: Location,
  team: readonly string[],
): string[] {
  // Refusals are of carers who have been there, so of carers living nearby.
  const nearby = lowest(carers, 8, (carer) =>
    team.includes(carer.id) ? undefined : distanceKm(carer.home, location),
  );
  if (nearby.length === 0) return [];
  return rng
    .shuffle(nearby.map(([carer]) => carer.id))
    .slice(0, rng.chance(0.8) ? 1 : 2)
    .sort();
}

/**
 * A filter on carers that every visit of the package survives with carers to spare, so a
 * requirement or refusal built on it never strands a visit the generator meant to be doable.
 */
function coveredBy(
  facts: readonly CarerFacts[],
  carePackage: DraftPackage,
  dates: readonly HorizonDate[],
  accept: (carer: CarerFacts) => boolean,
): boolean {
  return carePackage.patterns.every(
    (pattern) =>
      pattern.qualifications.includes(UNHELD_QUALIFICATION) ||
      datesOf(pattern, dates).every((date) => shortfall(facts, pattern, date, accept) === 0),
  );
}

/** Turns a requirement that would strand a visit into a preference. */
function softened<T>(
  preference: Preference<T> | undefined,
  covered: (value: T) => boolean,
): Preference<T> | undefined {
  if (preference?.strength !== 'required' || covered(preference.value)) return preference;
  return { value: preference.value, strength: 'preferred' };
}

/** The client records, `client-001` onwards, matching `packages` one to one. */
export function generateClients(rng: Random, ctx: ClientContext): ClientInput[] {
  const spoken = speakers(ctx.carers);
  const { options } = ctx;
  const facts = carerFacts(ctx.carers, options.startDate);
  return ctx.packages.map((carePackage) => {
    const covered = (accept: (carer: CarerFacts) => boolean) =>
      coveredBy(facts, carePackage, ctx.dates, accept);
    const location = samplePoint(rng, samplePlace(rng, ctx.geography));
    const language = softened(languagePreference(rng, spoken), (value) =>
      covered((carer) => carer.languages.has(value)),
    );
    const speaks = (carer: CarerFacts) =>
      language?.strength !== 'required' || carer.languages.has(language.value);
    const gender = softened(genderPreference(rng), (value) =>
      covered((carer) => carer.gender === value && speaks(carer)),
    );
    const suits = (carer: CarerFacts) =>
      speaks(carer) && (gender?.strength !== 'required' || carer.gender === gender.value);
    const skills = [...new Set(carePackage.patterns.flatMap((p) => p.qualifications))].filter(
      (skill) => skill !== UNHELD_QUALIFICATION,
    );
    const team = rng.chance(options.teamShare)
      ? chooseTeam(rng, facts, { location, gender, language, skills })
      : [];
    let refused = rng.chance(options.refusalShare) ? chooseRefused(rng, facts, location, team) : [];
    if (refused.length > 0 && !covered((carer) => suits(carer) && !refused.includes(carer.id))) {
      refused = [];
    }
    const clientGender = gender?.value === 'male' ? 'male' : rng.chance(0.7) ? 'female' : 'male';
    return {
      id: carePackage.client,
      name: personName(rng, clientGender, 'older', language?.value),
      location,
      ...(gender ? { carerGender: gender } : {}),
      ...(language ? { language } : {}),
      ...(team.length > 0 ? { team } : {}),
      ...(refused.length > 0 ? { refusedCarers: refused } : {}),
    };
  });
}

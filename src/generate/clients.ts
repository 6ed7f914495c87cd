/**
 * Clients: where they live and what they ask for beyond their package: a carer gender, a
 * language, a chosen team of regular carers, carers they refuse. Teams are drawn from nearby
 * carers who could actually do the client's calls, since a team no one can use helps nobody.
 */
import type { CarerInput, ClientInput, Location } from '../model/schema.js';
import type { Geography } from './geography.js';
import { distanceKm, samplePlace, samplePoint } from './geography.js';
import { personName } from './names.js';
import type { ResolvedCouncilOptions } from './options.js';
import type { DraftPackage } from './packages.js';
import { UNHELD_QUALIFICATION } from './packages.js';
import type { Random } from './random.js';

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
  doubleUp: boolean,
): Preference<string> | undefined {
  // Only languages at least two carers speak: a preference no one can meet is just noise.
  const choices = [...spoken].filter(([, count]) => count >= 2);
  if (choices.length === 0 || !rng.chance(LANGUAGE_PREFERENCE_SHARE)) return undefined;
  const value = rng.weighted(choices);
  // Requiring a language on a double-up would need two speakers at once: keep those preferred.
  const canRequire = (spoken.get(value) ?? 0) >= 3 && !doubleUp;
  return { value, strength: canRequire && rng.chance(0.3) ? 'required' : 'preferred' };
}

function genderPreference(rng: Random): Preference<Gender> | undefined {
  if (!rng.chance(GENDER_PREFERENCE_SHARE)) return undefined;
  const value = rng.chance(0.85) ? 'female' : 'male';
  // Many women insist on female carers for personal care; most carers are women, so it is
  // satisfiable. A male-only requirement would strand clients, so it stays a preference.
  const strength = value === 'female' && rng.chance(0.25) ? 'required' : 'preferred';
  return { value, strength };
}

/** What team and refusal choices need of a carer, worked out once rather than per client. */
interface CarerFacts {
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

/** The client records, `client-001` onwards, matching `packages` one to one. */
export function generateClients(rng: Random, ctx: ClientContext): ClientInput[] {
  const spoken = speakers(ctx.carers);
  const { options } = ctx;
  const facts = carerFacts(ctx.carers, options.startDate);
  return ctx.packages.map((carePackage) => {
    const location = samplePoint(rng, samplePlace(rng, ctx.geography));
    const patterns = carePackage.patterns;
    const doubleUp = patterns.some((pattern) => pattern.carersNeeded === 2);
    const language = languagePreference(rng, spoken, doubleUp);
    const gender = genderPreference(rng);
    const skills = [...new Set(patterns.flatMap((pattern) => pattern.qualifications))].filter(
      (skill) => skill !== UNHELD_QUALIFICATION,
    );
    const team = rng.chance(options.teamShare)
      ? chooseTeam(rng, facts, { location, gender, language, skills })
      : [];
    const refused = rng.chance(options.refusalShare)
      ? chooseRefused(rng, facts, location, team)
      : [];
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

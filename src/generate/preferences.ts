/**
 * Preferences on both sides, drawn last and from their own random stream so every other stage
 * stays as it was: each client's area (the town or village they live in) and interests; for
 * some carers, preferred areas, preferred hours inside their availability, a cap on daily
 * travel, and interests. These are soft: they shape the roster, never whether a visit can be
 * placed.
 */
import type { CarerInput, ClientInput, Location } from '../model/schema.js';
import type { Random } from '../model/random.js';
import { clockToMinutes } from '../model/time.js';
import type { Geography } from './geography.js';
import { distanceKm } from './geography.js';

/** Interests a client and a carer may share. */
export const INTERESTS = [
  'gardening',
  'football',
  'music',
  'cooking',
  'faith',
  'crafts',
  'dogs',
  'cats',
  'reading',
  'local history',
] as const;

type WeeklyWindowInput = NonNullable<CarerInput['availability']>[number];

/** How often each preference is drawn. */
const SHARES = {
  clientInterests: 0.5,
  carerInterests: 0.5,
  preferredAreas: 0.25,
  preferredHours: 0.2,
  travelCap: 0.15,
} as const;

/** Bands carers prefer: mornings, or afternoons and evenings. */
const BANDS = [
  { from: '07:00', to: '13:00' },
  { from: '15:00', to: '22:00' },
] as const;

/** Beyond this many spreads from a town or village centre, a home counts as rural. */
const SETTLED_SPREADS = 3;

/** Area ids of a geography's places, in order: `town-1`, `town-2`, `village-1`, ..., `rural`. */
export function areaNames(geography: Geography): string[] {
  const counts = { town: 0, village: 0, rural: 0 };
  return geography.places.map((place) => {
    counts[place.kind]++;
    return place.kind === 'rural' ? 'rural' : `${place.kind}-${counts[place.kind]}`;
  });
}

/** The area of a location: the nearest town or village it plausibly belongs to, else rural. */
export function areaOf(geography: Geography, names: readonly string[], at: Location): string {
  let best = 'rural';
  let bestSpreads = SETTLED_SPREADS;
  geography.places.forEach((place, index) => {
    if (place.kind === 'rural') return;
    const spreads = distanceKm(place.centre, at) / place.radiusKm;
    if (spreads <= bestSpreads) {
      bestSpreads = spreads;
      best = names[index]!;
    }
  });
  return best;
}

function interests(rng: Random): string[] {
  return rng.shuffle(INTERESTS).slice(0, rng.int(1, 2));
}

/** The carer's availability clipped to one band, or nothing when they do not overlap. */
function preferredHours(
  availability: readonly WeeklyWindowInput[],
  band: (typeof BANDS)[number],
): WeeklyWindowInput[] {
  return availability.flatMap((window) => {
    const from = clockToMinutes(window.from) > clockToMinutes(band.from) ? window.from : band.from;
    const to = clockToMinutes(window.to) < clockToMinutes(band.to) ? window.to : band.to;
    return clockToMinutes(from) < clockToMinutes(to) ? [{ ...window, from, to }] : [];
  });
}

/** Adds areas and preferences to generated carers and clients (new records; inputs untouched). */
export function addPreferences(
  rng: Random,
  geography: Geography,
  carers: readonly CarerInput[],
  clients: readonly ClientInput[],
): { carers: CarerInput[]; clients: ClientInput[] } {
  const names = areaNames(geography);
  const withAreas = clients.map((client) => ({
    ...client,
    area: areaOf(geography, names, client.location),
    ...(rng.chance(SHARES.clientInterests) ? { tags: interests(rng) } : {}),
  }));
  const nearestOther = (area: string, at: Location): string | undefined => {
    let best: string | undefined;
    let bestKm = Number.POSITIVE_INFINITY;
    geography.places.forEach((place, index) => {
      const name = names[index]!;
      if (place.kind === 'rural' || name === area) return;
      const km = distanceKm(place.centre, at);
      if (km < bestKm) {
        bestKm = km;
        best = name;
      }
    });
    return best;
  };
  const withPreferences = carers.map((carer) => {
    const preferences: Record<string, unknown> = {};
    if (rng.chance(SHARES.preferredAreas)) {
      const own = areaOf(geography, names, carer.home);
      const next = nearestOther(own, carer.home);
      preferences.preferredAreas = next === undefined ? [own] : [own, next];
    }
    if (rng.chance(SHARES.preferredHours)) {
      const hours = preferredHours(carer.availability ?? [], rng.pick(BANDS));
      if (hours.length > 0) preferences.preferredHours = hours;
    }
    if (rng.chance(SHARES.travelCap)) preferences.maxTravelMinutesPerDay = rng.pick([60, 90]);
    if (rng.chance(SHARES.carerInterests)) preferences.tags = interests(rng);
    return Object.keys(preferences).length > 0 ? { ...carer, preferences } : { ...carer };
  });
  return { carers: withPreferences, clients: withAreas };
}

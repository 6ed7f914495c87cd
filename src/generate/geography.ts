/**
 * Made-up council geography: a dense main town, maybe a second smaller town, clustered villages
 * a few kilometres out and a thin rural scatter. Home care is shaped by this: town rounds are
 * short hops, village rounds mean a drive out and back, rural clients are the hard ones.
 */
import type { Location } from '../model/schema.js';
import type { ResolvedCouncilOptions } from './options.js';
import type { Random } from '../model/random.js';

const KM_PER_DEGREE_LAT = 111.32;

/** A cluster where people live. */
export interface Place {
  readonly kind: 'town' | 'village' | 'rural';
  readonly centre: Location;
  /** Spread of homes around the centre (one standard deviation, km); for rural, the outer ring. */
  readonly radiusKm: number;
  /** Relative share of the population living here. */
  readonly weight: number;
}

/** All the places of a council; the first is the main town. */
export interface Geography {
  readonly places: readonly Place[];
}

/** The point `northKm` north and `eastKm` east of `origin`, rounded to about a metre. */
export function offsetKm(origin: Location, northKm: number, eastKm: number): Location {
  const kmPerDegreeLon = KM_PER_DEGREE_LAT * Math.cos((origin.lat * Math.PI) / 180);
  return {
    lat: round5(origin.lat + northKm / KM_PER_DEGREE_LAT),
    lon: round5(origin.lon + eastKm / kmPerDegreeLon),
  };
}

/**
 * Approximate distance in km. An equirectangular estimate: within a council it is off by far
 * less than the road detour, and it is cheap enough to run for every client-carer pair.
 */
export function distanceKm(a: Location, b: Location): number {
  const north = (a.lat - b.lat) * KM_PER_DEGREE_LAT;
  const east = (a.lon - b.lon) * KM_PER_DEGREE_LAT * Math.cos(((a.lat + b.lat) * Math.PI) / 360);
  // Not Math.hypot: it is several times slower, and this runs millions of times for a big council.
  return Math.sqrt(north * north + east * east);
}

function round5(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

function atBearing(rng: Random, origin: Location, minKm: number, maxKm: number): Location {
  const angle = rng.between(0, 2 * Math.PI);
  const km = rng.between(minKm, maxKm);
  return offsetKm(origin, km * Math.cos(angle), km * Math.sin(angle));
}

/** Lays out the towns and villages around `options.centre`. */
export function buildGeography(rng: Random, options: ResolvedCouncilOptions): Geography {
  const { centre, geography } = options;
  const settled = 1 - geography.ruralShare;
  const villageShare = geography.villages === 0 ? 0 : 0.22;
  const townShare = settled * (1 - villageShare);
  const places: Place[] = [
    {
      kind: 'town',
      centre,
      radiusKm: 1.4,
      weight: townShare * (geography.secondTown ? 0.72 : 1),
    },
  ];
  if (geography.secondTown) {
    places.push({
      kind: 'town',
      centre: atBearing(rng, centre, 7, 10),
      radiusKm: 0.9,
      weight: townShare * 0.28,
    });
  }
  const villageWeights = Array.from({ length: geography.villages }, () => rng.between(0.5, 1.5));
  const villageTotal = villageWeights.reduce((sum, weight) => sum + weight, 0);
  for (const weight of villageWeights) {
    places.push({
      kind: 'village',
      centre: atBearing(rng, centre, 3, 12),
      radiusKm: rng.between(0.25, 0.5),
      weight: (settled * villageShare * weight) / villageTotal,
    });
  }
  if (geography.ruralShare > 0) {
    places.push({ kind: 'rural', centre, radiusKm: 14, weight: geography.ruralShare });
  }
  return { places };
}

/** A place chosen in proportion to how many people live there. */
export function samplePlace(rng: Random, geography: Geography): Place {
  return rng.weighted(geography.places.map((place) => [place, place.weight] as const));
}

/** A home in `place`: dense at a town or village centre, thinning out; anywhere for rural. */
export function samplePoint(rng: Random, place: Place): Location {
  if (place.kind === 'rural') return atBearing(rng, place.centre, 2.5, place.radiusKm);
  // Clip the normal tail so no "town" home lands in the next valley.
  const north = Math.max(-2.5, Math.min(2.5, rng.normal())) * place.radiusKm;
  const east = Math.max(-2.5, Math.min(2.5, rng.normal())) * place.radiusKm;
  return offsetKm(place.centre, north, east);
}

/** A home within `radiusKm` of the main town centre, for carers who do not drive. */
export function sampleTownCentre(rng: Random, geography: Geography, radiusKm: number): Location {
  const main = geography.places[0];
  if (!main) throw new Error('a geography has at least its main town');
  return atBearing(rng, main.centre, 0, radiusKm);
}

/**
 * Neighbourhoods: groups of clients of about 200 people, each served by a local team of carers
 * (the neighbourhood model that cut carers' travel and turnover in Leeds). Built here by
 * capacitated clustering; {@link neighbourhoodsFromGeoJSON} reads a council's own polygons.
 */
import { idRecord } from '../model/visit-key.js';
import type { Client, Location, Problem } from '../model/schema.js';
import { capacitatedClustering } from './capacitated-clustering.js';
import { LocalProjection, meanLocation } from './local-projection.js';
import { haversineMetres } from './straight-line.js';

/** One neighbourhood: its clients, the care they need, and (once allocated) its carers. */
export interface NeighbourhoodArea {
  /** Stable id, matched against clients' `area` and carers' preferred areas. */
  readonly id: string;
  readonly name?: string;
  readonly clientIds: string[];
  /** Number of clients. */
  readonly people: number;
  /** Weekly hours of care of its clients, see {@link weeklyCareHoursByClient}. */
  readonly weeklyCareHours: number;
  /**
   * Mean location of its clients; for a polygon with no clients, the mean of its outer ring.
   * Where the work is, which is what carer allocation measures distance to.
   */
  readonly centroid: Location;
  /** Carers whose home area this is; empty until {@link allocateCarers} fills it. */
  readonly carerIds: string[];
}

/** How far the built neighbourhoods are from perfect balance. */
export interface NeighbourhoodBalance {
  readonly balanceBy: BalanceBy;
  /** Total people or care hours over the number of areas. */
  readonly ideal: number;
  readonly tolerance: number;
  /** Band every area's size was held to: ideal x (1 -+ tolerance), widened to whole people. */
  readonly lower: number;
  readonly upper: number;
  /** Size of each area in the balance unit, in area order. */
  readonly sizes: number[];
  readonly min: number;
  readonly max: number;
  /** False only when the geography or the weights made the band unreachable. */
  readonly withinTolerance: boolean;
  /** Mean straight-line distance from a client to its area's centroid. */
  readonly meanDistanceToCentroidMetres: number;
}

/** Clients split into neighbourhoods. */
export interface Neighbourhoods {
  readonly areas: NeighbourhoodArea[];
  /** Area id of every client. */
  readonly clientArea: Record<string, string>;
  /** Clients that lay outside every polygon and were given the nearest one (GeoJSON only). */
  readonly outside: string[];
  /** Size spread, for neighbourhoods built by {@link buildNeighbourhoods}. */
  readonly balance?: NeighbourhoodBalance;
}

/** What neighbourhood sizes are balanced on. */
export type BalanceBy = 'people' | 'care-hours';

/** Options of {@link buildNeighbourhoods}. */
export interface BuildNeighbourhoodsOptions {
  /** People per neighbourhood; the number of areas is round(clients / target), at least 1. */
  readonly targetPeople?: number;
  /**
   * `people` (default) balances head counts; `care-hours` balances weekly care hours, so a
   * neighbourhood of heavier packages gets fewer people. Falls back to people when no client
   * has any care.
   */
  readonly balanceBy?: BalanceBy;
  /** Seed of the clustering; the same seed and problem give the same areas. Default 1. */
  readonly seed?: number;
  /** Allowed relative deviation of an area's size from the ideal. Default 0.15 (+-15 %). */
  readonly tolerance?: number;
}

/** Default people per neighbourhood, as in the UK neighbourhood care models. */
export const DEFAULT_TARGET_PEOPLE = 200;
/** Default relative size tolerance of built neighbourhoods. */
export const DEFAULT_SIZE_TOLERANCE = 0.15;

/**
 * Weekly care hours of every client: over its packages' visit patterns, days a week x duration
 * x carers needed. A double-up counts twice because it takes two carers' time.
 *
 * @example
 * ```ts
 * for (const [clientId, hours] of weeklyCareHoursByClient(problem)) console.log(clientId, hours);
 * ```
 */
export function weeklyCareHoursByClient(
  problem: Pick<Problem, 'clients' | 'packages'>,
): Map<string, number> {
  const hours = new Map<string, number>(problem.clients.map((client) => [client.id, 0]));
  for (const carePackage of problem.packages) {
    const current = hours.get(carePackage.client);
    if (current === undefined) continue;
    let added = 0;
    for (const pattern of carePackage.visits) {
      added += (pattern.days.length * pattern.durationMinutes * pattern.carersNeeded) / 60;
    }
    hours.set(carePackage.client, current + added);
  }
  return hours;
}

/**
 * Splits the clients into compact neighbourhoods of about `targetPeople`, balanced by people or
 * care hours within `tolerance` whenever the geography allows (see `balance` in the result).
 * Areas are numbered `N01`, `N02`, ... from north to south. Deterministic for a given seed;
 * about O(clients x areas) per round, 20,000 clients in well under the time of a solve.
 *
 * @example
 * ```ts
 * const neighbourhoods = buildNeighbourhoods(problem, { targetPeople: 200, balanceBy: 'care-hours' });
 * for (const area of neighbourhoods.areas) console.log(area.id, area.people, area.weeklyCareHours);
 * ```
 */
export function buildNeighbourhoods(
  problem: Pick<Problem, 'clients' | 'packages'>,
  options: BuildNeighbourhoodsOptions = {},
): Neighbourhoods {
  const targetPeople = options.targetPeople ?? DEFAULT_TARGET_PEOPLE;
  const tolerance = options.tolerance ?? DEFAULT_SIZE_TOLERANCE;
  if (!(targetPeople > 0)) throw new RangeError('targetPeople must be a positive number');
  if (!(tolerance >= 0)) throw new RangeError('tolerance must be zero or more');
  const clients = problem.clients;
  const hours = weeklyCareHoursByClient(problem);
  const balanceBy = resolveBalance(options.balanceBy ?? 'people', clients, hours);
  const weights = Float64Array.from(clients, (client) =>
    balanceBy === 'people' ? 1 : (hours.get(client.id) ?? 0),
  );
  const projection = LocalProjection.around(clients.map((client) => client.location));
  const xs = Float64Array.from(clients, (client) => projection.x(client.location));
  const ys = Float64Array.from(clients, (client) => projection.y(client.location));
  const k = Math.max(1, Math.min(clients.length, Math.round(clients.length / targetPeople)));
  const clustering = capacitatedClustering(xs, ys, weights, {
    k,
    seed: options.seed ?? 1,
    tolerance,
  });

  const groups = Array.from({ length: k }, () => [] as Client[]);
  clients.forEach((client, i) => groups[clustering.assignment[i]!]?.push(client));
  const ordered = groups
    .filter((group) => group.length > 0)
    .map((group) => ({ group, centroid: meanLocation(group.map((c) => c.location)) as Location }))
    .sort((a, b) => b.centroid.lat - a.centroid.lat || a.centroid.lon - b.centroid.lon);
  const width = String(ordered.length).length;
  const areas = ordered.map(({ group }, index) =>
    summariseArea(`N${String(index + 1).padStart(Math.max(2, width), '0')}`, group, hours),
  );
  return {
    areas,
    clientArea: clientAreaIndex(areas),
    outside: [],
    balance: describeBalance(areas, balanceBy, tolerance, clustering, clients),
  };
}

function resolveBalance(
  requested: BalanceBy,
  clients: readonly Client[],
  hours: ReadonlyMap<string, number>,
): BalanceBy {
  if (requested === 'people') return 'people';
  return clients.some((client) => (hours.get(client.id) ?? 0) > 0) ? 'care-hours' : 'people';
}

/**
 * The summary of one area from its clients. Exported for the GeoJSON reader; `fallbackCentroid`
 * places an area that has no clients.
 */
export function summariseArea(
  id: string,
  clients: readonly Client[],
  hours: ReadonlyMap<string, number>,
  name?: string,
  fallbackCentroid: Location = { lat: 0, lon: 0 },
): NeighbourhoodArea {
  let careHours = 0;
  for (const client of clients) careHours += hours.get(client.id) ?? 0;
  return {
    id,
    ...(name === undefined ? {} : { name }),
    clientIds: clients.map((client) => client.id),
    people: clients.length,
    weeklyCareHours: roundHours(careHours),
    centroid: meanLocation(clients.map((client) => client.location)) ?? fallbackCentroid,
    carerIds: [],
  };
}

/** Client id to area id, from the areas' client lists. */
export function clientAreaIndex(areas: readonly NeighbourhoodArea[]): Record<string, string> {
  const index = idRecord<string>();
  for (const area of areas) for (const clientId of area.clientIds) index[clientId] = area.id;
  return index;
}

/** Hours to the nearest hundredth, so sums print cleanly. */
export function roundHours(hours: number): number {
  return Math.round(hours * 100) / 100;
}

function describeBalance(
  areas: readonly NeighbourhoodArea[],
  balanceBy: BalanceBy,
  tolerance: number,
  bands: { ideal: number; lower: number; upper: number },
  clients: readonly Client[],
): NeighbourhoodBalance {
  const sizes = areas.map((area) => (balanceBy === 'people' ? area.people : area.weeklyCareHours));
  const min = sizes.length === 0 ? 0 : Math.min(...sizes);
  const max = sizes.length === 0 ? 0 : Math.max(...sizes);
  // Area hours are rounded to 0.01 h, so allow that much when checking the band.
  const slack = balanceBy === 'people' ? 0 : 0.01;
  const centroidOf = new Map<string, Location>();
  for (const area of areas) for (const id of area.clientIds) centroidOf.set(id, area.centroid);
  let distance = 0;
  for (const client of clients) {
    distance += haversineMetres(client.location, centroidOf.get(client.id) ?? client.location);
  }
  return {
    balanceBy,
    ideal: bands.ideal,
    tolerance,
    lower: bands.lower,
    upper: bands.upper,
    sizes,
    min,
    max,
    withinTolerance: sizes.every(
      (size) => size >= bands.lower - slack && size <= bands.upper + slack,
    ),
    meanDistanceToCentroidMetres: clients.length === 0 ? 0 : distance / clients.length,
  };
}

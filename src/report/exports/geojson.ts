/**
 * The roster as GeoJSON (RFC 7946) for a map: a LineString per carer shift from the shift's start
 * (home) through its stops and back, and a Point per stop with its times and identity.
 */
import type { Feature, FeatureCollection, LineString, Point, Position } from 'geojson';
import type { ExpandedProblem } from '../../model/expand.js';
import { expandProblem } from '../../model/expand.js';
import type { Roster, RosterRoute } from '../../model/roster.js';
import type { Location, Problem } from '../../model/schema.js';
import type { StopContext } from './roster-stops.js';
import { rosterStops } from './roster-stops.js';

/** Properties of a shift's LineString. */
export interface ShiftFeatureProperties {
  readonly kind: 'shift';
  readonly carerId: string;
  readonly carerName?: string;
  readonly date: string;
  readonly shiftStart: string;
  readonly shiftEnd: string;
  /** The break the shift declares, when it declares one. */
  readonly breakStart?: string;
  readonly breakEnd?: string;
  readonly visits: number;
  /** Travel of the shift as the roster gives it: to each stop and back home. */
  readonly travelMinutes: number;
  /** How the line is drawn: straight segments between the places (no road geometry). */
  readonly geometry: 'straight';
}

/** Properties of a stop's Point. */
export interface StopFeatureProperties {
  readonly kind: 'stop';
  readonly carerId: string;
  readonly date: string;
  /** Position in the shift, from 1. */
  readonly order: number;
  readonly visitKey: string;
  readonly packageId: string;
  readonly visitId: string;
  readonly clientId: string;
  readonly clientName?: string;
  readonly arrival: string;
  readonly start: string;
  readonly end: string;
  readonly travelMinutes: number;
  readonly lateMinutes?: number;
  /** The other carers of a double-up. */
  readonly doubleUpWith: readonly string[];
}

/** A feature of {@link rosterGeoJSON}. */
export type RosterFeature =
  Feature<LineString, ShiftFeatureProperties> | Feature<Point, StopFeatureProperties>;

const position = (location: Location): Position => [location.lon, location.lat];

/**
 * The routes as a FeatureCollection: for every shift with visits a LineString from the carer's
 * start location through each stop to their end location (straight segments: road geometry
 * would need the routing service's route calls), then a Point per stop. Stops whose client the
 * problem lacks are left out of the line and points, as the checker reports them anyway.
 *
 * @example
 * ```ts
 * writeFileSync('routes.geojson', JSON.stringify(rosterGeoJSON(problem, roster)));
 * ```
 */
export function rosterGeoJSON(
  problem: Problem,
  roster: Pick<Roster, 'routes'>,
  options: { readonly expanded?: ExpandedProblem } = {},
): FeatureCollection<LineString | Point, ShiftFeatureProperties | StopFeatureProperties> {
  const expanded = options.expanded ?? expandProblem(problem);
  const stops = rosterStops(expanded, roster);
  const stopsOfRoute = new Map<RosterRoute, StopContext[]>();
  for (const context of stops) {
    if (!context.location) continue;
    const list = stopsOfRoute.get(context.route) ?? [];
    list.push(context);
    stopsOfRoute.set(context.route, list);
  }
  const lines: Feature<LineString, ShiftFeatureProperties>[] = [];
  for (const route of roster.routes) {
    const carer = expanded.carers.get(route.carerId);
    const placed = stopsOfRoute.get(route) ?? [];
    if (!carer || placed.length === 0) continue;
    lines.push({
      type: 'Feature',
      properties: {
        kind: 'shift',
        carerId: route.carerId,
        ...(carer.name === undefined ? {} : { carerName: carer.name }),
        date: route.date,
        shiftStart: route.shiftStart,
        shiftEnd: route.shiftEnd,
        ...(route.break ? { breakStart: route.break.start, breakEnd: route.break.end } : {}),
        visits: route.stops.length,
        travelMinutes: route.stops.reduce(
          (sum, stop) => sum + stop.travelMinutes,
          route.travelBackMinutes,
        ),
        geometry: 'straight',
      },
      geometry: {
        type: 'LineString',
        coordinates: [
          position(carer.startLocation ?? carer.home),
          ...placed.map((context) => position(context.location as Location)),
          position(carer.endLocation ?? carer.home),
        ],
      },
    });
  }
  const points: Feature<Point, StopFeatureProperties>[] = stops.flatMap((context) => {
    const { route, stop, location, client, lateMinutes } = context;
    if (!location) return [];
    return [
      {
        type: 'Feature',
        properties: {
          kind: 'stop',
          carerId: route.carerId,
          date: stop.date,
          order: context.order,
          visitKey: stop.visitKey,
          packageId: stop.packageId,
          visitId: stop.visitId,
          clientId: stop.clientId,
          ...(client?.name === undefined ? {} : { clientName: client.name }),
          arrival: stop.arrival,
          start: stop.start,
          end: stop.end,
          travelMinutes: stop.travelMinutes,
          ...(lateMinutes === undefined ? {} : { lateMinutes }),
          doubleUpWith: [...context.partners],
        },
        geometry: { type: 'Point', coordinates: position(location) },
      },
    ];
  });
  return { type: 'FeatureCollection', features: [...lines, ...points] };
}

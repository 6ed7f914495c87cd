/**
 * The roster's stops with what every export shows beside them: the carer and client records,
 * the dated visit, the double-up partner and the minutes late. Read once, shared by the CSV,
 * iCalendar and GeoJSON exports so they always agree.
 */
import type { ExpandedProblem, Visit } from '../../model/expand.js';
import type { Roster, RosterRoute, RosterStop } from '../../model/roster.js';
import type { Carer, Client, Location } from '../../model/schema.js';

/** One stop of one route, with its context. */
export interface StopContext {
  readonly route: RosterRoute;
  readonly stop: RosterStop;
  /** Position of the stop in its route, from 1. */
  readonly order: number;
  readonly carer: Carer | undefined;
  readonly client: Client | undefined;
  /** The dated visit of the stop's key; undefined when the roster names a visit the problem lacks. */
  readonly visit: Visit | undefined;
  /** The other carers on the same dated visit (the double-up partner). */
  readonly partners: readonly string[];
  /** Minutes the visit started after its window; undefined when the visit or time is unreadable. */
  readonly lateMinutes: number | undefined;
  /** Where the client is (the visit's location in the problem). */
  readonly location: Location | undefined;
}

/** Every stop of `roster` with its context, route by route in roster order. */
export function rosterStops(
  expanded: ExpandedProblem,
  roster: Pick<Roster, 'routes'>,
): StopContext[] {
  const carersOfVisit = new Map<string, string[]>();
  for (const route of roster.routes) {
    for (const stop of route.stops) {
      const carers = carersOfVisit.get(stop.visitKey) ?? [];
      carers.push(route.carerId);
      carersOfVisit.set(stop.visitKey, carers);
    }
  }
  return roster.routes.flatMap((route) =>
    route.stops.map((stop, index) => {
      const visit = expanded.visitsById.get(stop.visitKey);
      const start = expanded.clock.fromIso(stop.start);
      const client = expanded.clients.get(stop.clientId);
      return {
        route,
        stop,
        order: index + 1,
        carer: expanded.carers.get(route.carerId),
        client,
        visit,
        partners: (carersOfVisit.get(stop.visitKey) ?? []).filter((id) => id !== route.carerId),
        lateMinutes:
          visit === undefined || start === undefined
            ? undefined
            : Math.max(0, start - visit.windowEnd),
        location: visit === undefined ? client?.location : expanded.locations[visit.location],
      };
    }),
  );
}

/** A person's name for display, or their id when the problem gives none. */
export function displayName(person: { readonly name?: string } | undefined, id: string): string {
  return person?.name ?? id;
}

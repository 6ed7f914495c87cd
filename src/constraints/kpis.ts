/**
 * KPI figures computed from a roster's routes: what a council and a carer ask of a roster.
 * Computed from the routes themselves, never carried over from the solver's own score.
 */
import type { ExpandedProblem } from '../model/expand.js';
import type { RosterKpis, RosterRoute, UnplacedVisit } from '../model/roster.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';

/** Computes the roster KPIs of `routes` and `unplaced` for an expanded problem. */
export function computeKpis(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  routes: readonly RosterRoute[],
  unplaced: readonly UnplacedVisit[],
): RosterKpis {
  let careMinutes = 0;
  let travelMinutes = 0;
  let travelMetres = 0;
  const placed = new Set<string>();
  const carersUsed = new Set<string>();
  const carersOfClient = new Map<string, Set<string>>();
  for (const route of routes) {
    const mode = expanded.carerTransport.get(route.carerId) ?? 'car';
    let place = expanded.carerStart.get(route.carerId) ?? 0;
    carersUsed.add(route.carerId);
    for (const stop of route.stops) {
      const visit = expanded.visitsById.get(stop.visitId);
      if (!visit) continue;
      placed.add(visit.id);
      careMinutes += visit.duration;
      travelMinutes += travel.minutes(place, visit.location, mode);
      travelMetres += travel.metres(place, visit.location, mode);
      place = visit.location;
      const seen = carersOfClient.get(visit.clientId) ?? new Set<string>();
      seen.add(route.carerId);
      carersOfClient.set(visit.clientId, seen);
    }
    if (route.stops.length > 0) {
      const end = expanded.carerEnd.get(route.carerId) ?? 0;
      travelMinutes += travel.minutes(place, end, mode);
      travelMetres += travel.metres(place, end, mode);
    }
  }
  const distinct = [...carersOfClient.values()].map((carers) => carers.size);
  const paidMinutes = careMinutes + travelMinutes;
  return {
    visits: expanded.visits.length,
    visitsPlaced: placed.size,
    visitsUnplaced: unplaced.length,
    careMinutes,
    travelMinutes,
    travelKm: round(travelMetres / 1000, 1),
    paidMinutes,
    travelShareOfPaidTime: paidMinutes === 0 ? 0 : round(travelMinutes / paidMinutes, 4),
    carersUsed: carersUsed.size,
    distinctCarersPerClientMean:
      distinct.length === 0 ? 0 : round(distinct.reduce((a, b) => a + b, 0) / distinct.length, 2),
    distinctCarersPerClientMax: distinct.length === 0 ? 0 : Math.max(...distinct),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

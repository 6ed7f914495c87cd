/**
 * The report's per-client and per-neighbourhood rows: visits placed and late, distinct carers,
 * team visits; demand against the contracted hours of the carers based there, travel share.
 */
import type { ExpandedProblem } from '../../model/expand.js';
import type { Roster } from '../../model/roster.js';
import type { Neighbourhoods } from '../../geo/neighbourhoods.js';
import { contractedMinutesByWeek } from '../../constraints/soft-terms.js';

/** One row of the per-client table. */
export interface ClientRow {
  readonly clientId: string;
  readonly name: string;
  readonly area: string;
  readonly visits: number;
  readonly placed: number;
  readonly unplaced: number;
  readonly distinctCarers: number;
  /** Share of carer-visits made by the client's chosen team (undefined without a team). */
  readonly teamShare: number | undefined;
  readonly lateVisits: number;
  readonly latenessMinutes: number;
}

/** One row of the per-neighbourhood table. */
export interface AreaRow {
  readonly areaId: string;
  readonly label: string;
  readonly clients: number;
  /** Care hours the area's visits need over the horizon (a double-up counts twice). */
  readonly demandHours: number;
  /** Contracted hours over the horizon of the carers based in the area. */
  readonly carerHours: number;
  readonly carers: number;
  /** Care hours delivered in the area. */
  readonly deliveredHours: number;
  /** Travel into the area's visits (and home from its last ones) over care plus that travel. */
  readonly travelShare: number;
  /** Mean distinct carers per client of the area who had a visit. */
  readonly distinctCarersMean: number;
  readonly unplaced: number;
}

export function clientRows(
  expanded: ExpandedProblem,
  roster: Roster,
  clientArea: ReadonlyMap<string, string>,
  areaLabel: ReadonlyMap<string, string>,
): ClientRow[] {
  const { clock } = expanded;
  const carers = new Map<string, Set<string>>();
  const placed = new Map<string, Set<string>>();
  const team = new Map<string, { of: number; by: number }>();
  const late = new Map<string, { visits: number; minutes: number }>();
  for (const route of roster.routes) {
    for (const stop of route.stops) {
      const client = expanded.clients.get(stop.clientId);
      if (!client) continue;
      addTo(carers, stop.clientId, route.carerId);
      addTo(placed, stop.clientId, stop.visitKey);
      if (client.team.length > 0) {
        const counts = team.get(stop.clientId) ?? { of: 0, by: 0 };
        counts.of++;
        if (client.team.includes(route.carerId)) counts.by++;
        team.set(stop.clientId, counts);
      }
      const visit = expanded.visitsById.get(stop.visitKey);
      const start = clock.fromIso(stop.start);
      if (visit && start !== undefined && start > visit.windowEnd) {
        const counts = late.get(stop.clientId) ?? { visits: 0, minutes: 0 };
        counts.visits++;
        counts.minutes += start - visit.windowEnd;
        late.set(stop.clientId, counts);
      }
    }
  }
  const visits = countBy(expanded.visits.map((visit) => visit.clientId));
  const unplaced = countBy(roster.unplaced.map((visit) => visit.clientId));
  return expanded.problem.clients.map((client) => {
    const area = clientArea.get(client.id);
    const counts = team.get(client.id);
    return {
      clientId: client.id,
      name: client.name ?? client.id,
      area: area === undefined ? '' : (areaLabel.get(area) ?? area),
      visits: visits.get(client.id) ?? 0,
      placed: placed.get(client.id)?.size ?? 0,
      unplaced: unplaced.get(client.id) ?? 0,
      distinctCarers: carers.get(client.id)?.size ?? 0,
      teamShare: counts && counts.of > 0 ? counts.by / counts.of : undefined,
      lateVisits: late.get(client.id)?.visits ?? 0,
      latenessMinutes: late.get(client.id)?.minutes ?? 0,
    };
  });
}

export function areaRows(
  expanded: ExpandedProblem,
  roster: Roster,
  neighbourhoods: Neighbourhoods,
  carerArea: ReadonlyMap<string, string>,
  areaLabel: ReadonlyMap<string, string>,
): AreaRow[] {
  const areaOfClient = new Map(Object.entries(neighbourhoods.clientArea));
  const demand = new Map<string, number>();
  for (const visit of expanded.visits) {
    const area = areaOfClient.get(visit.clientId);
    if (area !== undefined) add(demand, area, visit.duration * visit.carersNeeded);
  }
  const care = new Map<string, number>();
  const travel = new Map<string, number>();
  const carersOfClient = new Map<string, Set<string>>();
  for (const route of roster.routes) {
    route.stops.forEach((stop, index) => {
      const area = areaOfClient.get(stop.clientId);
      if (area === undefined) return;
      const visit = expanded.visitsById.get(stop.visitKey);
      add(care, area, visit?.duration ?? 0);
      add(
        travel,
        area,
        stop.travelMinutes + (index === route.stops.length - 1 ? route.travelBackMinutes : 0),
      );
      addTo(carersOfClient, stop.clientId, route.carerId);
    });
  }
  const contracted = new Map<string, number>();
  const based = new Map<string, number>();
  for (const carer of expanded.problem.carers) {
    const area = carerArea.get(carer.id);
    if (area === undefined) continue;
    add(based, area, 1);
    for (const minutes of contractedMinutesByWeek(expanded, carer).values()) {
      add(contracted, area, minutes);
    }
  }
  const unplaced = countBy(
    roster.unplaced.flatMap((visit) => {
      const area = areaOfClient.get(visit.clientId);
      return area === undefined ? [] : [area];
    }),
  );
  return neighbourhoods.areas.map((area) => {
    const careMinutes = care.get(area.id) ?? 0;
    const travelMinutes = travel.get(area.id) ?? 0;
    const seen = area.clientIds.flatMap((id) => {
      const carers = carersOfClient.get(id);
      return carers ? [carers.size] : [];
    });
    return {
      areaId: area.id,
      label: areaLabel.get(area.id) ?? area.id,
      clients: area.people,
      demandHours: (demand.get(area.id) ?? 0) / 60,
      carerHours: (contracted.get(area.id) ?? 0) / 60,
      carers: based.get(area.id) ?? 0,
      deliveredHours: careMinutes / 60,
      travelShare:
        careMinutes + travelMinutes === 0 ? 0 : travelMinutes / (careMinutes + travelMinutes),
      distinctCarersMean:
        seen.length === 0 ? 0 : seen.reduce((sum, size) => sum + size, 0) / seen.length,
      unplaced: unplaced.get(area.id) ?? 0,
    };
  });
}

export function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) add(counts, key, 1);
  return counts;
}

function add(map: Map<string, number>, key: string, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

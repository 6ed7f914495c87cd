/**
 * Everything the HTML report shows, worked out from the problem and the roster: headline KPIs,
 * map layers, each shift's route and timeline, and the per-carer, per-client and
 * per-neighbourhood tables. The page only draws it; no figure is computed in the browser.
 */
import type { FeatureCollection, Position } from 'geojson';
import { DateTime } from 'luxon';
import type { ExpandedProblem } from '../../model/expand.js';
import { expandProblem } from '../../model/expand.js';
import type { Roster, RosterKpis } from '../../model/roster.js';
import type { Location, Problem } from '../../model/schema.js';
import type { TravelMatrix } from '../../geo/travel-matrix.js';
import { straightLineTravelMatrix } from '../../geo/straight-line.js';
import type { Neighbourhoods } from '../../geo/neighbourhoods.js';
import { buildNeighbourhoods } from '../../geo/neighbourhoods.js';
import {
  neighbourhoodsFromGeoJSON,
  neighbourhoodsToGeoJSON,
} from '../../geo/neighbourhood-geojson.js';
import { allocateCarers } from '../../geo/allocation.js';
import { carerFigures, computeKpis } from '../../constraints/kpis.js';
import type { CarerFigures } from '../../constraints/kpis.js';
import { contractedMinutesByWeek } from '../../constraints/soft-terms.js';
import type { CommissioningInput } from './commissioning-input.js';
import { MapFrame } from './map-frame.js';
import type { TimelineSegment } from './shift-timeline.js';
import { shiftTimeline } from './shift-timeline.js';

/** Options of {@link renderReport}. */
export interface ReportOptions {
  /** Travel the per-carer figures are measured on. Default: straight-line, as the checker. */
  readonly travel?: TravelMatrix;
  /**
   * The council's neighbourhood polygons (GeoJSON FeatureCollection). Default: neighbourhoods
   * built from the clients with `buildNeighbourhoods`, outlined by `neighbourhoodsToGeoJSON`.
   */
  readonly neighbourhoods?: FeatureCollection;
  /** People per built neighbourhood when no polygons are given (see `buildNeighbourhoods`). */
  readonly targetPeople?: number;
  /** The commissioning comparison to show (see `readCommissioning`). */
  readonly commissioning?: CommissioningInput;
  /** Date shown first (`YYYY-MM-DD`). Default: the first date with a shift. */
  readonly day?: string;
  /** Page title. Default: the problem's name, or "care-roster report". */
  readonly title?: string;
}

/** One neighbourhood outline on the map. */
export interface MapArea {
  readonly id: string;
  readonly label: string;
  /** SVG path data of its rings. */
  readonly path: string;
  /** Where its label goes: the mean of its outer ring's corners. */
  readonly labelX: number;
  readonly labelY: number;
}

/** A marker on the map (a client or a carer's home). */
export interface MapMarker {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly tip: string;
}

/** One shift as the page draws it: its route on the map and its row of the timeline. */
export interface ShiftView {
  readonly carerId: string;
  readonly carerName: string;
  readonly date: string;
  readonly colour: string;
  /** Route on the map: start, every stop, end, as flat `x, y` pairs. */
  readonly path: number[];
  readonly tip: string;
  /** One hover text per stop, in order. */
  readonly stopTips: string[];
  readonly segments: readonly (TimelineSegment & { readonly tip: string })[];
}

/** The data block the page script reads. */
export interface PageData {
  readonly days: readonly { readonly date: string; readonly label: string }[];
  readonly day: string;
  readonly shifts: readonly ShiftView[];
}

/** One row of the per-carer table. */
export interface CarerRow extends CarerFigures {
  readonly name: string;
  readonly transport: string;
  readonly area: string;
  readonly hourlyPay: number;
  readonly travelPaid: boolean;
  readonly belowLivingWage: boolean;
}

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

/** One row of the unplaced visits. */
export interface UnplacedRow {
  readonly visitKey: string;
  readonly clientId: string;
  readonly clientName: string;
  readonly date: string;
  readonly window: string;
  readonly reasons: readonly string[];
}

/** Everything the report shows. */
export interface ReportModel {
  readonly title: string;
  readonly horizon: { readonly start: string; readonly end: string };
  readonly timeZone: string;
  readonly kpis: RosterKpis;
  /** True when the roster's own KPIs were missing a field and were recomputed. */
  readonly kpisRecomputed: boolean;
  readonly livingWage: number | undefined;
  readonly map: {
    readonly width: number;
    readonly height: number;
    readonly metresPerUnit: number;
    readonly areas: readonly MapArea[];
    readonly clients: readonly MapMarker[];
    readonly homes: readonly MapMarker[];
  };
  readonly page: PageData;
  readonly carers: readonly CarerRow[];
  readonly clients: readonly ClientRow[];
  readonly areas: readonly AreaRow[];
  readonly unplaced: readonly UnplacedRow[];
  readonly commissioning: CommissioningInput | undefined;
}

/** Carer colours on the map and timeline: distinct on a light background, cycled. */
const CARER_COLOURS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#393b79',
  '#637939',
];

/** Works out the report of `roster` for `problem` (both already validated). */
export function buildReportModel(
  problem: Problem,
  roster: Roster,
  options: ReportOptions = {},
): ReportModel {
  const expanded = expandProblem(problem);
  const travel =
    options.travel ?? straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const computed = computeKpis(expanded, travel, roster.routes, roster.unplaced);
  const given = roster.kpis as Partial<RosterKpis> | undefined;
  const complete = given !== undefined && Object.keys(computed).every((key) => key in given);

  const { neighbourhoods, outlines } = areasOf(problem, options);
  const allocation = allocateCarers(problem, neighbourhoods);
  const clientArea = new Map(Object.entries(neighbourhoods.clientArea));
  const carerArea = new Map(Object.entries(allocation.carerArea));
  const areaLabel = new Map(
    neighbourhoods.areas.map((area) => [area.id, area.name ?? area.id] as const),
  );

  const locations: Location[] = [
    ...problem.clients.map((client) => client.location),
    ...problem.carers.flatMap((carer) =>
      [carer.home, carer.startLocation, carer.endLocation].filter(
        (location): location is Location => location !== undefined,
      ),
    ),
    ...outlines.flatMap((outline) =>
      outline.rings.flat().map(([lon = 0, lat = 0]) => ({ lat, lon })),
    ),
  ];
  const frame = new MapFrame(locations);
  const clientName = (id: string) => expanded.clients.get(id)?.name ?? id;
  const carerName = (id: string) => expanded.carers.get(id)?.name ?? id;
  const visitsOfClient = countBy(expanded.visits.map((visit) => visit.clientId));

  const mapAreas: MapArea[] = outlines.map((outline) => ({
    id: outline.id,
    label: areaLabel.get(outline.id) ?? outline.id,
    ...labelPoint(outline, frame),
    path: outline.rings
      .map(
        (ring) =>
          'M' +
          ring.map(([lon = 0, lat = 0]) => frame.point({ lat, lon }).join(',')).join('L') +
          'Z',
      )
      .join(''),
  }));
  const clientMarkers: MapMarker[] = problem.clients.map((client) => {
    const [x, y] = frame.point(client.location);
    const area = clientArea.get(client.id);
    return {
      id: client.id,
      x,
      y,
      tip: [
        `${clientName(client.id)} (${client.id})`,
        area ? `Neighbourhood ${areaLabel.get(area) ?? area}` : '',
        `${visitsOfClient.get(client.id) ?? 0} visits in the roster period`,
        client.team.length > 0 ? `Team: ${client.team.map(carerName).join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    };
  });
  const homeMarkers: MapMarker[] = problem.carers.map((carer) => {
    const [x, y] = frame.point(carer.home);
    return {
      id: carer.id,
      x,
      y,
      tip: `${carerName(carer.id)} (${carer.id}), home\nTravels by ${carer.transport}`,
    };
  });

  const carerIndex = new Map(problem.carers.map((carer, index) => [carer.id, index] as const));
  const shifts: ShiftView[] = roster.routes
    .filter((route) => route.stops.length > 0)
    .map((route) => {
      const carer = expanded.carers.get(route.carerId);
      const start = carer?.startLocation ?? carer?.home;
      const end = carer?.endLocation ?? carer?.home;
      const points = [
        ...(start ? [start] : []),
        ...route.stops.flatMap((stop) => {
          const client = expanded.clients.get(stop.clientId);
          return client ? [client.location] : [];
        }),
        ...(end ? [end] : []),
      ];
      const travelled = route.stops.reduce(
        (sum, stop) => sum + stop.travelMinutes,
        route.travelBackMinutes,
      );
      const stopTips = route.stops.map(
        (stop, index) =>
          `${index + 1}. ${clientName(stop.clientId)}: ${clockOf(stop.start)}-${clockOf(stop.end)}` +
          ` (${stop.visitId}), ${stop.travelMinutes} min travel`,
      );
      const midnight = expanded.clock.minuteOfDayToMinutes(route.date, 0);
      const wall = (minutes: number) => clockOf(expanded.clock.toIso(midnight + minutes));
      const segments = shiftTimeline(expanded, route).map((segment) => ({
        ...segment,
        tip: segmentTip(segment, route.stops, clientName, wall),
      }));
      return {
        carerId: route.carerId,
        carerName: carerName(route.carerId),
        date: route.date,
        colour: CARER_COLOURS[(carerIndex.get(route.carerId) ?? 0) % CARER_COLOURS.length] ?? '',
        path: points.flatMap((point) => frame.point(point)),
        tip:
          `${carerName(route.carerId)}: ${clockOf(route.shiftStart)}-${clockOf(route.shiftEnd)}, ` +
          `${route.stops.length} visits, ${travelled} min travel`,
        stopTips,
        segments,
      };
    });

  const days = expanded.dates.map((date) => ({
    date,
    label: DateTime.fromISO(date).toFormat('ccc d LLL'),
  }));
  const firstShiftDay = shifts.map((shift) => shift.date).sort()[0];
  const day =
    options.day !== undefined && expanded.dates.includes(options.day)
      ? options.day
      : (firstShiftDay ?? expanded.dates[0] ?? problem.horizon.start);

  const livingWage = problem.settings.livingWageHourly;
  const carers: CarerRow[] = carerFigures(expanded, travel, roster.routes).map((figures) => {
    const carer = expanded.carers.get(figures.carerId);
    const area = carerArea.get(figures.carerId);
    return {
      ...figures,
      name: carerName(figures.carerId),
      transport: carer?.transport ?? '',
      area: area === undefined ? '' : (areaLabel.get(area) ?? area),
      hourlyPay: carer?.contract.hourlyPay ?? 0,
      travelPaid: carer?.contract.travelPaid ?? true,
      belowLivingWage: livingWage !== undefined && figures.effectiveHourlyPay < livingWage,
    };
  });

  return {
    title: options.title ?? problem.name ?? 'care-roster report',
    horizon: problem.horizon,
    timeZone: problem.timeZone,
    kpis: complete ? (given as RosterKpis) : computed,
    kpisRecomputed: !complete,
    livingWage,
    map: {
      width: frame.width,
      height: frame.height,
      metresPerUnit: frame.metresPerUnit,
      areas: mapAreas,
      clients: clientMarkers,
      homes: homeMarkers,
    },
    page: { days, day, shifts },
    carers,
    clients: clientRows(expanded, roster, clientArea, areaLabel),
    areas: areaRows(expanded, roster, neighbourhoods, carerArea, areaLabel),
    unplaced: roster.unplaced.map((visit) => {
      const dated = expanded.visitsById.get(visit.visitKey);
      return {
        visitKey: visit.visitKey,
        clientId: visit.clientId,
        clientName: clientName(visit.clientId),
        date: visit.date,
        window: dated
          ? `${clockOf(expanded.clock.toIso(dated.windowStart))}-${clockOf(expanded.clock.toIso(dated.windowEnd))}`
          : '',
        reasons: visit.reasons.map((reason) => reason.message),
      };
    }),
    commissioning: options.commissioning,
  };
}

interface Outline {
  readonly id: string;
  readonly rings: Position[][];
}

function areasOf(
  problem: Problem,
  options: ReportOptions,
): { neighbourhoods: Neighbourhoods; outlines: Outline[] } {
  const given = options.neighbourhoods;
  const neighbourhoods = given
    ? neighbourhoodsFromGeoJSON(problem, given)
    : buildNeighbourhoods(problem, { targetPeople: options.targetPeople });
  const collection: FeatureCollection = given ?? neighbourhoodsToGeoJSON(neighbourhoods, problem);
  // Areas are read in feature order by both, so the n-th feature is the n-th area.
  const outlines = collection.features.flatMap((feature, index): Outline[] => {
    const geometry = feature.geometry;
    const id = neighbourhoods.areas[index]?.id ?? String(index);
    if (geometry?.type === 'Polygon') return [{ id, rings: geometry.coordinates }];
    if (geometry?.type === 'MultiPolygon') return [{ id, rings: geometry.coordinates.flat() }];
    return [];
  });
  return { neighbourhoods, outlines };
}

function labelPoint(outline: Outline, frame: MapFrame): { labelX: number; labelY: number } {
  const outer = outline.rings[0] ?? [];
  const corners = outer
    .slice(0, Math.max(1, outer.length - 1))
    .map(([lon = 0, lat = 0]) => frame.point({ lat, lon }));
  const mean = (values: number[]) =>
    Math.round((values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)) * 10) / 10;
  return {
    labelX: mean(corners.map(([x]) => x)),
    labelY: mean(corners.map(([, y]) => y)),
  };
}

function clientRows(
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

function areaRows(
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

function segmentTip(
  segment: TimelineSegment,
  stops: Roster['routes'][number]['stops'],
  clientName: (id: string) => string,
  wall: (minutes: number) => string,
): string {
  const span = `${wall(segment.from)}-${wall(segment.to)} (${segment.to - segment.from} min)`;
  const stop = stops[segment.stop];
  const to = stop ? clientName(stop.clientId) : 'home';
  switch (segment.kind) {
    case 'visit':
      return `Visit ${to}, ${stop?.visitId ?? ''}: ${span}`;
    case 'travel':
      return `Travel to ${to}: ${span}`;
    case 'break':
      return `Break: ${span}`;
    case 'wait':
      return `Waiting before ${to}: ${span}`;
  }
}

/** `HH:mm` of an ISO local date-time as written in the roster (the wall clock there). */
function clockOf(iso: string): string {
  return iso.slice(11, 16);
}

function countBy(keys: readonly string[]): Map<string, number> {
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

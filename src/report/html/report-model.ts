/**
 * Everything the HTML report shows, worked out from the problem and the roster: headline KPIs,
 * map layers, each shift's route and timeline, and the per-carer, per-client and
 * per-neighbourhood tables. The page only draws it; no figure is computed in the browser.
 */
import { printedMinutes } from '../printed-minutes.js';
import type { FeatureCollection, Position } from 'geojson';
import { DateTime } from 'luxon';
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
import { computeKpis, rosterFigures } from '../../constraints/kpis.js';
import type { CarerFigures } from '../../constraints/kpis.js';
import type { CommissioningInput } from './commissioning-input.js';
import { MapFrame } from './map-frame.js';
import type { TimelineSegment } from './shift-timeline.js';
import { shiftTimeline } from './shift-timeline.js';
import type { ClientRow, AreaRow } from './report-rows.js';
export type { AreaRow, ClientRow } from './report-rows.js';
import { clientRows, areaRows, countBy } from './report-rows.js';

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
  /** Carers in the table made visits, so their effective pay is defined. */
  readonly effectiveHourlyPay: number;
  readonly name: string;
  readonly transport: string;
  readonly area: string;
  readonly hourlyPay: number;
  readonly travelPaid: boolean;
  readonly belowLivingWage: boolean;
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
          ` (${stop.visitId}), ${printedMinutes(stop.travelMinutes)} min travel`,
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
          `${route.stops.length} visits, ${printedMinutes(travelled)} min travel`,
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
  const worked = rosterFigures(expanded, travel, roster.routes).carers.filter(
    (figures) => figures.workingShifts > 0,
  );
  const carers: CarerRow[] = worked.map((figures) => {
    const carer = expanded.carers.get(figures.carerId);
    const area = carerArea.get(figures.carerId);
    const effectiveHourlyPay = Math.round((figures.effectiveHourlyPay ?? 0) * 100) / 100;
    return {
      ...figures,
      effectiveHourlyPay,
      name: carerName(figures.carerId),
      transport: carer?.transport ?? '',
      area: area === undefined ? '' : (areaLabel.get(area) ?? area),
      hourlyPay: carer?.contract.hourlyPay ?? 0,
      travelPaid: carer?.contract.travelPaid ?? true,
      belowLivingWage: livingWage !== undefined && effectiveHourlyPay < livingWage,
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

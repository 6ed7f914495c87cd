/**
 * Neighbourhoods to and from GeoJSON: read a council's own polygons (point-in-polygon), and
 * draw built neighbourhoods as polygons for a map.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { Delaunay } from 'd3-delaunay';
import { intersection, union } from 'polyclip-ts';
import type {
  Feature,
  FeatureCollection,
  Geometry,
  MultiPolygon,
  Polygon,
  Position,
} from 'geojson';
import type { Client, Location, Problem } from '../model/schema.js';
import { LocalProjection, meanLocation } from './local-projection.js';
import type { NeighbourhoodArea, Neighbourhoods } from './neighbourhoods.js';
import { clientAreaIndex, summariseArea, weeklyCareHoursByClient } from './neighbourhoods.js';

/** A GeoJSON input that cannot be read as neighbourhood polygons. */
export class NeighbourhoodGeoJSONError extends Error {
  override readonly name = 'NeighbourhoodGeoJSONError';

  /**
   * @param message - What is wrong, naming the feature.
   * @param featureIndex - Index of the offending feature in `features`, when there is one.
   */
  constructor(
    message: string,
    readonly featureIndex?: number,
  ) {
    super(message);
  }
}

/** Options of {@link neighbourhoodsFromGeoJSON}. */
export interface FromGeoJSONOptions {
  /** Property holding the area id. Default `id`; then the feature's own `id`; then `area-<n>`. */
  readonly idProperty?: string;
  /** Property holding the area name. Default `name`. */
  readonly nameProperty?: string;
}

type AreaFeature = Feature<Polygon | MultiPolygon>;

/** A polygon feature with what the lookup needs precomputed. */
interface PolygonArea {
  readonly id: string;
  readonly name?: string;
  readonly feature: AreaFeature;
  /** Bounding box `[west, south, east, north]`, a cheap reject before the exact test. */
  readonly bbox: readonly [number, number, number, number];
  /** Every ring of every polygon, for the distance from an outside client. */
  readonly rings: readonly Position[][];
}

/**
 * Neighbourhoods from a council's polygons. Each client goes to the first polygon that contains
 * it (so with overlapping polygons, the earlier feature wins). A client inside none goes to the
 * polygon whose boundary (nearest point on any edge, not vertex or centroid) is closest, and is
 * listed in `outside`.
 *
 * @throws {@link NeighbourhoodGeoJSONError} when the input is not a FeatureCollection, a feature
 * is not a Polygon or MultiPolygon, or two features share an id; the message names the feature
 * index.
 *
 * @example
 * ```ts
 * // the council's own polygons, e.g. JSON.parse(readFileSync('areas.geojson', 'utf8'))
 * const polygons = neighbourhoodsToGeoJSON(buildNeighbourhoods(problem), problem);
 * const neighbourhoods = neighbourhoodsFromGeoJSON(problem, polygons);
 * console.log(neighbourhoods.areas.length, 'areas;', neighbourhoods.outside, 'outside every polygon');
 * ```
 */
export function neighbourhoodsFromGeoJSON(
  problem: Pick<Problem, 'clients' | 'packages'>,
  features: FeatureCollection,
  options: FromGeoJSONOptions = {},
): Neighbourhoods {
  const polygons = readPolygons(features, options);
  if (polygons.length === 0 && problem.clients.length > 0) {
    throw new NeighbourhoodGeoJSONError('the FeatureCollection has no polygons to place clients');
  }
  const projection = LocalProjection.around(problem.clients.map((client) => client.location));
  const members = polygons.map(() => [] as Client[]);
  const outside: string[] = [];
  for (const client of problem.clients) {
    let index = containingPolygon(polygons, client.location);
    if (index < 0) {
      index = nearestPolygon(polygons, client.location, projection);
      outside.push(client.id);
    }
    members[index]?.push(client);
  }
  const hours = weeklyCareHoursByClient(problem);
  const areas: NeighbourhoodArea[] = polygons.map((polygon, i) =>
    summariseArea(polygon.id, members[i] ?? [], hours, polygon.name, ringCentroid(polygon)),
  );
  return { areas, clientArea: clientAreaIndex(areas), outside };
}

function readPolygons(collection: FeatureCollection, options: FromGeoJSONOptions): PolygonArea[] {
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new NeighbourhoodGeoJSONError('expected a GeoJSON FeatureCollection');
  }
  const idProperty = options.idProperty ?? 'id';
  const nameProperty = options.nameProperty ?? 'name';
  const seen = new Map<string, number>();
  return collection.features.map((feature, index) => {
    const geometry = checkedGeometry(feature, index);
    const id = areaId(feature, idProperty, index);
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      throw new NeighbourhoodGeoJSONError(
        `feature ${index} has id "${id}", already used by feature ${earlier}`,
        index,
      );
    }
    seen.set(id, index);
    const name = feature.properties?.[nameProperty];
    const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
    return {
      id,
      ...(typeof name === 'string' ? { name } : {}),
      feature: feature as AreaFeature,
      bbox: boundingBox(rings),
      rings,
    };
  });
}

function checkedGeometry(feature: Feature, index: number): Polygon | MultiPolygon {
  const geometry: Geometry | null | undefined = feature?.geometry;
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    const found = geometry ? geometry.type : 'no geometry';
    throw new NeighbourhoodGeoJSONError(
      `feature ${index} is a ${found}; neighbourhoods must be Polygon or MultiPolygon features`,
      index,
    );
  }
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  if (rings.length === 0 || rings.some((ring) => !Array.isArray(ring) || ring.length < 4)) {
    throw new NeighbourhoodGeoJSONError(
      `feature ${index} has a ring with fewer than 4 positions (a closed ring needs at least 4)`,
      index,
    );
  }
  return geometry;
}

function areaId(feature: Feature, idProperty: string, index: number): string {
  const value = feature.properties?.[idProperty] ?? feature.id;
  return typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : `area-${index + 1}`;
}

function boundingBox(rings: readonly Position[][]): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const [lon = 0, lat = 0] of ring) {
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
  }
  return box;
}

function containingPolygon(polygons: readonly PolygonArea[], location: Location): number {
  return polygons.findIndex(
    ({ bbox, feature }) =>
      location.lon >= bbox[0] &&
      location.lat >= bbox[1] &&
      location.lon <= bbox[2] &&
      location.lat <= bbox[3] &&
      booleanPointInPolygon([location.lon, location.lat], feature),
  );
}

/** Index of the polygon with the nearest edge, in projected metres; ties go to the first. */
function nearestPolygon(
  polygons: readonly PolygonArea[],
  location: Location,
  projection: LocalProjection,
): number {
  const px = projection.x(location);
  const py = projection.y(location);
  let best = 0;
  let bestDistance = Infinity;
  polygons.forEach((polygon, index) => {
    for (const ring of polygon.rings) {
      for (let v = 1; v < ring.length; v++) {
        const [ax = 0, ay = 0] = ring[v - 1]!;
        const [bx = 0, by = 0] = ring[v]!;
        const d = segmentDistanceSquared(
          px,
          py,
          projection.x({ lat: ay, lon: ax }),
          projection.y({ lat: ay, lon: ax }),
          projection.x({ lat: by, lon: bx }),
          projection.y({ lat: by, lon: bx }),
        );
        if (d < bestDistance) {
          bestDistance = d;
          best = index;
        }
      }
    }
  });
  return best;
}

/** Squared distance from point P to segment AB. */
function segmentDistanceSquared(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
  const ex = px - (ax + t * dx);
  const ey = py - (ay + t * dy);
  return ex * ex + ey * ey;
}

/** Mean of a polygon's outer-ring vertices (closing vertex dropped): where an empty area sits. */
function ringCentroid(polygon: PolygonArea): Location {
  const outer = polygon.rings[0] ?? [];
  const open = outer.slice(0, Math.max(1, outer.length - 1));
  return meanLocation(open.map(([lon = 0, lat = 0]) => ({ lat, lon }))) ?? { lat: 0, lon: 0 };
}

/**
 * How far the map's outline reaches beyond the outermost clients (and empty areas' centres), so
 * no client sits on the edge of their area.
 */
const OUTLINE_PAD_METRES = 300;
/** Points on the circle of that radius around each site; the outline is their convex hull. */
const OUTLINE_CIRCLE_POINTS = 16;
/** How far a site that coincides with an earlier one is moved so each has its own cell. */
const COINCIDENT_NUDGE_METRES = 1;

/** Properties of each feature written by {@link neighbourhoodsToGeoJSON}. */
export interface NeighbourhoodFeatureProperties {
  readonly id: string;
  readonly name?: string;
  readonly people: number;
  readonly weeklyCareHours: number;
  /** Number of carers allocated to the area. */
  readonly carers: number;
  readonly carerIds: string[];
}

/**
 * The neighbourhoods as a FeatureCollection with one feature per area, in area order, whose
 * polygons tile the council without overlap and follow RFC 7946 (exterior rings
 * counter-clockwise, holes clockwise). Each area is the union of the Voronoi cells of its
 * clients (the places nearer to one of its clients than to any other client), clipped to an
 * outline 300 m beyond the outermost clients: every client lies inside its own area's polygon,
 * so reading the file back with {@link neighbourhoodsFromGeoJSON} gives every client the same
 * area. An area without clients gets the cell of its centroid. An area whose clients are not
 * contiguous is a MultiPolygon.
 *
 * @example
 * ```ts
 * const areas = buildNeighbourhoods(problem, { targetPeople: 200 });
 * writeFileSync('areas.geojson', JSON.stringify(neighbourhoodsToGeoJSON(areas, problem)));
 * ```
 */
export function neighbourhoodsToGeoJSON(
  neighbourhoods: Neighbourhoods,
  problem: Pick<Problem, 'clients'>,
): FeatureCollection<Polygon | MultiPolygon, NeighbourhoodFeatureProperties> {
  const geometries = areaGeometries(neighbourhoods.areas, problem.clients);
  return {
    type: 'FeatureCollection',
    features: neighbourhoods.areas.map((area, index) => ({
      type: 'Feature',
      id: area.id,
      properties: {
        id: area.id,
        ...(area.name === undefined ? {} : { name: area.name }),
        people: area.people,
        weeklyCareHours: area.weeklyCareHours,
        carers: area.carerIds.length,
        carerIds: [...area.carerIds],
      },
      geometry: geometries[index]!,
    })),
  };
}

/** One Voronoi site: a projected point and the area it belongs to. */
interface Site {
  readonly x: number;
  readonly y: number;
  readonly area: number;
}

function areaGeometries(
  areas: readonly NeighbourhoodArea[],
  clients: readonly Client[],
): (Polygon | MultiPolygon)[] {
  const locationOf = new Map(clients.map((client) => [client.id, client.location]));
  const placesOf = areas.map((area) => {
    const places = area.clientIds.flatMap((id) => {
      const location = locationOf.get(id);
      return location ? [location] : [];
    });
    return places.length > 0 ? places : [area.centroid];
  });
  const projection = LocalProjection.around(placesOf.flat());
  const sites: Site[] = [];
  const owner = new Map<string, number>();
  placesOf.forEach((places, area) => {
    for (const place of places) {
      let x = projection.x(place);
      const y = projection.y(place);
      // Two clients at one address in one area share a cell; in two areas, the later moves aside.
      while (owner.has(`${x},${y}`) && owner.get(`${x},${y}`) !== area) {
        x += COINCIDENT_NUDGE_METRES;
      }
      if (owner.has(`${x},${y}`)) continue;
      owner.set(`${x},${y}`, area);
      sites.push({ x, y, area });
    }
  });
  if (sites.length === 0) return [];
  const outline = paddedHull(sites);
  const [west, south, east, north] = extent(outline);
  const voronoi = Delaunay.from(
    sites,
    (site) => site.x,
    (site) => site.y,
  ).voronoi([west - 1, south - 1, east + 1, north + 1]);
  const cells = areas.map(() => [] as Poly[]);
  sites.forEach((site, index) => {
    const cell = voronoi.cellPolygon(index);
    if (cell) cells[site.area]?.push([cell.map(([x = 0, y = 0]) => [x, y] as [number, number])]);
  });
  return cells.map((areaCells) => {
    const [first, ...rest] = areaCells;
    const merged = first ? intersection(union(first, ...rest), [outline]) : [];
    const polygons = merged.map((polygon) =>
      polygon.map((ring) =>
        ring.map(([x, y]) => {
          const { lat, lon } = projection.unproject(x, y);
          return [lon, lat];
        }),
      ),
    );
    return polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0]! }
      : { type: 'MultiPolygon', coordinates: polygons };
  });
}

type Poly = [number, number][][];

/** The convex hull of circles of {@link OUTLINE_PAD_METRES} around the sites, as a closed ring. */
function paddedHull(sites: readonly Site[]): [number, number][] {
  const points: [number, number][] = [];
  for (const site of sites) {
    for (let k = 0; k < OUTLINE_CIRCLE_POINTS; k++) {
      const angle = (2 * Math.PI * k) / OUTLINE_CIRCLE_POINTS;
      points.push([
        site.x + OUTLINE_PAD_METRES * Math.cos(angle),
        site.y + OUTLINE_PAD_METRES * Math.sin(angle),
      ]);
    }
  }
  return Delaunay.from(points)
    .hullPolygon()
    .map(([x = 0, y = 0]) => [x, y]);
}

function extent(ring: readonly [number, number][]): [number, number, number, number] {
  const xs = ring.map(([x]) => x);
  const ys = ring.map(([, y]) => y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  NeighbourhoodGeoJSONError,
  neighbourhoodsFromGeoJSON,
  neighbourhoodsToGeoJSON,
} from '../src/geo/neighbourhood-geojson.js';
import {
  buildNeighbourhoods,
  weeklyCareHoursByClient,
  type Neighbourhoods,
} from '../src/geo/neighbourhoods.js';
import { haversineMetres } from '../src/geo/straight-line.js';
import type { Location } from '../src/model/schema.js';
import { makeClient, makePackage, townAndVillages } from './support/geo-fixtures.js';

const TOLERANCE = 0.15;

function expectPartition(result: Neighbourhoods, clientIds: readonly string[]): void {
  const placed = result.areas.flatMap((area) => area.clientIds);
  expect(placed).toHaveLength(clientIds.length);
  expect(new Set(placed)).toEqual(new Set(clientIds));
  for (const area of result.areas) {
    expect(area.people).toBe(area.clientIds.length);
    for (const id of area.clientIds) expect(result.clientArea[id]).toBe(area.id);
  }
}

describe('buildNeighbourhoods', () => {
  const town = townAndVillages(1000);
  const ids = town.clients.map((client) => client.id);

  it('puts every client in exactly one neighbourhood', () => {
    const result = buildNeighbourhoods(town);
    expect(result.areas).toHaveLength(5);
    expectPartition(result, ids);
    expect(result.outside).toEqual([]);
  });

  it('keeps head counts within +-15 % of the ideal on a town with villages', () => {
    const result = buildNeighbourhoods(town, { targetPeople: 200 });
    const balance = result.balance!;
    expect(balance.ideal).toBe(200);
    expect(balance.sizes).toEqual(result.areas.map((area) => area.people));
    for (const area of result.areas) {
      expect(area.people).toBeGreaterThanOrEqual(170);
      expect(area.people).toBeLessThanOrEqual(230);
    }
    expect(balance.withinTolerance).toBe(true);
  });

  it('honours a tighter tolerance', () => {
    const result = buildNeighbourhoods(town, { tolerance: 0.05 });
    for (const area of result.areas) {
      expect(Math.abs(area.people - 200)).toBeLessThanOrEqual(10);
    }
  });

  it('balances weekly care hours when asked', () => {
    const result = buildNeighbourhoods(town, { balanceBy: 'care-hours' });
    const hours = weeklyCareHoursByClient(town);
    const total = [...hours.values()].reduce((a, b) => a + b, 0);
    const ideal = total / result.areas.length;
    expectPartition(result, ids);
    expect(result.balance!.balanceBy).toBe('care-hours');
    for (const area of result.areas) {
      expect(area.weeklyCareHours).toBeGreaterThanOrEqual(ideal * (1 - TOLERANCE) - 0.01);
      expect(area.weeklyCareHours).toBeLessThanOrEqual(ideal * (1 + TOLERANCE) + 0.01);
    }
    expect(result.areas.reduce((sum, area) => sum + area.weeklyCareHours, 0)).toBeCloseTo(total, 1);
  });

  it('counts care hours as days x duration x carers needed', () => {
    const problem = {
      clients: [makeClient('a', { lat: 53.8, lon: -1.5 })],
      packages: [makePackage('a', 2, 30), makePackage('a', 1, 60, 2)],
    };
    // 2 calls x 7 days x 0.5 h + 1 call x 7 days x 1 h x 2 carers
    expect(weeklyCareHoursByClient(problem).get('a')).toBe(21);
  });

  it('makes compact areas: clients sit nearer their own centroid than the mean of all', () => {
    const result = buildNeighbourhoods(town);
    const mean = meanOf(town.clients.map((client) => client.location));
    const spread =
      town.clients.reduce((sum, client) => sum + haversineMetres(client.location, mean), 0) /
      town.clients.length;
    expect(result.balance!.meanDistanceToCentroidMetres).toBeLessThan(0.75 * spread);
  });

  it('is deterministic for a seed', () => {
    const first = buildNeighbourhoods(town, { seed: 42 });
    const second = buildNeighbourhoods(townAndVillages(1000), { seed: 42 });
    expect(second).toEqual(first);
  });

  it('handles one client, no clients, and everyone at one address', () => {
    const one = buildNeighbourhoods({
      clients: [makeClient('solo', { lat: 51.5, lon: 0 })],
      packages: [],
    });
    expect(one.areas).toHaveLength(1);
    expect(one.areas[0]).toMatchObject({ id: 'N01', clientIds: ['solo'], people: 1 });
    expect(one.areas[0]!.centroid).toEqual({ lat: 51.5, lon: 0 });

    expect(buildNeighbourhoods({ clients: [], packages: [] }).areas).toEqual([]);

    const block = Array.from({ length: 500 }, (_, i) => makeClient(`f${i}`, { lat: 53, lon: -2 }));
    const flats = buildNeighbourhoods({ clients: block, packages: [] }, { targetPeople: 100 });
    expectPartition(
      flats,
      block.map((client) => client.id),
    );
    expect(flats.areas.map((area) => area.people)).toEqual([100, 100, 100, 100, 100]);
  });

  // Its speed is measured by `npm run bench:scale`, not asserted here.
  it('splits 20,000 clients into 100 balanced areas', () => {
    const county = townAndVillages(20_000, 3);
    const result = buildNeighbourhoods(county);
    expect(result.areas).toHaveLength(100);
    expect(result.balance!.withinTolerance).toBe(true);
    expect(Object.keys(result.clientArea)).toHaveLength(20_000);
  }, 60_000);

  it('rejects a non-positive target', () => {
    expect(() => buildNeighbourhoods(town, { targetPeople: 0 })).toThrow(RangeError);
  });
});

describe('neighbourhoodsToGeoJSON', () => {
  it('draws one closed polygon per area, holding its clients', () => {
    const town = townAndVillages(600);
    const result = buildNeighbourhoods(town, { targetPeople: 150 });
    const geojson = neighbourhoodsToGeoJSON(result, town);
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.features).toHaveLength(result.areas.length);
    const location = new Map(town.clients.map((client) => [client.id, client.location]));
    geojson.features.forEach((feature, i) => {
      const area = result.areas[i]!;
      expect(feature.type).toBe('Feature');
      expect(feature.geometry.type).toBe('Polygon');
      const ring = feature.geometry.coordinates[0]!;
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring.at(-1));
      expect(feature.properties).toEqual({
        id: area.id,
        people: area.people,
        weeklyCareHours: area.weeklyCareHours,
        carers: 0,
        carerIds: [],
      });
      for (const id of area.clientIds.slice(0, 20)) {
        const { lat, lon } = location.get(id)!;
        expect(booleanPointInPolygon([lon, lat], feature.geometry)).toBe(true);
      }
    });
  });

  it('draws a small square around areas of one or two clients', () => {
    const clients = [
      makeClient('a', { lat: 53.8, lon: -1.5 }),
      makeClient('b', { lat: 53.801, lon: -1.501 }),
    ];
    const areas: Neighbourhoods = {
      areas: [
        area('one', ['a'], clients[0]!.location),
        area('two', ['a', 'b'], clients[0]!.location),
      ],
      clientArea: {},
      outside: [],
    };
    const geojson = neighbourhoodsToGeoJSON(areas, { clients });
    for (const feature of geojson.features) {
      expect(feature.geometry.coordinates[0]).toHaveLength(5);
      for (const client of clients.slice(0, feature.properties.people)) {
        const point = [client.location.lon, client.location.lat];
        expect(booleanPointInPolygon(point, feature.geometry)).toBe(true);
      }
    }
  });
});

describe('neighbourhoodsFromGeoJSON', () => {
  // Two 0.1-degree squares side by side with a gap, and a third overlapping the first.
  const squares: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      square({ code: 'W', label: 'West' }, -1.6, 53.8),
      square({ code: 'E', label: 'East' }, -1.45, 53.8),
      square({ code: 'X' }, -1.55, 53.8),
    ],
  };
  const clients = [
    makeClient('in-west', { lat: 53.85, lon: -1.58 }),
    makeClient('in-east', { lat: 53.85, lon: -1.4 }),
    makeClient('in-both', { lat: 53.85, lon: -1.52 }),
    makeClient('out-near-east', { lat: 53.95, lon: -1.42 }),
  ];
  const problem = { clients, packages: [makePackage('in-east', 1, 60)] };

  it('places clients by point in polygon, first polygon winning an overlap', () => {
    const result = neighbourhoodsFromGeoJSON(problem, squares, {
      idProperty: 'code',
      nameProperty: 'label',
    });
    expect(result.areas.map((a) => [a.id, a.name, a.clientIds])).toEqual([
      ['W', 'West', ['in-west', 'in-both']],
      ['E', 'East', ['in-east', 'out-near-east']],
      ['X', undefined, []],
    ]);
    expect(result.clientArea['in-both']).toBe('W');
    expect(result.areas[1]!.weeklyCareHours).toBe(7);
  });

  it('gives an outside client the polygon with the nearest edge and reports it', () => {
    const result = neighbourhoodsFromGeoJSON(problem, squares, { idProperty: 'code' });
    expect(result.outside).toEqual(['out-near-east']);
    expect(result.clientArea['out-near-east']).toBe('E');
  });

  it('places an empty polygon at the middle of its outline', () => {
    const result = neighbourhoodsFromGeoJSON(problem, squares, { idProperty: 'code' });
    const empty = result.areas[2]!;
    expect(empty.people).toBe(0);
    expect(empty.centroid.lat).toBeCloseTo(53.85, 6);
    expect(empty.centroid.lon).toBeCloseTo(-1.5, 6);
  });

  it('falls back to feature ids and then to numbered ids', () => {
    const unnamed: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ ...square({}, -1.6, 53.8), id: 17 }, square({}, -1.45, 53.8)],
    };
    const result = neighbourhoodsFromGeoJSON(problem, unnamed);
    expect(result.areas.map((a) => a.id)).toEqual(['17', 'area-2']);
  });

  it('accepts MultiPolygons', () => {
    const west = square({}, -1.6, 53.8).geometry as Polygon;
    const east = square({}, -1.45, 53.8).geometry as Polygon;
    const multi: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'both' },
          geometry: { type: 'MultiPolygon', coordinates: [west.coordinates, east.coordinates] },
        },
      ],
    };
    const result = neighbourhoodsFromGeoJSON(problem, multi);
    expect(result.outside).toEqual(['out-near-east']);
    expect(result.areas[0]!.people).toBe(4);
  });

  it('names the feature index of a feature that is not a polygon', () => {
    const bad: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        square({ id: 'ok' }, -1.6, 53.8),
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } },
      ],
    };
    expect(() => neighbourhoodsFromGeoJSON(problem, bad)).toThrow(NeighbourhoodGeoJSONError);
    expect(() => neighbourhoodsFromGeoJSON(problem, bad)).toThrow(/feature 1 is a Point/);
    try {
      neighbourhoodsFromGeoJSON(problem, bad);
    } catch (error) {
      expect((error as NeighbourhoodGeoJSONError).featureIndex).toBe(1);
    }
  });

  it('rejects duplicate ids and input that is not a FeatureCollection', () => {
    const twice: FeatureCollection = {
      type: 'FeatureCollection',
      features: [square({ id: 'a' }, -1.6, 53.8), square({ id: 'a' }, -1.45, 53.8)],
    };
    expect(() => neighbourhoodsFromGeoJSON(problem, twice)).toThrow(
      /feature 1 has id "a", already used by feature 0/,
    );
    const notCollection = { type: 'Feature' } as unknown as FeatureCollection;
    expect(() => neighbourhoodsFromGeoJSON(problem, notCollection)).toThrow(
      /expected a GeoJSON FeatureCollection/,
    );
  });
});

function square(properties: Record<string, unknown>, west: number, south: number) {
  const [e, n] = [west + 0.1, south + 0.1];
  return {
    type: 'Feature' as const,
    properties,
    geometry: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [west, south],
          [e, south],
          [e, n],
          [west, n],
          [west, south],
        ],
      ],
    },
  };
}

function area(id: string, clientIds: string[], centroid: Location) {
  return { id, clientIds, people: clientIds.length, weeklyCareHours: 0, centroid, carerIds: [] };
}

function meanOf(locations: readonly Location[]): Location {
  const lat = locations.reduce((sum, l) => sum + l.lat, 0) / locations.length;
  const lon = locations.reduce((sum, l) => sum + l.lon, 0) / locations.length;
  return { lat, lon };
}

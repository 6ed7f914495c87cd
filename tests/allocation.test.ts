import { describe, expect, it } from 'vitest';
import { allocateCarers, carerWeeklyHours } from '../src/geo/allocation.js';
import { buildNeighbourhoods, type Neighbourhoods } from '../src/geo/neighbourhoods.js';
import type { Location } from '../src/model/schema.js';
import { carersAround, makeCarer, prng, townAndVillages } from './support/geo-fixtures.js';

const NORTH: Location = { lat: 54.3, lon: -1.5 };
const SOUTH: Location = { lat: 53.8, lon: -1.5 };
const near = (place: Location, km: number): Location => ({
  lat: place.lat + km / 111,
  lon: place.lon,
});

/** Areas whose demand after the 1.15 travel allowance is `demand` hours. */
function areas(demands: Record<string, [Location, number]>): Neighbourhoods {
  return {
    areas: Object.entries(demands).map(([id, [centroid, demand]]) => ({
      id,
      clientIds: [],
      people: 0,
      weeklyCareHours: demand / 1.15,
      centroid,
      carerIds: [],
    })),
    clientArea: {},
    outside: [],
  };
}

describe('allocateCarers', () => {
  it('sends each carer to the area near home (hand case)', () => {
    const carers = [
      makeCarer('n1', near(NORTH, 1), 30),
      makeCarer('s1', near(SOUTH, 1), 30),
      makeCarer('n2', near(NORTH, -2), 30),
      makeCarer('s2', near(SOUTH, -2), 30),
    ];
    const result = allocateCarers({ carers }, areas({ N: [NORTH, 50], S: [SOUTH, 50] }));
    expect(result.carerArea).toEqual({ n1: 'N', n2: 'N', s1: 'S', s2: 'S' });
    expect(result.neighbourhoods.areas.map((a) => a.carerIds)).toEqual([
      ['n1', 'n2'],
      ['s1', 's2'],
    ]);
    expect(result.shortAreas).toEqual([]);
    expect(result.areas).toEqual([
      {
        areaId: 'N',
        demandHours: 50,
        plannedHours: 50,
        allocatedHours: 60,
        shortfallHours: 0,
        carers: 2,
      },
      {
        areaId: 'S',
        demandHours: 50,
        plannedHours: 50,
        allocatedHours: 60,
        shortfallHours: 0,
        carers: 2,
      },
    ]);
    // 50 h at 1 km and 2 km from each centroid, the nearer carer first.
    expect(result.fractionalCost).toBeCloseTo(2 * (30 * 1 + 20 * 2), 0);
  });

  it('moves a far carer to cover an area its own carers cannot', () => {
    const carers = [
      makeCarer('n1', near(NORTH, 1), 30),
      makeCarer('s1', near(SOUTH, 1), 30),
      makeCarer('s2', near(SOUTH, 2), 30),
      makeCarer('s3', near(SOUTH, 3), 30),
    ];
    const result = allocateCarers({ carers }, areas({ N: [NORTH, 55], S: [SOUTH, 50] }));
    expect(result.shortAreas).toEqual([]);
    expect(result.carerArea.n1).toBe('N');
    // The southern carer nearest the north travels: s3 is 3 km north of SOUTH.
    expect(result.carerArea.s3).toBe('N');
    expect(result.areas.map((a) => a.allocatedHours)).toEqual([60, 60]);
  });

  it('reports shortfall when carer hours are below demand', () => {
    const carers = [makeCarer('a', near(SOUTH, 0.5), 20), makeCarer('b', near(NORTH, 0.5), 20)];
    const result = allocateCarers({ carers }, areas({ N: [NORTH, 30], S: [SOUTH, 60] }));
    expect(result.unmetHours).toBeCloseTo(50, 6);
    expect(result.shortAreas).toEqual(['S', 'N']);
    expect(result.areas.map((a) => a.shortfallHours)).toEqual([10, 40]);
    expect(result.carerArea).toEqual({ a: 'S', b: 'N' });
  });

  it('meets the demand of real neighbourhoods when there are enough carers', () => {
    const town = townAndVillages(1000);
    const neighbourhoods = buildNeighbourhoods(town);
    const demand = neighbourhoods.areas.reduce((sum, a) => sum + a.weeklyCareHours * 1.15, 0);
    const carers = carersAround(Math.ceil((demand * 1.1) / 28));
    const result = allocateCarers({ carers }, neighbourhoods);
    expect(result.unmetHours).toBe(0);
    expect(result.shortAreas).toEqual([]);
    expect(Object.keys(result.carerArea)).toHaveLength(carers.length);
    for (const area of result.areas) {
      expect(area.allocatedHours).toBeGreaterThanOrEqual(area.demandHours);
    }
    const placed = result.neighbourhoods.areas.flatMap((a) => a.carerIds);
    expect(new Set(placed).size).toBe(carers.length);
    // The input is left as it was.
    expect(neighbourhoods.areas.every((a) => a.carerIds.length === 0)).toBe(true);
  });

  it('gives the same fractional optimum by LP and by min-cost flow', () => {
    const random = prng(5);
    const place = () => ({ lat: 53.8 + random() * 0.3, lon: -1.6 + random() * 0.4 });
    const carers = Array.from({ length: 40 }, (_, i) =>
      makeCarer(`k${i}`, place(), 10 + Math.floor(random() * 30)),
    );
    const demands = Object.fromEntries(
      Array.from({ length: 6 }, (_, a) => [
        `A${a}`,
        [place(), 100 + random() * 150] as [Location, number],
      ]),
    );
    const flow = allocateCarers({ carers }, areas(demands), { method: 'flow' });
    const lp = allocateCarers({ carers }, areas(demands), { method: 'lp' });
    expect(flow.method).toBe('flow');
    expect(lp.method).toBe('lp');
    expect(flow.fractionalCost).toBeCloseTo(lp.fractionalCost, 3);
    expect(flow.unmetHours).toBeCloseTo(lp.unmetHours, 3);
  });

  it('forbids areas outside a carer’s preferred ones when asked', () => {
    const carers = [
      makeCarer('homebody', near(SOUTH, 0.5), 30),
      makeCarer('n', near(NORTH, 0), 30),
    ];
    const demands = areas({ N: [NORTH, 20], S: [SOUTH, 20] });
    const free = allocateCarers({ carers }, demands);
    expect(free.carerArea.homebody).toBe('S');
    const options = { preferredAreas: { homebody: ['N'] }, preferredAreaMode: 'forbid' } as const;
    const forbidden = allocateCarers({ carers }, demands, options);
    // She must go north, so the northern carer comes south to cover S.
    expect(forbidden.carerArea).toEqual({ homebody: 'N', n: 'S' });
    expect(forbidden.shortAreas).toEqual([]);
  });

  it('penalises non-preferred areas, taken from the carers themselves by default', () => {
    const homebody = makeCarer('homebody', near(SOUTH, 0.5), 30);
    homebody.preferences.preferredAreas = ['N', 'no-such-area'];
    const carers = [homebody, makeCarer('s', near(SOUTH, 1), 30), makeCarer('n', NORTH, 30)];
    const demands = areas({ N: [NORTH, 30], S: [SOUTH, 50] });
    // S needs 20 h beyond s. From her: 20 h x (0.5 km + penalty). Or n covers them and she goes
    // north: 20 h x 55.6 km + 20 h x 55.1 km, about 2,214: a 10 km penalty keeps her south,
    // a 200 km one sends her north.
    expect(allocateCarers({ carers }, demands).carerArea).toEqual({
      homebody: 'S',
      s: 'S',
      n: 'N',
    });
    const keen = allocateCarers({ carers }, demands, { nonPreferredAreaPenaltyKm: 200 });
    expect(keen.carerArea).toEqual({ homebody: 'N', s: 'S', n: 'S' });
    expect(keen.shortAreas).toEqual([]);
  });
});

describe('carerWeeklyHours', () => {
  it('uses contracted hours, or availability capped at the weekly maximum', () => {
    expect(carerWeeklyHours(makeCarer('a', SOUTH, 24))).toBe(24);
    const weekdays = makeCarer('b', SOUTH, 0, [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '13:30' },
    ]);
    expect(carerWeeklyHours(weekdays)).toBe(32.5);
    const always = makeCarer('c', SOUTH, 0, [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00' },
    ]);
    expect(carerWeeklyHours(always)).toBe(48);
  });
});

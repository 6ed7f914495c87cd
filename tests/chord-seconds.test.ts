import { describe, expect, it } from 'vitest';
import { chordSeconds, unitVectors } from '../src/geo/chord-seconds.js';
import { haversineMetres, straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { TRANSPORT_MODES, type Location } from '../src/model/schema.js';
import { Random } from '../src/model/random.js';

const SETTINGS = {
  detourFactor: 1.3,
  speedKmh: { car: 30, walk: 4.8, bike: 14, public: 15 },
} as const;

/** The estimate as documented, worked out here from the haversine alone. */
function expected(a: Location, b: Location, kmh: number): number {
  const metres = haversineMetres(a, b) * SETTINGS.detourFactor;
  return Math.ceil(metres / ((kmh * 1000) / 3600)) / 60;
}

/**
 * Places over a county, with twins (the same point twice), near twins (a few centimetres
 * apart) and a few far away, so that every branch of the chord bound is taken.
 */
function places(count: number, seed: number): Location[] {
  const random = new Random(seed);
  const out: Location[] = [];
  while (out.length < count) {
    const roll = random.next();
    const last = out[out.length - 1];
    if (last && roll < 0.05) out.push({ ...last });
    else if (last && roll < 0.1) out.push({ lat: last.lat + 1e-7, lon: last.lon - 3e-7 });
    else if (roll < 0.12)
      out.push({ lat: -60 + 120 * random.next(), lon: -180 + 360 * random.next() });
    else out.push({ lat: 53.6 + 0.5 * random.next(), lon: -1.9 + 0.8 * random.next() });
  }
  return out;
}

describe('the straight-line estimate from the chord', () => {
  it('gives the example of its documentation', () => {
    const unit = unitVectors([53.8, 53.81], [-1.55, -1.55]);
    const perRadian = (6_371_008.8 * 1.3) / ((30 * 1000) / 3600);
    expect(chordSeconds(unit, 0, 1, perRadian)).toBe(174);
  });

  it('gives exactly the haversine figures for every mode, on many pairs', () => {
    // Over 1,500 places the provider works figures out on demand, from the chord.
    const at = places(2_000, 7);
    const travel = straightLineTravelMatrix(at, SETTINGS);
    // The same figures read over a subset of places, in another order.
    const subset = Array.from({ length: at.length }, (_, k) => at.length - 1 - k);
    const over = new Map(TRANSPORT_MODES.map((mode) => [mode, travel.over!(subset, mode)]));
    const random = new Random(11);
    let open = 0;
    const wrong: unknown[] = [];
    for (let k = 0; k < 100_000; k++) {
      const from = Math.floor(random.next() * at.length);
      const to =
        random.next() < 0.1
          ? Math.min(at.length - 1, from + 1)
          : Math.floor(random.next() * at.length);
      for (const mode of TRANSPORT_MODES) {
        const want = from === to ? 0 : expected(at[from]!, at[to]!, SETTINGS.speedKmh[mode]);
        const got = travel.minutes(from, to, mode);
        const reversed = over.get(mode)!.at(at.length - 1 - from, at.length - 1 - to);
        if (got !== want || reversed !== want) {
          wrong.push({ from, to, mode, got, want });
        }
      }
      const unit = unitVectors([at[from]!.lat, at[to]!.lat], [at[from]!.lon, at[to]!.lon]);
      if (Number.isNaN(chordSeconds(unit, 0, 1, 1e6))) open++;
    }
    expect(wrong).toEqual([]);
    // The far places and twins leave some pairs to the haversine; most are decided by the chord.
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(30_000);
  });

  it('never decides a pair whose seconds the bounds leave open', () => {
    // Two places whose estimate is a whole number of seconds to within rounding: the chord
    // cannot tell which side it falls, so it must leave it to the haversine.
    const a = { lat: 53.8, lon: -1.55 };
    const metresPerSecond = (30 * 1000) / 3600;
    const perRadian = (6_371_008.8 * 1.3) / metresPerSecond;
    // 200 s exactly: a distance of 200 / perRadian radians along the meridian.
    const b = { lat: a.lat + ((200 / perRadian) * 180) / Math.PI, lon: a.lon };
    const unit = unitVectors([a.lat, b.lat], [a.lon, b.lon]);
    expect(chordSeconds(unit, 0, 1, perRadian)).toBeNaN();
  });
});

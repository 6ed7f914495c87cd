/**
 * Identity of visits in a roster: keys that stay unambiguous for any id strings, identity fields
 * beside the key, and ids that happen to be names of `Object.prototype`'s properties.
 */
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { explainRoster } from '../src/constraints/explain.js';
import { computeKpis } from '../src/constraints/kpis.js';
import { expandProblem } from '../src/model/expand.js';
import type { Roster } from '../src/model/roster.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { patternKey, visitKey } from '../src/model/visit-key.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { buildNeighbourhoods } from '../src/geo/neighbourhoods.js';
import { allocateCarers } from '../src/geo/allocation.js';
import { neighbourhoodsToGeoJSON } from '../src/geo/neighbourhood-geojson.js';
import { solve } from '../src/solver/solve.js';
import { solveByNeighbourhood } from '../src/solver/parallel/solve-by-neighbourhood.js';

const MONDAY = '2026-03-23';

/** A one-day problem with the given ids: one carer and one client per id, one visit each. */
function problemWithIds(ids: readonly string[], packageIds = ids, visitIds = ids): ProblemInput {
  return {
    horizon: { start: MONDAY, end: MONDAY },
    carers: ids.map((id, i) => ({
      id,
      home: { lat: 53.8 + i * 0.002, lon: -1.55 },
      qualifications: [{ name: id }],
      availability: [{ days: ['mon'], from: '07:00', to: '14:00' }],
    })),
    clients: ids.map((id, i) => ({
      id,
      location: { lat: 53.801 + i * 0.002, lon: -1.552 },
      team: [id],
    })),
    packages: ids.map((id, i) => ({
      id: packageIds[i]!,
      client: id,
      visits: [
        {
          id: visitIds[i]!,
          days: ['mon'],
          window: { from: '08:00', to: '10:00' },
          durationMinutes: 30,
          qualifications: [id],
        },
      ],
    })),
  };
}

/** Every stop and unplaced entry carries identity fields that agree with its key. */
function expectIdentityFields(roster: Roster) {
  const entries = [...roster.routes.flatMap((route) => route.stops), ...roster.unplaced];
  for (const entry of entries) {
    expect(entry.visitKey).toBe(visitKey(entry.packageId, entry.visitId, entry.date));
  }
}

/** Every visit is placed with exactly its carers or listed unplaced, never both. */
function expectAccounted(input: ProblemInput, roster: Roster) {
  const expanded = expandProblem(parseProblem(input));
  const placed = new Map<string, number>();
  for (const stop of roster.routes.flatMap((route) => route.stops)) {
    placed.set(stop.visitKey, (placed.get(stop.visitKey) ?? 0) + 1);
  }
  const unplaced = new Set(roster.unplaced.map((entry) => entry.visitKey));
  for (const visit of expanded.visits) {
    const count = placed.get(visit.id) ?? 0;
    expect(unplaced.has(visit.id) ? count : visit.carersNeeded - count).toBe(0);
  }
}

describe('visit keys', () => {
  it('escape the separator, so different ids never share a key', () => {
    expect(visitKey('p/x', 'm', MONDAY)).not.toBe(visitKey('p', 'x/m', MONDAY));
    expect(visitKey('p%2Fx', 'm', MONDAY)).not.toBe(visitKey('p/x', 'm', MONDAY));
    expect(patternKey('a/b', 'c')).not.toBe(patternKey('a', 'b/c'));
    expect(visitKey('pkg-1', 'morning', MONDAY)).toBe('pkg-1/morning/2026-03-23');
  });

  it('keep package "p/x" visit "m" and package "p" visit "x/m" apart through solve and check', () => {
    const input = problemWithIds(['ann', 'bob'], ['p/x', 'p'], ['m', 'x/m']);
    const roster = solve(input, { seed: 1, maxIterations: 50 });
    expect(checkRoster(parseProblem(input), roster)).toEqual([]);
    const stops = roster.routes.flatMap((route) => route.stops);
    expect(stops.map((stop) => [stop.packageId, stop.visitId]).sort()).toEqual([
      ['p', 'x/m'],
      ['p/x', 'm'],
    ]);
    expect(new Set(stops.map((stop) => stop.visitKey)).size).toBe(2);
    expectIdentityFields(roster);
  });

  it('hold for unicode and very long ids', () => {
    const long = 'x'.repeat(100_000);
    const ids = ['Zoë/Ørsted', '山田%2F花子', long];
    const input = problemWithIds(ids);
    const roster = solve(input, { seed: 1, maxIterations: 50 });
    expect(checkRoster(parseProblem(input), roster)).toEqual([]);
    expect(roster.kpis.visitsPlaced).toBe(3);
    expectIdentityFields(roster);
    expectAccounted(input, roster);
  });

  it('are checked against the identity fields beside them', () => {
    const input = problemWithIds(['ann']);
    const problem = parseProblem(input);
    const roster = solve(problem, { seed: 1, maxIterations: 10 });
    const route = roster.routes[0]!;
    const tampered: Roster = {
      ...roster,
      routes: [{ ...route, stops: [{ ...route.stops[0]!, visitId: 'other' }] }],
    };
    expect(checkRoster(problem, tampered)).toContainEqual(
      expect.objectContaining({
        rule: 'unknown-reference',
        message: expect.stringMatching(/visitId is "other"/),
      }),
    );
  });
});

describe('ids named like Object.prototype properties', () => {
  const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  /** The names and values of Object.prototype's own properties, to compare before and after. */
  const prototypeState = () =>
    Object.getOwnPropertyNames(Object.prototype).map((name) => [
      name,
      Object.getOwnPropertyDescriptor(Object.prototype, name)?.value,
    ]);

  it('are ordinary ids for solve, check, explain, KPIs, neighbourhoods and decomposed solving', async () => {
    const before = prototypeState();
    const input = problemWithIds(NAMES);
    // JSON is how such ids arrive; JSON.parse makes `__proto__` an own key, as a file would.
    const problem = parseProblem(JSON.parse(JSON.stringify(input)) as unknown);
    expect(problem.carers.map((carer) => carer.id)).toEqual(NAMES);

    const roster = solve(problem, { seed: 1, maxIterations: 50 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(roster.kpis.visitsPlaced).toBe(NAMES.length);
    expectIdentityFields(roster);
    // Each client's team is the carer of the same id: team membership must read the right one.
    expect(roster.kpis.teamVisitShare).toBe(1);

    const expanded = expandProblem(problem);
    const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
    expect(computeKpis(expanded, travel, roster.routes, roster.unplaced)).toEqual(roster.kpis);

    const explanation = explainRoster(problem, roster);
    expect(Object.keys(explanation.byCarer).sort()).toEqual([...NAMES].sort());
    expect(Object.keys(explanation.byClient).sort()).toEqual([...NAMES].sort());
    expect(Object.hasOwn(explanation.byCarer, '__proto__')).toBe(true);
    expect(JSON.parse(JSON.stringify(explanation))).toMatchObject({ total: explanation.total });

    const areas = buildNeighbourhoods(problem, { targetPeople: 2, seed: 1 });
    expect(Object.keys(areas.clientArea).sort()).toEqual([...NAMES].sort());
    const { neighbourhoods } = allocateCarers(problem, areas);
    expect(Object.keys(neighbourhoodsToGeoJSON(neighbourhoods, problem).features)).not.toHaveLength(
      0,
    );
    for (const threads of [0, 2]) {
      const decomposed = await solveByNeighbourhood(problem, {
        seed: 1,
        maxIterations: 30,
        threads,
        neighbourhoods,
      });
      expect(checkRoster(problem, decomposed)).toEqual([]);
      expectAccounted(input, decomposed);
      expectIdentityFields(decomposed);
    }

    expect(prototypeState()).toEqual(before);
    expect(({} as Record<string, unknown>).total).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import { solveByNeighbourhood } from '../src/solver/parallel/solve-by-neighbourhood.js';

const problem = parseProblem(generateCouncil({ seed: 11, clients: 260, days: 1 }));

describe('solveByNeighbourhood', () => {
  it('passes the checker, accounts for every visit, and is the same on 2 threads and on none', async () => {
    const options = { seed: 5, maxIterations: 60, targetPeople: 90 };
    const threaded = await solveByNeighbourhood(problem, { ...options, threads: 2 });
    const inline = await solveByNeighbourhood(problem, { ...options, threads: 0 });
    expect(threaded.areas.length).toBeGreaterThanOrEqual(2);
    expect(checkRoster(problem, threaded)).toEqual([]);
    expect(threaded.routes).toEqual(inline.routes);
    expect(threaded.unplaced).toEqual(inline.unplaced);

    const placed = new Map<string, number>();
    for (const route of threaded.routes) {
      for (const stop of route.stops)
        placed.set(stop.visitKey, (placed.get(stop.visitKey) ?? 0) + 1);
    }
    const unplaced = new Set(threaded.unplaced.map((visit) => visit.visitKey));
    for (const visit of expandProblem(problem).visits) {
      if (unplaced.has(visit.id)) expect(placed.has(visit.id)).toBe(false);
      else expect(placed.get(visit.id)).toBe(visit.carersNeeded);
    }
    for (const visit of threaded.unplaced) expect(visit.reasons.length).toBeGreaterThan(0);
  });

  it('stops early when aborted and still returns a checked roster', async () => {
    const controller = new AbortController();
    controller.abort();
    const roster = await solveByNeighbourhood(problem, {
      threads: 0,
      timeLimitMs: 60_000,
      signal: controller.signal,
      targetPeople: 90,
    });
    expect(roster.stats?.stoppedBy).toBe('aborted');
    expect(checkRoster(problem, roster)).toEqual([]);
  });
});

describe('solveByNeighbourhood on the demo council in small areas', () => {
  // Before the pass across boundaries kept linked groups whole, this left double-ups with one
  // carer: the demo in areas of 40 people broke visit-coverage 7 times at 1 iteration, seed 5.
  it('leaves no double-up with one carer', async () => {
    const demo = parseProblem(
      JSON.parse(readFileSync(new URL('../fixtures/demo-council.json', import.meta.url), 'utf8')),
    );
    const roster = await solveByNeighbourhood(demo, {
      seed: 5,
      targetPeople: 40,
      maxIterations: 1,
      threads: 0,
    });
    expect(roster.areas.length).toBeGreaterThanOrEqual(2);
    expect(roster.placedAcrossBoundaries).toBeGreaterThan(0);
    expect(checkRoster(demo, roster)).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import { NOT_REACHED_RULE } from '../src/constraints/eligibility.js';
import type { AreaExecutor } from '../src/solver/parallel/area-executor.js';
import { solveAreaJob } from '../src/solver/parallel/area-job.js';
import type { AreaJob, AreaResult } from '../src/solver/parallel/area-job.js';
import { solveByNeighbourhood } from '../src/solver/parallel/solve-by-neighbourhood.js';

const problem = parseProblem(generateCouncil({ seed: 11, clients: 260, days: 1 }));

/** Solves the areas one after another in this thread, the first one through `first`. */
function inLineExecutor(first: (prepared: AreaJob) => AreaResult): AreaExecutor {
  return {
    lanes: 1,
    run: async (jobs, run) =>
      jobs.map((job) => {
        const prepared = run.prepare ? run.prepare(job, jobs.length - job.index) : job;
        if (!prepared) return undefined;
        const result = job.index === 0 ? first(prepared) : solveAreaJob(prepared);
        run.onDone(result);
        return result;
      }),
  };
}

describe('solveByNeighbourhood', () => {
  it('passes the checker, accounts for every visit, and is the same on 2 threads and on none', async () => {
    const options = { seed: 5, maxIterations: 60, targetPeople: 90 };
    const threaded = await solveByNeighbourhood(problem, { ...options, threads: 2 });
    const inline = await solveByNeighbourhood(problem, { ...options, threads: 0 });
    expect(threaded.areas.length).toBeGreaterThanOrEqual(2);
    expect(checkRoster(problem, threaded)).toEqual([]);
    expect(threaded.routes).toEqual(inline.routes);
    expect(threaded.unplaced).toEqual(inline.unplaced);
    // Every neighbourhood had its time: the budget ended it.
    expect(threaded.stats?.stoppedBy).toBe('iterations');

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
  it('keeps "not reached" for what a stopped neighbourhood never tried, and does not send it across boundaries', async () => {
    // An executor that solves every neighbourhood in this thread, but the first as if its time
    // ran out before it started placing: that area's roster lists all its visits not reached.
    const stopped = new AbortController();
    stopped.abort();
    const executor = inLineExecutor((prepared) => solveAreaJob(prepared, stopped.signal));
    const roster = await solveByNeighbourhood(problem, {
      seed: 5,
      maxIterations: 60,
      targetPeople: 90,
      executor,
    });
    expect(checkRoster(problem, roster)).toEqual([]);
    const first = roster.areas[0]!;
    expect(first.unplacedAfterArea).toBe(first.visits);
    const notReached = roster.unplaced.filter((entry) =>
      entry.reasons.some((reason) => reason.rule === NOT_REACHED_RULE),
    );
    // Every visit of the first area, and nothing else, is not reached; none was placed by the
    // pass across boundaries with a neighbouring area's carers.
    expect(notReached).toHaveLength(first.visits);
    expect(notReached.every((entry) => entry.reasons.length === 1)).toBe(true);
  });

  it('says the time limit stopped it when a neighbourhood ran out of time, budget or not', async () => {
    // As on a starved machine: the first neighbourhood's deadline has passed when it starts.
    // Before, an iteration budget made this read "iterations", and the week benchmark took a
    // run cut short by its time cap (29 % of visits left out) for one that spent its budget.
    const executor = inLineExecutor((prepared) =>
      solveAreaJob({ ...prepared, deadlineAt: Date.now() - 1 }),
    );
    const roster = await solveByNeighbourhood(problem, {
      seed: 5,
      maxIterations: 60,
      targetPeople: 90,
      executor,
    });
    expect(roster.stats?.stoppedBy).toBe('time-limit');
    expect(checkRoster(problem, roster)).toEqual([]);
    const first = roster.areas[0]!;
    const notReached = roster.unplaced.filter((entry) =>
      entry.reasons.some((reason) => reason.rule === NOT_REACHED_RULE),
    );
    expect(notReached).toHaveLength(first.visits);
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

/**
 * The spare worker thread solveAsync and replanAsync keep for the next call: a call takes it
 * and gives the same answer a fresh thread gives (the same as `solve`), an abort the moment it
 * starts is answered from it with every visit listed, it is released on request, and it never
 * keeps a process alive. How much sooner an early abort is answered from it is measured in
 * `npm run bench:async`, not here.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Roster } from '../src/index.js';
import { smallCouncil } from './support/problems.js';
import {
  checkRoster,
  expandProblem,
  NOT_REACHED_RULE,
  parseProblem,
  releaseSpareWorker,
  solve,
  solveAsync,
} from '../src/index.js';
import { spareWorkerReady } from '../src/solver/spare-worker.js';
import { warmUpOnce, warmUpProblem, warmUpReplan, warmUpSteps } from '../src/solver/warm-up.js';

const { council, problem, visits } = smallCouncil();

/** The roster without its timing, for comparing runs. */
function withoutTiming(roster: Roster) {
  const { stats, ...rest } = roster;
  return { ...rest, iterations: stats?.iterations, cost: stats?.cost, stoppedBy: stats?.stoppedBy };
}

describe('the spare solve worker', () => {
  it('is kept after a call and taken by the next, which answers as solve does', async () => {
    await releaseSpareWorker();
    const options = { seed: 3, maxIterations: 40 };
    const fresh = await solveAsync(council, options);
    expect(spareWorkerReady()).toBe(true);
    const pending = solveAsync(council, options);
    // Taken by the call: none is kept while it runs.
    expect(spareWorkerReady()).toBe(false);
    const spared = await pending;
    const inline = withoutTiming(solve(council, options));
    expect(withoutTiming(fresh)).toEqual(inline);
    expect(withoutTiming(spared)).toEqual(inline);
    expect(spareWorkerReady()).toBe(true);
  });

  it('answers an abort as the call starts with every visit not reached, checker-clean', async () => {
    await solveAsync(council, { maxIterations: 5 });
    expect(spareWorkerReady()).toBe(true);
    const roster = await solveAsync(council, { timeLimitMs: 60_000, signal: AbortSignal.abort() });
    expect(roster.stats?.stoppedBy).toBe('aborted');
    expect(roster.routes.every((route) => route.stops.length === 0)).toBe(true);
    expect(roster.unplaced).toHaveLength(visits);
    expect(roster.unplaced.every((u) => u.reasons.every((r) => r.rule === NOT_REACHED_RULE))).toBe(
      true,
    );
    expect(new Set(roster.unplaced.map((u) => u.visitKey)).size).toBe(visits);
    expect(checkRoster(problem, roster)).toEqual([]);
  });

  it('is ended on request, and the next call starts its own thread', async () => {
    await solveAsync(council, { maxIterations: 5 });
    expect(spareWorkerReady()).toBe(true);
    await releaseSpareWorker();
    expect(spareWorkerReady()).toBe(false);
    const roster = await solveAsync(council, { seed: 2, maxIterations: 20 });
    expect(withoutTiming(roster)).toEqual(
      withoutTiming(solve(council, { seed: 2, maxIterations: 20 })),
    );
    await releaseSpareWorker();
  });

  it('never keeps a process alive', () => {
    // A script that solves once and returns: it must exit by itself, spare or not.
    const script = fileURLToPath(new URL('./support/solve-once.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 45_000,
    });
    expect(run.stderr).toBe('');
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('spare kept: true');
  });
});

describe('the warm-up problem', () => {
  it('is valid and runs every warmed step', () => {
    expect(() => warmUpOnce(warmUpProblem())).not.toThrow();
    expect(expandProblem(parseProblem(warmUpProblem())).visits.length).toBeGreaterThan(50);
  });

  it('places a roster once, then replans it each round as an early abort of replanAsync does', () => {
    const input = warmUpProblem();
    expect(warmUpSteps(input)).toHaveLength(3);
    for (const step of warmUpSteps(input)) step();
    expect(warmUpSteps(input)).toHaveLength(2);
    // The warmed replan is the aborted one with a real change: the sick carer's stops that day
    // leave the roster, the rest stays, and the answer is checker-clean.
    const placed = solve(input, { seed: 1, maxIterations: 0 });
    const day = placed.horizon.start;
    const onDay = (roster: Roster) =>
      roster.routes.filter((route) => route.carerId === 'carer-0' && route.date === day);
    expect(onDay(placed).flatMap((route) => route.stops).length).toBeGreaterThan(0);
    const { roster, problem: changed } = warmUpReplan(input, placed);
    expect(roster.stats?.stoppedBy).toBe('aborted');
    expect(onDay(roster).flatMap((route) => route.stops)).toEqual([]);
    expect(roster.kpis.visitsPlaced).toBeGreaterThan(0);
    expect(checkRoster(changed, roster)).toEqual([]);
  });
});

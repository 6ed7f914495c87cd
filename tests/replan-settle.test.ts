import { describe, expect, it } from 'vitest';
import { sickBusiestCarer } from './support/sick-busiest-carer.js';
import { solveEngine } from '../src/solver/engine/index.js';
import {
  allowedBit,
  allowedRow,
  allowedWord,
  isAllowed,
} from '../src/solver/engine/allowed-table.js';
import type { EngineSolution } from '../src/solver/engine/instance.js';
import { parseChanges } from '../src/solver/replan/apply-changes.js';
import { prepareReplan } from '../src/solver/replan/replan.js';
import { carerDaysBefore, changedDays } from '../src/solver/replan/carer-days.js';
import { replanObjective, settleTowardsPrevious } from '../src/solver/replan/settle.js';
import { holdFarFromLeftOut, NEAR_LEFT_OUT_MINUTES } from '../src/solver/replan/near-left-out.js';

const { problem, previous, sick } = sickBusiestCarer();
const prepared = prepareReplan(problem, previous, parseChanges(sick, problem, previous));
const { compiled, placement, instance, fixings } = prepared;
const days = carerDaysBefore(
  prepared.expanded,
  compiled,
  prepared.scope.open,
  prepared.problem.settings.change,
);
const held = new Set(fixings.held.keys());
const wanted = (t: number) => !Number.isNaN(placement.taskStart[t]!);
const input = { instance, compiled, placement, days, held, wanted };
/** The engine from `routes` (in start order), nothing searched. */
const rebuilt = (routes: number[][]) =>
  solveEngine(instance, {
    initial: { routes, taskStart: placement.taskStart },
    maxIterations: 0,
  });
const previousRoutes = placement.routes.map((tasks) =>
  [...tasks].sort((a, b) => placement.taskStart[a]! - placement.taskStart[b]!),
);
const single = (t: number) =>
  !held.has(t) && !instance.links.some((link) => link.a === t || link.b === t);
const allowed = (t: number, r: number) => isAllowed(instance, t, r);

/** A solution with one visit the change did not touch moved to another carer, if one fits. */
function withOneMoved(): { solution: EngineSolution; t: number; home: number } {
  for (let home = 0; home < previousRoutes.length; home++) {
    for (const t of previousRoutes[home]!) {
      if (!single(t)) continue;
      for (let r = 0; r < previousRoutes.length; r++) {
        if (r === home || !allowed(t, r)) continue;
        if (compiled.routeShift[r]!.carerId === compiled.routeShift[home]!.carerId) continue;
        const routes = previousRoutes.map((tasks) => tasks.filter((task) => task !== t));
        routes[r] = [...routes[r]!, t].sort(
          (a, b) => placement.taskStart[a]! - placement.taskStart[b]!,
        );
        const solution = rebuilt(routes);
        // Moved for nothing: no visit the change displaced took its place at home.
        const kept = solution.routes[home]!;
        const untouched =
          kept.length === routes[home]!.length && routes[home]!.every((u) => kept.includes(u));
        if (solution.routes[r]!.includes(t) && untouched) return { solution, t, home };
      }
    }
  }
  throw new Error('no visit fits on another carer');
}

describe('settling a replan back towards the previous roster', () => {
  it('sends a visit moved for nothing back to its carer, and lowers the objective', () => {
    const { solution, t, home } = withOneMoved();
    const settled = settleTowardsPrevious(solution, input);
    expect(settled.routes[home]).toContain(t);
    expect(replanObjective(input, settled)).toBeLessThan(replanObjective(input, solution));
    expect(settled.unplaced.length).toBeLessThanOrEqual(solution.unplaced.length);
  });

  it('never raises the objective and never loses a placed visit', () => {
    const start = rebuilt(previousRoutes);
    const settled = settleTowardsPrevious(start, input);
    expect(replanObjective(input, settled)).toBeLessThanOrEqual(replanObjective(input, start));
    expect(settled.unplaced.length).toBeLessThanOrEqual(start.unplaced.length);
    for (const t of held) expect(settled.taskStart[t]).toBe(placement.taskStart[t]);
  });
});

describe('the changed carer-days', () => {
  const start = rebuilt(previousRoutes);
  const base = changedDays(days, compiled, start);
  // A carer-day the change left as it was, and one of its visits.
  const r = start.routes.findIndex(
    (tasks, index) =>
      tasks.length > 0 &&
      tasks.every((t) => Math.abs(start.taskStart[t]! - placement.taskStart[t]!) < 1e-9) &&
      days.dayRoutes[days.routeDay[index]!]!.length === 1,
  );
  const t = start.routes[r]![0]!;
  const shifted = (minutes: number) => {
    const taskStart = Float64Array.from(start.taskStart);
    taskStart[t] = taskStart[t]! + minutes;
    return changedDays(days, compiled, { routes: start.routes, taskStart });
  };

  it('counts the sick carer’s day, and a day with a start moved beyond the tolerance', () => {
    expect(base).toBeGreaterThanOrEqual(1);
    expect(shifted(prepared.problem.settings.change.toleranceMinutes)).toBe(base);
    expect(shifted(-prepared.problem.settings.change.toleranceMinutes)).toBe(base);
    expect(shifted(prepared.problem.settings.change.toleranceMinutes + 1)).toBe(base + 1);
  });

  it('counts a day that gains or loses a visit', () => {
    const routes = start.routes.map((tasks) => tasks.slice());
    routes[r] = routes[r]!.filter((task) => task !== t);
    expect(changedDays(days, compiled, { routes, taskStart: start.taskStart })).toBe(base + 1);
  });
});

describe('the change cost in the instance', () => {
  it('keeps each visit from starting earlier than before less the tolerance', () => {
    const tolerance = prepared.problem.settings.change.toleranceMinutes;
    let narrowed = 0;
    for (let t = 0; t < instance.nTasks; t++) {
      const before = placement.taskStart[t]!;
      if (Number.isNaN(before)) continue;
      expect(instance.taskEarliest[t]).toBeGreaterThanOrEqual(before - tolerance);
      expect(instance.taskEarliest[t]).toBeLessThanOrEqual(before);
      if (compiled.instance.taskEarliest[t]! < before - tolerance) narrowed++;
    }
    expect(narrowed).toBeGreaterThan(0);
  });
});

describe('the search near the visits left out', () => {
  it('holds every visit far from the left-out one to its route', () => {
    const start = rebuilt(previousRoutes);
    const u = start.routes.flat().find(single)!;
    const routes = start.routes.map((tasks) => tasks.filter((task) => task !== u));
    const narrowed = holdFarFromLeftOut(
      instance,
      { routes, taskStart: start.taskStart, unplaced: [u] },
      (t) => t === u,
    );
    let kept = 0;
    let free = 0;
    routes.forEach((tasks, r) => {
      for (const t of tasks) {
        const near =
          allowed(u, r) &&
          start.taskStart[t]! >= instance.taskEarliest[u]! - NEAR_LEFT_OUT_MINUTES &&
          start.taskStart[t]! <=
            instance.taskLatest[u]! + instance.taskService[u]! + NEAR_LEFT_OUT_MINUTES;
        const row = narrowed.allowed.subarray(...allowedRow(instance, t));
        const original = instance.allowed.subarray(...allowedRow(instance, t));
        if (near) {
          expect([...row]).toEqual([...original]);
          free++;
        } else {
          const only = new Uint32Array(original.length);
          only[allowedWord(instance, t, r) - allowedRow(instance, t)[0]] =
            (1 << allowedBit(instance, r)) >>> 0;
          expect([...row]).toEqual([...only]);
          kept++;
        }
      }
    });
    expect(kept).toBeGreaterThan(0);
    expect(free).toBeGreaterThan(0);
  });
});

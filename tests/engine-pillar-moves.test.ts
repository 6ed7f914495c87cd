/**
 * The continuity moves (pillar changes and the continuity swap), each on a tiny instance whose
 * cost change is worked out by hand: places on a line (travel time = cost = the distance), every
 * route from and back to the depot at 0, one route per worker and day (day d runs from minute
 * 1440 d to 1440 d + 1000). A route's travel is the length of its walk: [10] walks 0 → 10 → 0 = 20.
 */
import { describe, expect, it } from 'vitest';
import { toEngineSolution } from '../src/solver/engine/export.js';
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { clientPillarChange } from '../src/solver/engine/moves/client-pillar-change.js';
import { continuitySwap } from '../src/solver/engine/moves/continuity-swap.js';
import { dayPillarChange } from '../src/solver/engine/moves/day-pillar-change.js';
import type { PillarMove } from '../src/solver/engine/moves/pillar.js';
import { visitPillarChange } from '../src/solver/engine/moves/visit-pillar-change.js';
import type { Solution } from '../src/solver/engine/solution.js';
import { checkEngineSolution, objectiveOf } from './engine-check.js';
import { instanceOf, setUp } from './support/pillar-instance.js';

const tasksOf = (sol: Solution) => sol.routes.map((route) => route.tasks);

/**
 * Runs `act` (a move of task `u` to worker `to`), expects it to be made with change `delta`,
 * the routes to become `after`, and the recomputed and running objectives to move by `delta`.
 */
function expectMove(
  inst: EngineInstance,
  before: number[][],
  act: (setup: ReturnType<typeof setUp>) => boolean,
  delta: number,
  after: number[][],
): void {
  const setup = setUp(inst, before);
  const { sol, pillars } = setup;
  const cost = objectiveOf(inst, toEngineSolution(inst, sol.snapshot()));
  expect(act(setup)).toBe(true);
  expect(pillars.delta).toBeCloseTo(delta, 9);
  expect(tasksOf(sol)).toEqual(after);
  const result = toEngineSolution(inst, sol.snapshot());
  expect(checkEngineSolution(inst, result)).toEqual([]);
  expect(objectiveOf(inst, result) - cost).toBeCloseTo(delta, 9);
  expect(sol.cost - cost).toBeCloseTo(delta, 9);
}

const pillarMove =
  (move: PillarMove, u: number, to: number) =>
  ({ pillars }: ReturnType<typeof setUp>): boolean =>
    pillars.tryMove(move, u, to);

describe('continuity moves, each against a hand-worked example', () => {
  it('client pillar change gives a carer’s whole week with a client to another carer', () => {
    // Client C (group 0, allowance 1, 100 per extra carer) has a visit at 10 each day, twice:
    // tasks 0 (day 0) and 1 (day 1) with worker 0, tasks 2 (day 0) and 3 (day 1) with worker 1.
    // Four routes of [10]: 80 of travel, 2 carers: 100. Worker 0's two visits go to worker 1:
    // two routes of [10, 10] (20 each; the first place that costs least), one carer. Change: (40 - 80) - 100 = -140.
    const inst = instanceOf({
      tasks: [
        { at: 10, day: 0 },
        { at: 10, day: 1 },
        { at: 10, day: 0 },
        { at: 10, day: 1 },
      ],
      workers: 2,
      days: 2,
      groups: [{ tasks: [0, 1, 2, 3], allowance: 1, cost: 100 }],
    });
    expectMove(inst, [[0], [1], [2], [3]], pillarMove(clientPillarChange, 0, 1), -140, [
      [],
      [],
      [0, 2],
      [1, 3],
    ]);
  });

  it('day pillar change moves a client’s day onto their team and leaves the other days', () => {
    // Client C (allowance 2) has tasks 0 and 1 on day 0 (at 10 and 12) and task 2 on day 1, all
    // with worker 0; worker 1 is on C's team (-10 a visit). Day 0 goes to worker 1: task 0
    // first, then task 1 at the first of its cheapest places, [12, 10] (24, as [10, 12] was);
    // two visits gain -10 each; two carers, within the allowance. Change: -20. Task 2 stays.
    const inst = instanceOf({
      tasks: [
        { at: 10, day: 0 },
        { at: 12, day: 0 },
        { at: 10, day: 1 },
      ],
      workers: 2,
      days: 2,
      groups: [{ tasks: [0, 1, 2], allowance: 2, cost: 100 }],
      assignment: (_t, w) => (w === 1 ? -10 : 0),
    });
    expectMove(inst, [[0, 1], [2], [], []], pillarMove(dayPillarChange, 0, 1), -20, [
      [],
      [2],
      [1, 0],
      [],
    ]);
  });

  it('visit pillar change moves one recurring visit on every date, not the client’s others', () => {
    // Client C (group 0, allowance 2) has a morning visit (group 1: tasks 0, 2; allowance 1, 5
    // per extra carer) and an evening one (group 2: tasks 1, 3) on days 0 and 1. Worker 0 does
    // both mornings (at 10) and day 1's evening (task 3, at -10); worker 1 day 0's evening (task
    // 1, at -10). The evening has 2 carers: 5. Worker 0's evenings go to worker 1: route [10,
    // -10] (40) becomes [10] (20), worker 1's empty day 1 becomes [-10] (20); travel unchanged,
    // the evening has one carer. Change: -5. The mornings stay with worker 0.
    const inst = instanceOf({
      tasks: [
        { at: 10, day: 0, to: 500 },
        { at: -10, day: 0, from: 600 },
        { at: 10, day: 1, to: 500 },
        { at: -10, day: 1, from: 600 },
      ],
      workers: 2,
      days: 2,
      groups: [
        { tasks: [0, 1, 2, 3], allowance: 2, cost: 100 },
        { tasks: [0, 2], allowance: 1, cost: 5 },
        { tasks: [1, 3], allowance: 1, cost: 5 },
      ],
    });
    expectMove(inst, [[0], [2, 3], [1], []], pillarMove(visitPillarChange, 3, 1), -5, [
      [0],
      [2],
      [1],
      [3],
    ]);
  });

  it('continuity swap trades a visit for the one blocking it when the receiver is full', () => {
    // One day. Client C (group 0, allowance 1, 100 per extra) has a morning visit (task 0) with
    // worker 0 and an evening one (task 1) with worker 1; client D (group 1) a morning visit
    // (task 2) with worker 1. All at 10; every route holds at most 2 visits. Worker 1 is full,
    // so C's morning cannot simply move to worker 1; swapped with D's morning it can: routes
    // [10] (20) and [10, 10] (20) keep their travel, C has one carer, D still one.
    // Change: -100.
    const inst = instanceOf({
      tasks: [
        { at: 10, day: 0, to: 100 },
        { at: 10, day: 0, from: 500 },
        { at: 10, day: 0, to: 100 },
      ],
      workers: 2,
      days: 1,
      groups: [
        { tasks: [0, 1], allowance: 1, cost: 100 },
        { tasks: [2], allowance: 1, cost: 100 },
      ],
      capacity: 2,
    });
    const blocked = setUp(inst, [[0], [2, 1]]);
    expect(blocked.pillars.tryMove(dayPillarChange, 0, 1)).toBe(false);
    expect(tasksOf(blocked.sol)).toEqual([[0], [2, 1]]);
    expectMove(
      inst,
      [[0], [2, 1]],
      ({ pillars, ev }) => {
        const made = continuitySwap.improve(pillars, ev, 0, 1);
        pillars.delta = ev.delta;
        return made;
      },
      -100,
      [[2], [0, 1]],
    );
  });

  it('undoes a pillar change that does not pay, leaving the roster and its cost as they were', () => {
    // One day. Client C (group 0, allowance 1, 10 per extra carer): task 0 at 10 with worker 0,
    // on the way to task 2 (another client's, at 12), and task 1 at -10 with worker 1. Giving
    // task 0 to worker 1 saves no travel on [10, 12] (24 either way), turns [-10] (20) into
    // [-10, 10] (40): +20, and saves 10 of continuity. Change +10: tried, then undone.
    const inst = instanceOf({
      tasks: [
        { at: 10, day: 0 },
        { at: -10, day: 0 },
        { at: 12, day: 0 },
      ],
      workers: 2,
      days: 1,
      groups: [
        { tasks: [0, 1], allowance: 1, cost: 10 },
        { tasks: [2], allowance: 1, cost: 10 },
      ],
    });
    const { sol, pillars } = setUp(inst, [[0, 2], [1]]);
    const cost = sol.cost;
    expect(pillars.tryMove(clientPillarChange, 0, 1)).toBe(false);
    expect(tasksOf(sol)).toEqual([[0, 2], [1]]);
    expect(sol.cost).toBeCloseTo(cost, 9);
    expect(sol.cost).toBeCloseTo(objectiveOf(inst, toEngineSolution(inst, sol.snapshot())), 9);
  });
});

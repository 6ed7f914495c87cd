/**
 * The continuity ruin on tiny instances (see tests/support/pillar-instance.ts): it takes out the
 * client's visits by the carer who makes the fewest of them and the other visits in their way on
 * the carers the client keeps, and recreate then gives the client to the carers they keep.
 */
import { describe, expect, it } from 'vitest';
import { ruinContinuity } from '../src/solver/engine/continuity-ruin.js';
import { recreate } from '../src/solver/engine/recreate.js';
import { Removal } from '../src/solver/engine/ruin.js';
import { Rng } from '../src/solver/engine/rng.js';
import { instanceOf, setUp } from './support/pillar-instance.js';

/**
 * One day, three workers. The client's visits are tasks 0 and 1 (worker 0, mornings) and 2
 * (worker 1, at 100-200); worker 0 also has task 3 at 150-250, in task 2's way, and task 4 at
 * 500-600, out of it; worker 2 has task 5. The client (allowance 1) pays 50 per extra carer.
 */
const inst = instanceOf({
  tasks: [
    { at: 10, day: 0, from: 0, to: 60 },
    { at: 10, day: 0, from: 0, to: 60 },
    { at: 10, day: 0, from: 100, to: 200 },
    { at: 12, day: 0, from: 150, to: 250 },
    { at: 14, day: 0, from: 500, to: 600 },
    { at: 30, day: 0 },
  ],
  workers: 3,
  days: 1,
  groups: [{ tasks: [0, 1, 2], allowance: 1, cost: 50 }],
});
const routes = () => [[0, 1, 3, 4], [2], [5]];

describe('continuity ruin', () => {
  it('removes the fewest-visits carer’s visits to the client and what stands in their way', () => {
    const { sol, pillars } = setUp(inst, routes());
    expect(sol.distinctWorkers[0]).toBe(2);
    const rem = new Removal(inst.nTasks, inst.nRoutes);
    ruinContinuity(sol, pillars, new Rng(1), rem, 10);
    expect([...rem.tasks].sort()).toEqual([2, 3]);
  });

  it('stops at the limit once the client’s visits are out', () => {
    const { sol, pillars } = setUp(inst, routes());
    const rem = new Removal(inst.nTasks, inst.nRoutes);
    ruinContinuity(sol, pillars, new Rng(1), rem, 1);
    expect(rem.tasks).toEqual([2]);
  });

  it('leaves a client served by one carer alone', () => {
    const { sol, pillars } = setUp(inst, [[0, 1, 2, 3, 4], [], [5]]);
    const rem = new Removal(inst.nTasks, inst.nRoutes);
    ruinContinuity(sol, pillars, new Rng(1), rem, 10);
    expect(rem.tasks).toEqual([]);
  });

  it('lets recreate give the client to the carer they keep', () => {
    const { sol, pillars } = setUp(inst, routes());
    const before = sol.cost;
    const rem = new Removal(inst.nTasks, inst.nRoutes);
    ruinContinuity(sol, pillars, new Rng(1), rem, 10);
    sol.removeTasks(rem.tasks);
    recreate(sol, [...new Set(rem.tasks.map((t) => sol.p.groupOf[t]!))], new Rng(1), 0);
    sol.resum();
    expect(sol.nUnplaced).toBe(0);
    expect(sol.distinctWorkers[0]).toBe(1);
    expect(sol.taskRoute[2]).toBe(0);
    expect(sol.cost).toBeLessThan(before);
  });
});

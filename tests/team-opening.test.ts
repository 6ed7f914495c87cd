/**
 * The team-first opening on a hand-made instance: one visit at 10 on a line, a team member who
 * lives at the depot (0) and a stranger who lives at 11. By travel the stranger wins (a round
 * trip of 2 against 20); the team bonus of 10 does not make up for it at the real weights, but
 * tripled it does, so packing with `teamFirst` gives the visit to the team member.
 */
import { describe, expect, it } from 'vitest';
import { solveEngine } from '../src/solver/engine/index.js';
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { teamFirst } from '../src/solver/team-opening.js';
import { instanceOf } from './support/pillar-instance.js';

const TEAM = 0;
const STRANGER = 1;

/** Task 0 is the visit; task 1 (day 1) only gives the stranger's home at 11 a location. */
function instance(): EngineInstance {
  const base = instanceOf({
    tasks: [
      { at: 10, day: 0 },
      { at: 11, day: 1 },
    ],
    workers: 2,
    days: 2,
    groups: [{ tasks: [0], allowance: 1, cost: 50 }],
    assignment: (t, w) => (t === 0 && w === TEAM ? -10 : 0),
  });
  // Routes are worker * days + day; the stranger's start and end at task 1's place.
  const home = Int32Array.from({ length: base.nRoutes }, (_, r) =>
    Math.floor(r / 2) === STRANGER ? 2 : 0,
  );
  return { ...base, routeStartLocation: home, routeEndLocation: home };
}

const workerOfVisit = (inst: EngineInstance, factor: number): number => {
  const solution = solveEngine(teamFirst(inst, factor), { seed: 1, maxIterations: 50 });
  const route = solution.routes.findIndex((tasks) => tasks.includes(0));
  return inst.routeWorker[route]!;
};

describe('team-first opening', () => {
  it('packs the visit onto the stranger at the real weights', () => {
    expect(workerOfVisit(instance(), 1)).toBe(STRANGER);
  });

  it('packs it onto the team member with the assignment costs tripled', () => {
    expect(workerOfVisit(instance(), 3)).toBe(TEAM);
  });

  it('drops the soft terms and leaves the instance’s own costs as they were', () => {
    const inst = instance();
    const packed = teamFirst(inst, 3);
    expect(packed.soft).toBeNull();
    expect(packed.assignmentCost![0]).toBe(-30);
    expect(inst.assignmentCost![0]).toBe(-10);
  });
});

import { describe, expect, it } from 'vitest';
import {
  allowedEverywhere,
  allowedRow,
  allowedWord,
  forbid,
  groupRoutes,
  hasAllowedRoute,
  isAllowed,
  onlyRoute,
} from '../src/solver/engine/allowed-table.js';
import type { AllowedGroups, EngineInstance } from '../src/solver/engine/instance.js';
import { prng } from './support/geo-fixtures.js';

/** Just the fields the allowed table reads. */
type Table = Pick<
  EngineInstance,
  'nTasks' | 'nRoutes' | 'allowed' | 'routeWords' | 'allowedGroups'
>;

/**
 * A random grouped table over `nRoutes` routes in `nGroups` groups (routes of a group spread
 * over the route numbers), each pair of one group allowed with probability `share`, and the
 * same pairs laid out densely.
 */
function tables(seed: number, nTasks: number, nRoutes: number, nGroups: number, share: number) {
  const random = prng(seed);
  const routeGroup = Int32Array.from({ length: nRoutes }, () => Math.floor(random() * nGroups));
  const sizes = new Int32Array(nGroups);
  const routeBit = Int32Array.from(routeGroup, (g) => sizes[g]!++);
  // Some tasks in no group: they fit no route.
  const taskGroup = Int32Array.from(
    { length: nTasks },
    () => Math.floor(random() * (nGroups + 1)) - 1,
  );
  const taskRowStart = new Int32Array(nTasks + 1);
  for (let t = 0; t < nTasks; t++) {
    const g = taskGroup[t]!;
    taskRowStart[t + 1] = taskRowStart[t]! + (g < 0 ? 0 : Math.ceil(sizes[g]! / 32));
  }
  const groups: AllowedGroups = { routeGroup, routeBit, taskGroup, taskRowStart };
  const allowed = new Uint32Array(taskRowStart[nTasks]!);
  const routeWords = Math.ceil(nRoutes / 32);
  const flat = new Uint32Array(nTasks * routeWords);
  for (let t = 0; t < nTasks; t++) {
    for (let r = 0; r < nRoutes; r++) {
      if (taskGroup[t] !== routeGroup[r] || random() >= share) continue;
      const bit = routeBit[r]!;
      allowed[taskRowStart[t]! + (bit >>> 5)]! |= 1 << (bit & 31);
      flat[t * routeWords + (r >>> 5)]! |= 1 << (r & 31);
    }
  }
  const grouped: Table = { nTasks, nRoutes, allowed, routeWords, allowedGroups: groups };
  const dense: Table = { nTasks, nRoutes, allowed: flat, routeWords, allowedGroups: null };
  return { grouped: grouped as EngineInstance, dense: dense as EngineInstance };
}

describe('the grouped table of allowed pairs', () => {
  // 70 routes: groups of more than 32 routes, so rows of several words, and a last word part-full.
  const { grouped, dense } = tables(3, 40, 70, 2, 0.3);

  it('answers every pair as the dense table of the same pairs', () => {
    for (let t = 0; t < grouped.nTasks; t++) {
      expect(hasAllowedRoute(grouped, t)).toBe(hasAllowedRoute(dense, t));
      for (let r = 0; r < grouped.nRoutes; r++) {
        expect(isAllowed(grouped, t, r)).toBe(isAllowed(dense, t, r));
      }
    }
  });

  it('has no word for a route of another group, and rows only as long as the group', () => {
    const groups = grouped.allowedGroups!;
    for (let t = 0; t < grouped.nTasks; t++) {
      for (let r = 0; r < grouped.nRoutes; r++) {
        expect(allowedWord(grouped, t, r) < 0).toBe(groups.taskGroup[t] !== groups.routeGroup[r]);
      }
    }
    expect(grouped.allowed.length).toBeLessThan(dense.allowed.length);
    const { start, routes } = groupRoutes(grouped);
    for (let g = 0; g + 1 < start.length; g++) {
      const members = Array.from(routes.subarray(start[g]!, start[g + 1]!));
      expect(members).toEqual([...members].sort((a, b) => a - b));
      for (const r of members) expect(groups.routeGroup[r]).toBe(g);
    }
  });

  it('is edited as the dense one: a task held on one route, a pair forbidden', () => {
    const a = Uint32Array.from(grouped.allowed);
    const b = Uint32Array.from(dense.allowed);
    const random = prng(9);
    for (let k = 0; k < 120; k++) {
      const t = Math.floor(random() * grouped.nTasks);
      const r = Math.floor(random() * grouped.nRoutes);
      if (k % 2 === 0) {
        forbid(a, grouped, t, r);
        forbid(b, dense, t, r);
      } else {
        onlyRoute(a, grouped, t, r, 'kept');
        onlyRoute(b, dense, t, r, 'kept');
      }
    }
    for (let t = 0; t < grouped.nTasks; t++) {
      for (let r = 0; r < grouped.nRoutes; r++) {
        expect(isAllowed({ ...grouped, allowed: a }, t, r)).toBe(
          isAllowed({ ...dense, allowed: b }, t, r),
        );
      }
    }
  });

  it('holds a task on a route of its group, and nowhere on a route of another', () => {
    const groups = grouped.allowedGroups!;
    const t = groups.taskGroup.findIndex((g) => g === 0);
    const own = groups.routeGroup.indexOf(0);
    const other = groups.routeGroup.indexOf(1);
    const allowed = Uint32Array.from(grouped.allowed);
    onlyRoute(allowed, grouped, t, own, 'set');
    const held = { ...grouped, allowed };
    for (let r = 0; r < grouped.nRoutes; r++) expect(isAllowed(held, t, r)).toBe(r === own);
    onlyRoute(allowed, grouped, t, other, 'set');
    expect(hasAllowedRoute(held, t)).toBe(false);
    expect(Array.from(allowed.subarray(...allowedRow(grouped, t)))).toEqual(
      new Array<number>(Math.ceil(groupRoutes(grouped).start[1]! / 32)).fill(0),
    );
  });

  it('finds a dense table allowed everywhere even with ones past the last route', () => {
    const nRoutes = 40;
    const full: EngineInstance = {
      ...dense,
      nRoutes,
      routeWords: 2,
      allowed: new Uint32Array(grouped.nTasks * 2).fill(0xffffffff),
    };
    expect(allowedEverywhere(full)).toBe(true);
    expect(allowedEverywhere(grouped)).toBe(false);
    // A task whose only bits lie past the last route has no route.
    const past = new Uint32Array(grouped.nTasks * 2).fill(0xffffffff);
    past[0] = 0;
    past[1] = 0xffffff00;
    expect(hasAllowedRoute({ ...full, allowed: past }, 0)).toBe(false);
    expect(hasAllowedRoute({ ...full, allowed: past }, 1)).toBe(true);
  });
});

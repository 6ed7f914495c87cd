/**
 * The previous roster in the engine's terms: each stop as a task on the route (shift) it lies
 * in, with its start time, plus who served which visit and client, which the change cost needs.
 */
import type { ExpandedProblem } from '../../model/expand.js';
import type { Roster, RosterRoute } from '../../model/roster.js';
import type { CompiledProblem } from '../compile.js';

/** A stop of the previous roster that could not be carried over as it was. */
export interface DroppedStop {
  readonly visitKey: string;
  readonly carerId: string;
  readonly start: string;
  readonly why: string;
}

/** The previous roster mapped onto a compiled problem. */
export interface PreviousPlacement {
  /** Per engine route, the previous roster's tasks in order. */
  readonly routes: number[][];
  /** Previous start of each task (NaN when it was not in the previous roster). */
  readonly taskStart: Float64Array;
  /** Route of each task in the previous roster (-1 when it was not there). */
  readonly taskRoute: Int32Array;
  /** Carers of each dated visit in the previous roster. */
  readonly visitCarers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Carers each client had any visit from in the previous roster. */
  readonly clientCarers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Stops that could not be carried over: visit gone, no shift of the carer, or ruled out. */
  readonly dropped: readonly DroppedStop[];
}

/**
 * Maps the stops of the `open` routes (every route by default) onto `compiled`. A stop is
 * carried over onto the carer's shift that contains it, unless its visit is no longer in the
 * problem, no shift of the carer holds it any more, or `rejected` names it (`carerId`,
 * `visitKey` pairs the checker ruled out, with the reason). Who served which visit and client is
 * read from the whole previous roster.
 */
export function placePrevious(
  expanded: ExpandedProblem,
  compiled: CompiledProblem,
  previous: Roster,
  rejected: ReadonlyMap<string, string>,
  open: readonly RosterRoute[] = previous.routes,
): PreviousPlacement {
  const { instance } = compiled;
  const routes: number[][] = Array.from({ length: instance.nRoutes }, () => []);
  const taskStart = new Float64Array(instance.nTasks).fill(Number.NaN);
  const taskRoute = new Int32Array(instance.nTasks).fill(-1);
  const tasksOf = new Map<string, number[]>();
  compiled.taskVisit.forEach((visit, t) => {
    const list = tasksOf.get(visit.id);
    if (list) list.push(t);
    else tasksOf.set(visit.id, [t]);
  });
  const shiftsOf = new Map<string, number[]>();
  compiled.routeShift.forEach((shift, r) => {
    const list = shiftsOf.get(shift.carerId);
    if (list) list.push(r);
    else shiftsOf.set(shift.carerId, [r]);
  });
  const visitCarers = new Map<string, Set<string>>();
  const clientCarers = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, carerId: string) => {
    const set = map.get(key);
    if (set) set.add(carerId);
    else map.set(key, new Set([carerId]));
  };
  for (const route of previous.routes) {
    for (const stop of route.stops) {
      add(visitCarers, stop.visitKey, route.carerId);
      add(clientCarers, stop.clientId, route.carerId);
    }
  }
  const dropped: DroppedStop[] = [];
  for (const route of open) {
    for (const stop of route.stops) {
      const drop = (why: string) =>
        dropped.push({ visitKey: stop.visitKey, carerId: route.carerId, start: stop.start, why });
      const visit = expanded.visitsById.get(stop.visitKey);
      const start = expanded.clock.fromIso(stop.start);
      if (!visit) {
        drop('the visit is no longer in the problem');
        continue;
      }
      if (start === undefined) {
        drop(`its start "${stop.start}" is not a date-time with an offset`);
        continue;
      }
      const reason = rejected.get(`${route.carerId}\u0000${stop.visitKey}`);
      if (reason !== undefined) {
        drop(reason);
        continue;
      }
      const r = (shiftsOf.get(route.carerId) ?? []).find((index) => {
        const shift = compiled.routeShift[index];
        return shift !== undefined && shift.start <= start && start + visit.duration <= shift.end;
      });
      // On a visit with roles, the task of the role the stop fills.
      const task = (tasksOf.get(visit.id) ?? []).find(
        (t) =>
          taskRoute[t] === -1 &&
          (stop.role === undefined || (compiled.taskRole[t] ?? stop.role) === stop.role),
      );
      if (r === undefined) {
        drop(`${route.carerId} is no longer available at that time`);
        continue;
      }
      if (task === undefined) {
        drop('the visit needs fewer carers than the roster gave it');
        continue;
      }
      routes[r]?.push(task);
      taskStart[task] = start;
      taskRoute[task] = r;
    }
  }
  return { routes, taskStart, taskRoute, visitCarers, clientCarers, dropped };
}

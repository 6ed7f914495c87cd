/**
 * Turns a search state into the public {@link EngineSolution}: start times (earliest schedule,
 * pinned times for linked tasks), departures and costs recomputed from scratch, plus a strict
 * self-check used as a last line of defence before a solution leaves the engine.
 */
import type { EngineInstance, EngineSolution } from './instance.js';
import { ScheduleWalk } from './schedule.js';
import type { Snapshot } from './solution.js';
import { continuityCostOf, hasWorstLateness, latenessOf, targetCost } from './soft.js';

const walk = new ScheduleWalk();

/** Builds the public solution of `snap`. */
export function toEngineSolution(inst: EngineInstance, snap: Snapshot): EngineSolution {
  const taskStart = new Float64Array(inst.nTasks).fill(Number.NaN);
  const routeDeparture = new Float64Array(inst.nRoutes).fill(Number.NaN);
  const nl = inst.nLocations;
  let travelCost = 0;
  let assignmentCost = 0;
  let softCost = 0;
  const soft = inst.soft ?? null;
  const routeWork = new Float64Array(inst.nRoutes);
  const routeTravel = new Float64Array(inst.nRoutes);
  const placed = new Uint8Array(inst.nTasks);
  const routes = snap.routes.map((tasks, r) => {
    if (tasks.length === 0) return [];
    const profile = inst.routeProfile[r]!;
    const time = inst.travelTime[profile]!;
    const cost = inst.travelCost[profile]!;
    let at = inst.routeStartLocation[r]!;
    const worker = inst.routeWorker[r]!;
    // The walk adds each stop's soft cost to the running total, in stop order.
    walk.begin(inst, soft, time, worker, at, inst.routeEarliestStart[r]!, true, softCost);
    for (const t of tasks) {
      const loc = inst.taskLocation[t]!;
      taskStart[t] = walk.visit(t, snap.effE[t]!);
      routeTravel[r]! += time[at * nl + loc]!;
      routeWork[r]! += time[at * nl + loc]! + inst.taskService[t]!;
      travelCost += cost[at * nl + loc]!;
      if (inst.assignmentCost !== null) {
        assignmentCost += inst.assignmentCost[t * inst.nWorkers + worker]!;
      }
      placed[t] = 1;
      at = loc;
    }
    softCost = walk.cost;
    travelCost += cost[at * nl + inst.routeEndLocation[r]!]!;
    routeTravel[r]! += time[at * nl + inst.routeEndLocation[r]!]!;
    routeWork[r]! += time[at * nl + inst.routeEndLocation[r]!]!;
    const first = tasks[0]!;
    const lead = time[inst.routeStartLocation[r]! * nl + inst.taskLocation[first]!]!;
    // Leave as late as the first start allows: no pointless waiting at the first client.
    routeDeparture[r] = Math.max(inst.routeEarliestStart[r]!, taskStart[first]! - lead);
    return tasks.slice();
  });
  if (soft !== null) {
    for (let k = 0; k < soft.nTargets; k++) {
      let sum = 0;
      for (let i = soft.targetStart[k]!; i < soft.targetStart[k + 1]!; i++) {
        const r = soft.targetRoutes[i]!;
        sum += soft.targetMeasure[k] === 0 ? routeWork[r]! : routeTravel[r]!;
      }
      softCost += targetCost(soft, k, sum);
    }
  }
  if (soft !== null && hasWorstLateness(soft)) {
    const worst = new Float64Array(soft.nDays ?? 0);
    routes.forEach((tasks, r) => {
      const d = soft.routeDay![r]!;
      if (d < 0) return;
      for (const t of tasks) worst[d] = Math.max(worst[d]!, latenessOf(soft, t, taskStart[t]!));
    });
    for (const late of worst) softCost += late * soft.worstLatenessCost!;
  }
  if (soft !== null && soft.nContinuity > 0) {
    const workers = Array.from({ length: soft.nContinuity }, () => new Set<number>());
    routes.forEach((tasks, r) => {
      for (const t of tasks) {
        for (let i = soft.taskContinuityStart[t]!; i < soft.taskContinuityStart[t + 1]!; i++) {
          workers[soft.taskContinuity[i]!]!.add(inst.routeWorker[r]!);
        }
      }
    });
    workers.forEach((set, g) => {
      softCost += continuityCostOf(soft, g, set.size);
    });
  }
  const unplaced: number[] = [];
  let penalty = 0;
  for (let t = 0; t < inst.nTasks; t++) {
    if (placed[t] === 0) {
      unplaced.push(t);
      penalty += inst.taskUnplacedPenalty[t]!;
    }
  }
  return {
    routes,
    taskStart,
    routeDeparture,
    unplaced,
    cost: travelCost + assignmentCost + softCost + penalty,
    travelCost,
    softCost,
  };
}

/**
 * Every hard-rule violation of `sol` beyond `tol`, recomputed from the routes and the returned
 * start times. Empty when the solution is feasible.
 */
export function violations(inst: EngineInstance, sol: EngineSolution, tol = 1e-6): string[] {
  const out: string[] = [];
  const nl = inst.nLocations;
  const seen = new Int32Array(inst.nTasks).fill(-1);
  const work = new Float64Array(inst.nRoutes);
  sol.routes.forEach((tasks, r) => {
    if (tasks.length === 0) return;
    const time = inst.travelTime[inst.routeProfile[r]!]!;
    let at = inst.routeStartLocation[r]!;
    let clock = sol.routeDeparture[r]!;
    if (!(clock >= inst.routeEarliestStart[r]! - tol)) out.push(`route ${r} leaves too early`);
    let load = 0;
    for (const t of tasks) {
      if (seen[t] !== -1) out.push(`task ${t} placed twice`);
      seen[t] = r;
      const word = inst.allowed[t * inst.routeWords + (r >>> 5)]!;
      if (((word >>> (r & 31)) & 1) === 0) out.push(`task ${t} not allowed on route ${r}`);
      const travel = time[at * nl + inst.taskLocation[t]!]!;
      work[r]! += travel + inst.taskService[t]!;
      const start = sol.taskStart[t]!;
      if (!(start >= clock + travel - tol)) out.push(`task ${t} starts before arrival`);
      if (!(start >= inst.taskEarliest[t]! - tol)) out.push(`task ${t} starts too early`);
      if (!(start <= inst.taskLatest[t]! + tol)) out.push(`task ${t} starts too late`);
      load += inst.taskDemand[t]!;
      clock = start + inst.taskService[t]!;
      at = inst.taskLocation[t]!;
    }
    const back = time[at * nl + inst.routeEndLocation[r]!]!;
    work[r]! += back;
    if (!(clock + back <= inst.routeLatestEnd[r]! + tol)) out.push(`route ${r} ends too late`);
    if (!(load <= inst.routeCapacity[r]! + tol)) out.push(`route ${r} over capacity`);
  });
  for (let k = 0; k < inst.nLimits; k++) {
    let sum = 0;
    for (let i = inst.limitStart[k]!; i < inst.limitStart[k + 1]!; i++) {
      sum += work[inst.limitRoutes[i]!]!;
    }
    if (!(sum <= inst.limitMax[k]! + tol)) out.push(`limit ${k} exceeded`);
  }
  for (const link of inst.links) {
    const ra = seen[link.a]!;
    const rb = seen[link.b]!;
    if (ra < 0 !== rb < 0) out.push(`link ${link.a}-${link.b} half placed`);
    if (ra < 0 || rb < 0) continue;
    if (inst.routeWorker[ra] === inst.routeWorker[rb]) {
      out.push(`link ${link.a}-${link.b} on one worker`);
    }
    const gap = sol.taskStart[link.b]! - sol.taskStart[link.a]!;
    if (!(gap >= link.minGap - tol && gap <= link.maxGap + tol)) {
      out.push(`link ${link.a}-${link.b} gap ${gap}`);
    }
  }
  return out;
}

/**
 * Turns a search state into the public {@link EngineSolution}: start times (the earliest
 * schedule with stops before a long wait moved later, pinned times for linked tasks),
 * departures and costs recomputed from scratch, plus a strict self-check used as a last line of
 * defence before a solution leaves the engine.
 */
import { isAllowed } from './allowed-table.js';
import { BreakPlan, owesBreak, placedBreaks, routeWork } from './break-plan.js';
import { DayRules, restStarts } from './days.js';
import type { EngineInstance, EngineSoftTerms, EngineSolution } from './instance.js';
import { lateStarts } from './late-starts.js';
import { ScheduleWalk } from './schedule.js';
import type { Snapshot } from './solution.js';
import { continuityCostOf, hasWorstLateness, latenessOf, targetCost } from './soft.js';

const walk = new ScheduleWalk();
const plan = new BreakPlan();

/**
 * Builds the public solution of `snap`. With `moveStarts` false every stop keeps its earliest
 * start: the schedule the search prices, which tests hold its running cost against.
 */
export function toEngineSolution(
  inst: EngineInstance,
  snap: Snapshot,
  moveStarts = true,
): EngineSolution {
  const taskStart = new Float64Array(inst.nTasks).fill(Number.NaN);
  const routeDeparture = new Float64Array(inst.nRoutes).fill(Number.NaN);
  let travelCost = 0;
  let assignmentCost = 0;
  let softCost = 0;
  const soft = inst.soft ?? null;
  const routeWork = new Float64Array(inst.nRoutes);
  const routeTravel = new Float64Array(inst.nRoutes);
  const placed = new Uint8Array(inst.nTasks);
  const routeBreak = new Float64Array(inst.nRoutes).fill(Number.NaN);
  // Each route leaves no earlier than the rest after its worker's earlier days allows.
  const earliest = restStarts(inst, new DayRules(inst), snap.routes, snap.effE, snap.effL);
  const routes = snap.routes.map((tasks, r) => {
    if (tasks.length === 0) return [];
    const profile = inst.routeProfile[r]!;
    const time = inst.travelTime[profile]!;
    const cost = inst.travelCost[profile]!;
    let at = inst.routeStartLocation[r]!;
    const worker = inst.routeWorker[r]!;
    const breakStart = plannedBreak(inst, r, earliest[r]!, tasks, snap);
    routeBreak[r] = breakStart;
    // A route with its break keeps the schedule the search priced it on.
    const starts = Number.isNaN(breakStart)
      ? routeStarts(inst, moveStarts ? soft : null, r, earliest[r]!, tasks, snap)
      : plan.starts.slice(0, tasks.length);
    // The walk adds each stop's soft cost to the running total, in stop order; each chosen start
    // is at or after the stop's arrival, so it is the start the walk takes.
    walk.onRoute(inst, soft, time, worker).from(at, earliest[r]!, true, softCost);
    for (let k = 0; k < tasks.length; k++) {
      const t = tasks[k]!;
      const loc = inst.taskLocation[t]!;
      taskStart[t] = walk.visit(t, starts[k]!);
      routeTravel[r]! += time.at(at, loc);
      routeWork[r]! += time.at(at, loc) + inst.taskService[t]!;
      travelCost += cost.at(at, loc);
      if (inst.assignmentCost !== null) {
        const row = inst.taskAssignmentRow ? inst.taskAssignmentRow[t]! : t;
        assignmentCost += inst.assignmentCost[row * inst.nWorkers + worker]!;
      }
      placed[t] = 1;
      at = loc;
    }
    softCost = walk.cost;
    travelCost += cost.at(at, inst.routeEndLocation[r]!);
    routeTravel[r]! += time.at(at, inst.routeEndLocation[r]!);
    routeWork[r]! += time.at(at, inst.routeEndLocation[r]!);
    const first = tasks[0]!;
    const lead = time.at(inst.routeStartLocation[r]!, inst.taskLocation[first]!);
    // Leave as late as the first start allows: no pointless waiting at the first client.
    routeDeparture[r] = Math.max(earliest[r]!, taskStart[first]! - lead);
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
    ...(inst.breakRule?.routeLimit === undefined ? {} : { routeBreak }),
    unplaced,
    cost: travelCost + assignmentCost + softCost + penalty,
    travelCost,
    softCost,
  };
}

/**
 * Start of route `r`'s break when it owes one whose place the search chose, its stops' starts
 * then in `plan.starts`; NaN when it owes none (or keeps the cap of the threshold).
 */
function plannedBreak(
  inst: EngineInstance,
  r: number,
  leave: number,
  tasks: readonly number[],
  snap: Snapshot,
): number {
  const rule = placedBreaks(inst, r);
  if (rule === null || !owesBreak(rule, routeWork(inst, r, tasks))) return Number.NaN;
  const le = inst.routeLatestEnd[r]!;
  const soft = inst.soft ?? null;
  plan.run(inst, soft, rule, r, tasks, tasks.length, leave, le, snap.effE, snap.effL, false);
  return plan.breakStart;
}

/**
 * Start times of route `r`'s stops leaving no earlier than `leave`: the earliest schedule, then,
 * with soft terms, moved later where that cuts priced idle time ({@link lateStarts}).
 */
function routeStarts(
  inst: EngineInstance,
  soft: EngineSoftTerms | null,
  r: number,
  leave: number,
  tasks: readonly number[],
  snap: Snapshot,
): Float64Array {
  const starts = new Float64Array(tasks.length);
  const time = inst.travelTime[inst.routeProfile[r]!]!;
  walk.onRoute(inst, null, time, 0).from(inst.routeStartLocation[r]!, leave, true, 0);
  for (let k = 0; k < tasks.length; k++) starts[k] = walk.visit(tasks[k]!, snap.effE[tasks[k]!]!);
  if (soft !== null) lateStarts(inst, soft, r, tasks, starts, snap.effL);
  return starts;
}

/**
 * Every hard-rule violation of `sol` beyond `tol`, recomputed from the routes and the returned
 * start times. Empty when the solution is feasible.
 */
export function violations(inst: EngineInstance, sol: EngineSolution, tol = 1e-6): string[] {
  const out: string[] = [];
  const seen = new Int32Array(inst.nTasks).fill(-1);
  const work = new Float64Array(inst.nRoutes);
  const returns = new Float64Array(inst.nRoutes).fill(Number.NaN);
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
      if (!isAllowed(inst, t, r)) out.push(`task ${t} not allowed on route ${r}`);
      const travel = time.at(at, inst.taskLocation[t]!);
      work[r]! += travel + inst.taskService[t]!;
      const start = sol.taskStart[t]!;
      if (!(start >= clock + travel - tol)) out.push(`task ${t} starts before arrival`);
      if (!(start >= inst.taskEarliest[t]! - tol)) out.push(`task ${t} starts too early`);
      if (!(start <= inst.taskLatest[t]! + tol)) out.push(`task ${t} starts too late`);
      load += inst.taskDemand[t]!;
      clock = start + inst.taskService[t]!;
      at = inst.taskLocation[t]!;
    }
    const back = time.at(at, inst.routeEndLocation[r]!);
    work[r]! += back;
    if (!(clock + back <= inst.routeLatestEnd[r]! + tol)) out.push(`route ${r} ends too late`);
    returns[r] = clock + back;
    if (!(load <= inst.routeCapacity[r]! + tol)) out.push(`route ${r} over capacity`);
    const problem = breakProblem(inst, sol, r, tasks, work[r]!, tol);
    if (problem !== undefined) out.push(`route ${r} ${problem}`);
  });
  const capped = new Uint8Array(inst.nLimits);
  const routeLimit = inst.breakRule?.routeLimit;
  if (routeLimit !== undefined) {
    // A break limit is lifted for a route whose break the search places (checked above).
    for (let r = 0; r < inst.nRoutes; r++) if (routeLimit[r]! >= 0) capped[routeLimit[r]!] = 1;
  }
  for (let k = 0; k < inst.nLimits; k++) {
    if (capped[k] === 1) continue;
    let sum = 0;
    for (let i = inst.limitStart[k]!; i < inst.limitStart[k + 1]!; i++) {
      sum += work[inst.limitRoutes[i]!]!;
    }
    if (!(sum <= inst.limitMax[k]! + tol)) out.push(`limit ${k} exceeded`);
  }
  out.push(...daysViolations(inst, sol, returns, tol));
  for (const link of inst.links) {
    const ra = seen[link.a]!;
    const rb = seen[link.b]!;
    if (ra < 0 !== rb < 0 && link.separable !== true) {
      out.push(`link ${link.a}-${link.b} half placed`);
    }
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

/**
 * What is wrong with route `r`'s break, or undefined: a route whose break the search places
 * holds one when its `work` owes one, of the rule's length, inside its window, between two stops
 * after the travel to the second.
 */
function breakProblem(
  inst: EngineInstance,
  sol: EngineSolution,
  r: number,
  tasks: readonly number[],
  work: number,
  tol: number,
): string | undefined {
  const rule = placedBreaks(inst, r);
  if (rule === null) return undefined;
  const start = sol.routeBreak?.[r] ?? Number.NaN;
  if (Number.isNaN(start)) return owesBreak(rule, work) ? 'owes a break it lacks' : undefined;
  const end = start + rule.idle;
  if (!(start >= rule.windowFrom[r]! - tol && end <= rule.windowTo[r]! + tol)) {
    return 'has its break outside its window';
  }
  const time = inst.travelTime[inst.routeProfile[r]!]!;
  for (let k = 0; k + 1 < tasks.length; k++) {
    const a = tasks[k]!;
    const b = tasks[k + 1]!;
    const arrive =
      sol.taskStart[a]! +
      inst.taskService[a]! +
      time.at(inst.taskLocation[a]!, inst.taskLocation[b]!);
    if (start >= arrive - tol && end <= sol.taskStart[b]! + tol) return undefined;
  }
  return 'has its break between no two stops';
}

/**
 * Violations of the rules across days: rest between a worker's routes on different days, from
 * the departures and `returns` of the non-empty routes, and runs of worked days.
 */
function daysViolations(
  inst: EngineInstance,
  sol: EngineSolution,
  returns: Float64Array,
  tol: number,
): string[] {
  const days = new DayRules(inst);
  if (!days.active) return [];
  const out: string[] = [];
  const used = (r: number) => (sol.routes[r]?.length ?? 0) > 0;
  for (let a = 0; a < inst.nRoutes; a++) {
    if (!used(a)) continue;
    for (let i = days.laterStart[a]!; i < days.laterStart[a + 1]!; i++) {
      const b = days.later[i]!;
      if (!used(b)) continue;
      const rest = sol.routeDeparture[b]! - returns[a]!;
      if (!(rest >= days.rest - tol)) out.push(`routes ${a} and ${b} rest ${rest}`);
    }
  }
  if (!Number.isFinite(days.maxRun)) return out;
  const worked = new Uint8Array(inst.nWorkers * days.nDays);
  for (let r = 0; r < inst.nRoutes; r++) {
    if (used(r)) worked[inst.routeWorker[r]! * days.nDays + days.day[r]!] = 1;
  }
  for (let w = 0; w < inst.nWorkers; w++) {
    let run = 0;
    for (let d = 0; d < days.nDays; d++) {
      run = worked[w * days.nDays + d] === 1 ? run + 1 : 0;
      if (run > days.maxRun) out.push(`worker ${w} works ${run} days in a row`);
    }
  }
  return out;
}

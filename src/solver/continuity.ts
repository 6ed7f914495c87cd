/**
 * A continuity round. The engine prices distinct carers per client and per recurring visit
 * exactly, but a single move rarely changes those counts: moving one of a client's visits from
 * carer B to carer A lowers the count only when it was B's last. That plateau hides the way out
 * of a scattered roster. So after the main solve, the carers who already serve each client most
 * (as many as the client's allowance, preferring those free for most of the visits) get a bonus
 * on every visit of that client and of each recurring visit, the search continues from the
 * current roster with the bonus, and the result is kept only if the true score (which counts
 * real distinct carers, not the bonus) is lower.
 */
import type { ExpandedProblem } from '../model/expand.js';
import { carerAllowances } from '../constraints/soft-terms.js';
import { extraCarersTerm, timeOfDayTerm } from '../constraints/soft-term-definitions.js';
import type { EngineInstance, EngineSolution } from './engine/instance.js';
import type { CompiledProblem } from './compile.js';

/** Share of a term's weight given per visit to a client's (or a recurring visit's) own carers. */
const BONUS_SHARE = 0.5;

/** True when any continuity weight is set, so a continuity round is worth its time. */
export function continuityMatters(expanded: ExpandedProblem): boolean {
  const w = expanded.problem.settings.weights;
  return extraCarersTerm.price(w) > 0 || timeOfDayTerm.price(w) > 0;
}

/**
 * For each group of tasks, the workers to gather it onto, at most `allowance`: of the workers
 * that served it, those able to do most of its tasks (so one who is free all week beats one who
 * did more visits but is free only some days), then those that did most.
 */
function mainWorkers(
  instance: EngineInstance,
  groups: Map<string, number[]>,
  workerOfTask: Int32Array,
  allowance: (group: string) => number,
): Map<string, number[]> {
  const routesOf: number[][] = Array.from({ length: instance.nWorkers }, () => []);
  for (let r = 0; r < instance.nRoutes; r++) routesOf[instance.routeWorker[r]!]?.push(r);
  const canDo = (t: number, worker: number) =>
    (routesOf[worker] ?? []).some(
      (r) => (instance.allowed[t * instance.routeWords + (r >>> 5)]! >>> (r & 31)) & 1,
    );
  const result = new Map<string, number[]>();
  for (const [group, tasks] of groups) {
    const done = new Map<number, number>();
    for (const t of tasks) {
      const w = workerOfTask[t]!;
      if (w >= 0) done.set(w, (done.get(w) ?? 0) + 1);
    }
    const able = new Map([...done.keys()].map((w) => [w, tasks.filter((t) => canDo(t, w)).length]));
    const ranked = [...done.keys()].sort(
      (a, b) =>
        (able.get(b) ?? 0) - (able.get(a) ?? 0) || (done.get(b) ?? 0) - (done.get(a) ?? 0) || a - b,
    );
    result.set(group, ranked.slice(0, allowance(group)));
  }
  return result;
}

/**
 * A copy of the instance whose assignment costs favour, for each client and each recurring
 * visit, the carers that served most of it in `solution`.
 */
export function withContinuityBonus(
  expanded: ExpandedProblem,
  compiled: CompiledProblem,
  instance: EngineInstance,
  solution: EngineSolution,
): EngineInstance {
  const w = expanded.problem.settings.weights;
  const nWorkers = instance.nWorkers;
  const workerOfTask = new Int32Array(instance.nTasks).fill(-1);
  solution.routes.forEach((tasks, r) => {
    for (const t of tasks) workerOfTask[t] = instance.routeWorker[r]!;
  });
  const byClient = new Map<string, number[]>();
  const byPattern = new Map<string, number[]>();
  const needed = new Map<string, number>();
  compiled.taskVisit.forEach((visit, t) => {
    byClient.set(visit.clientId, [...(byClient.get(visit.clientId) ?? []), t]);
    const pattern = visit.patternKey;
    byPattern.set(pattern, [...(byPattern.get(pattern) ?? []), t]);
    needed.set(pattern, visit.carersNeeded);
  });
  const allowances = carerAllowances(expanded);
  const clientMain = mainWorkers(
    instance,
    byClient,
    workerOfTask,
    (clientId) => allowances.get(clientId) ?? 1,
  );
  const patternMain = mainWorkers(
    instance,
    byPattern,
    workerOfTask,
    (pattern) => needed.get(pattern) ?? 1,
  );

  const costs = instance.assignmentCost
    ? Float64Array.from(instance.assignmentCost)
    : new Float64Array(instance.nTasks * nWorkers);
  compiled.taskVisit.forEach((visit, t) => {
    for (const worker of clientMain.get(visit.clientId) ?? []) {
      costs[t * nWorkers + worker] =
        costs[t * nWorkers + worker]! - extraCarersTerm.price(w) * BONUS_SHARE;
    }
    for (const worker of patternMain.get(visit.patternKey) ?? []) {
      costs[t * nWorkers + worker] =
        costs[t * nWorkers + worker]! - timeOfDayTerm.price(w) * BONUS_SHARE;
    }
  });
  return { ...instance, assignmentCost: costs };
}

/**
 * Continuity ruin: takes a carer off a client by removing every visit of the client that carer
 * makes, together with the visits that stand in the way on the routes of the carers the client
 * keeps (same day, overlapping times), so that recreate, which prices continuity, can give the
 * client's visits to the carers they already have and rehouse the others. The pillar moves make
 * the same change only where a keeper has a free slot; a packed roster rarely has one, and
 * string and related removals cut by place, not by carer, so they seldom free the right slot.
 */
import type { Pillars } from './moves/pillar.js';
import type { Removal } from './ruin.js';
import type { Rng } from './rng.js';
import type { Solution } from './solution.js';

/**
 * Random draws for a seed task whose client sees more carers than their allowance, before
 * taking the last one drawn: most clients are over it in an opening, few near the end.
 */
const SEED_TRIES = 8;

/**
 * Removes the visits of one client served by the carer who makes the fewest of them (ties by
 * draw), plus the other clients' tasks on the routes of the client's other carers that day whose
 * times overlap one of those visits, up to `limit` tasks in all (the leaving carer's visits to
 * the client always go whole).
 *
 * @example
 * ```ts
 * rem.clear();
 * ruinContinuity(sol, pillars, rng, rem, 20);
 * sol.removeTasks(rem.tasks); // then recreate
 * ```
 */
export function ruinContinuity(
  sol: Solution,
  pillars: Pillars,
  rng: Rng,
  rem: Removal,
  limit: number,
): void {
  const g = overAllowanceGroup(sol, pillars, rng);
  if (g < 0) return;
  const routeWorker = sol.p.inst.routeWorker;
  // The carer with the fewest of the client's visits, and the carers the client keeps.
  const served = new Map<number, number>();
  for (let i = pillars.groupStart[g]!; i < pillars.groupStart[g + 1]!; i++) {
    const r = sol.taskRoute[pillars.groupTasks[i]!]!;
    if (r >= 0) served.set(routeWorker[r]!, (served.get(routeWorker[r]!) ?? 0) + 1);
  }
  if (served.size < 2) return;
  let leaver = -1;
  let fewest = Infinity;
  let ties = 0;
  for (const [w, n] of served) {
    if (n < fewest) {
      fewest = n;
      leaver = w;
      ties = 1;
    } else if (n === fewest && rng.int(++ties) === 0) {
      leaver = w;
    }
  }
  const leaving: number[] = [];
  for (let i = pillars.groupStart[g]!; i < pillars.groupStart[g + 1]!; i++) {
    const t = pillars.groupTasks[i]!;
    const r = sol.taskRoute[t]!;
    if (r >= 0 && routeWorker[r] === leaver) leaving.push(t);
  }
  for (const t of leaving) rem.add(sol, t);
  // Room on the keepers' routes at the leaving visits' times.
  const service = sol.p.inst.taskService;
  for (const t of leaving) {
    const day = pillars.routeDay[sol.taskRoute[t]!]!;
    const from = sol.effE[t]!;
    const until = sol.effL[t]! + service[t]!;
    for (const keeper of served.keys()) {
      if (keeper === leaver) continue;
      const [first, last] = pillars.routesOf(keeper);
      for (let k = first; k < last && rem.tasks.length < limit; k++) {
        const r = pillars.workerRoutes[k]!;
        if (pillars.routeDay[r] !== day || !sol.p.allowed(t, r)) continue;
        for (const v of sol.routes[r]!.tasks) {
          if (rem.tasks.length >= limit) break;
          // The keeper's own visits to the client stay: they are why the keeper is kept.
          if (pillars.widest[v] === g) continue;
          if (sol.effL[v]! + service[v]! < from || sol.effE[v]! > until) continue;
          rem.add(sol, v);
        }
      }
    }
  }
}

/**
 * The client group (widest continuity group) of a random placed task, preferring one served by
 * more carers than its allowance; -1 when no placed task has one.
 */
function overAllowanceGroup(sol: Solution, pillars: Pillars, rng: Rng): number {
  const soft = sol.p.soft!;
  const n = sol.p.nTasks;
  let g = -1;
  for (let tries = 0; tries < SEED_TRIES; tries++) {
    const t = rng.int(n);
    if (sol.taskRoute[t]! < 0 || pillars.widest[t]! < 0) continue;
    g = pillars.widest[t]!;
    if (sol.distinctWorkers[g]! > soft.continuityAllowance[g]!) return g;
  }
  return g;
}

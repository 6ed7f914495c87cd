/**
 * Cheapest feasible insertion of tasks and link groups, checked in O(1) per position from the
 * route caches: time (prefix segment, the task, suffix segment), capacity, work limits,
 * compatibility and, for linked tasks, the gap and different-worker rules.
 */
import { BreakPlan, owesBreak } from './break-plan.js';
import type { Problem } from './problem.js';
import type { Rng } from './rng.js';
import type { Route } from './route.js';
import { earliestStartAfter, latestStartBefore } from './segment.js';
import { NO_ROUTE, type Solution } from './solution.js';

/** Result of an insertion search; `delta` is Infinity when nothing fits. */
export class InsertionResult {
  delta = Number.POSITIVE_INFINITY;
  route = -1;
  /** Index in the route's task list the task goes before. */
  pos = -1;
  /** Feasible start times of the task at that position. */
  lo = 0;
  hi = 0;
  work = 0;

  reset(): this {
    this.delta = Number.POSITIVE_INFINITY;
    this.route = -1;
    this.pos = -1;
    return this;
  }
}

/**
 * Remaining work allowance of route `r`: the smallest slack among its limits. A caller that
 * prices a route past the break threshold with its break (`long`) leaves out the route's break
 * limit; any other gets none for a route that holds a break, since it prices every candidate
 * without one.
 */
export function workSlack(sol: Solution, r: number, long = false): number {
  const p = sol.p;
  let slack = Number.POSITIVE_INFINITY;
  const max = p.inst.limitMax;
  const breakLimit = p.breaks === null ? -1 : p.breaks.routeLimit[r]!;
  if (breakLimit >= 0 && !long && sol.routes[r]!.needsBreak) return Number.NEGATIVE_INFINITY;
  for (let i = p.routeLimitStart[r]!; i < p.routeLimitStart[r + 1]!; i++) {
    const k = p.routeLimits[i]!;
    if (long && k === breakLimit) continue;
    const s = max[k]! - sol.limitWork[k]!;
    if (s < slack) slack = s;
  }
  return slack;
}

/**
 * Best position for unplaced task `u` in route `r` (or none), written to `out` when cheaper than
 * `out.delta`. Positions are skipped with probability `blink` (SISR's blinks); `winLo` /
 * `winHi` narrow the task's allowed start times (used for linked tasks). With a `scan`, only its
 * positions are tried and every feasible one is pushed to it instead of `out`. Returns whether
 * some position was taken.
 */
export function bestInRoute(
  sol: Solution,
  u: number,
  r: number,
  out: InsertionResult,
  blink = 0,
  rng: Rng | null = null,
  winLo = Number.NEGATIVE_INFINITY,
  winHi = Number.POSITIVE_INFINITY,
  scan: PositionScan | null = null,
  long = false,
): boolean {
  const p = sol.p;
  const inst = p.inst;
  if (!p.allowed(u, r)) return false;
  const route = sol.routes[r]!;
  const eps = p.eps;
  if (route.load + inst.taskDemand[u]! > inst.routeCapacity[r]! + eps) return false;
  if (!sol.runFits(r)) return false;
  // Long routes (past the break threshold) are priced with their break, for a plain insertion.
  const withBreak = long && p.breaks !== null && p.breaks.routeLimit[r]! >= 0;
  const slack = workSlack(sol, r, withBreak) + eps;
  const service = inst.taskService[u]!;
  // No shortcut on `service > slack`: a detour can cost less work than its service when the
  // travel matrix breaks the triangle inequality (minutes rounded to the nearest, a given matrix),
  // and the shortcut then hid positions that fit. The per-position `work > slack` test is exact.
  const asg = p.assignment(u, r);
  // Soft terms can make an insertion cheaper than its travel and assignment alone.
  const soft = p.soft !== null;
  if (!soft && asg >= out.delta) return false;
  // Priced once per route, and only once some position fits.
  let continuity = Number.NaN;
  const e = Math.max(sol.effE[u]!, winLo);
  const l = Math.min(sol.effL[u]!, winHi);
  const lu = inst.taskLocation[u]!;
  const time = p.routeTime[r]!;
  const cost = p.routeCost[r]!;
  const n = route.tasks.length;
  const { loc, fD, fE, bL } = route;
  let changed = false;
  const last = scan === null ? n : scan.last;
  for (let i = scan === null ? 0 : scan.first; i <= last; i++) {
    const a = loc[i]!;
    const b = loc[i + 1]!;
    const base = n === 0 ? 0 : cost.at(a, b);
    let delta = cost.at(a, lu) + cost.at(lu, b) - base + asg;
    if (!soft && delta >= out.delta) continue;
    const tau = time.at(a, lu);
    const lo = earliestStartAfter(fD[i]!, fE[i]!, tau, e);
    const tub = time.at(lu, b);
    const hi = latestStartBefore(bL[i + 1]!, service, tub, l);
    if (lo > hi + eps) continue;
    const work = service + tau + tub - (n === 0 ? 0 : time.at(a, b));
    if (work > slack) continue;
    if (withBreak && owesBreak(p.breaks!, route.work + work)) {
      if (Number.isNaN(continuity)) continuity = soft ? continuityDelta(sol, u, r) : 0;
      const extra = longInsertionDelta(sol, route, r, i, u, work, work - service);
      if (!Number.isFinite(extra)) continue;
      delta += continuity + extra;
      if (delta >= out.delta) continue;
    } else if (soft) {
      if (Number.isNaN(continuity)) continuity = continuityDelta(sol, u, r);
      if (scan === null) {
        delta += continuity;
        delta += softInsertionDelta(
          sol,
          route,
          r,
          i,
          u,
          e,
          work,
          work - service,
          out.delta - delta,
        );
        // A route leaving its break behind: the replay priced it against its schedule without one.
        if (route.needsBreak && p.schedule) delta += route.cumSched[n]! - route.sched;
        if (delta >= out.delta) continue;
      } else {
        // Summed in this order for scans, as they always were (same results).
        delta +=
          continuity + softInsertionDelta(sol, route, r, i, u, e, work, work - service, Infinity);
      }
    }
    if (blink > 0 && rng !== null && rng.float() < blink) continue;
    changed = true;
    if (scan !== null) {
      scan.found.push({ delta, route: r, pos: i, lo, hi, work });
      continue;
    }
    out.delta = delta;
    out.route = r;
    out.pos = i;
    out.lo = lo;
    out.hi = hi;
    out.work = work;
  }
  return changed;
}

const candidate: number[] = [];
const breakPlan = new BreakPlan();

/**
 * Change of the soft terms when task `u` goes after node `i` of route `r` and the route, then
 * past the break threshold (or already past it), is planned with its break; Infinity when the
 * break cannot be placed. Priced on the whole route: care routes are short.
 */
function longInsertionDelta(
  sol: Solution,
  route: Route,
  r: number,
  i: number,
  u: number,
  work: number,
  travel: number,
): number {
  const p = sol.p;
  const tasks = route.tasks;
  const n = tasks.length;
  candidate.length = 0;
  for (let k = 0; k < i; k++) candidate.push(tasks[k]!);
  candidate.push(u);
  for (let k = i; k < n; k++) candidate.push(tasks[k]!);
  const ok = breakPlan.run(
    p.inst,
    p.soft,
    p.breaks!,
    r,
    candidate,
    n + 1,
    route.es,
    route.le,
    sol.effE,
    sol.effL,
    false,
  );
  if (!ok) return Number.POSITIVE_INFINITY;
  if (p.soft === null) return 0;
  let delta = sol.targetDelta(r, work, travel, -1, 0, 0);
  if (!p.schedule) return delta;
  delta += breakPlan.cost - route.sched;
  if (sol.worst !== null) delta += sol.worst.delta(r, breakPlan.late, -1, 0);
  const days = p.days;
  if (days.rest > 0 && days.laterStart[r + 1]! > days.laterStart[r]!) {
    delta += sol.restKnockOn(r, breakPlan.ret, NO_ROUTE, 0, breakPlan.late);
  }
  return delta;
}

/** Change of continuity cost when unplaced task `u` goes on route `r`. */
function continuityDelta(sol: Solution, u: number, r: number): number {
  const delta = sol.trialMove(u, sol.p.inst.routeWorker[r]!);
  sol.trialUndo();
  return delta;
}

/**
 * Change of the soft terms when task `u` (earliest start `e`) goes after node `i` of route `r`,
 * adding `work` working time of which `travel` is travel. The schedule is replayed only when
 * the targets alone leave the insertion able to beat `budget`; otherwise the result is Infinity
 * (the position cannot win), never the sum without the schedule.
 */
function softInsertionDelta(
  sol: Solution,
  route: Route,
  r: number,
  i: number,
  u: number,
  e: number,
  work: number,
  travel: number,
  budget: number,
): number {
  const p = sol.p;
  let delta = sol.targetDelta(r, work, travel, -1, 0, 0);
  if (!p.schedule) return delta;
  // A later day's route the rest couples to this one may change its schedule too: no bound.
  const days = p.days;
  const knock = days.rest > 0 && days.laterStart[r + 1]! > days.laterStart[r]!;
  // Replaying can at best remove the route's whole schedule cost. A position that cannot beat
  // the budget even so is out: the sum without its schedule, added up again by the caller in
  // another order, could round below the best so far at a tie and win without its schedule.
  if (!knock && delta - route.sched >= budget) return Number.POSITIVE_INFINITY;
  delta += route.insertScheduleDelta(p, sol.effE, i, u, e);
  if (sol.worst !== null) delta += sol.worst.delta(r, route.trialLate, -1, 0);
  if (knock) delta += sol.restKnockOn(r, route.replayReturn, NO_ROUTE, 0, route.trialLate);
  return delta;
}

/** Whether adding `w1` work to route r1 and `w2` to r2 keeps every shared and own limit. */
export function workFitsTwo(
  sol: Solution,
  r1: number,
  w1: number,
  r2: number,
  w2: number,
  long = false,
): boolean {
  const p = sol.p;
  const max = p.inst.limitMax;
  const eps = p.eps;
  // A caller that prices routes past the break threshold with their break leaves their break
  // limits out (see workSlack).
  const b1 = long && p.breaks !== null ? p.breaks.routeLimit[r1]! : -1;
  const b2 = long && p.breaks !== null ? p.breaks.routeLimit[r2]! : -1;
  for (let i = p.routeLimitStart[r1]!; i < p.routeLimitStart[r1 + 1]!; i++) {
    const k = p.routeLimits[i]!;
    if (k === b1 || k === b2) continue;
    let add = w1;
    for (let j = p.routeLimitStart[r2]!; j < p.routeLimitStart[r2 + 1]!; j++) {
      if (p.routeLimits[j] === k) add += w2;
    }
    if (sol.limitWork[k]! + add > max[k]! + eps) return false;
  }
  for (let j = p.routeLimitStart[r2]!; j < p.routeLimitStart[r2 + 1]!; j++) {
    const k = p.routeLimits[j]!;
    if (k === b1 || k === b2) continue;
    if (sol.limitWork[k]! + w2 > max[k]! + eps) return false;
  }
  return true;
}

/** A feasible position of a task: its cost change, start window and added work. */
type Candidate = Pick<InsertionResult, 'delta' | 'route' | 'pos' | 'lo' | 'hi' | 'work'>;

/** Positions `first..last` of a route for {@link bestInRoute} to try, and the feasible ones. */
interface PositionScan {
  first: number;
  last: number;
  found: Candidate[];
}

/** Candidates kept per task when pairing the two tasks of a link. */
const PAIR_CANDIDATES = 24;

function candidates(sol: Solution, u: number, blink: number, rng: Rng | null): Candidate[] {
  const list: Candidate[] = [];
  // Every feasible position of every route, not just each route's cheapest: a dearer one may be
  // the only one whose times suit the partner.
  for (let r = 0; r < sol.p.nRoutes; r++) {
    const scan = { first: 0, last: sol.routes[r]!.tasks.length, found: list };
    bestInRoute(sol, u, r, scratch.reset(), blink, rng, -Infinity, Infinity, scan);
  }
  list.sort((x, y) => x.delta - y.delta || x.route - y.route || x.pos - y.pos);
  if (list.length > PAIR_CANDIDATES) list.length = PAIR_CANDIDATES;
  return list;
}

/**
 * Whether task `u` fits after the last stop of route `r` as things stand (time, capacity, work
 * limits, compatibility and different workers for its placed link partners), past the break
 * threshold with its break placed: a roster kept from an earlier solve keeps its long shifts.
 */
export function fitsAtEnd(sol: Solution, u: number, r: number): boolean {
  if (!workerFree(sol, u, r)) return false;
  const n = sol.routes[r]!.tasks.length;
  const scan: PositionScan = { first: n, last: n, found: [] };
  return bestInRoute(sol, u, r, scratch.reset(), 0, null, -Infinity, Infinity, scan, true);
}

/** Cheapest joint placement of a group that is exactly one link. */
interface PairPlan {
  delta: number;
  a: Candidate;
  b: Candidate;
  ta: number;
  tb: number;
}

function planPair(
  sol: Solution,
  link: { a: number; b: number; minGap: number; maxGap: number },
  blink: number,
  rng: Rng | null,
): PairPlan | null {
  const p = sol.p;
  const inst = p.inst;
  const eps = p.eps;
  const ca = candidates(sol, link.a, blink, rng);
  if (ca.length === 0) return null;
  const cb = candidates(sol, link.b, blink, rng);
  let best: PairPlan | null = null;
  for (const x of ca) {
    if (best !== null && x.delta + (cb[0]?.delta ?? 0) >= best.delta) break;
    for (const y of cb) {
      const total = x.delta + y.delta;
      if (best !== null && total >= best.delta) break;
      if (inst.routeWorker[x.route] === inst.routeWorker[y.route]) continue;
      const ta = Math.max(x.lo, y.lo - link.maxGap);
      if (ta > x.hi + eps) continue;
      const tb = Math.max(y.lo, ta + link.minGap);
      if (tb > y.hi + eps) continue;
      if (!workFitsTwo(sol, x.route, x.work, y.route, y.work)) continue;
      best = { delta: total, a: x, b: y, ta: Math.min(ta, x.hi), tb: Math.min(tb, y.hi) };
    }
  }
  return best;
}

/** Tasks of group `g`. */
export function groupMembers(p: Problem, g: number): Int32Array {
  return p.groupTasks.subarray(p.groupStart[g]!, p.groupStart[g + 1]!);
}

/** Tasks of core `c` (see {@link Problem.coreOf}). */
export function coreMembers(p: Problem, c: number): Int32Array {
  return p.coreTasks.subarray(p.coreStart[c]!, p.coreStart[c + 1]!);
}

/**
 * Inserts the unplaced tasks of group `g` at their cheapest feasible place: the whole group
 * together when none of it is placed; where that fails, or part of it is placed already, and
 * its links allow it, each unplaced core on its own, so that a visit nobody can staff does not
 * keep its linked visit out too. Returns the cost change, or Infinity (and changes nothing) when
 * nothing fits.
 */
export function insertGroup(sol: Solution, g: number, blink: number, rng: Rng | null): number {
  const p = sol.p;
  const first = p.groupStart[g]!;
  // Most groups are one task without links: no member view to make, no cores to count.
  if (p.groupStart[g + 1]! - first === 1) {
    const u = p.groupTasks[first]!;
    if (sol.taskRoute[u]! >= 0 || p.corePlaceable[p.coreOf[u]!] === 0) {
      return Number.POSITIVE_INFINITY;
    }
    return insertSingle(sol, u, blink, rng);
  }
  const members = groupMembers(p, g);
  let unplaced = 0;
  for (const t of members) if (sol.taskRoute[t]! < 0) unplaced++;
  if (unplaced === members.length) {
    const delta = insertWhole(sol, g, members, blink, rng);
    if (delta < Number.POSITIVE_INFINITY || p.groupSeparable[g] === 0) return delta;
  }
  if (p.groupSeparable[g] === 0 || unplaced === 0) return Number.POSITIVE_INFINITY;
  const before = sol.cost;
  let changed = false;
  tried.length = 0;
  // Cores in order of their first task, each constrained by the members placed before it.
  for (const t of members) {
    const c = p.coreOf[t]!;
    if (p.corePlaceable[c] === 0 || sol.taskRoute[t]! >= 0 || tried.includes(c)) continue;
    tried.push(c);
    if (insertChain(sol, coreMembers(p, c), blink, rng) < Number.POSITIVE_INFINITY) changed = true;
  }
  return changed ? sol.cost - before : Number.POSITIVE_INFINITY;
}

/** Cores one {@link insertGroup} call has tried (groups are small: a list is enough). */
const tried: number[] = [];

/** {@link insertGroup} of a group of two or more none of which is placed, all of it or nothing. */
function insertWhole(
  sol: Solution,
  g: number,
  members: Int32Array,
  blink: number,
  rng: Rng | null,
): number {
  const p = sol.p;
  for (const t of members) if (p.corePlaceable[p.coreOf[t]!] === 0) return Number.POSITIVE_INFINITY;
  const inst = p.inst;
  const a = members[0]!;
  const firstLink = p.taskLinks[p.taskLinkStart[a]!]!;
  if (members.length === 2 && p.taskLinkStart[a + 1]! - p.taskLinkStart[a]! === 1) {
    const link = inst.links[firstLink]!;
    const plan = planPair(sol, link, blink, rng);
    if (plan === null) return Number.POSITIVE_INFINITY;
    const before = sol.cost;
    sol.insert(link.a, plan.a.route, plan.a.pos, plan.ta);
    sol.insert(link.b, plan.b.route, plan.b.pos, plan.tb);
    return sol.cost - before;
  }
  return insertChain(sol, members, blink, rng);
}

const scratch = new InsertionResult();

/** Inserts unplaced task `u`, without links, at its cheapest feasible place (Infinity: none). */
function insertSingle(sol: Solution, u: number, blink: number, rng: Rng | null): number {
  const res = scratch.reset();
  for (let r = 0; r < sol.p.nRoutes; r++) {
    bestInRoute(sol, u, r, res, blink, rng, -Infinity, Infinity, null, true);
  }
  if (res.route < 0) return Number.POSITIVE_INFINITY;
  sol.insert(u, res.route, res.pos);
  return res.delta;
}

/** Greedy member-by-member insertion of a larger group, pinning each start as it goes. */
function insertChain(sol: Solution, members: Int32Array, blink: number, rng: Rng | null): number {
  const p = sol.p;
  const inst = p.inst;
  const before = sol.cost;
  const placed: number[] = [];
  const res = new InsertionResult();
  for (const u of members) {
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    for (let i = p.taskLinkStart[u]!; i < p.taskLinkStart[u + 1]!; i++) {
      const link = inst.links[p.taskLinks[i]!]!;
      const other = link.a === u ? link.b : link.a;
      if (sol.taskRoute[other]! < 0) continue;
      const t = sol.effE[other]!;
      if (link.b === u) {
        lo = Math.max(lo, t + link.minGap);
        hi = Math.min(hi, t + link.maxGap);
      } else {
        lo = Math.max(lo, t - link.maxGap);
        hi = Math.min(hi, t - link.minGap);
      }
    }
    res.reset();
    for (let r = 0; r < p.nRoutes; r++) {
      if (!workerFree(sol, u, r)) continue;
      bestInRoute(sol, u, r, res, blink, rng, lo, hi);
    }
    if (res.route < 0) {
      sol.removeTasks(placed);
      return Number.POSITIVE_INFINITY;
    }
    sol.insert(u, res.route, res.pos, Math.min(res.lo, res.hi));
    placed.push(u);
  }
  return sol.cost - before;
}

/** Whether no placed link partner of `u` works for route `r`'s worker. */
export function workerFree(sol: Solution, u: number, r: number): boolean {
  const p = sol.p;
  const inst = p.inst;
  const w = inst.routeWorker[r]!;
  for (let i = p.taskLinkStart[u]!; i < p.taskLinkStart[u + 1]!; i++) {
    const link = inst.links[p.taskLinks[i]!]!;
    const other = link.a === u ? link.b : link.a;
    const ro = sol.taskRoute[other]!;
    if (ro >= 0 && ro !== r && inst.routeWorker[ro] === w) return false;
    if (ro === r) return false;
  }
  return true;
}

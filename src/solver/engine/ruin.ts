/**
 * Ruin operators: each picks tasks to take out of the current solution. Link groups always
 * leave together (both placed or both unplaced). SISR's string removals (Christiaens & Vanden
 * Berghe 2020) carry most of the work; random and related (Shaw) removals diversify.
 */
import { groupMembers } from './insertion.js';
import type { Rng } from './rng.js';
import type { Solution } from './solution.js';

/** Collects tasks to remove without duplicates, whole link groups at a time. */
export class Removal {
  readonly tasks: number[] = [];
  private readonly mark: Uint8Array;
  private readonly routeMark: Uint8Array;
  readonly routes: number[] = [];

  constructor(nTasks: number, nRoutes: number) {
    this.mark = new Uint8Array(nTasks);
    this.routeMark = new Uint8Array(nRoutes);
  }

  clear(): void {
    for (const t of this.tasks) this.mark[t] = 0;
    for (const r of this.routes) this.routeMark[r] = 0;
    this.tasks.length = 0;
    this.routes.length = 0;
  }

  has(t: number): boolean {
    return this.mark[t] === 1;
  }

  routeRuined(r: number): boolean {
    return this.routeMark[r] === 1;
  }

  markRoute(r: number): void {
    if (this.routeMark[r] === 1) return;
    this.routeMark[r] = 1;
    this.routes.push(r);
  }

  /** Adds placed task `t` and the rest of its link group. */
  add(sol: Solution, t: number): void {
    if (this.mark[t] === 1 || sol.taskRoute[t]! < 0) return;
    const p = sol.p;
    if (p.taskLinkStart[t + 1]! === p.taskLinkStart[t]!) {
      this.mark[t] = 1;
      this.tasks.push(t);
      return;
    }
    for (const u of groupMembers(p, p.groupOf[t]!)) {
      if (this.mark[u] === 1 || sol.taskRoute[u]! < 0) continue;
      this.mark[u] = 1;
      this.tasks.push(u);
    }
  }
}

/** Longest string SISR's string removal cuts (its L-max), so a ruin spans several routes. */
const MAX_STRING = 10;
/** Chance that a string is cut plainly rather than split around a kept part (SISR: 1/2). */
const PLAIN_STRING_CHANCE = 0.5;
/** Chance that a split string's kept part grows by one more task, each time (SISR: 1/2). */
const KEEP_GROWS_CHANCE = 0.5;
/** Chance that related removal skips a neighbour, so repeated ruins around one task differ. */
const RELATED_SKIP_CHANCE = 0.25;
/** Random draws before {@link randomPlaced} scans for a placed task instead. */
const RANDOM_TRIES = 32;
/**
 * Draws random removal makes per task it must remove (plus a fixed allowance) before giving up,
 * so a solution with few placed tasks cannot keep it drawing forever.
 */
const DRAWS_PER_TASK = 20;
const DRAWS_EXTRA = 100;

/**
 * SISR string removal: strings of consecutive tasks from a few routes near a random seed task,
 * about `avgRemoved` tasks in all; some strings keep a middle part (split strings).
 */
export function ruinStrings(sol: Solution, rng: Rng, rem: Removal, avgRemoved: number): void {
  const p = sol.p;
  let used = 0;
  let total = 0;
  for (const route of sol.routes) {
    if (route.tasks.length > 0) {
      used++;
      total += route.tasks.length;
    }
  }
  if (used === 0) return;
  const lsMax = Math.min(MAX_STRING, total / used);
  const ksMax = (4 * avgRemoved) / (1 + lsMax) - 1;
  const ks = Math.floor(rng.float() * ksMax) + 1;
  const seed = randomPlaced(sol, rng);
  if (seed < 0) return;
  const k = p.neighbourCount;
  for (let i = -1; i < k && rem.routes.length < ks; i++) {
    const c = i < 0 ? seed : p.neighbours[seed * k + i]!;
    const r = sol.taskRoute[c]!;
    if (r < 0 || rem.routeRuined(r) || rem.has(c)) continue;
    const tasks = sol.routes[r]!.tasks;
    const size = tasks.length;
    const lMax = Math.min(size, lsMax);
    const l = Math.min(size, Math.floor(rng.float() * lMax) + 1);
    const pos = sol.taskPos[c]!;
    rem.markRoute(r);
    if (rng.float() < PLAIN_STRING_CHANCE || l === size) {
      // Plain string of length l containing c.
      const first = clampStart(pos - rng.int(l), l, size);
      for (let j = first; j < first + l; j++) rem.add(sol, tasks[j]!);
    } else {
      // Split string: l + m tasks around c, of which m consecutive ones stay.
      let m = 1;
      while (l + m < size && rng.float() < KEEP_GROWS_CHANCE) m++;
      const len = l + m;
      const first = clampStart(pos - rng.int(len), len, size);
      const keep = first + rng.int(l + 1);
      for (let j = first; j < first + len; j++) {
        if (j >= keep && j < keep + m) continue;
        rem.add(sol, tasks[j]!);
      }
    }
  }
}

function clampStart(start: number, len: number, size: number): number {
  if (start < 0) return 0;
  if (start + len > size) return size - len;
  return start;
}

/** A uniformly random placed task, or -1. */
function randomPlaced(sol: Solution, rng: Rng): number {
  const n = sol.p.nTasks;
  if (sol.nUnplaced >= n) return -1;
  for (let tries = 0; tries < RANDOM_TRIES; tries++) {
    const t = rng.int(n);
    if (sol.taskRoute[t]! >= 0) return t;
  }
  const start = rng.int(n);
  for (let i = 0; i < n; i++) {
    const t = (start + i) % n;
    if (sol.taskRoute[t]! >= 0) return t;
  }
  return -1;
}

/** Removes `count` random placed tasks. */
export function ruinRandom(sol: Solution, rng: Rng, rem: Removal, count: number): void {
  const n = sol.p.nTasks;
  const placed = n - sol.nUnplaced;
  const target = Math.min(count, placed);
  let guard = 0;
  while (rem.tasks.length < target && guard++ < DRAWS_PER_TASK * target + DRAWS_EXTRA) {
    const t = rng.int(n);
    if (sol.taskRoute[t]! >= 0) rem.add(sol, t);
  }
}

/**
 * Related removal: a random seed task and its nearest placed neighbours, skipping each with
 * some probability so repeated calls differ.
 */
export function ruinRelated(sol: Solution, rng: Rng, rem: Removal, count: number): void {
  const p = sol.p;
  const seed = randomPlaced(sol, rng);
  if (seed < 0) return;
  rem.add(sol, seed);
  const k = p.neighbourCount;
  for (let i = 0; i < k && rem.tasks.length < count; i++) {
    const c = p.neighbours[seed * k + i]!;
    if (rng.float() < RELATED_SKIP_CHANCE) continue;
    rem.add(sol, c);
  }
}

/** Removes every task of one random non-empty route. */
export function ruinRoute(sol: Solution, rng: Rng, rem: Removal): void {
  const used: number[] = [];
  for (const route of sol.routes) if (route.tasks.length > 0) used.push(route.index);
  if (used.length === 0) return;
  const r = used[rng.int(used.length)]!;
  for (const t of sol.routes[r]!.tasks) rem.add(sol, t);
}

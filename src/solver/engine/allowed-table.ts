/**
 * Reading and editing an instance's table of allowed (task, route) pairs in either of its two
 * layouts: dense (a bit for every route in each task's row) or by route group (a task's row has
 * a bit only for the routes of its own group, e.g. its day's shifts). Over a 7-day week a visit
 * may take only its own day's shifts, so the grouped rows are a seventh as long: 0.11 GB rather
 * than 0.79 GB for a 166,000-visit week.
 */
import type { AllowedGroups, EngineInstance } from './instance.js';

/**
 * Where the bit of pair (t, r) lies in `inst.allowed`: the word's index, or -1 when the layout
 * has no bit for it (the task and the route are in different groups, so it is not allowed).
 * The bit within the word is {@link allowedBit}.
 *
 * @example
 * ```ts
 * const word = allowedWord(inst, t, r);
 * const ok = word >= 0 && ((inst.allowed[word]! >>> allowedBit(inst, r)) & 1) === 1;
 * ```
 */
export function allowedWord(inst: EngineInstance, t: number, r: number): number {
  const groups = inst.allowedGroups;
  if (!groups) return t * inst.routeWords + (r >>> 5);
  if (groups.taskGroup[t] !== groups.routeGroup[r]) return -1;
  return groups.taskRowStart[t]! + (groups.routeBit[r]! >>> 5);
}

/** The bit (0 to 31) of route `r` in the word {@link allowedWord} gives. */
export function allowedBit(inst: EngineInstance, r: number): number {
  const groups = inst.allowedGroups;
  return (groups ? groups.routeBit[r]! : r) & 31;
}

/**
 * Whether task `t` may go on route `r`.
 *
 * @example
 * ```ts
 * if (isAllowed(inst, 0, 3)) console.log('task 0 may go on route 3');
 * ```
 */
export function isAllowed(inst: EngineInstance, t: number, r: number): boolean {
  const word = allowedWord(inst, t, r);
  return word >= 0 && ((inst.allowed[word]! >>> allowedBit(inst, r)) & 1) === 1;
}

/**
 * The words of task `t`'s row in `inst.allowed`, as `[from, to)`.
 *
 * @example
 * ```ts
 * const [from, to] = allowedRow(inst, t);
 * const any = inst.allowed.subarray(from, to).some((word) => word !== 0);
 * ```
 */
export function allowedRow(inst: EngineInstance, t: number): [number, number] {
  const groups = inst.allowedGroups;
  if (!groups) return [t * inst.routeWords, (t + 1) * inst.routeWords];
  return [groups.taskRowStart[t]!, groups.taskRowStart[t + 1]!];
}

/**
 * Whether task `t` has some route it may go on. Bits past the last route of a row (a dense
 * row's last word may be filled with ones) do not count.
 *
 * @example
 * ```ts
 * if (!hasAllowedRoute(inst, t)) console.log(`task ${t} fits no route`);
 * ```
 */
export function hasAllowedRoute(inst: EngineInstance, t: number): boolean {
  const [from, to] = allowedRow(inst, t);
  // A grouped row holds no bits past its group's routes; a dense row's last word may.
  const width = inst.allowedGroups ? (to - from) * 32 : inst.nRoutes;
  for (let w = from; w < to; w++) {
    let word = inst.allowed[w]!;
    const bits = width - (w - from) * 32;
    if (bits < 32) word &= (1 << bits) - 1;
    if (word !== 0) return true;
  }
  return false;
}

/**
 * Edits `allowed` (a copy of `inst.allowed`, same layout) so that task `t` may go on route `r`
 * alone: every other bit of its row cleared, that of `r` set when `keep` is 'set', left as it
 * was when 'kept' (so a pair that was not allowed stays so). In the grouped layout a route of
 * another group has no bit to set: the task is then allowed nowhere.
 *
 * @example
 * ```ts
 * const allowed = Uint32Array.from(inst.allowed);
 * onlyRoute(allowed, inst, t, r, 'set'); // t is held on r
 * const held = { ...inst, allowed };
 * ```
 */
export function onlyRoute(
  allowed: Uint32Array,
  inst: EngineInstance,
  t: number,
  r: number,
  keep: 'set' | 'kept',
): void {
  const word = allowedWord(inst, t, r);
  const mask = (1 << allowedBit(inst, r)) >>> 0;
  const [from, to] = allowedRow(inst, t);
  if (word < 0) {
    // The grouped layout has no bit for a route of another group (a visit held on a shift of
    // another day): the task keeps no route, so it is left out with its reason, not misplaced.
    allowed.fill(0, from, to);
    return;
  }
  const bit = keep === 'set' ? mask : (allowed[word]! & mask) >>> 0;
  allowed.fill(0, from, to);
  allowed[word] = bit;
}

/**
 * Clears the bit of pair (t, r) in `allowed` (laid out as `inst.allowed`): `t` may no longer go
 * on `r`.
 *
 * @example
 * ```ts
 * forbid(inst.allowed, inst, t, r);
 * ```
 */
export function forbid(allowed: Uint32Array, inst: EngineInstance, t: number, r: number): void {
  const word = allowedWord(inst, t, r);
  if (word >= 0) allowed[word] = allowed[word]! & ~(1 << allowedBit(inst, r));
}

/**
 * Whether every task may go on every route (the grouped layout only when there is one group
 * holding every route and task).
 *
 * @example
 * ```ts
 * if (allowedEverywhere(inst)) console.log('no compatibility rules');
 * ```
 */
export function allowedEverywhere(inst: EngineInstance): boolean {
  const groups = inst.allowedGroups;
  if (groups) {
    for (let r = 0; r < inst.nRoutes; r++) if (groups.routeGroup[r] !== 0) return false;
    for (let t = 0; t < inst.nTasks; t++) if (groups.taskGroup[t] !== 0) return false;
  }
  const full = inst.nRoutes % 32 === 0 ? 0xffffffff : (1 << (inst.nRoutes % 32)) - 1;
  for (let t = 0; t < inst.nTasks; t++) {
    const [from, to] = allowedRow(inst, t);
    for (let w = from; w < to; w++) {
      const mask = w === to - 1 ? full : 0xffffffff;
      if ((inst.allowed[w]! & mask) >>> 0 !== mask >>> 0) return false;
    }
  }
  return true;
}

/**
 * The routes of each group, in route order (bit `b` of a group's rows is route
 * `routes[start[g] + b]`), as CSR.
 *
 * @example
 * ```ts
 * const { start, routes } = groupRoutes(inst); // routes of group 0: routes[start[0]..start[1])
 * ```
 */
export function groupRoutes(inst: EngineInstance): { start: Int32Array; routes: Int32Array } {
  const groups = inst.allowedGroups;
  if (!groups) {
    return {
      start: Int32Array.of(0, inst.nRoutes),
      routes: Int32Array.from({ length: inst.nRoutes }, (_, r) => r),
    };
  }
  const sizes = groupSizes(groups, inst.nRoutes);
  const start = new Int32Array(sizes.length + 1);
  for (let g = 0; g < sizes.length; g++) start[g + 1] = start[g]! + sizes[g]!;
  const routes = new Int32Array(inst.nRoutes);
  for (let r = 0; r < inst.nRoutes; r++) {
    routes[start[groups.routeGroup[r]!]! + groups.routeBit[r]!] = r;
  }
  return { start, routes };
}

/** The number of routes of each group (one more than the largest bit). */
function groupSizes(groups: AllowedGroups, nRoutes: number): Int32Array {
  let count = 0;
  for (let r = 0; r < nRoutes; r++) count = Math.max(count, groups.routeGroup[r]! + 1);
  const sizes = new Int32Array(count);
  for (let r = 0; r < nRoutes; r++) {
    const g = groups.routeGroup[r]!;
    sizes[g] = Math.max(sizes[g]!, groups.routeBit[r]! + 1);
  }
  return sizes;
}

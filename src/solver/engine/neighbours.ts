/**
 * Neighbour lists: per task, the tasks most related to it in space and time, which related
 * removals and granular moves draw from. Worked out once per task and travel arrays, since the
 * solver's rounds share them.
 */
import type { EngineInstance } from './instance.js';
import type { TravelTable } from './travel-table.js';

/** Neighbours kept per task for related removals and granular moves. */
export const NEIGHBOURS = 40;
/**
 * Tasks whose neighbour lists are found between two looks at the clock: a few milliseconds of
 * work on a 20k-visit week, where all of them take seconds.
 */
const NEIGHBOUR_CHECK_EVERY = 256;

/**
 * Neighbour lists by the arrays they depend on: the solver's rounds share a problem's tasks and
 * matrices (only routes, soft terms or assignment costs change), so they are computed once.
 */
const neighbourCache = new WeakMap<TravelTable, WeakMap<Int32Array, Map<number, Int32Array>>>();

/**
 * {@link nearestTasks}, remembered for instances that share their task and travel arrays: the
 * `k` most related tasks of each task, closest first (`k` per task), or null when `stop` said so
 * before they were all found (looked at every few hundred tasks).
 *
 * @example
 * const lists = cachedNearestTasks(instance, 10);
 * const closestToFirst = lists?.subarray(0, 10);
 */
export function cachedNearestTasks(
  inst: EngineInstance,
  k: number,
  stop?: () => boolean,
): Int32Array | null {
  const time = inst.travelTime[0];
  if (time === undefined) return nearestTasks(inst, k, stop);
  let byLocation = neighbourCache.get(time);
  if (!byLocation) neighbourCache.set(time, (byLocation = new WeakMap()));
  let byK = byLocation.get(inst.taskLocation);
  if (!byK) byLocation.set(inst.taskLocation, (byK = new Map()));
  const key = k;
  const cached = byK.get(key);
  // Windows and service times travel with the task locations in every instance the solver
  // derives, but check them, since a caller may build instances by hand.
  if (cached && sameTimes.get(cached) === timesKey(inst)) return cached;
  const out = nearestTasks(inst, k, stop);
  if (out === null) return null;
  byK.set(key, out);
  sameTimes.set(out, timesKey(inst));
  return out;
}

/** The window and service arrays a cached neighbour list was computed from. */
const sameTimes = new WeakMap<Int32Array, string>();
const arrayIds = new WeakMap<object, number>();
let nextArrayId = 0;
function timesKey(inst: EngineInstance): string {
  const id = (array: object) => {
    let n = arrayIds.get(array);
    if (n === undefined) arrayIds.set(array, (n = nextArrayId++));
    return n;
  };
  return `${id(inst.taskEarliest)}/${id(inst.taskLatest)}/${id(inst.taskService)}`;
}

/**
 * The `k` most related tasks of each task, closest first. Relatedness is the round-trip travel
 * time plus the time separating the two windows: tasks at one address on different days (common
 * in care) are not neighbours, tasks close in space and time are. Candidates are scanned outwards
 * in order of earliest start and the scan stops once the time gap alone exceeds the k-th best,
 * so a week of visits costs about one day's worth per task, not the whole week's.
 */
function nearestTasks(inst: EngineInstance, k: number, stop?: () => boolean): Int32Array | null {
  const n = inst.nTasks;
  const out = new Int32Array(n * k);
  if (k === 0) return out;
  const time = inst.travelTime[0]!;
  const earliest = inst.taskEarliest;
  const finish = new Float64Array(n);
  for (let u = 0; u < n; u++) finish[u] = inst.taskLatest[u]! + inst.taskService[u]!;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => earliest[a]! - earliest[b]! || a - b,
  );
  const sortedE = Float64Array.from(order, (u) => earliest[u]!);
  // The latest finish among the tasks up to each place in that order: the backward scan may stop
  // once even that leaves a gap past the k-th best. Bounding it by the widest window of all
  // scanned most of a day back for every task of a week with one long window; the lists are
  // the same, only found sooner (20k-visit week: 4.1 -> 3.1 s CPU to build the problem).
  const finishUpTo = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    finishUpTo[i] = Math.max(i > 0 ? finishUpTo[i - 1]! : -Infinity, finish[order[i]!]!);
  }
  const bestD = new Float64Array(k);
  const bestT = new Int32Array(k);
  for (let t = 0; t < n; t++) {
    if (stop !== undefined && t % NEIGHBOUR_CHECK_EVERY === 0 && stop()) return null;
    const lt = inst.taskLocation[t]!;
    const et = earliest[t]!;
    const ft = finish[t]!;
    let size = 0;
    // Top-k by (relatedness, index): the same lists as a scan of every task in index order.
    const offer = (u: number): void => {
      const lu = inst.taskLocation[u]!;
      const gap = Math.max(0, earliest[u]! - ft, et - finish[u]!);
      const d = time.at(lt, lu) + time.at(lu, lt) + gap;
      if (size === k && !(d < bestD[k - 1]! || (d === bestD[k - 1]! && u < bestT[k - 1]!))) return;
      let i = size < k ? size++ : k - 1;
      while (i > 0 && (bestD[i - 1]! > d || (bestD[i - 1]! === d && bestT[i - 1]! > u))) {
        bestD[i] = bestD[i - 1]!;
        bestT[i] = bestT[i - 1]!;
        i--;
      }
      bestD[i] = d;
      bestT[i] = u;
    };
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedE[mid]! < et) lo = mid + 1;
      else hi = mid;
    }
    // Forward: the gap is at least earliest[u] - ft, which only grows.
    for (let i = lo; i < n; i++) {
      if (size === k && sortedE[i]! - ft > bestD[k - 1]!) break;
      const u = order[i]!;
      if (u !== t) offer(u);
    }
    // Backward: the gap is at least et - finish[u] >= et - finishUpTo[i], which only grows.
    for (let i = lo - 1; i >= 0; i--) {
      if (size === k && et - finishUpTo[i]! > bestD[k - 1]!) break;
      const u = order[i]!;
      if (u !== t) offer(u);
    }
    out.set(bestT.subarray(0, k), t * k);
  }
  return out;
}

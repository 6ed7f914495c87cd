/**
 * Start times that cut idle time. The search prices each route on its earliest schedule (every
 * stop starts on arrival or when its window opens); a stop before a long wait may as well start
 * later inside its window, so that the carer leaves home later (the first stop's wait is free)
 * or waits less at one stretch. This pass, run when a solution is exported, moves blocks of
 * consecutive stops later while the route's soft cost falls, and never makes a stop late, moves
 * the route's last stop (so the shift ends when it did, and the rest after it stays), moves a
 * pinned stop (a linked task, whose links hold at its time) or takes away the route's break.
 */
import type { EngineInstance, EngineSoftTerms } from './instance.js';
import { stopCost } from './soft.js';

/**
 * Block moves tried per stop of a route before the pass stops: each move lowers the cost, so
 * the pass ends anyway; this bounds it on a route whose cost falls by tiny steps.
 */
const MOVES_PER_STOP = 4;
/** A move must lower the route's cost by more than this share of it: not rounding noise. */
const GAIN_TOLERANCE = 1e-12;

/** Reusable arrays of one route (grown as needed, so exporting allocates little). */
class RouteScratch {
  service = new Float64Array(16);
  /** Travel into each stop from the one before (from the route's start for the first). */
  leg = new Float64Array(16);
  /** Latest start of each stop: its effective window's end, and its due time when on time. */
  latest = new Float64Array(16);

  fit(n: number): void {
    if (this.service.length >= n) return;
    const size = Math.max(n, this.service.length * 2);
    this.service = new Float64Array(size);
    this.leg = new Float64Array(size);
    this.latest = new Float64Array(size);
  }
}

const scratch = new RouteScratch();

/**
 * Moves the starts `start[0..n)` of route `r`'s `tasks` (its earliest schedule, changed in place)
 * later where that lowers the route's soft cost. `effL` gives each task's effective latest start
 * (its pinned time while linked). Without a priced unpaid gap nothing moves.
 *
 * @example
 * ```ts
 * const starts = Float64Array.of(500, 600); // the first stop could start up to 570
 * lateStarts(inst, inst.soft!, 0, [0, 1], starts, inst.taskLatest);
 * ```
 */
export function lateStarts(
  inst: EngineInstance,
  soft: EngineSoftTerms,
  r: number,
  tasks: readonly number[],
  start: Float64Array,
  effL: Float64Array,
): void {
  const n = tasks.length;
  if (n < 2 || !(soft.gapCost > 0)) return;
  scratch.fit(n);
  const { service, leg, latest } = scratch;
  const time = inst.travelTime[inst.routeProfile[r]!]!;
  const worker = inst.routeWorker[r]!;
  let at = inst.routeStartLocation[r]!;
  let work = 0;
  for (let k = 0; k < n; k++) {
    const t = tasks[k]!;
    const here = inst.taskLocation[t]!;
    service[k] = inst.taskService[t]!;
    leg[k] = time.at(at, here);
    work += leg[k]! + service[k]!;
    // A stop on time stays on time; one already late (never by choice) stays where it is.
    const cap = inst.taskStartCap?.[t] ?? Number.POSITIVE_INFINITY;
    const bound = Math.min(effL[t]!, soft.taskDue[t]!, Number.isNaN(cap) ? -Infinity : cap);
    latest[k] = Math.max(start[k]!, bound);
    at = here;
  }
  work += time.at(at, inst.routeEndLocation[r]!);
  const rule = inst.breakRule ?? null;
  const needsBreak = rule !== null && work > rule.work;
  const idle = (k: number): number =>
    k === 0 ? -1 : start[k]! - (start[k - 1]! + service[k - 1]! + leg[k]!);
  const cost = (k: number, s: number, wait: number): number =>
    stopCost(soft, tasks[k]!, worker, s, service[k]!, wait);
  // Whether some wait of the route, after a block i..j moves by d, still makes a break.
  const keepsBreak = (i: number, j: number, d: number): boolean => {
    for (let k = 1; k < n; k++) {
      const wait = idle(k) + (k === i ? d : k === j + 1 ? -d : 0);
      if (wait >= rule!.idle) return true;
    }
    return false;
  };
  let scale = 0;
  for (let k = 0; k < n; k++) scale += cost(k, start[k]!, idle(k));

  for (let move = 0; move < MOVES_PER_STOP * n; move++) {
    let bestGain = GAIN_TOLERANCE * (1 + scale);
    let bestI = -1;
    let bestJ = -1;
    let bestD = 0;
    // Blocks i..j end before a priced wait, which the move shortens; the last stop stays.
    for (let j = n - 2; j >= 0; j--) {
      const after = idle(j + 1);
      if (!(after > soft.gapThreshold)) continue;
      const afterCost = cost(j + 1, start[j + 1]!, after);
      let room = after;
      let blockCost = 0;
      for (let i = j; i >= 0; i--) {
        room = Math.min(room, latest[i]! - start[i]!);
        if (!(room > 0)) break;
        const before = idle(i);
        blockCost += cost(i, start[i]!, before);
        // Candidate moves: all the room, just enough to bring the wait after down to the free
        // threshold, just enough to bring the wait before up to it, or as much as leaves the
        // wait after long enough for a break.
        for (let c = 0; c < 4; c++) {
          const d =
            c === 0
              ? room
              : c === 1
                ? after - soft.gapThreshold
                : c === 2
                  ? soft.gapThreshold - before
                  : needsBreak
                    ? after - rule!.idle
                    : 0;
          if (!(d > 0 && d <= room) || (c === 2 && i === 0)) continue;
          if (needsBreak && !keepsBreak(i, j, d)) continue;
          let moved = cost(j + 1, start[j + 1]!, after - d);
          for (let k = i; k <= j; k++) {
            moved += cost(k, start[k]! + d, k === i ? (i === 0 ? -1 : before + d) : idle(k));
          }
          const gain = blockCost + afterCost - moved;
          if (gain > bestGain) {
            bestGain = gain;
            bestI = i;
            bestJ = j;
            bestD = d;
          }
        }
      }
    }
    if (bestI < 0) return;
    for (let k = bestI; k <= bestJ; k++) start[k]! += bestD;
  }
}

/**
 * The (task, route) pairs an instance allows, for a list of tasks, as a sparse table read both
 * ways: a task's allowed routes (its row) and a route's allowed tasks (its column). Over a week
 * a visit may go only on its own day's shifts, so most pairs are not allowed and a dense table
 * of them would be mostly empty.
 */
import type { Problem } from './problem.js';

/**
 * The allowed pairs of `units` as rows (row `i` holds unit `units[i]`'s routes, ascending, in
 * `rowRoutes[rowStart[i]..rowStart[i + 1])`; a pair's index is its place there) and columns
 * (column `r` holds route `r`'s units, ascending, as indexes into `units`, with their pairs).
 */
export interface AllowedPairs {
  readonly rowStart: Int32Array;
  readonly rowRoutes: Int32Array;
  readonly colStart: Int32Array;
  readonly colUnits: Int32Array;
  readonly colPairs: Int32Array;
}

/**
 * The pairs of `units` that `p.inst.allowed` lets through (see {@link AllowedPairs}), read a
 * bit word at a time, in either layout of the table.
 *
 * @example
 * ```ts
 * const { rowStart, rowRoutes } = allowedPairs(p, units); // routes of units[0]: rowRoutes[0..rowStart[1])
 * ```
 */
export function allowedPairs(p: Problem, units: readonly number[]): AllowedPairs {
  const inst = p.inst;
  const groups = inst.allowedGroups ?? null;
  const k = units.length;
  const rowStart = new Int32Array(k + 1);
  const routes: number[] = [];
  const colCount = new Int32Array(p.nRoutes + 1);
  if (groups === null) {
    const words = inst.routeWords;
    for (let i = 0; i < k; i++) {
      const base = units[i]! * words;
      for (let w = 0; w < words; w++) {
        let word = inst.allowed[base + w]!;
        while (word !== 0) {
          const bit = 31 - Math.clz32(word & -word);
          word &= word - 1;
          const r = w * 32 + bit;
          if (r >= p.nRoutes) break;
          routes.push(r);
          colCount[r + 1]!++;
        }
      }
      rowStart[i + 1] = routes.length;
    }
  } else {
    // Bit b of a row of group g is route routeOfBit[groupStart[g] + b].
    const { start: groupStart, routes: routeOfBit } = p.groupRoutes();
    for (let i = 0; i < k; i++) {
      const t = units[i]!;
      const g = groups.taskGroup[t]!;
      const from = groups.taskRowStart[t]!;
      const to = groups.taskRowStart[t + 1]!;
      for (let w = from; w < to; w++) {
        let word = inst.allowed[w]!;
        while (word !== 0) {
          const bit = 31 - Math.clz32(word & -word);
          word &= word - 1;
          const at = groupStart[g]! + (w - from) * 32 + bit;
          if (at >= groupStart[g + 1]!) break;
          const r = routeOfBit[at]!;
          routes.push(r);
          colCount[r + 1]!++;
        }
      }
      rowStart[i + 1] = routes.length;
    }
  }
  const colStart = new Int32Array(p.nRoutes + 1);
  for (let r = 0; r < p.nRoutes; r++) colStart[r + 1] = colStart[r]! + colCount[r + 1]!;
  const fill = colStart.slice(0, p.nRoutes);
  const colUnits = new Int32Array(routes.length);
  const colPairs = new Int32Array(routes.length);
  for (let i = 0; i < k; i++) {
    for (let j = rowStart[i]!; j < rowStart[i + 1]!; j++) {
      const at = fill[routes[j]!]!++;
      colUnits[at] = i;
      colPairs[at] = j;
    }
  }
  return { rowStart, rowRoutes: Int32Array.from(routes), colStart, colUnits, colPairs };
}

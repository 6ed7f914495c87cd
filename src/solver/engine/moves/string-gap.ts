import type { TravelTable } from '../travel-table.js';

/**
 * The travel cost a route saves when a string of its stops leaves and its neighbours join up:
 * the one formula behind every move that takes a string of consecutive tasks out of a route.
 */

/**
 * Change of travel cost when the `len` stops at nodes `i..i+len-1` of a route whose node
 * locations are `loc` leave it and nodes `i-1` and `i+len` join directly; `cost` is the route's
 * travel-cost matrix with `nl` locations a row. The string's own inner arcs are not counted: a
 * move that keeps them adds nothing for them, one that prices them elsewhere subtracts them.
 * Summed as `join - into string - out of string`, the order the moves always used.
 *
 * @example
 * ```ts
 * // Three locations in a line, one unit apart; the route goes 0 -> 1 -> 2 -> 0.
 * const cost = denseTravel(Float64Array.from([0, 1, 2, 1, 0, 1, 2, 1, 0]));
 * closeGapCost(cost, Int32Array.from([0, 1, 2, 0]), 1, 1); // 2 - 1 - 1 = 0
 * ```
 */
export function closeGapCost(cost: TravelTable, loc: Int32Array, i: number, len: number): number {
  const before = loc[i - 1]!;
  const after = loc[i + len]!;
  return cost.at(before, after) - cost.at(before, loc[i]!) - cost.at(loc[i + len - 1]!, after);
}

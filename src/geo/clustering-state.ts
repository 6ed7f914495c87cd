/**
 * The state the steps of the capacitated clustering (`capacitatedClustering`) share, and
 * the operations on it that keep its invariant (each load is the sum of its cluster's weights):
 * moving a point, the band check a move must pass, centres as means, loads summed again, the
 * cost, and each point's nearest centres.
 */

/** Floating-point slack on load comparisons (care hours are fractional). */
export const EPS = 1e-9;

/**
 * The points, their weights and the load band, with the current assignment, loads and centres:
 * the one mutable state every step of the clustering works on. Loads always equal the sums of
 * the assignment's weights.
 */
export interface State {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly weights: Float64Array;
  readonly k: number;
  readonly assignment: Int32Array;
  readonly loads: Float64Array;
  readonly cx: Float64Array;
  readonly cy: Float64Array;
  readonly lower: number;
  readonly upper: number;
  readonly ideal: number;
  /** Load the greedy assignment fills each cluster to. */
  readonly capacity: number;
}

/** The nearest `width` centres of every point, nearest first, with squared distances. */
export interface Ranks {
  readonly width: number;
  readonly centre: Int32Array;
  readonly distance: Float64Array;
}

/**
 * Squared distance from `point` to the centre of cluster `centre`.
 *
 * @example
 * const own = squaredDistance(state, i, state.assignment[i]!);
 */
export function squaredDistance(state: State, point: number, centre: number): number {
  const dx = state.xs[point]! - state.cx[centre]!;
  const dy = state.ys[point]! - state.cy[centre]!;
  return dx * dx + dy * dy;
}

/**
 * Nearest `width` centres of every point by insertion into a short sorted row.
 *
 * @example
 * const ranks = rankCentres(state, Math.min(state.k, 8)); // ranks.centre[i * 8]: i's nearest
 */
export function rankCentres(state: State, width: number): Ranks {
  // The hot loop of the whole clustering (n x k per round): plain locals, no helper calls.
  const { xs, ys, cx, cy, k } = state;
  const n = xs.length;
  const centre = new Int32Array(n * width);
  const distance = new Float64Array(n * width).fill(Infinity);
  const last = width - 1;
  for (let i = 0; i < n; i++) {
    const row = i * width;
    const x = xs[i]!;
    const y = ys[i]!;
    let worst = Infinity;
    for (let c = 0; c < k; c++) {
      const dx = x - cx[c]!;
      const dy = y - cy[c]!;
      const d = dx * dx + dy * dy;
      if (d >= worst) continue;
      let slot = last;
      while (slot > 0 && distance[row + slot - 1]! > d) {
        distance[row + slot] = distance[row + slot - 1]!;
        centre[row + slot] = centre[row + slot - 1]!;
        slot--;
      }
      distance[row + slot] = d;
      centre[row + slot] = c;
      worst = distance[row + last]!;
    }
  }
  return { width, centre, distance };
}

/**
 * Whether a point of `weight` may move from cluster `from` to `to` with both loads in the band.
 *
 * @example
 * if (canMove(state, state.weights[i]!, from, to)) movePoint(state, i, to);
 */
export function canMove(state: State, weight: number, from: number, to: number): boolean {
  return (
    state.loads[from]! - weight >= state.lower - EPS &&
    state.loads[to]! + weight <= state.upper + EPS
  );
}

/**
 * Moves `point` to cluster `to`, keeping the loads equal to the assignment.
 *
 * @example
 * movePoint(state, i, to);
 */
export function movePoint(state: State, point: number, to: number): void {
  const from = state.assignment[point]!;
  const weight = state.weights[point]!;
  state.loads[from] = state.loads[from]! - weight;
  state.loads[to] = state.loads[to]! + weight;
  state.assignment[point] = to;
}

/**
 * Moves each centre to the mean of its points; an empty cluster keeps its centre.
 *
 * @example
 * updateCentres(state);
 */
export function updateCentres(state: State): void {
  const sumX = new Float64Array(state.k);
  const sumY = new Float64Array(state.k);
  const count = new Float64Array(state.k);
  for (let i = 0; i < state.xs.length; i++) {
    const c = state.assignment[i]!;
    sumX[c] = sumX[c]! + state.xs[i]!;
    sumY[c] = sumY[c]! + state.ys[i]!;
    count[c] = count[c]! + 1;
  }
  for (let c = 0; c < state.k; c++) {
    const size = count[c]!;
    if (size === 0) continue;
    state.cx[c] = sumX[c]! / size;
    state.cy[c] = sumY[c]! / size;
  }
}

/**
 * Each cluster's load summed again from the assignment.
 *
 * @example
 * state.assignment.set(best);
 * recomputeLoads(state);
 */
export function recomputeLoads(state: State): void {
  state.loads.fill(0);
  for (let i = 0; i < state.xs.length; i++) {
    const c = state.assignment[i]!;
    state.loads[c] = state.loads[c]! + state.weights[i]!;
  }
}

/**
 * The clustering's cost: the sum of each point's squared distance to its centre.
 *
 * @example
 * const cost = totalCost(state);
 */
export function totalCost(state: State): number {
  let cost = 0;
  for (let i = 0; i < state.xs.length; i++) {
    cost += squaredDistance(state, i, state.assignment[i]!);
  }
  return cost;
}

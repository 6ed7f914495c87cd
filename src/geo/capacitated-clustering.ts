/**
 * Capacitated k-means on planar points: k compact clusters whose loads (a weight per point:
 * one per person, or care hours) stay within a tolerance of the ideal total / k.
 *
 * The steps, each cheap enough for 20,000 points and 100 clusters in well under a second:
 * 1. k-means++ seeding from a seeded PRNG, so a seed always gives the same clusters (on small
 *    instances, several seedings, keeping the cheapest result);
 * 2. capacitated Lloyd rounds: assign points greedily by regret (the points that lose most by
 *    not getting their nearest centre choose first) up to the ideal load, lift any cluster
 *    still under the lower bound with the cheapest transfers, then move each centre to its mean;
 * 3. local search: moves and swaps between neighbouring clusters that lower the cost while
 *    every load stays inside the tolerance band, again followed by centre updates.
 *
 * The cost is the sum of squared distances to the centres. With squared distances the best
 * balanced assignment for fixed centres is a power diagram, whose cells are convex: that is what
 * makes the clusters look like contiguous neighbourhoods rather than interleaved ones.
 *
 * The state the steps share and the operations that keep its loads equal to the assignment are
 * in `clustering-state.ts`; step 3, the local search, is in `clustering-search.ts`.
 */
import { Random } from '../model/random.js';
import { improve } from './clustering-search.js';
import type { Ranks, State } from './clustering-state.js';
import {
  EPS,
  canMove,
  movePoint,
  rankCentres,
  recomputeLoads,
  squaredDistance,
  totalCost,
  updateCentres,
} from './clustering-state.js';

/** Parameters of {@link capacitatedClustering}. */
export interface ClusteringOptions {
  /** Number of clusters, 1 to the number of points. */
  readonly k: number;
  /** PRNG seed of the k-means++ seeding. */
  readonly seed: number;
  /** Allowed relative deviation of a load from the ideal, e.g. 0.15 for +-15 %. */
  readonly tolerance: number;
}

/** A clustering and the load band it was held to. */
export interface Clustering {
  /** Cluster of each point, 0 to k - 1. */
  readonly assignment: Int32Array;
  readonly centreX: Float64Array;
  readonly centreY: Float64Array;
  /** Sum of the weights of each cluster's points. */
  readonly loads: Float64Array;
  /** Total weight / k. */
  readonly ideal: number;
  /** Smallest load allowed. */
  readonly lower: number;
  /** Largest load allowed. */
  readonly upper: number;
}

/**
 * How far a step of the clustering looks and how long it may go on: both steps rank a few
 * centres per point and repeat rounds, each stopping early once a round gains less than
 * {@link MIN_ROUND_GAIN}, so the round count is a cap against slow convergence only.
 */
interface StepEffort {
  /** Centres ranked per point, nearest first. */
  readonly ranks: number;
  /** Most rounds. */
  readonly rounds: number;
}

/**
 * Step 2, the capacitated Lloyd rounds: 16 centres ranked per point for the greedy assignment
 * before it falls back to a full scan.
 */
const LLOYD: StepEffort = { ranks: 16, rounds: 8 };

/** Step 3, the local search: moves and swaps towards the 8 neighbouring clusters of a point. */
const SEARCH: StepEffort = { ranks: 8, rounds: 20 };

/**
 * Restarts from other seedings: at most `most`, and no more than the `budget` of distance
 * evaluations (points x clusters) allows, so only small instances restart.
 */
const RESTARTS = { most: 5, budget: 3_000_000 } as const;

/** A restart that leaves a load outside the band loses to any that does not. */
const BAND_VIOLATION_COST = 1e30;

/** Relative cost decrease below which a round is not worth repeating. */
const MIN_ROUND_GAIN = 1e-3;

/**
 * Splits points into `k` compact clusters of balanced load.
 *
 * @param xs - Point x coordinates in metres.
 * @param ys - Point y coordinates in metres.
 * @param weights - Load of each point (non-negative).
 * @returns The clustering; loads fall inside `[lower, upper]` whenever the points allow it.
 */
export function capacitatedClustering(
  xs: Float64Array,
  ys: Float64Array,
  weights: Float64Array,
  options: ClusteringOptions,
): Clustering {
  const n = xs.length;
  const k = Math.max(1, Math.min(options.k, n));
  // Capacitated k-means has many local optima; restarts from other seedings are cheap when the
  // instance is small, so spend a fixed budget of distance evaluations on them.
  const restarts = Math.max(1, Math.min(RESTARTS.most, Math.floor(RESTARTS.budget / (n * k))));
  let best: State | undefined;
  let bestCost = Infinity;
  for (let restart = 0; restart < restarts && n > 0; restart++) {
    const state = initialState(xs, ys, weights, k, options);
    solveFrom(state, (options.seed + restart * 0x9e3779b9) >>> 0);
    const cost = totalCost(state) + BAND_VIOLATION_COST * bandViolation(state);
    if (cost < bestCost) {
      best = state;
      bestCost = cost;
    }
  }
  return result(best ?? initialState(xs, ys, weights, k, options));
}

function solveFrom(state: State, seed: number): void {
  seedCentres(state, mulberry32(seed));
  capacitatedLloyd(state);
  let cost = totalCost(state);
  for (let round = 0; round < SEARCH.rounds; round++) {
    const improved = improve(state, rankCentres(state, Math.min(state.k, SEARCH.ranks)));
    updateCentres(state);
    const next = totalCost(state);
    // Late rounds only shuffle boundary points by centimetres; stop once a round gains little.
    if (!improved || next > cost * (1 - MIN_ROUND_GAIN)) break;
    cost = next;
  }
}

/** How far loads fall outside the band in total (0 when all are inside). */
function bandViolation(state: State): number {
  let violation = 0;
  for (const load of state.loads) {
    violation += Math.max(0, state.lower - load) + Math.max(0, load - state.upper);
  }
  return violation;
}

function result(state: State): Clustering {
  const { assignment, cx, cy, loads, ideal, lower, upper } = state;
  return { assignment, centreX: cx, centreY: cy, loads, ideal, lower, upper };
}

function initialState(
  xs: Float64Array,
  ys: Float64Array,
  weights: Float64Array,
  k: number,
  options: ClusteringOptions,
): State {
  let total = 0;
  for (const weight of weights) total += weight;
  const ideal = total / k;
  const unitWeights = weights.every((weight) => weight === 1);
  let lower = ideal * (1 - options.tolerance);
  let upper = ideal * (1 + options.tolerance);
  if (unitWeights) {
    // Whole people: the band must at least hold floor(ideal) and ceil(ideal), or a small
    // tolerance on a small ideal would admit no integer size at all.
    lower = Math.min(Math.ceil(lower - EPS), Math.floor(ideal));
    upper = Math.max(Math.floor(upper + EPS), Math.ceil(ideal));
  }
  return {
    xs,
    ys,
    weights,
    k,
    assignment: new Int32Array(xs.length),
    loads: new Float64Array(k),
    cx: new Float64Array(k),
    cy: new Float64Array(k),
    lower,
    upper,
    ideal,
    capacity: unitWeights ? Math.ceil(ideal - EPS) : ideal,
  };
}

/** Seeded uniform numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

/** k-means++: each new seed drawn with probability proportional to squared distance. */
function seedCentres(state: State, random: () => number): void {
  const { xs, ys, k, cx, cy } = state;
  const n = xs.length;
  const nearest = new Float64Array(n).fill(Infinity);
  let chosen = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    cx[c] = xs[chosen]!;
    cy[c] = ys[chosen]!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = squaredDistance(state, i, c);
      if (d < nearest[i]!) nearest[i] = d;
      total += nearest[i]!;
    }
    chosen = total > 0 ? drawProportional(nearest, total * random()) : Math.floor(random() * n);
  }
}

function drawProportional(weights: Float64Array, target: number): number {
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i]!;
    if (cumulative > target && weights[i]! > 0) return i;
  }
  // Rounding can leave the target a hair above the sum: take the last point with weight.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
  return 0;
}

/** Greedy assignments and centre updates, keeping the cheapest assignment seen. */
function capacitatedLloyd(state: State): void {
  const width = Math.min(state.k, LLOYD.ranks);
  let bestCost = Infinity;
  let best = new Int32Array(0);
  for (let round = 0; round < LLOYD.rounds; round++) {
    const previous = state.assignment.slice();
    assignByRegret(state, rankCentres(state, width));
    raiseUnderfull(state);
    updateCentres(state);
    const cost = totalCost(state);
    const gained = cost < bestCost * (1 - MIN_ROUND_GAIN);
    if (cost < bestCost) {
      bestCost = cost;
      best = state.assignment.slice();
    }
    if (round > 0 && (!gained || sameAssignment(previous, state.assignment))) break;
  }
  state.assignment.set(best);
  recomputeLoads(state);
  updateCentres(state);
}

/**
 * Points in decreasing order of regret (second-nearest minus nearest distance) each take their
 * nearest centre with room up to the ideal load. Filling only to the ideal, not the upper bound,
 * leaves the local search room to trade balance for compactness in both directions.
 */
function assignByRegret(state: State, ranks: Ranks): void {
  const n = state.xs.length;
  const { width, centre, distance } = ranks;
  const regret = (i: number) => (width > 1 ? distance[i * width + 1]! - distance[i * width]! : 0);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => regret(b) - regret(a) || a - b,
  );
  state.loads.fill(0);
  const capacity = state.capacity;
  for (const i of order) {
    const weight = state.weights[i]!;
    let chosen = -1;
    for (let r = 0; r < width && chosen < 0; r++) {
      const c = centre[i * width + r]!;
      if (state.loads[c]! + weight <= capacity + EPS) chosen = c;
    }
    if (chosen < 0) chosen = nearestWithRoom(state, i, weight, capacity);
    state.assignment[i] = chosen;
    state.loads[chosen] = state.loads[chosen]! + weight;
  }
}

/** Nearest centre with room by a full scan, or the least loaded one when none has room. */
function nearestWithRoom(state: State, point: number, weight: number, capacity: number): number {
  let chosen = -1;
  let chosenDistance = Infinity;
  let leastLoaded = 0;
  for (let c = 0; c < state.k; c++) {
    if (state.loads[c]! < state.loads[leastLoaded]!) leastLoaded = c;
    if (state.loads[c]! + weight > capacity + EPS) continue;
    const d = squaredDistance(state, point, c);
    if (d < chosenDistance) {
      chosen = c;
      chosenDistance = d;
    }
  }
  return chosen >= 0 ? chosen : leastLoaded;
}

/**
 * Lifts clusters under the lower bound by pulling, one at a time, the point whose transfer costs
 * least, from clusters that stay inside the band. Stops when no transfer is allowed (the weights
 * of the points then make the band unreachable).
 */
function raiseUnderfull(state: State): void {
  for (;;) {
    const target = mostUnderfull(state);
    if (target < 0) return;
    const point = cheapestTransferTo(state, target);
    if (point < 0) return;
    movePoint(state, point, target);
  }
}

function mostUnderfull(state: State): number {
  let target = -1;
  for (let c = 0; c < state.k; c++) {
    const load = state.loads[c]!;
    if (load < state.lower - EPS && (target < 0 || load < state.loads[target]!)) {
      target = c;
    }
  }
  return target;
}

function cheapestTransferTo(state: State, target: number): number {
  let best = -1;
  let bestDelta = Infinity;
  for (let i = 0; i < state.xs.length; i++) {
    const from = state.assignment[i]!;
    const weight = state.weights[i]!;
    if (from === target || weight <= 0) continue;
    if (!canMove(state, weight, from, target)) continue;
    const delta = squaredDistance(state, i, target) - squaredDistance(state, i, from);
    if (delta < bestDelta) {
      bestDelta = delta;
      best = i;
    }
  }
  return best;
}

function sameAssignment(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

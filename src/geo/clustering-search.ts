/**
 * The local search of the capacitated clustering: single points move to a nearer centre, and
 * points of two neighbouring clusters swap, whenever the cost falls and every load stays inside
 * the band.
 */
import type { Ranks, State } from './clustering-state.js';
import { canMove, EPS, movePoint, squaredDistance } from './clustering-state.js';

/**
 * One pass of improving moves then one of improving swaps; true if anything changed.
 *
 * @example
 * const improved = improve(state, rankCentres(state, Math.min(state.k, 8)));
 */
export function improve(state: State, ranks: Ranks): boolean {
  const moved = improvingMoves(state, ranks);
  const swapped = improvingSwaps(state, ranks);
  return moved || swapped;
}

/** Each point moves to the nearest closer centre that the band allows. */
function improvingMoves(state: State, ranks: Ranks): boolean {
  const { width, centre, distance } = ranks;
  let changed = false;
  for (let i = 0; i < state.xs.length; i++) {
    const from = state.assignment[i]!;
    const own = squaredDistance(state, i, from);
    const weight = state.weights[i]!;
    for (let r = 0; r < width; r++) {
      const to = centre[i * width + r]!;
      // Ranks are nearest first: once one is no closer than the own centre, none is.
      if (distance[i * width + r]! >= own - EPS) break;
      if (to !== from && canMove(state, weight, from, to)) {
        movePoint(state, i, to);
        changed = true;
        break;
      }
    }
  }
  return changed;
}

interface SwapCandidate {
  readonly point: number;
  /** Squared-distance saving of moving the point to the other cluster (may be negative). */
  readonly gain: number;
}

/**
 * Swaps between neighbouring clusters keep both loads nearly unchanged, so they still improve
 * compactness when the band blocks single moves. For each pair of clusters the points most keen
 * to cross each way are paired while the two gains together are positive.
 */
function improvingSwaps(state: State, ranks: Ranks): boolean {
  const candidates = swapCandidates(state, ranks);
  const used = new Uint8Array(state.xs.length);
  let changed = false;
  for (const [key, outward] of candidates) {
    const a = Math.floor(key / state.k);
    const b = key % state.k;
    if (a > b) continue;
    const inward = candidates.get(b * state.k + a);
    if (!inward) continue;
    changed = swapPair(state, outward, inward, used) || changed;
  }
  return changed;
}

function swapCandidates(state: State, ranks: Ranks): Map<number, SwapCandidate[]> {
  const { width, centre, distance } = ranks;
  const byPair = new Map<number, SwapCandidate[]>();
  for (let i = 0; i < state.xs.length; i++) {
    const from = state.assignment[i]!;
    const own = squaredDistance(state, i, from);
    for (let r = 0; r < width; r++) {
      const to = centre[i * width + r]!;
      if (to === from) continue;
      const key = from * state.k + to;
      let list = byPair.get(key);
      if (!list) byPair.set(key, (list = []));
      list.push({ point: i, gain: own - distance[i * width + r]! });
    }
  }
  for (const list of byPair.values()) list.sort((x, y) => y.gain - x.gain || x.point - y.point);
  return byPair;
}

function swapPair(
  state: State,
  outward: readonly SwapCandidate[],
  inward: readonly SwapCandidate[],
  used: Uint8Array,
): boolean {
  let changed = false;
  let p = 0;
  let q = 0;
  while (p < outward.length && q < inward.length) {
    const out = outward[p] as SwapCandidate;
    const back = inward[q] as SwapCandidate;
    if (out.gain + back.gain <= EPS) break;
    if (used[out.point]) {
      p++;
      continue;
    }
    if (used[back.point]) {
      q++;
      continue;
    }
    if (trySwap(state, out.point, back.point)) {
      used[out.point] = 1;
      used[back.point] = 1;
      changed = true;
      p++;
    }
    q++;
  }
  return changed;
}

/** Exchanges two points of different clusters if both loads stay in the band. */
function trySwap(state: State, first: number, second: number): boolean {
  const a = state.assignment[first]!;
  const b = state.assignment[second]!;
  const shift = state.weights[first]! - state.weights[second]!;
  const loadA = state.loads[a]! - shift;
  const loadB = state.loads[b]! + shift;
  const inBand = (load: number) => load >= state.lower - EPS && load <= state.upper + EPS;
  if (!inBand(loadA) || !inBand(loadB)) return false;
  state.assignment[first] = b;
  state.assignment[second] = a;
  state.loads[a] = loadA;
  state.loads[b] = loadB;
  return true;
}

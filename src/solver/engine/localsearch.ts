/**
 * Local search over granular neighbourhoods (each task against its nearest tasks), first
 * improvement. The moves live in `moves/`, one a file; each is priced by the shared
 * {@link MoveEvaluator} in O(1 + moved stops), so no route is rebuilt unless a move improves.
 */
import { checkEqual, ENGINE_CHECKS, recomputedCost } from './checks.js';
import { clientPillarChange } from './moves/client-pillar-change.js';
import { dayPillarChange } from './moves/day-pillar-change.js';
import { MoveEvaluator } from './moves/evaluator.js';
import type { Move } from './moves/move.js';
import { orOpt, relocate } from './moves/or-opt.js';
import { type PillarMove, Pillars } from './moves/pillar.js';
import { relocateInRoute } from './moves/relocate-in-route.js';
import { swapInRoute } from './moves/swap-in-route.js';
import { swap } from './moves/swap.js';
import { twoOptStar } from './moves/two-opt-star.js';
import { visitPillarChange } from './moves/visit-pillar-change.js';
import type { Problem } from './problem.js';
import type { Rng } from './rng.js';
import type { Solution } from './solution.js';

/**
 * Nearest neighbours of a task that local search pairs it with: granular neighbourhoods (Toth &
 * Vigo) find nearly every improving move among a task's closest few; more costs time for little.
 */
export const DEFAULT_GRANULARITY = 12;

const orOpt2 = orOpt(2);
const orOpt3 = orOpt(3);
const relocateOne = relocateInRoute(1);

/**
 * The moves tried for a task u at node i and its neighbour v at node j, in order: each move at
 * (i + di, j + dj). Between routes: u after v, u before v, swap, or-opt of 2 and 3 after v, and
 * the two ways of exchanging tails at u and v. Within a route: u after v, u before v, swap.
 */
const CANDIDATES: readonly { move: Move; di: number; dj: number }[] = [
  { move: relocate, di: 0, dj: 0 },
  { move: relocate, di: 0, dj: -1 },
  { move: swap, di: 0, dj: 0 },
  { move: orOpt2, di: 0, dj: 0 },
  { move: orOpt3, di: 0, dj: 0 },
  { move: twoOptStar, di: 0, dj: -1 },
  { move: twoOptStar, di: -1, dj: 0 },
  { move: relocateOne, di: 0, dj: 0 },
  { move: relocateOne, di: 0, dj: -1 },
  { move: swapInRoute, di: 0, dj: 0 },
];

/**
 * The pillar moves tried for each task after its neighbour moves, smallest first: the client's
 * day with this carer, the recurring visit on every date, then the client's whole week with this
 * carer (which takes the carer off the client's list at once).
 */
const PILLAR_MOVES: readonly PillarMove[] = [
  dayPillarChange,
  visitPillarChange,
  clientPillarChange,
];

/** Local search state: the evaluator, a scratch order and the neighbourhood size. */
export class LocalSearch {
  private readonly sol: Solution;
  private readonly p: Problem;
  private readonly ev: MoveEvaluator;
  private readonly order: number[] = [];
  /** Pillar moves' indexes; null without continuity groups, so that they cost nothing then. */
  readonly pillars: Pillars | null;
  /** Neighbours per task tried. */
  granularity: number;
  /** Moves applied by the last run. */
  moves = 0;

  constructor(sol: Solution, granularity = DEFAULT_GRANULARITY) {
    this.sol = sol;
    this.granularity = granularity;
    this.p = sol.p;
    this.p.prepareNeighbours();
    this.ev = new MoveEvaluator(sol);
    this.pillars = (this.p.soft?.nContinuity ?? 0) > 0 ? new Pillars(sol, this.ev) : null;
  }

  /**
   * Applies improving moves until none is left among the neighbourhoods of the tasks (of
   * `focus`, or all) or `maxMoves` were made.
   * Returns the number of moves applied.
   */
  run(
    rng: Rng,
    focus: readonly number[] | null = null,
    maxMoves = Number.POSITIVE_INFINITY,
  ): number {
    const sol = this.sol;
    const p = this.p;
    const order = this.order;
    order.length = 0;
    if (focus === null) {
      for (let t = 0; t < p.nTasks; t++) if (sol.taskRoute[t]! >= 0) order.push(t);
    } else {
      for (const t of focus) order.push(t);
    }
    rng.shuffle(order);
    this.moves = 0;
    const k = p.neighbourCount;
    const g = Math.min(this.granularity, k);
    let improved = true;
    // Pillar moves on the first pass only: they cost a trial insertion per task of the pillar,
    // and a later pass rarely opens one that the first did not.
    let pillars = this.pillars;
    while (improved && this.moves < maxMoves) {
      improved = false;
      for (const u of order) {
        if (sol.taskRoute[u]! < 0) continue;
        for (let i = 0; i < g; i++) {
          const v = p.neighbours[u * k + i]!;
          if (sol.taskRoute[v]! < 0) continue;
          if (this.tryPair(u, v)) {
            improved = true;
            this.moves++;
            if (this.moves >= maxMoves) return this.moves;
          }
        }
        if (pillars !== null && sol.taskRoute[u]! >= 0 && this.tryPillars(u)) {
          improved = true;
          this.moves++;
          if (this.moves >= maxMoves) return this.moves;
        }
      }
      pillars = null;
    }
    return this.moves;
  }

  /** Tries the pillar moves of task u; makes the first that improves. */
  private tryPillars(u: number): boolean {
    const pillars = this.pillars!;
    if (!ENGINE_CHECKS) return pillars.improve(u, PILLAR_MOVES) !== null;
    const before = recomputedCost(this.sol, true);
    const move = pillars.improve(u, PILLAR_MOVES);
    if (move === null) return false;
    checkEqual(`${move} move`, pillars.delta, recomputedCost(this.sol, true) - before, before);
    return true;
  }

  /** Tries the moves relating u and v, in the order of {@link CANDIDATES}; makes the first that improves. */
  private tryPair(u: number, v: number): boolean {
    const sol = this.sol;
    const r1 = sol.taskRoute[u]!;
    const r2 = sol.taskRoute[v]!;
    const i = sol.taskPos[u]! + 1;
    const j = sol.taskPos[v]! + 1;
    const k = this.firstImproving(r1, i, r2, j);
    if (k < 0) return false;
    const c = CANDIDATES[k]!;
    if (!ENGINE_CHECKS) {
      c.move.apply(this.ev, r1, i + c.di, r2, j + c.dj);
      return true;
    }
    const before = recomputedCost(sol, true);
    const predicted = this.ev.delta;
    c.move.apply(this.ev, r1, i + c.di, r2, j + c.dj);
    checkEqual(`${c.move.name} move`, predicted, recomputedCost(sol, true) - before, before);
    return true;
  }

  /**
   * Index in {@link CANDIDATES} of the first candidate that improves, or -1. Written out call by
   * call, not as a loop over the list, so each call site stays monomorphic for the JIT.
   */
  private firstImproving(r1: number, i: number, r2: number, j: number): number {
    const ev = this.ev;
    if (r1 !== r2) {
      if (relocate.evaluate(ev, r1, i, r2, j)) return 0;
      if (relocate.evaluate(ev, r1, i, r2, j - 1)) return 1;
      if (swap.evaluate(ev, r1, i, r2, j)) return 2;
      if (orOpt2.evaluate(ev, r1, i, r2, j)) return 3;
      if (orOpt3.evaluate(ev, r1, i, r2, j)) return 4;
      if (twoOptStar.evaluate(ev, r1, i, r2, j - 1)) return 5;
      if (twoOptStar.evaluate(ev, r1, i - 1, r2, j)) return 6;
      return -1;
    }
    if (relocateOne.evaluate(ev, r1, i, r1, j)) return 7;
    if (relocateOne.evaluate(ev, r1, i, r1, j - 1)) return 8;
    if (swapInRoute.evaluate(ev, r1, i, r1, j)) return 9;
    return -1;
  }
}

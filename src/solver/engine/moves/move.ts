/**
 * The shape of a local-search move (after PyVRP's operators): `evaluate` prices it without
 * changing anything, `apply` makes it. Positions are route nodes: node 0 is a route's start,
 * nodes 1..n its tasks.
 */
import type { MoveEvaluator } from './evaluator.js';

/** A local-search move between node `i` of route `r1` and node `j` of route `r2`. */
export interface Move {
  /** The move's name, as engine checks report it. */
  readonly name: string;
  /**
   * Whether the move is feasible and lowers the objective beyond rounding; if so, the change is
   * in `ev.delta`. False as well when a cheap bound shows it cannot improve, before any
   * feasibility work. Writes the evaluator's proposals; changes nothing else.
   */
  evaluate(ev: MoveEvaluator, r1: number, i: number, r2: number, j: number): boolean;
  /** Makes the move; only valid right after `evaluate` with the same arguments. */
  apply(ev: MoveEvaluator, r1: number, i: number, r2: number, j: number): void;
}

/**
 * Holding the previous roster in the engine instance, for the insertion stages of a replan that
 * place the visits a change displaced without moving the others: each visit the previous roster
 * placed kept on its route and, in the first stage, within the tolerance of its previous start,
 * so that a displaced visit goes only where it fits without anyone else being told anything.
 */
import type { EngineInstance } from '../engine/instance.js';
import { onlyRoute } from '../engine/allowed-table.js';
import type { PreviousPlacement } from './previous.js';

/** How {@link holdPrevious} holds the previous roster's tasks. */
export interface HoldOptions {
  /**
   * Tasks the previous roster placed that may go anywhere all the same: the kept carers' parts
   * of double-ups the change broke ({@link keptCarersOfDisplaced}).
   */
  readonly loose?: ReadonlySet<number>;
  /** When given, each held task also starts within this many minutes of its previous start. */
  readonly toleranceMinutes?: number;
}

/**
 * A copy of `instance` in which each task the previous roster placed, except the `loose` ones,
 * may use only its route and, with a tolerance, starts no further than that from its previous
 * start: a start moved no further is no change to anyone. A task whose window no longer
 * reaches that band (its window moved) keeps its window, since it must change anyway.
 *
 * @example
 * const frozen = holdPrevious(instance, placement, { toleranceMinutes: 15 });
 */
export function holdPrevious(
  instance: EngineInstance,
  placement: PreviousPlacement,
  options: HoldOptions = {},
): EngineInstance {
  const { loose, toleranceMinutes } = options;
  const allowed = Uint32Array.from(instance.allowed);
  const earliest = Float64Array.from(instance.taskEarliest);
  const latest = Float64Array.from(instance.taskLatest);
  for (let t = 0; t < instance.nTasks; t++) {
    const r = placement.taskRoute[t]!;
    if (r < 0 || loose?.has(t) === true) continue;
    onlyRoute(allowed, instance, t, r, 'kept');
    const before = placement.taskStart[t]!;
    if (toleranceMinutes === undefined || Number.isNaN(before)) continue;
    const from = Math.max(earliest[t]!, before - toleranceMinutes);
    const to = Math.min(latest[t]!, before + toleranceMinutes);
    if (from > to) continue;
    earliest[t] = from;
    latest[t] = to;
  }
  return toleranceMinutes === undefined
    ? { ...instance, allowed }
    : { ...instance, allowed, taskEarliest: earliest, taskLatest: latest };
}

/**
 * Tasks among `unplaced` that the previous roster placed and that share a double-up (an
 * inseparable link) with one it did not place: the kept carer's part of a double-up whose other
 * carer is off. The engine places a double-up whole, so held to its route that part lets only a
 * carer free at the kept carer's very time take the other; let go, any two carers free at one
 * time can, which moves no other client's visit.
 *
 * @example
 * const loose = keptCarersOfDisplaced(instance, placement, solution.unplaced);
 */
export function keptCarersOfDisplaced(
  instance: EngineInstance,
  placement: PreviousPlacement,
  unplaced: readonly number[],
): Set<number> {
  const out = new Set(unplaced);
  const displaced = (t: number) => placement.taskRoute[t]! < 0;
  const loose = new Set<number>();
  for (const link of instance.links) {
    if (link.separable === true || !out.has(link.a) || !out.has(link.b)) continue;
    if (displaced(link.a) && !displaced(link.b)) loose.add(link.b);
    if (displaced(link.b) && !displaced(link.a)) loose.add(link.a);
  }
  return loose;
}

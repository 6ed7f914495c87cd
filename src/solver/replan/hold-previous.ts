/**
 * Holding the previous roster in the engine instance, for the insertion stages of a replan that
 * place the visits a change displaced without moving the others: each visit the previous roster
 * placed kept on its route and, in the first stage, within the tolerance of its previous start,
 * so that a displaced visit goes only where it fits without anyone else being told anything.
 */
import type { EngineInstance } from '../engine/instance.js';
import type { PreviousPlacement } from './previous.js';

/** How {@link holdPrevious} holds the previous roster's tasks. */
export interface HoldOptions {
  /**
   * Tasks the previous roster placed that may go anywhere all the same: those that could not
   * be put back as they were (the kept carer of a double-up whose other carer is off sick, a
   * stop a delay pushed out).
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
  const words = instance.routeWords;
  const allowed = Uint32Array.from(instance.allowed);
  const earliest = Float64Array.from(instance.taskEarliest);
  const latest = Float64Array.from(instance.taskLatest);
  for (let t = 0; t < instance.nTasks; t++) {
    const r = placement.taskRoute[t]!;
    if (r < 0 || loose?.has(t) === true) continue;
    const bit = allowed[t * words + (r >>> 5)]! & (1 << (r & 31));
    allowed.fill(0, t * words, (t + 1) * words);
    allowed[t * words + (r >>> 5)] = bit;
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

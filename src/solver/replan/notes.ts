/**
 * The notes of a replan: in words, each stop of the previous roster that could not stay (and
 * where its visit went) and each pin the changed problem could not keep.
 */
import type { Roster, RosterStop } from '../../model/roster.js';
import type { CompiledProblem } from '../compile.js';
import type { PreviousPlacement } from './previous.js';
import type { Fixings } from './fixings.js';

/** Something the replan could not keep as it was, in words. */
export interface ReplanNote {
  readonly kind: 'stop-released' | 'pin-lost';
  readonly visitKey: string;
  readonly carerId: string;
  readonly message: string;
}

/**
 * The notes for `roster`, the replan's answer: released stops in the order the placement
 * dropped them, then the pins lost.
 */
export function replanNotes(
  placement: PreviousPlacement,
  fixings: Fixings,
  compiled: CompiledProblem,
  roster: Roster,
): ReplanNote[] {
  const where = new Map<string, RosterStop[]>();
  const carersOf = new Map<string, string[]>();
  for (const route of roster.routes) {
    for (const stop of route.stops) {
      where.set(stop.visitKey, [...(where.get(stop.visitKey) ?? []), stop]);
      carersOf.set(stop.visitKey, [...(carersOf.get(stop.visitKey) ?? []), route.carerId]);
    }
  }
  const unplaced = new Map(roster.unplaced.map((entry) => [entry.visitKey, entry]));
  const notes: ReplanNote[] = placement.dropped.map((stop) => {
    const now = carersOf.get(stop.visitKey);
    const left = unplaced.get(stop.visitKey);
    const outcome = now
      ? `now with ${now.join(' and ')} at ${where.get(stop.visitKey)?.[0]?.start.slice(11, 16)}`
      : left
        ? `unplaced: ${left.reasons.map((reason) => reason.message).join('; ')}`
        : 'no longer needed';
    return {
      kind: 'stop-released',
      visitKey: stop.visitKey,
      carerId: stop.carerId,
      message: `${stop.visitKey} (was ${stop.carerId} at ${stop.start.slice(11, 16)}): ${stop.why}; ${outcome}`,
    };
  });
  for (const [t, kind] of fixings.held) {
    const visit = compiled.taskVisit[t];
    const r = placement.taskRoute[t]!;
    const carerId = compiled.routeShift[r]?.carerId;
    if (!visit || carerId === undefined) continue;
    if (!(carersOf.get(visit.id) ?? []).includes(carerId)) {
      notes.push({
        kind: 'pin-lost',
        visitKey: visit.id,
        carerId,
        message: `${visit.id} (${kind}) could not stay with ${carerId} under the changed problem`,
      });
    }
  }
  return notes;
}

/**
 * A carer who falls ill (or is called away) part-way through a shift first finishes the visit
 * under way and goes home: the visit has started, so it is history and stays with its carer.
 * Unavailability that begins inside such a visit, or on the way home from it, is moved to when
 * the carer is home, so that the frozen visit still fits the carer's availability.
 */
import type { ExpandedProblem } from '../../model/expand.js';
import type { Roster } from '../../model/roster.js';
import type { TravelMatrix } from '../../geo/travel-matrix.js';
import type { Changes } from './changes.js';

/**
 * `changes` with each `carer-unavailable` starting no earlier than the carer is home from the
 * last visit that started before it. `expanded` and `travel` are of the problem before the
 * changes (the carer's home and the clients the previous roster visits are in it).
 */
export function finishVisitsInProgress(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  previous: Roster,
  changes: Changes,
): Changes {
  const { clock } = expanded;
  const adjusted = changes.changes.map((change) => {
    if (change.type !== 'carer-unavailable') return change;
    const from = clock.localDateTimeToMinutes(change.from, 'start');
    let home = from;
    for (const route of previous.routes) {
      if (route.carerId !== change.carerId) continue;
      const leave = clock.fromIso(route.shiftStart);
      const back = clock.fromIso(route.shiftEnd);
      if (leave === undefined || back === undefined || !(leave < from && from < back)) continue;
      const started = route.stops.filter((stop) => (clock.fromIso(stop.start) ?? from) < from);
      const last = started.at(-1);
      if (!last) continue;
      const isLastStop = route.stops.at(-1) === last;
      const visit = expanded.visitsById.get(last.visitKey);
      const end = clock.fromIso(last.end);
      const carer = expanded.expandedCarers.get(change.carerId);
      if (isLastStop) home = Math.max(home, back);
      else if (visit && end !== undefined && carer !== undefined) {
        home = Math.max(
          home,
          end + travel.minutes(visit.location, carer.endPlace, carer.transport),
        );
      }
    }
    if (home === from) return change;
    // Times carry seconds but a change's `from` is to the minute: the next whole minute, so a
    // carer back home at 13:40:01 is not taken as gone from 13:40.
    const minute = Math.ceil(home - 1e-6);
    return { ...change, from: clock.toIso(Math.max(minute, from)).slice(0, 16) };
  });
  return { ...changes, changes: adjusted };
}

/** Builds rosters by hand for checker tests, computing travel the way a correct roster would. */
import type { ExpandedProblem } from '../../src/model/expand.js';
import { expandedCarer, visitIdentity } from '../../src/model/expand.js';
import type { RosterRoute, RosterStop } from '../../src/model/roster.js';
import type { TravelMatrix } from '../../src/geo/travel-matrix.js';

/** A route for `carerId` doing `visits` (id and start minute) in order, leaving just in time. */
export function buildRoute(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  carerId: string,
  visits: readonly [string, number][],
): RosterRoute {
  const { clock } = expanded;
  const { startPlace: home, endPlace: end, transport: mode } = expandedCarer(expanded, carerId);
  let place = home;
  let free = Number.NaN;
  let leave = Number.NaN;
  const stops: RosterStop[] = visits.map(([visitKey, start]) => {
    const visit = expanded.visitsById.get(visitKey);
    if (!visit) throw new Error(`no visit ${visitKey}`);
    const minutes = travel.minutes(place, visit.location, mode);
    if (Number.isNaN(leave)) {
      leave = start - minutes;
      free = leave;
    }
    const stop: RosterStop = {
      ...visitIdentity(visit),
      arrival: clock.toIso(free + minutes),
      start: clock.toIso(start),
      end: clock.toIso(start + visit.duration),
      travelMinutes: minutes,
    };
    place = visit.location;
    free = start + visit.duration;
    return stop;
  });
  const back = travel.minutes(place, end, mode);
  return {
    carerId,
    date: clock.dateAt(leave),
    shiftStart: clock.toIso(leave),
    shiftEnd: clock.toIso(free + back),
    stops,
    travelBackMinutes: back,
  };
}

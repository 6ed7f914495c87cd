/**
 * Turns an engine solution back into roster routes in the care model's words: carers, dated
 * shifts, visits, ISO times.
 */
import type { ExpandedProblem, Visit } from '../model/expand.js';
import { expandedCarer } from '../model/expand.js';
import type { RosterRoute, RosterStop } from '../model/roster.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import type { EngineSolution } from './engine/instance.js';
import type { CompiledProblem } from './compile.js';

/**
 * A time of the engine to the second. Travel, durations and windows are whole seconds, so every
 * time the engine works out is one, but summed in floating point it can land a hair either side;
 * written unrounded, 08:37:07 could come out as 08:37:06.999.
 */
function toSecond(minutes: number): number {
  return Math.round(minutes * 60) / 60;
}

/**
 * A stop as one object literal, the fields of `visitIdentity` written out in its order: spreading
 * that record into each stop cost more than the rest of decoding a county's week.
 */
function stopOf(
  visit: Visit,
  arrival: string,
  start: string,
  end: string,
  travelMinutes: number,
  role: number | undefined,
): RosterStop {
  const { id: visitKey, packageId, patternId: visitId, date, clientId } = visit;
  return role === undefined
    ? { visitKey, packageId, visitId, date, clientId, arrival, start, end, travelMinutes }
    : { visitKey, packageId, visitId, date, clientId, arrival, start, end, travelMinutes, role };
}

/**
 * Routes of the roster, one per shift that has visits. The carer leaves home just in time for
 * the first visit and goes straight on after each visit, waiting at the next client if early.
 */
export function decodeRoutes(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  compiled: CompiledProblem,
  solution: EngineSolution,
): RosterRoute[] {
  const { clock } = expanded;
  const routes: { route: RosterRoute; leave: number }[] = [];
  solution.routes.forEach((tasks, r) => {
    if (tasks.length === 0) return;
    const shift = compiled.routeShift[r];
    if (!shift) return;
    const {
      transport: mode,
      startPlace: home,
      endPlace: end,
    } = expandedCarer(expanded, shift.carerId);
    const stops: RosterStop[] = [];
    let place = home;
    let free = Number.NaN;
    let shiftStart = Number.NaN;
    for (const task of tasks) {
      const visit = compiled.taskVisit[task];
      if (!visit) continue;
      const travelMinutes = travel.minutes(place, visit.location, mode);
      const start = toSecond(solution.taskStart[task]!);
      if (Number.isNaN(shiftStart)) {
        shiftStart = toSecond(start - travelMinutes);
        free = shiftStart;
      }
      const arrival = free + travelMinutes;
      // A role may stay less than the whole visit: each task's service is its carer's stay.
      const duration = compiled.instance.taskService[task]!;
      const role = compiled.taskRole[task];
      stops.push(
        stopOf(
          visit,
          clock.toIso(toSecond(arrival)),
          clock.toIso(start),
          clock.toIso(start + duration),
          travelMinutes,
          role,
        ),
      );
      place = visit.location;
      free = start + duration;
    }
    const travelBackMinutes = travel.minutes(place, end, mode);
    // The break the search placed, in the stretch after the travel to the next stop.
    const breakStart = solution.routeBreak?.[r] ?? Number.NaN;
    const rule = compiled.instance.breakRule;
    const declared =
      Number.isNaN(breakStart) || !rule
        ? {}
        : {
            break: {
              start: clock.toIso(toSecond(breakStart)),
              end: clock.toIso(toSecond(breakStart + rule.idle)),
            },
          };
    routes.push({
      leave: shiftStart,
      route: {
        carerId: shift.carerId,
        date: shift.date,
        shiftStart: clock.toIso(shiftStart),
        shiftEnd: clock.toIso(toSecond(free + travelBackMinutes)),
        stops,
        travelBackMinutes,
        ...declared,
      },
    });
  });
  return routes
    .sort(
      (a, b) =>
        (a.route.carerId < b.route.carerId ? -1 : a.route.carerId > b.route.carerId ? 1 : 0) ||
        a.leave - b.leave,
    )
    .map((entry) => entry.route);
}

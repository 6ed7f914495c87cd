/**
 * One shift laid out as a timeline: travel, waiting, visits and the break, in minutes from the
 * local midnight of the shift's date, for the report's per-carer timeline.
 */
import type { ExpandedProblem } from '../../model/expand.js';
import type { RosterRoute } from '../../model/roster.js';

/** What a carer is doing in one stretch of a shift. */
export type SegmentKind = 'travel' | 'wait' | 'visit' | 'break';

/** One stretch of a shift. */
export interface TimelineSegment {
  readonly kind: SegmentKind;
  /** Minutes from local midnight of the shift's date (past 1440 on a shift that runs on). */
  readonly from: number;
  readonly to: number;
  /** Index of the stop the stretch leads to or is (the journey home has the stop count). */
  readonly stop: number;
}

/**
 * The stretches of `route` in time order. Travel to a stop ends at its arrival; a carer who
 * arrives before the start waits at the door. A break the roster declares is drawn where it
 * says, cut out of the waiting it lies in. A shift without one whose working time passes the
 * break threshold has the idle stretches of its longest gap (the break the checker looks for)
 * marked `break` instead of `wait`.
 */
export function shiftTimeline(expanded: ExpandedProblem, route: RosterRoute): TimelineSegment[] {
  const { clock } = expanded;
  const midnight = clock.minuteOfDayToMinutes(route.date, 0);
  const at = (iso: string) => (clock.fromIso(iso) ?? midnight) - midnight;
  const segments: TimelineSegment[] = [];
  const gaps: { idle: number; indices: number[] }[] = [];
  let free = at(route.shiftStart);
  let work = 0;
  const push = (kind: SegmentKind, from: number, to: number, stop: number) => {
    if (to > from) segments.push({ kind, from, to, stop });
    return segments.length - 1;
  };
  route.stops.forEach((stop, index) => {
    const arrival = at(stop.arrival);
    const start = at(stop.start);
    const end = at(stop.end);
    const leave = arrival - stop.travelMinutes;
    const gap = { idle: 0, indices: [] as number[] };
    if (leave > free) {
      gap.indices.push(push('wait', free, leave, index));
      gap.idle += leave - free;
    }
    push('travel', Math.max(free, leave), arrival, index);
    if (start > arrival) {
      gap.indices.push(push('wait', arrival, start, index));
      gap.idle += start - arrival;
    }
    push('visit', start, end, index);
    work += stop.travelMinutes + (end - start);
    if (index > 0) gaps.push(gap);
    free = end;
  });
  if (route.stops.length > 0) {
    push('travel', free, free + route.travelBackMinutes, route.stops.length);
    work += route.travelBackMinutes;
  }
  if (route.break) return withDeclaredBreak(segments, at(route.break.start), at(route.break.end));
  const rules = expanded.problem.settings.workingTime;
  if (work > rules.breakAfterHours * 60 && rules.breakMinutes > 0) {
    const longest = gaps.reduce<(typeof gaps)[number] | undefined>(
      (best, gap) => (best === undefined || gap.idle > best.idle ? gap : best),
      undefined,
    );
    if (longest && longest.idle >= rules.breakMinutes) {
      for (const index of longest.indices) {
        const segment = segments[index];
        if (segment) segments[index] = { ...segment, kind: 'break' };
      }
    }
  }
  return segments;
}

/**
 * `segments` with the waiting inside `[from, to)` (a declared break) marked `break`: a stretch of
 * waiting it covers in part is cut in two or three. A break over travel or a visit (which the
 * checker reports) is drawn only where the carer waits.
 */
function withDeclaredBreak(
  segments: readonly TimelineSegment[],
  from: number,
  to: number,
): TimelineSegment[] {
  return segments.flatMap((segment) => {
    if (segment.kind !== 'wait' || segment.to <= from || to <= segment.from) return [segment];
    const start = Math.max(segment.from, from);
    const end = Math.min(segment.to, to);
    const pieces: TimelineSegment[] = [];
    if (start > segment.from) pieces.push({ ...segment, to: start });
    pieces.push({ ...segment, kind: 'break', from: start, to: end });
    if (segment.to > end) pieces.push({ ...segment, from: end });
    return pieces;
  });
}

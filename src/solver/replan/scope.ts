/**
 * Which part of a live roster a replan opens up. A change touches a few carers' days (the sick
 * carer's, the late carer's, the days a new package needs); the repair reopens those days and
 * the days of the carers nearest to each visit that needs a place, and keeps every other route
 * exactly as it was. The search then works on a problem of a few dozen routes instead of the
 * whole roster, and nothing outside the scope can move.
 */
import type { ExpandedProblem, Shift, Visit } from '../../model/expand.js';
import { expandedCarer } from '../../model/expand.js';
import type { Roster, RosterRoute } from '../../model/roster.js';
import type { TravelMatrix } from '../../geo/travel-matrix.js';
import { personalExclusion, shiftCanHost } from '../../constraints/eligibility.js';
import { readRoutes } from '../../constraints/soft-terms.js';
import { withinDayRules, workedDays, workUsedBy } from '../around-kept-routes.js';
import type { EngineInstance } from '../engine/instance.js';
import type { CompiledProblem } from '../compile.js';
import type { Changes } from './changes.js';

/**
 * Carers (nearest first, by travel from their home or their day's visits) whose day opens up
 * for each visit that needs a place: enough that a sick carer's round finds a carer with free
 * time (a longer drive costs less than moving someone else's visit) instead of pushing a
 * neighbour's round back. At 300 iterations on a 1,000-visit day, a 07:00 sickness moved as many
 * other visits as 12.7 % of the carer's with 9 (second seed of disruptions), 8.8 % with 12,
 * 4.7 % with 15 and 4.3 % with 20; 15 keeps the repair small.
 */
export const NEAREST_CARERS = 15;

/**
 * Carer-days a scope opens through double-ups and links beyond those the change needs: the few
 * a double-up brings in on a 1,000-visit day stay free to move, while links chaining on across a
 * 5,000-visit day (465 of its 967 routes for one sick carer) stop, and the scope's edge holds
 * the rest at their kept times.
 */
export const MAX_LINKED_DAYS = 24;

/** The part of the problem a replan may change, and the routes it keeps. */
export interface ReplanScope {
  /** Shifts the repair may fill, narrowed by the rest and days in a row of the kept days. */
  readonly shifts: readonly Shift[];
  /** Visits the repair places: those on the open routes and those that need a place. */
  readonly visits: readonly Visit[];
  /** Routes of the previous roster inside the scope (where the search starts from). */
  readonly open: readonly RosterRoute[];
  /** Routes of the previous roster kept exactly as they were. */
  readonly kept: readonly RosterRoute[];
  /** Working minutes the scope's carers already have on kept routes (keyed as the compile's work limits). */
  readonly workUsed: ReadonlyMap<string, number>;
  /**
   * Start windows (minutes) that visits of the scope must keep because a carer or a linked visit
   * of theirs stays on a kept route: a double-up's other carer is kept, so its start is fixed;
   * a linked visit kept outside bounds this one's start by the link's gap.
   */
  readonly edgeWindows: ReadonlyMap<string, readonly [number, number]>;
  /** True when the scope is the whole problem (every shift, every visit). */
  readonly whole: boolean;
}

/** A carer's day: the unit the scope opens. */
const dayKey = (carerId: string, date: string) => `${carerId}\u0000${date}`;

/** The whole problem as the scope: every shift and visit, nothing kept. */
export function wholeScope(expanded: ExpandedProblem, previous: Roster): ReplanScope {
  return {
    shifts: expanded.problem.carers.flatMap((carer) => expandedCarer(expanded, carer.id).shifts),
    visits: expanded.visits,
    open: previous.routes,
    kept: [],
    workUsed: new Map(),
    edgeWindows: new Map(),
    whole: true,
  };
}

/**
 * The scope of a replan: the carer-days whose routes lost a stop (`rejected`, a visit gone, a
 * carer no longer there, a delay), the days of carers given extra time, and for each visit that
 * needs a place (dropped, new, unplaced before) the days of the {@link NEAREST_CARERS} nearest
 * carers who could do it, and the days of the visits linked to those; then the days linked to
 * open ones through a double-up or a linked visit, up to {@link MAX_LINKED_DAYS}. A double-up or
 * link that still crosses the scope's edge holds the scope's end of it at the kept end's time.
 * With `nearest` 0 no carer's day opens for a visit that needs a place (a replan already out of
 * time, whose search will not run to use them).
 */
export function replanScope(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  previous: Roster,
  changes: Changes,
  rejected: ReadonlyMap<string, string>,
  now: number,
  linkedDays = MAX_LINKED_DAYS,
  nearest = NEAREST_CARERS,
): ReplanScope {
  const { clock } = expanded;
  const open = new Set<string>();
  const routesOfDay = new Map<string, RosterRoute[]>();
  const dayOfStop = new Map<string, string[]>();
  const placedCount = new Map<string, number>();
  for (const route of previous.routes) {
    const day = dayKey(route.carerId, route.date);
    routesOfDay.set(day, [...(routesOfDay.get(day) ?? []), route]);
    for (const stop of route.stops) {
      dayOfStop.set(stop.visitKey, [...(dayOfStop.get(stop.visitKey) ?? []), day]);
    }
  }
  // A delay reopens the route with the late stop, not the carer's other days.
  const delayed = new Set(
    changes.changes.flatMap((change) =>
      change.type === 'carer-delayed' ? [`${change.carerId}\u0000${change.visitKey}`] : [],
    ),
  );
  for (const route of previous.routes) {
    const day = dayKey(route.carerId, route.date);
    const shifts = expanded.expandedCarers.get(route.carerId)?.shifts ?? [];
    let touched = false;
    for (const stop of route.stops) {
      if (delayed.has(`${route.carerId}\u0000${stop.visitKey}`)) touched = true;
      const visit = expanded.visitsById.get(stop.visitKey);
      const start = clock.fromIso(stop.start);
      const fits =
        visit !== undefined &&
        start !== undefined &&
        !rejected.has(`${route.carerId}\u0000${stop.visitKey}`) &&
        shifts.some((shift) => shift.start <= start && start + visit.duration <= shift.end);
      if (!fits) touched = true;
      else placedCount.set(visit.id, (placedCount.get(visit.id) ?? 0) + 1);
    }
    if (touched) open.add(day);
  }
  for (const [id, count] of placedCount) {
    const visit = expanded.visitsById.get(id);
    // More carers than the visit needs: every one of those days reopens.
    if (visit && count > visit.carersNeeded)
      for (const day of dayOfStop.get(id) ?? []) open.add(day);
  }
  for (const change of changes.changes) {
    if (change.type === 'carer-available') open.add(dayKey(change.carerId, change.date));
  }

  const needing = expanded.visits.filter(
    (visit) =>
      (placedCount.get(visit.id) ?? 0) < visit.carersNeeded &&
      visit.windowEnd + visit.maxLateness >= now,
  );
  const reopened = needing.filter((visit) => (placedCount.get(visit.id) ?? 0) === 0);
  const unplacedBefore = new Set(previous.unplaced.map((entry) => entry.visitKey));
  // Visits left unplaced before and untouched by the change only join the days opened for the
  // others: seeding days for them too would reopen half of a week that could not place them.
  const seeds = reopened.filter((v) => !unplacedBefore.has(v.id) || open.size === 0);
  // A late carer's stops from the late one on may have to go to someone else.
  for (const change of changes.changes) {
    if (change.type !== 'carer-delayed') continue;
    for (const route of previous.routes) {
      if (route.carerId !== change.carerId) continue;
      const from = route.stops.findIndex((stop) => stop.visitKey === change.visitKey);
      if (from < 0) continue;
      for (const stop of route.stops.slice(from)) {
        const visit = expanded.visitsById.get(stop.visitKey);
        if (visit) seeds.push(visit);
      }
    }
  }
  const onDate = new Map<string, CarerOnDate[]>();
  for (const visit of nearest > 0 ? seeds : []) {
    let carers = onDate.get(visit.date);
    if (carers === undefined) {
      carers = carersOnDate(expanded, routesOfDay, visit.date);
      onDate.set(visit.date, carers);
    }
    for (const carerId of nearestCarers(expanded, travel, carers, visit, nearest)) {
      open.add(dayKey(carerId, visit.date));
    }
  }
  for (const visit of needing) {
    for (const day of dayOfStop.get(visit.id) ?? []) open.add(day);
  }
  openLinkedToNeeding(expanded, open, dayOfStop, needing);
  closeOverLinks(expanded, open, routesOfDay, dayOfStop, open.size + linkedDays);

  const openDates = new Set([...open].map((day) => day.split('\u0000')[1]));
  const inScope = (route: RosterRoute) => open.has(dayKey(route.carerId, route.date));
  const kept = previous.routes.filter((route) => !inScope(route));
  const openRoutes = previous.routes.filter(inScope);
  const onOpen = new Set(openRoutes.flatMap((route) => route.stops.map((stop) => stop.visitKey)));
  const needed = new Set(needing);
  const { visits, edgeWindows } = atTheEdge(
    expanded,
    kept,
    expanded.visits.filter(
      (visit) => onOpen.has(visit.id) || (openDates.has(visit.date) && needed.has(visit)),
    ),
  );

  const scopeCarers = new Set([...open].map((day) => day.split('\u0000')[0] as string));
  const keptRead = readRoutes(
    expanded,
    travel,
    kept.filter((route) => scopeCarers.has(route.carerId)),
  );
  const workUsed = workUsedBy(keptRead);
  const keptByCarer = new Map<string, typeof keptRead>();
  for (const route of keptRead) {
    keptByCarer.set(route.carer.id, [...(keptByCarer.get(route.carer.id) ?? []), route]);
  }
  const shifts = expanded.problem.carers.flatMap((carer) => {
    if (!scopeCarers.has(carer.id)) return [];
    const days = workedDays(expanded, keptByCarer.get(carer.id) ?? []);
    return expandedCarer(expanded, carer.id)
      .shifts.filter((shift) => open.has(dayKey(carer.id, shift.date)))
      .flatMap((shift) => withinDayRules(expanded, shift, days));
  });
  return { shifts, visits, open: openRoutes, kept, workUsed, edgeWindows, whole: false };
}

/** A carer as {@link nearestCarers} ranks them on one date: home and that day's visits. */
interface CarerOnDate {
  readonly carer: ExpandedProblem['problem']['carers'][number];
  /** Locations the carer is at that day: home first, then each visit of their routes. */
  readonly places: readonly number[];
}

/**
 * Each carer's places on `date` (see {@link CarerOnDate}), read once for all the visits of a
 * scope that date: the ranking below reads them for every visit that needs a place.
 */
function carersOnDate(
  expanded: ExpandedProblem,
  routesOfDay: ReadonlyMap<string, readonly RosterRoute[]>,
  date: string,
): CarerOnDate[] {
  return expanded.problem.carers.map((carer) => {
    const places = [expandedCarer(expanded, carer.id).startPlace];
    for (const route of routesOfDay.get(dayKey(carer.id, date)) ?? []) {
      for (const stop of route.stops) {
        const place = expanded.visitsById.get(stop.visitKey)?.location;
        if (place !== undefined) places.push(place);
      }
    }
    return { carer, places };
  });
}

/**
 * The carers nearest to `visit` who could do it on its date: not ruled out by who they are, with
 * a shift that has room for it, ranked by travel from their home or the nearest of that day's
 * visits, whichever is shorter. Ranked first and checked in that order until enough are found,
 * since checking is dearer than ranking and few are needed: the same carers as checking all.
 */
function nearestCarers(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  carers: readonly CarerOnDate[],
  visit: Visit,
  count: number,
): string[] {
  const ranked = carers.map(({ carer, places }) => {
    let minutes = Number.POSITIVE_INFINITY;
    for (const place of places) {
      minutes = Math.min(minutes, travel.minutes(place, visit.location, carer.transport));
    }
    return { carer, minutes };
  });
  ranked.sort((a, b) => a.minutes - b.minutes || (a.carer.id < b.carer.id ? -1 : 1));
  const nearest: string[] = [];
  for (const { carer } of ranked) {
    if (nearest.length >= count) break;
    const hosts = expandedCarer(expanded, carer.id).shifts.some(
      (shift) => shift.date === visit.date && shiftCanHost(expanded, travel, shift, visit),
    );
    if (hosts && personalExclusion(expanded, carer, visit) === undefined) nearest.push(carer.id);
  }
  return nearest;
}

/**
 * Adds to `open` the days of each visit that needs a place and of the visits linked to it: a
 * displaced double-up or linked visit is placed again as a whole, so every end of it must be
 * free to move.
 */
function openLinkedToNeeding(
  expanded: ExpandedProblem,
  open: Set<string>,
  dayOfStop: ReadonlyMap<string, readonly string[]>,
  needing: readonly Visit[],
): void {
  const partners = new Map<string, string[]>();
  for (const link of expanded.links) {
    partners.set(link.first, [...(partners.get(link.first) ?? []), link.second]);
    partners.set(link.second, [...(partners.get(link.second) ?? []), link.first]);
  }
  for (const visit of needing) {
    for (const id of partners.get(visit.id) ?? []) {
      for (const day of dayOfStop.get(id) ?? []) open.add(day);
    }
  }
}

/**
 * Adds to `open` the carer-days that share a double-up or a linked visit with an open one, and
 * those they share one with, until none is left outside or `open` holds `limit` days: inside the
 * scope both ends of a link may move.
 */
function closeOverLinks(
  expanded: ExpandedProblem,
  open: Set<string>,
  routesOfDay: ReadonlyMap<string, readonly RosterRoute[]>,
  dayOfStop: ReadonlyMap<string, readonly string[]>,
  limit: number,
): void {
  const partners = new Map<string, string[]>();
  for (const link of expanded.links) {
    partners.set(link.first, [...(partners.get(link.first) ?? []), link.second]);
    partners.set(link.second, [...(partners.get(link.second) ?? []), link.first]);
  }
  const queue = [...open];
  for (let next = 0; next < queue.length && open.size < limit; next++) {
    for (const route of routesOfDay.get(queue[next]!) ?? []) {
      for (const stop of route.stops) {
        for (const id of [stop.visitKey, ...(partners.get(stop.visitKey) ?? [])]) {
          for (const other of dayOfStop.get(id) ?? []) {
            if (open.has(other) || open.size >= limit) continue;
            open.add(other);
            queue.push(other);
          }
        }
      }
    }
  }
}

/**
 * The scope's visits as the repair sees them where they meet kept routes. Opening every day a
 * double-up or a link reaches, and every day those reach, spreads over most of a large roster
 * (on a 5,000-visit day it opened 465 of 967 routes for one sick carer). Instead a visit some of
 * whose carers stay on kept routes needs only its other carers from the scope, at the kept
 * start; a visit linked to a kept one keeps its start within the link's gap of it.
 */
function atTheEdge(
  expanded: ExpandedProblem,
  kept: readonly RosterRoute[],
  visits: readonly Visit[],
): { visits: Visit[]; edgeWindows: Map<string, readonly [number, number]> } {
  const keptStops = new Map<string, number[]>();
  for (const route of kept) {
    for (const stop of route.stops) {
      const start = expanded.clock.fromIso(stop.start);
      if (start !== undefined)
        keptStops.set(stop.visitKey, [...(keptStops.get(stop.visitKey) ?? []), start]);
    }
  }
  const edgeWindows = new Map<string, readonly [number, number]>();
  const narrow = (id: string, lo: number, hi: number) => {
    const [from, to] = edgeWindows.get(id) ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    edgeWindows.set(id, [Math.max(from, lo), Math.min(to, hi)]);
  };
  const inScope = new Set(visits.map((visit) => visit.id));
  for (const link of expanded.links) {
    const first = keptStops.get(link.first);
    const second = keptStops.get(link.second);
    if (inScope.has(link.second) && !inScope.has(link.first) && first) {
      for (const start of first) narrow(link.second, start + link.minGap, start + link.maxGap);
    }
    if (inScope.has(link.first) && !inScope.has(link.second) && second) {
      for (const start of second) narrow(link.first, start - link.maxGap, start - link.minGap);
    }
  }
  const out: Visit[] = [];
  for (const visit of visits) {
    const starts = keptStops.get(visit.id);
    if (!starts) {
      out.push(visit);
      continue;
    }
    // A visit needs one or two carers: with one kept, a double-up needs one more.
    if (visit.carersNeeded - starts.length <= 0) continue;
    for (const start of starts) narrow(visit.id, start, start);
    out.push({ ...visit, carersNeeded: 1 });
  }
  return { visits: out, edgeWindows };
}

/**
 * `instance` with the start windows of {@link ReplanScope.edgeWindows} applied to the tasks of
 * their visits (each window holds the previous roster's start, which met every link).
 *
 * @example
 * const held = withEdgeWindows(compiled.instance, compiled, scope);
 */
export function withEdgeWindows(
  instance: EngineInstance,
  compiled: CompiledProblem,
  scope: Pick<ReplanScope, 'edgeWindows'>,
): EngineInstance {
  if (scope.edgeWindows.size === 0) return instance;
  const earliest = Float64Array.from(instance.taskEarliest);
  const latest = Float64Array.from(instance.taskLatest);
  compiled.taskVisit.forEach((visit, t) => {
    const window = scope.edgeWindows.get(visit.id);
    if (!window) return;
    earliest[t] = Math.max(earliest[t]!, window[0]);
    latest[t] = Math.min(latest[t]!, window[1]);
  });
  return { ...instance, taskEarliest: earliest, taskLatest: latest };
}

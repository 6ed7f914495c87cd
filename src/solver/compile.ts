/**
 * Compiles an expanded care problem into the engine's index-based form: one task per carer a
 * visit needs, one route per carer shift, work limits per carer-day and carer-week. The pairs a
 * task may take are kept by date and the assignment costs by kind of client, so that a week of
 * 166,000 visits needs a fraction of a gigabyte for them (see `allowed-table.ts`).
 */
import type { ExpandedProblem, Shift, Visit } from '../model/expand.js';
import { expandedCarer } from '../model/expand.js';
import type { TransportMode } from '../model/schema.js';
import { TRANSPORT_MODES } from '../model/schema.js';
import { daysBetween } from '../model/time.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { clientExclusion, qualificationExclusion } from '../constraints/eligibility.js';
import * as terms from '../constraints/soft-term-definitions.js';
import { checkDeadline, DEADLINE_CHECK_EVERY } from './compile-deadline.js';
import { compileTravel } from './compile-travel.js';
import { markShiftsThatFit, readShiftTravel } from './shifts-that-fit.js';
import { buildAssignmentCosts, buildSoftTerms, workLimitKeys } from './compile-objective.js';
import type { EngineInstance, TaskLink } from './engine/instance.js';

export { CompileStopped } from './compile-deadline.js';
export { workLimitKeys } from './compile-objective.js';

/** The engine instance plus what is needed to map its solution back to the care model. */
export interface CompiledProblem {
  readonly instance: EngineInstance;
  /** The visit each task belongs to. */
  readonly taskVisit: readonly Visit[];
  /** The role (index into the visit's roles) each task fills; undefined on visits without. */
  readonly taskRole: readonly (number | undefined)[];
  /** The shift each route is. */
  readonly routeShift: readonly Shift[];
  /** Carer ids by worker index, and the reverse. */
  readonly workerCarer: readonly string[];
  readonly workerOf: ReadonlyMap<string, number>;
}

/**
 * What part of a problem to compile, for solving a piece of it (e.g. visits left over after a
 * neighbourhood solve, into the gaps of carers' existing rosters). Everything by default.
 */
export interface CompileScope {
  /** The visits to roster (with their links, when both ends are included). */
  readonly visits?: readonly Visit[];
  /** The shifts to roster them into. */
  readonly shifts?: readonly Shift[];
  /** Working minutes already used, keyed by {@link workLimitKeys}, taken off the limits. */
  readonly workUsed?: ReadonlyMap<string, number>;
}

/**
 * Builds the engine instance for a problem (or a scope of it) and travel matrix.
 *
 * @param deadline a `Date.now()` time by which to give up: past it, a {@link CompileStopped}
 *   is thrown (looked for every few visits, so it is overrun by well under a second).
 * @example
 * const expanded = expandProblem(parseProblem(input));
 * const travel = straightLineTravelMatrix(expanded.locations, expanded.problem.settings.travel);
 * const { instance } = compileProblem(expanded, travel, {}, Date.now() + 5_000);
 */
export function compileProblem(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  scope: CompileScope = {},
  deadline?: number,
): CompiledProblem {
  const { problem } = expanded;
  const visits = scope.visits ?? expanded.visits;
  const travelMinuteCost = terms.travelTerm.price(problem.settings.weights);
  const routeShift =
    scope.shifts ?? problem.carers.flatMap((carer) => expandedCarer(expanded, carer.id).shifts);

  // The engine's matrices cover only the places this scope visits or starts and ends at, so a
  // neighbourhood of a county-wide problem does not pay for the whole county's matrix.
  const localOf = new Map<number, number>();
  const placeOf: number[] = [];
  const local = (place: number): number => {
    let index = localOf.get(place);
    if (index === undefined) {
      index = placeOf.length;
      placeOf.push(place);
      localOf.set(place, index);
    }
    return index;
  };
  for (const visit of visits) local(visit.location);
  for (const shift of routeShift) {
    const { startPlace, endPlace } = expandedCarer(expanded, shift.carerId);
    local(startPlace);
    local(endPlace);
  }
  const nLocations = Math.max(1, placeOf.length);

  const usedModes = TRANSPORT_MODES.filter((mode) =>
    problem.carers.some((carer) => carer.transport === mode),
  );
  // The engine expects at least one profile, even for a problem with no carers.
  const modes: TransportMode[] = usedModes.length > 0 ? usedModes : ['car'];
  const profileOf = new Map<TransportMode, number>(modes.map((mode, index) => [mode, index]));
  checkDeadline(deadline);
  const compiledTravel = compileTravel(travel, placeOf, modes, travelMinuteCost, deadline);

  const taskVisit: Visit[] = [];
  const taskRole: (number | undefined)[] = [];
  const links: TaskLink[] = [];
  const firstTask = new Map<string, number>();
  for (const visit of visits) {
    const first = taskVisit.length;
    firstTask.set(visit.id, first);
    // One task per carer: the k-th fills the k-th role, when the visit states roles.
    for (let k = 0; k < visit.carersNeeded; k++) {
      taskVisit.push(visit);
      taskRole.push(visit.roles === undefined ? undefined : k);
    }
    for (let k = 1; k < visit.carersNeeded; k++) {
      links.push({ a: first, b: first + k, minGap: 0, maxGap: 0 });
    }
  }
  for (const link of expanded.links) {
    const a = firstTask.get(link.first);
    const b = firstTask.get(link.second);
    if (a !== undefined && b !== undefined) {
      links.push({ a, b, minGap: link.minGap, maxGap: link.maxGap, separable: true });
    }
  }
  const nTasks = taskVisit.length;

  const workerCarer = problem.carers.map((carer) => carer.id);
  const workerOf = new Map(workerCarer.map((id, index) => [id, index]));
  const nRoutes = routeShift.length;
  const routeWords = Math.max(1, Math.ceil(nRoutes / 32));

  const routeProfile = new Int32Array(nRoutes);
  const routeStart = new Int32Array(nRoutes);
  const routeEnd = new Int32Array(nRoutes);
  const routeEarliestStart = new Float64Array(nRoutes);
  const routeLatestEnd = new Float64Array(nRoutes);
  const routeWorker = new Int32Array(nRoutes);
  routeShift.forEach((shift, r) => {
    const { startPlace, endPlace, transport } = expandedCarer(expanded, shift.carerId);
    routeProfile[r] = profileOf.get(transport) ?? 0;
    routeStart[r] = local(startPlace);
    routeEnd[r] = local(endPlace);
    routeEarliestStart[r] = shift.start;
    routeLatestEnd[r] = shift.end;
    routeWorker[r] = workerOf.get(shift.carerId) as number;
  });

  // A shift and a visit each lie inside their own date, so only that date's shifts can host it:
  // the table of allowed pairs is laid out by date, a task's row a bit per shift of its date.
  const routesOnDate = new Map<string, number[]>();
  const routeGroup = new Int32Array(nRoutes);
  const routeBit = new Int32Array(nRoutes);
  routeShift.forEach((shift, r) => {
    let list = routesOnDate.get(shift.date);
    if (!list) routesOnDate.set(shift.date, (list = []));
    routeBit[r] = list.length;
    list.push(r);
  });
  const groupOfDate = new Map([...routesOnDate.keys()].map((date, g) => [date, g]));
  routeShift.forEach((shift, r) => {
    routeGroup[r] = groupOfDate.get(shift.date)!;
  });
  const taskGroup = Int32Array.from(taskVisit, (visit) => groupOfDate.get(visit.date) ?? -1);
  const taskRowStart = new Int32Array(nTasks + 1);
  for (let t = 0; t < nTasks; t++) {
    const routes = routesOnDate.get(taskVisit[t]!.date)?.length ?? 0;
    taskRowStart[t + 1] = taskRowStart[t]! + Math.ceil(routes / 32);
  }
  const allowed = new Uint32Array(taskRowStart[nTasks]!);
  const carerOfWorker = workerCarer.map((id) => expanded.carers.get(id));
  // The rules about the person come in two halves: those about the client (refusals either way,
  // a required gender or language), the same on every date, and the qualifications, the same
  // for every client. Each is decided once per carer, for each client and for each set of
  // qualifications and date, and a visit may have the carers both allow (1 in both). Most
  // clients have no such rules and share one verdict, as do visits needing no qualification.
  const everyone = Uint8Array.from(carerOfWorker, (carer) => (carer ? 1 : 0));
  const refusedSomewhere = new Set(problem.carers.flatMap((carer) => carer.refusedClients));
  const clientVerdicts = new Map<string, Uint8Array>();
  const clientVerdict = (clientId: string): Uint8Array => {
    let verdict = clientVerdicts.get(clientId);
    if (verdict) return verdict;
    const client = expanded.clients.get(clientId);
    const ruled =
      refusedSomewhere.has(clientId) ||
      (client?.refusedCarers.length ?? 0) > 0 ||
      client?.carerGender?.strength === 'required' ||
      client?.language?.strength === 'required';
    verdict = ruled
      ? Uint8Array.from(carerOfWorker, (carer) =>
          carer && clientExclusion(client, clientId, carer) === undefined ? 1 : 0,
        )
      : everyone;
    clientVerdicts.set(clientId, verdict);
    return verdict;
  };
  const skillVerdicts = new Map<string, Uint8Array>();
  const skillVerdict = (qualifications: readonly string[], date: string): Uint8Array => {
    if (qualifications.length === 0) return everyone;
    const key = [date, ...qualifications].join('\u0000');
    let verdict = skillVerdicts.get(key);
    if (!verdict) {
      verdict = Uint8Array.from(carerOfWorker, (carer) =>
        carer && qualificationExclusion(carer, qualifications, date) === undefined ? 1 : 0,
      );
      skillVerdicts.set(key, verdict);
    }
    return verdict;
  };
  // Each date's shifts by earliest start, their figures side by side: a visit need look only at
  // the shifts that start by its latest start (none later can reach it in time), and the
  // cheapest test, whether the shift ends too soon, comes before any travel is read. On a
  // 166,000-visit week this loop is most of compiling (a visit against 5,000 shifts of its day).
  const byStart = new Map(
    [...routesOnDate].map(([date, routes]) => {
      const order = [...routes].sort(
        (a, b) => routeEarliestStart[a]! - routeEarliestStart[b]! || a - b,
      );
      return [
        date,
        {
          earliest: Float64Array.from(order, (r) => routeEarliestStart[r]!),
          latestEnd: Float64Array.from(order, (r) => routeLatestEnd[r]!),
          start: Int32Array.from(order, (r) => routeStart[r]!),
          end: Int32Array.from(order, (r) => routeEnd[r]!),
          profile: Int32Array.from(order, (r) => routeProfile[r]!),
          worker: Int32Array.from(order, (r) => routeWorker[r]!),
          bit: Int32Array.from(order, (r) => routeBit[r]!),
        },
      ];
    }),
  );
  // The visits of one place on one date are taken together: they read the same travel to and
  // from each shift of that date, so each figure is read once for them all (2.7 visits a client
  // a day), which matters most where travel is worked out when asked for. The order does not
  // change what is allowed.
  const visitOrder = Array.from(visits, (_, v) => v);
  const mostShifts = Math.max(0, ...[...routesOnDate.values()].map((routes) => routes.length));
  const leadOf = new Float64Array(mostShifts);
  const backOf = new Float64Array(mostShifts);
  let heldDate = '';
  let heldPlace = -1;
  let heldRead = 0;
  {
    const key = Float64Array.from(
      visits,
      (visit) => (groupOfDate.get(visit.date) ?? -1) * nLocations + local(visit.location),
    );
    visitOrder.sort((a, b) => key[a]! - key[b]! || a - b);
  }
  visitOrder.forEach((v, step) => {
    if ((step & (DEADLINE_CHECK_EVERY - 1)) === 0) checkDeadline(deadline);
    const visit = visits[v]!;
    const first = firstTask.get(visit.id);
    if (first === undefined) return;
    const place = local(visit.location);
    if (visit.date !== heldDate || place !== heldPlace) {
      heldDate = visit.date;
      heldPlace = place;
      heldRead = 0;
    }
    const latest = visit.windowEnd + visit.maxLateness;
    // Alike carers share one verdict; each role has its own (what it needs, how long it stays).
    const slots = visit.roles?.map((role, k) => ({ k, n: 1, role })) ?? [
      { k: 0, n: visit.carersNeeded, role: undefined },
    ];
    const shifts = byStart.get(visit.date);
    if (shifts === undefined) return;
    const { earliest } = shifts;
    // The shifts starting by `latest`: earliest starts ascend.
    let reach = 0;
    for (let step = 1 << 30; step > 0; step >>>= 1) {
      if (reach + step <= earliest.length && earliest[reach + step - 1]! <= latest) reach += step;
    }
    if (reach > heldRead) {
      readShiftTravel(shifts, place, heldRead, reach, compiledTravel.time, leadOf, backOf);
      heldRead = reach;
    }
    for (const { k: firstSlot, n, role } of slots) {
      markShiftsThatFit(
        shifts,
        {
          windowStart: visit.windowStart,
          latest,
          duration: role?.duration ?? visit.duration,
          reach,
          firstTask: first + firstSlot,
          tasks: n,
        },
        clientVerdict(visit.clientId),
        skillVerdict(role?.qualifications ?? visit.qualifications, visit.date),
        leadOf,
        backOf,
        taskRowStart,
        allowed,
      );
    }
  });

  const limitGroups = new Map<string, { max: number; routes: number[] }>();
  routeShift.forEach((shift, r) => {
    const carer = expanded.carers.get(shift.carerId);
    if (!carer) return;
    const keys = workLimitKeys(carer.id, shift.date);
    const groups: [string, number][] = [
      [keys.day, carer.contract.maxHoursPerDay * 60],
      [keys.week, carer.contract.maxHoursPerWeek * 60],
    ];
    for (const [key, limit] of groups) {
      const max = Math.max(0, limit - (scope.workUsed?.get(key) ?? 0));
      const group = limitGroups.get(key) ?? { max, routes: [] };
      group.routes.push(r);
      limitGroups.set(key, group);
    }
  });
  // Breaks: each shift's working time is capped at the threshold that would require one; with
  // `placeBreaks` the search lifts the cap where it prices a longer shift with its break placed
  // (`break-plan.ts`).
  const { breakAfterHours, breakMinutes, breakWindow, placeBreaks } = problem.settings.workingTime;
  if (breakMinutes > 0) {
    routeShift.forEach((_, r) => {
      limitGroups.set(`break\u0000${r}`, { max: breakAfterHours * 60, routes: [r] });
    });
  }
  const limitKeys = [...limitGroups.keys()];
  const limits = [...limitGroups.values()];
  const routeBreakLimit = new Int32Array(nRoutes).fill(-1);
  limitKeys.forEach((key, k) => {
    if (!key.startsWith('break\u0000')) return;
    const r = Number(key.slice(6));
    // Only a whole availability window has its opening, which the break window counts from, at
    // its start; a part of one (free time around kept routes) keeps the cap.
    const shift = routeShift[r]!;
    const whole = expandedCarer(expanded, shift.carerId).shifts.some(
      (window) => window.start === shift.start && window.end === shift.end,
    );
    if (whole) routeBreakLimit[r] = k;
  });
  const limitStart = new Int32Array(limits.length + 1);
  limits.forEach((limit, k) => {
    limitStart[k + 1] = limitStart[k]! + limit.routes.length;
  });

  const preferred = workerCarer.map((carerId) => {
    const carer = expanded.carers.get(carerId);
    return carer && terms.preferredHoursTerm.windows(expanded, carer);
  });
  const assignment = buildAssignmentCosts(expanded, taskVisit, workerCarer, deadline);
  checkDeadline(deadline);
  const soft = buildSoftTerms(expanded, taskVisit, routeShift, workerCarer, preferred, scope);

  // Rest between days and days in a row, enforced move by move by the engine.
  const { minRestHours, maxConsecutiveDays } = problem.settings.workingTime;
  const firstDate = expanded.dates[0] ?? problem.horizon.start;
  const routeDay = Int32Array.from(routeShift, (shift) => daysBetween(firstDate, shift.date));

  const instance: EngineInstance = {
    nLocations,
    travelTime: compiledTravel.time,
    travelCost: compiledTravel.cost,
    nTasks,
    taskLocation: Int32Array.from(taskVisit, (visit) => local(visit.location)),
    taskService: Float64Array.from(taskVisit, (visit, t) =>
      visit.roles === undefined ? visit.duration : visit.roles[taskRole[t]!]!.duration,
    ),
    taskEarliest: Float64Array.from(taskVisit, (visit) => visit.windowStart),
    taskLatest: Float64Array.from(taskVisit, (visit) => visit.windowEnd + visit.maxLateness),
    taskDemand: new Float64Array(nTasks),
    // Per task, so a double-up's two tasks add up to the visit's unplaced cost.
    taskUnplacedPenalty: Float64Array.from(
      taskVisit,
      (visit) => terms.unplacedCost(visit) / visit.carersNeeded,
    ),
    nRoutes,
    routeProfile,
    routeStartLocation: routeStart,
    routeEndLocation: routeEnd,
    routeEarliestStart,
    routeLatestEnd,
    routeCapacity: new Float64Array(nRoutes).fill(Infinity),
    routeWorker,
    nWorkers: workerCarer.length,
    routeDay,
    minRest: minRestHours * 60,
    ...(maxConsecutiveDays === undefined ? {} : { maxDaysInRow: maxConsecutiveDays }),
    allowed,
    routeWords,
    allowedGroups: { routeGroup, routeBit, taskGroup, taskRowStart },
    nLimits: limits.length,
    limitMax: Float64Array.from(limits, (limit) => limit.max),
    limitStart,
    limitRoutes: Int32Array.from(limits.flatMap((limit) => limit.routes)),
    links,
    assignmentCost: assignment?.costs ?? null,
    taskAssignmentRow: assignment?.taskRow ?? null,
    soft,
    // The break window counts from the opening of the shift's availability window (as the
    // checker counts it), whatever the rest between days makes of the departure.
    breakRule:
      breakMinutes > 0 && !placeBreaks
        ? { work: breakAfterHours * 60, idle: breakMinutes }
        : breakMinutes > 0
          ? {
              work: breakAfterHours * 60,
              idle: breakMinutes,
              windowFrom: Float64Array.from(
                routeShift,
                (shift) => shift.start + breakWindow.fromHour * 60,
              ),
              windowTo: Float64Array.from(
                routeShift,
                (shift) => shift.start + breakWindow.toHour * 60,
              ),
              routeLimit: routeBreakLimit,
            }
          : null,
  };
  return { instance, taskVisit, taskRole, routeShift, workerCarer, workerOf };
}

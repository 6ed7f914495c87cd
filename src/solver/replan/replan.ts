/**
 * Replanning a live roster: the problem as changed, searched from the previous roster (warm
 * start) with history frozen, pins held and a change cost, so the roster moves no more than the
 * change needs. Inputs and outputs are plain JSON, so the same call runs on a worker thread.
 */
import type { ExpandedProblem } from '../../model/expand.js';
import { expandProblem } from '../../model/expand.js';
import type { Roster, RosterRoute, UnplacedVisit } from '../../model/roster.js';
import { RosterValidationError, validateRoster } from '../../model/roster-schema.js';
import type { Problem, ProblemInput } from '../../model/schema.js';
import { parseProblem } from '../../model/validate.js';
import type { TravelMatrix } from '../../geo/travel-matrix.js';
import { straightLineTravelMatrix } from '../../geo/straight-line.js';
import { checkRoster } from '../../constraints/check-roster.js';
import { HARD_RULES } from '../../constraints/rules.js';
import { unplacedVisits } from '../../constraints/eligibility.js';
import { computeKpis } from '../../constraints/kpis.js';
import { readRoutes } from '../../constraints/soft-terms.js';
import { softTermCosts } from '../../constraints/explain.js';
import { compileProblem } from '../compile.js';
import type { CompiledProblem } from '../compile.js';
import { decodeRoutes } from '../decode.js';
import type { EngineInstance } from '../engine/instance.js';
import { faultsWith } from '../around-kept-routes.js';
import { NOT_REACHED_REASON } from '../not-reached.js';
import type { Changes, ChangesInput } from './changes.js';
import { applyChanges, parseChanges } from './apply-changes.js';
import { placePrevious } from './previous.js';
import type { PreviousPlacement } from './previous.js';
import { fixAssignments } from './fixings.js';
import type { Fixings } from './fixings.js';
import { withChangeCost } from './change-cost.js';
import { finishVisitsInProgress } from './finish-in-progress.js';
import { diffRosters } from './diff.js';
import type { RosterDiff } from './diff.js';
import {
  MAX_LINKED_DAYS,
  NEAREST_CARERS,
  replanScope,
  wholeScope,
  withEdgeWindows,
} from './scope.js';
import { carerDaysBefore } from './carer-days.js';
import type { ReplanScope } from './scope.js';
import { searchFromPrevious } from './search.js';
import type { ReplanProgress } from './search.js';
import { replanNotes } from './notes.js';
import type { ReplanNote } from './notes.js';

export type { ReplanNote } from './notes.js';
export type { ReplanProgress } from './search.js';

/** Options of {@link replan}. */
export interface ReplanOptions {
  /** Seed of the search: same inputs, seed and iteration limit, same roster. */
  readonly seed?: number;
  /** Wall-clock budget of the whole call in milliseconds ({@link DEFAULT_REPLAN_TIME_LIMIT_MS}). */
  readonly timeLimitMs?: number;
  /** Iteration budget of the search; deterministic, unlike a time limit. */
  readonly maxIterations?: number;
  readonly signal?: AbortSignal;
  /** Travel times; the straight-line estimate from the problem's settings by default. */
  readonly travel?: TravelMatrix;
  /** Called now and then during the search (a plain object, safe to pass between threads). */
  readonly onProgress?: (progress: ReplanProgress) => void;
}

/**
 * Default budget of a replan when neither a time nor an iteration limit is given: an answer
 * while the coordinator is still on the phone, and enough for a 1,000-visit day.
 */
export const DEFAULT_REPLAN_TIME_LIMIT_MS = 1_000;

/** Share of the budget kept back for decoding, reasons, KPIs and the diff. */
const FINISH_SHARE = 0.1;
/**
 * ...and at least this much a visit of the problem, since the finish reads every route and
 * visit (soft-term costs, KPIs, the diff), not only the scope's: on a 5,000-visit day it is
 * about a fifth of a replan's time (some 150 ms of a quiet 725 ms), and twice that is kept so
 * that a busy machine still finishes within the limit: 250 ms of a 1 s limit there.
 */
const FINISH_MS_PER_VISIT = 0.05;
/** ...but never more than this: a week of 100k visits still gets a search. */
const MAX_FINISH_MS = 2_000;

/** Epoch milliseconds by which the search of a replan started at `started` must end. */
function searchDeadline(
  timeLimitMs: number | undefined,
  started: number,
  visits: number,
): number | undefined {
  if (timeLimitMs === undefined) return undefined;
  const finishMs = Math.min(
    Math.max(timeLimitMs * FINISH_SHARE, visits * FINISH_MS_PER_VISIT),
    MAX_FINISH_MS,
    timeLimitMs,
  );
  return started + timeLimitMs - finishMs;
}

/** What {@link replan} returns. */
export interface ReplanResult {
  /** The new roster, for the problem as changed. */
  readonly roster: Roster;
  /** The problem as changed (availability, dates and overrides of visits, new packages). */
  readonly problem: Problem;
  /** What changed, and who must be told. */
  readonly diff: RosterDiff;
  /** Stops of the previous roster that could not stay, and where they went. */
  readonly notes: readonly ReplanNote[];
}

/** Rules whose violation says nothing about the stop itself. */
const NOT_ABOUT_THE_STOP = new Set<string>([
  HARD_RULES.coverage,
  HARD_RULES.unplacedReason,
  HARD_RULES.reference,
]);

/** Rule name of an unplaced reason for a visit whose window ended before `now`. */
export const HISTORY_RULE = 'history';

/**
 * Changes a live roster: applies `changes` to the problem and searches from `previous`, with
 * everything before `changes.now` as it was, pins held and a change cost (weights in
 * `settings.change`) so that no more moves than the change needs. Hard rules first, then
 * unplaced visits, then the change cost against the other soft terms.
 *
 * A stop of `previous` that no longer fits (its visit gone, its carer unavailable, a rule
 * broken) goes back into the pool and is placed elsewhere or listed unplaced with its reasons;
 * each is reported in `notes`. With no changes and a previous roster the checker passes, the
 * previous roster comes back unchanged.
 *
 * @param onPrepared called once the replan is prepared, before its search (replanAsync's worker
 *   builds its stand-in answer there); not called when the previous roster comes back unchanged.
 * @throws {ProblemValidationError} when `problem` is not valid.
 * @throws {RosterValidationError} when `previous` is not a roster.
 * @throws {ChangesValidationError} when `changes` is malformed or names unknown ids, or dates
 * outside the horizon.
 *
 * @example
 * const { roster, diff } = replan(problem, previous, {
 *   now: '2026-03-23T06:30',
 *   changes: [{ type: 'carer-unavailable', carerId: 'ann', from: '2026-03-23T06:30', to: '2026-03-23T23:59' }],
 * });
 * console.log(diff.messages.join('\n'));
 */
export function replan(
  problemInput: ProblemInput | unknown,
  previousInput: Roster | unknown,
  changesInput: ChangesInput | unknown,
  options: ReplanOptions = {},
  onPrepared?: (prepared: PreparedReplan, started: number) => void,
): ReplanResult {
  const started = Date.now();
  const problem = parseProblem(problemInput);
  const parsedRoster = validateRoster(previousInput);
  if (!parsedRoster.ok) throw new RosterValidationError(parsedRoster.issues);
  const previous = parsedRoster.roster;
  const changes = parseChanges(changesInput, problem, previous);

  if (changes.now === undefined && changes.changes.length === 0) {
    const expanded = expandProblem(problem);
    const travel =
      options.travel ??
      straightLineTravelMatrix(expanded.locations, problem.settings.travel, { onDemand: true });
    if (checkRoster(problem, previous, { expanded, travel }).length === 0) {
      return { roster: previous, problem, diff: diffRosters(previous, previous), notes: [] };
    }
  }
  const prepared = prepareReplan(problem, previous, changes, options.travel, false, {
    timeLimitMs: limitOf(options),
    started,
  });
  onPrepared?.(prepared, started);
  return replanPrepared(prepared, options, started);
}

/** A replan laid out for the engine: the changed problem, the scope opened, compiled. */
export interface PreparedReplan {
  readonly previous: Roster;
  readonly changes: Changes;
  readonly problem: Problem;
  readonly expanded: ExpandedProblem;
  readonly travel: TravelMatrix;
  /** Stops of the previous roster the changed problem rules out, keyed `carerId\0visitKey`. */
  readonly rejected: ReadonlyMap<string, string>;
  /** The part of the roster the search may change; the rest is kept as it was. */
  readonly scope: ReplanScope;
  /** The scope compiled: its shifts as routes, its visits as tasks. */
  readonly compiled: CompiledProblem;
  readonly placement: PreviousPlacement;
  readonly fixings: Fixings;
  /** The instance searched: history, pins and delays held, change cost added. */
  readonly instance: EngineInstance;
}

/** The time limit of a replan with `options`: the default when no limit of either kind is given. */
function limitOf(options: ReplanOptions): number | undefined {
  return (
    options.timeLimitMs ??
    (options.maxIterations === undefined ? DEFAULT_REPLAN_TIME_LIMIT_MS : undefined)
  );
}

/**
 * Applies validated changes and lays the previous roster onto the changed problem, opening only
 * the scope the change needs ({@link replanScope}), or the whole problem when `whole` is set.
 * With a time limit (`budget`, counted from `started`) whose search deadline has passed by the
 * time the scope is drawn, no nearest carer's day opens: no search will run to use them, and
 * ranking and compiling them is most of what a large day's scope costs.
 */
export function prepareReplan(
  problem: Problem,
  previous: Roster,
  changes: Changes,
  travelGiven?: TravelMatrix,
  whole = false,
  budget: { readonly timeLimitMs?: number; readonly started: number } = { started: Date.now() },
): PreparedReplan {
  const asked = applyChanges(problem, changes);
  const askedExpanded = expandProblem(asked);
  // A replan reads the travel of a few routes, not every pair of places.
  const travel =
    travelGiven ??
    straightLineTravelMatrix(askedExpanded.locations, asked.settings.travel, { onDemand: true });
  // Moving when unavailability starts changes no place, so the travel matrix still fits.
  const finishing = finishVisitsInProgress(askedExpanded, travel, previous, changes);
  const moved = finishing.changes.some((change, i) => change !== changes.changes[i]);
  const changed = moved ? applyChanges(problem, finishing) : asked;
  const expanded = moved ? expandProblem(changed) : askedExpanded;
  const rejected = rejectedStops(changed, expanded, travel, previous);
  const now = nowMinutes(expanded, finishing);
  const deadline = searchDeadline(budget.timeLimitMs, budget.started, expanded.visits.length);
  const outOfTime = deadline !== undefined && Date.now() >= deadline;
  const scope = whole
    ? wholeScope(expanded, previous)
    : replanScope(
        expanded,
        travel,
        previous,
        finishing,
        rejected,
        now,
        MAX_LINKED_DAYS,
        outOfTime ? 0 : NEAREST_CARERS,
      );
  return openScope(
    { previous, changes: finishing, problem: changed, expanded, travel, rejected },
    scope,
  );
}

/** The same replan with the whole problem open, for when a scoped repair does not hold. */
export function widenReplan(prepared: PreparedReplan): PreparedReplan {
  return openScope(prepared, wholeScope(prepared.expanded, prepared.previous));
}

/** Minutes from the horizon start of the changes' `now` (-Infinity without one). */
function nowMinutes(expanded: ExpandedProblem, changes: Changes): number {
  return changes.now === undefined
    ? Number.NEGATIVE_INFINITY
    : expanded.clock.localDateTimeToMinutes(changes.now, 'start');
}

/** Compiles `scope` and holds history, pins and delays in it, with the change cost added. */
function openScope(
  laid: Pick<
    PreparedReplan,
    'previous' | 'changes' | 'problem' | 'expanded' | 'travel' | 'rejected'
  >,
  scope: ReplanScope,
): PreparedReplan {
  const { previous, changes, problem, expanded, travel, rejected } = laid;
  const compiled = compileProblem(
    expanded,
    travel,
    scope.whole ? {} : { visits: scope.visits, shifts: scope.shifts, workUsed: scope.workUsed },
  );
  const placement = placePrevious(expanded, compiled, previous, rejected, scope.open);
  const fixings = fixAssignments(
    { ...compiled, instance: withEdgeWindows(compiled.instance, compiled, scope) },
    previous,
    placement,
    changes,
    expanded.clock,
  );
  const instance = {
    ...withChangeCost(fixings.instance, compiled, placement, problem.settings.change),
    // Waits are cut by starting stops later only up to the times people were told.
    taskStartCap: placement.taskStart,
  };
  return {
    previous,
    changes,
    problem,
    expanded,
    travel,
    rejected,
    scope,
    compiled,
    placement,
    fixings,
    instance,
  };
}

/**
 * The search, decoding and diff of a prepared replan; the budget counts from `started`. A scoped
 * repair whose routes break a rule with the kept ones (a link, a night's rest with a kept day)
 * is done again with the whole problem open, or, once the search's deadline has passed, given
 * up for the previous roster as laid on the scope (`outOfTime`: no search at all).
 */
export function replanPrepared(
  prepared: PreparedReplan,
  options: ReplanOptions,
  started = Date.now(),
  outOfTime = false,
): ReplanResult {
  const { previous, changes, expanded, travel, compiled, placement, fixings, instance, scope } =
    prepared;
  const changed = prepared.problem;
  const deadline = searchDeadline(limitOf(options), started, expanded.visits.length);
  const unplacedBefore = new Set(previous.unplaced.map((entry) => entry.visitKey));
  const days = carerDaysBefore(expanded, compiled, scope.open, changed.settings.change);
  const { solution, iterations, unreached } = searchFromPrevious(
    expanded,
    travel,
    compiled,
    instance,
    placement,
    unplacedBefore,
    { days, held: new Set(fixings.held.keys()) },
    // Out of time: the search only lays out the previous roster, as an abort would.
    { ...options, deadline, ...(outOfTime ? { signal: AbortSignal.abort() } : {}) },
  );

  const opened = decodeRoutes(expanded, travel, compiled, solution);
  // The scope's new routes against the kept routes they meet (the same carers' other days, the
  // other half of a double-up or link): a rule broken there needs the whole problem open, and so
  // does a double-up whose kept carer stays while the scope could not place the other (its
  // start held at the kept one's: a delay may make that time unreachable for any carer).
  if (
    !scope.whole &&
    (halfCovered(expanded, scope.kept, opened) ||
      faultsWith(expanded, travel, scope.kept, opened).length > 0)
  ) {
    // Out of time, compiling and searching the whole problem would overrun the limit: the
    // scope as the previous roster left it (what no longer fits listed unplaced) is the answer,
    // unless that too breaks a rule with the kept routes.
    if (
      deadline !== undefined &&
      Date.now() >= deadline &&
      !outOfTime &&
      !options.signal?.aborted
    ) {
      return replanPrepared(prepared, options, started, true);
    }
    return replanPrepared(widenReplan(prepared), options, started);
  }
  const routes = scope.whole ? opened : mergeRoutes(expanded, scope.kept, opened);
  const placedVisits = new Set<string>();
  for (const route of routes) for (const stop of route.stops) placedVisits.add(stop.visitKey);
  // A visit of the scope none of whose carer-tasks a construction reached before the time ran
  // out was never tried: saying why it cannot be placed would be a guess.
  const reached = new Set<string>();
  compiled.taskVisit.forEach((visit, t) => {
    if (!unreached.has(t)) reached.add(visit.id);
  });
  const inScope = new Set(compiled.taskVisit.map((visit) => visit.id));
  // Visits alike in what decides their reasons share one explanation (`unplacedVisits`).
  const unplaced: UnplacedVisit[] = unplacedVisits(
    expanded,
    travel,
    (visitKey) => placedVisits.has(visitKey),
    (visit) =>
      visit.windowEnd + visit.maxLateness < fixings.now
        ? [
            {
              rule: HISTORY_RULE,
              carers: 0,
              message: `${HISTORY_RULE}: its window ended before now (${changes.now ?? ''})`,
            },
          ]
        : inScope.has(visit.id) && !reached.has(visit.id)
          ? [NOT_REACHED_REASON]
          : undefined,
  );
  // Read once, for the soft-term costs and the KPIs alike.
  const read = readRoutes(expanded, travel, routes);
  const costs = softTermCosts(expanded, read, unplaced);
  const costByRule = Object.fromEntries([...costs].map(([rule, term]) => [rule, term.total]));
  const roster: Roster = {
    timeZone: changed.timeZone,
    horizon: changed.horizon,
    routes,
    unplaced,
    kpis: computeKpis(expanded, travel, routes, unplaced, read),
    stats: {
      seed: options.seed ?? 1,
      iterations,
      elapsedMs: Date.now() - started,
      cost: [...costs.values()].reduce((sum, term) => sum + term.total, 0),
      costByRule,
      stoppedBy: options.signal?.aborted
        ? 'aborted'
        : outOfTime || (deadline !== undefined && Date.now() >= deadline)
          ? 'time-limit'
          : options.maxIterations !== undefined
            ? 'iterations'
            : 'completed',
    },
  };
  return {
    roster,
    problem: changed,
    diff: diffRosters(previous, roster),
    notes: replanNotes(placement, fixings, compiled, roster),
  };
}

/** Kept routes and the scope's new ones, in the order a solve lists them (carer, then time). */
function mergeRoutes(
  expanded: ExpandedProblem,
  kept: readonly RosterRoute[],
  opened: readonly RosterRoute[],
): RosterRoute[] {
  const leave = (route: RosterRoute) => expanded.clock.fromIso(route.shiftStart) ?? 0;
  return [...kept, ...opened].sort(
    (a, b) => (a.carerId < b.carerId ? -1 : a.carerId > b.carerId ? 1 : 0) || leave(a) - leave(b),
  );
}

/**
 * Whether a visit on the kept and opened routes together has fewer carers than it needs: a
 * double-up whose kept carer stays while the scope found no carer for the other half.
 */
function halfCovered(
  expanded: ExpandedProblem,
  kept: readonly RosterRoute[],
  opened: readonly RosterRoute[],
): boolean {
  const carers = new Map<string, number>();
  for (const route of [...kept, ...opened]) {
    for (const stop of route.stops) carers.set(stop.visitKey, (carers.get(stop.visitKey) ?? 0) + 1);
  }
  for (const [key, count] of carers) {
    const needed = expanded.visitsById.get(key)?.carersNeeded ?? count;
    if (count < needed) return true;
  }
  return false;
}

/**
 * Stops of the previous roster the checker rules out on the changed problem (a carer now off
 * sick, a visit with a new window), keyed `carerId\0visitKey`, with the checker's message.
 */
function rejectedStops(
  problem: Problem,
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  previous: Roster,
): Map<string, string> {
  const kept: Roster['routes'][number][] = previous.routes.map((route) => ({
    ...route,
    stops: route.stops.filter((stop) => expanded.visitsById.has(stop.visitKey)),
  }));
  const rejected = new Map<string, string>();
  const carersOf = new Map<string, string[]>();
  for (const route of kept) {
    for (const stop of route.stops) {
      carersOf.set(stop.visitKey, [...(carersOf.get(stop.visitKey) ?? []), route.carerId]);
    }
  }
  const violations = checkRoster(problem, { routes: kept, unplaced: [] }, { expanded, travel });
  for (const violation of violations) {
    if (violation.visitKey === undefined || NOT_ABOUT_THE_STOP.has(violation.rule)) continue;
    const carers =
      violation.carerId === undefined
        ? (carersOf.get(violation.visitKey) ?? [])
        : [violation.carerId];
    for (const carerId of carers) {
      const key = `${carerId}\u0000${violation.visitKey}`;
      if (!rejected.has(key)) rejected.set(key, violation.message);
    }
  }
  return rejected;
}

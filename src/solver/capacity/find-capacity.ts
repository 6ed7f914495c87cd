/**
 * "Can we take this package, from when, with whom?": the new package's visits inserted into the
 * current roster with a small repair (a replan with an iteration budget), never a fresh solve.
 * Tried from the date asked for; when some visits find no room, the earliest later start that
 * fits is searched by halving the later dates (at most five repairs on a week, two when the
 * first repair's misses point to the date, where trying each date took up to seven).
 */
import { z } from 'zod';
import type { Roster } from '../../model/roster.js';
import type { CarePackageInput, ClientInput, ProblemInput } from '../../model/schema.js';
import { parseProblem } from '../../model/validate.js';
import { RosterValidationError, validateRoster } from '../../model/roster-schema.js';
import { Problem as EngineProblem } from '../engine/problem.js';
import { Solution } from '../engine/solution.js';
import { warmStart } from '../engine/construct.js';
import { bestInRoute, InsertionResult } from '../engine/insertion.js';
import { parseChanges } from '../replan/apply-changes.js';
import type { ChangesInput } from '../replan/changes.js';
import type { PreparedReplan, ReplanOptions } from '../replan/replan.js';
import { prepareReplan, replanPrepared } from '../replan/replan.js';
import type {
  CapacityAnswer,
  CapacityCandidate,
  CapacityTry,
  CapacityVisit,
} from './capacity-answer.js';

export type {
  CapacityAnswer,
  CapacityCandidate,
  CapacityTry,
  CapacityVisit,
} from './capacity-answer.js';

/**
 * Repair after inserting the package: enough to make room by moving a few visits, far short of
 * a fresh solve, so the answer comes in about a second on a 1,000-visit day.
 */
export const CAPACITY_REPAIR_ITERATIONS = 200;

/** Carers listed per visit: a coordinator phones the first few. */
export const CAPACITY_CANDIDATES = 3;

/**
 * The options of {@link findCapacity} that travel as JSON; the service takes `from` and `seed`
 * from it, so the two describe them once.
 */
export const capacityOptionsSchema = z
  .strictObject({
    from: z.string().optional().meta({
      description:
        'First date the package could start (the discharge date), YYYY-MM-DD; the horizon start by default.',
    }),
    seed: z.int().min(0).optional().meta({ description: 'Seed of the repair search (default 1).' }),
    repairIterations: z
      .int()
      .min(0)
      .optional()
      .meta({
        description: `Iterations of the repair after insertion (default ${CAPACITY_REPAIR_ITERATIONS}).`,
      }),
    candidates: z
      .int()
      .min(0)
      .optional()
      .meta({
        description: `Candidate carers listed per visit (default ${CAPACITY_CANDIDATES}).`,
      }),
  })
  .meta({ description: 'Where to start looking, the seed and the size of the repair.' });

/**
 * Options of {@link findCapacity}: those of {@link capacityOptionsSchema}, the client when they
 * are not in the problem yet, and `travel` as for a replan.
 */
export type CapacityOptions = z.input<typeof capacityOptionsSchema> &
  Pick<ReplanOptions, 'travel'> & { readonly client?: ClientInput };

/**
 * Whether `carePackage` fits into `roster`, from which date, with which carers, and what else
 * would have to move.
 *
 * @throws {ProblemValidationError} when `problem` is not valid.
 * @throws {RosterValidationError} when `roster` is not a roster.
 * @throws {ChangesValidationError} when the package does not fit the problem (unknown client,
 * an id already taken, a date outside the horizon).
 *
 * @example
 * const answer = findCapacity(problem, roster, dischargePackage, { from: '2026-03-24' });
 * if (answer.fits) console.log(`from ${answer.from}:`, answer.visits.map((v) => v.placedWith));
 */
export function findCapacity(
  problemInput: ProblemInput | unknown,
  rosterInput: Roster | unknown,
  carePackage: CarePackageInput,
  options: CapacityOptions = {},
): CapacityAnswer {
  const problem = parseProblem(problemInput);
  const parsed = validateRoster(rosterInput);
  if (!parsed.ok) throw new RosterValidationError(parsed.issues);
  const roster = parsed.roster;
  const replanOptions = {
    seed: options.seed ?? 1,
    maxIterations: options.repairIterations ?? CAPACITY_REPAIR_ITERATIONS,
  };
  const changesFrom = (from: string): ChangesInput => ({
    changes: [
      {
        type: 'package-added',
        package: carePackage,
        from,
        ...(options.client === undefined ? {} : { client: options.client }),
      },
    ],
  });
  const tried: CapacityTry[] = [];
  const attempt = (from: string) => {
    const prepared = prepareReplan(
      problem,
      roster,
      parseChanges(changesFrom(from), problem, roster),
      options.travel,
    );
    const result = replanPrepared(prepared, replanOptions);
    const ours = prepared.expanded.visits.filter((visit) => visit.packageId === carePackage.id);
    const unplaced = result.roster.unplaced.filter((entry) => entry.packageId === carePackage.id);
    tried.push({ from, placed: ours.length - unplaced.length, visits: ours.length });
    return { from, prepared, result, ours, unplaced };
  };
  // Starting later leaves fewer new visits to place, so whether the package fits is taken to
  // grow with the start date, and the earliest start that fits is searched by halving the dates
  // left. The first repair's own misses guide the first probe: the first date after the last
  // visit it could not place (or the last date, when that one failed).
  const first = attempt(options.from ?? problem.horizon.start);
  let last = first;
  let found = first.unplaced.length === 0 ? first : undefined;
  if (!found) {
    const dates = [...new Set(first.ours.map((visit) => visit.date))]
      .filter((date) => date > first.from)
      .sort();
    const lastOut = first.unplaced.reduce(
      (latest, entry) => (entry.date > latest ? entry.date : latest),
      first.from,
    );
    let lo = 0;
    let hi = dates.length - 1;
    let probe = dates.findIndex((date) => date > lastOut);
    if (probe < 0) probe = hi;
    while (lo <= hi) {
      last = attempt(dates[probe]!);
      if (last.unplaced.length === 0) {
        found = last;
        hi = probe - 1;
      } else {
        lo = probe + 1;
      }
      probe = Math.floor((lo + hi) / 2);
    }
  }
  tried.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const { prepared, result } = found ?? last;
  const fits = found !== undefined;
  const candidates = rankCandidates(
    prepared,
    carePackage.id,
    options.candidates ?? CAPACITY_CANDIDATES,
  );
  const stopsOf = new Map<string, { carerId: string; start: string }[]>();
  for (const route of result.roster.routes) {
    for (const stop of route.stops) {
      if (stop.packageId !== carePackage.id) continue;
      stopsOf.set(stop.visitKey, [
        ...(stopsOf.get(stop.visitKey) ?? []),
        { carerId: route.carerId, start: stop.start },
      ]);
    }
  }
  const visits: CapacityVisit[] = prepared.expanded.visits
    .filter((visit) => visit.packageId === carePackage.id)
    .map((visit) => {
      const stops = stopsOf.get(visit.id) ?? [];
      return {
        visitKey: visit.id,
        date: visit.date,
        candidates: candidates.get(visit.id) ?? [],
        placedWith: stops.map((stop) => stop.carerId),
        ...(stops[0] === undefined ? {} : { start: stops[0].start }),
      };
    });
  const moved = result.diff.carers.flatMap((carer) => [
    ...carer.lost.map((stop) => `${stop.visitKey} leaves ${carer.carerId}`),
    ...carer.retimed.map(
      (stop) =>
        `${stop.visitKey} with ${carer.carerId} moves ${stop.minutes} min to ${stop.start.slice(11, 16)}`,
    ),
  ]);
  const movedKeys = new Set(
    result.diff.carers.flatMap((carer) => [
      ...carer.lost.map((stop) => stop.visitKey),
      ...carer.retimed.map((stop) => stop.visitKey),
    ]),
  );
  return {
    fits,
    ...(found === undefined ? {} : { from: found.from }),
    tried,
    visits,
    moves: moved,
    movedVisits: movedKeys.size,
    addedTravelMinutes: result.roster.kpis.travelMinutes - roster.kpis.travelMinutes,
    addedCost: (result.roster.stats?.cost ?? 0) - (roster.stats?.cost ?? 0),
    roster: result.roster,
    changes: changesFrom((found ?? last).from),
    replanOptions,
    problem: result.problem,
  };
}

/**
 * For each new visit, the carers who could take it in the roster as it stands, best first: the
 * cheapest place in each of their shifts, by added travel, then continuity, then cost.
 */
function rankCandidates(
  prepared: PreparedReplan,
  packageId: string,
  count: number,
): Map<string, CapacityCandidate[]> {
  const { instance, compiled, placement } = prepared;
  const p = new EngineProblem(instance);
  const sol = new Solution(p);
  warmStart(sol, placement.routes, placement.taskStart);
  sol.resum();
  const res = new InsertionResult();
  const ours: number[] = [];
  compiled.taskVisit.forEach((visit, t) => {
    if (visit.packageId === packageId && (t === 0 || compiled.taskVisit[t - 1] !== visit)) {
      ours.push(t);
    }
  });
  const offers = new Map<number, Map<string, { travel: number; cost: number }>>();
  for (const t of ours) {
    const byCarer = new Map<string, { travel: number; cost: number }>();
    for (let r = 0; r < instance.nRoutes; r++) {
      res.reset();
      bestInRoute(sol, t, r, res);
      if (res.pos < 0) continue;
      const carerId = compiled.routeShift[r]!.carerId;
      const tasks = sol.routes[r]!.tasks;
      const matrix = instance.travelTime[instance.routeProfile[r]!]!;
      const before =
        res.pos === 0
          ? instance.routeStartLocation[r]!
          : instance.taskLocation[tasks[res.pos - 1]!]!;
      const after =
        res.pos >= tasks.length
          ? instance.routeEndLocation[r]!
          : instance.taskLocation[tasks[res.pos]!]!;
      const here = instance.taskLocation[t]!;
      const travel =
        tasks.length === 0
          ? matrix.at(before, here) + matrix.at(here, after)
          : matrix.at(before, here) + matrix.at(here, after) - matrix.at(before, after);
      const known = byCarer.get(carerId);
      if (!known || res.delta < known.cost) byCarer.set(carerId, { travel, cost: res.delta });
    }
    offers.set(t, byCarer);
  }
  const result = new Map<string, CapacityCandidate[]>();
  for (const t of ours) {
    const byCarer = offers.get(t)!;
    const list: CapacityCandidate[] = [...byCarer].map(([carerId, offer]) => ({
      carerId,
      addedTravelMinutes: Math.round(offer.travel * 10) / 10,
      continuity: ours.filter((other) => other !== t && offers.get(other)?.has(carerId)).length,
      addedCost: Math.round(offer.cost * 10) / 10,
    }));
    list.sort(
      (a, b) =>
        a.addedTravelMinutes - b.addedTravelMinutes ||
        b.continuity - a.continuity ||
        a.addedCost - b.addedCost ||
        (a.carerId < b.carerId ? -1 : 1),
    );
    result.set(compiled.taskVisit[t]!.id, list.slice(0, count));
  }
  return result;
}

/**
 * Carers to neighbourhoods: each carer gets one home area, so each neighbourhood has a local
 * team. A transportation problem first shares every carer's weekly hours among areas at least
 * total distance (hours x km from home to the area's centroid), leaving demand unmet only at a
 * high cost per hour; then each carer is rounded to the area that got most of their hours, and a
 * repair pass moves carers from areas with hours to spare to areas left short.
 */
import { idRecord, ownValue } from '../model/visit-key.js';
import lpSolver from 'javascript-lp-solver';
import type { Carer, Problem } from '../model/schema.js';
import type { Neighbourhoods } from './neighbourhoods.js';
import { roundHours } from './neighbourhoods.js';
import { haversineMetres } from './straight-line.js';
import type { TransportProblem, TransportSolution } from './transport-flow.js';
import { solveTransport } from './transport-flow.js';

/** How the fractional sharing is solved. Both are exact; they differ in speed and memory. */
export type AllocationMethod = 'flow' | 'lp';

/** Options of {@link allocateCarers}. */
export interface AllocateCarersOptions {
  /**
   * Area demand = weekly care hours x this, for travel between visits. Default 1.15.
   */
  readonly travelAllowance?: number;
  /**
   * `flow` (default): successive shortest paths, exact and fast at county size. `lp`:
   * javascript-lp-solver's simplex on the same model; its dense tableau needs about
   * (carers x areas) x (carers + areas) x 8 bytes, so keep it to a few hundred carers.
   */
  readonly method?: AllocationMethod;
  /**
   * Areas each carer would rather work in, by carer id. Overrides the carers' own
   * `preferences.preferredAreas`. Unknown area ids are ignored, and a carer none of whose areas
   * exist is treated as having no preference, so no carer is stranded.
   */
  readonly preferredAreas?: Readonly<Record<string, readonly string[]>>;
  /** `penalise` (default): other areas cost extra per hour; `forbid`: other areas are out. */
  readonly preferredAreaMode?: 'penalise' | 'forbid';
  /** Extra cost per hour in a non-preferred area, in km of travel. Default 10. */
  readonly nonPreferredAreaPenaltyKm?: number;
  /**
   * Cost per hour of unmet demand, in km. Default: large enough that every available carer hour
   * is used before any demand is left unmet (1 + 2 x areas x the dearest arc, at least 1,000).
   */
  readonly unmetHourPenalty?: number;
  /** Time limit of the `lp` method in milliseconds. Default 60,000. */
  readonly lpTimeoutMs?: number;
}

/** How one area fares. */
export interface AreaAllocation {
  readonly areaId: string;
  /** Weekly care hours x travel allowance. */
  readonly demandHours: number;
  /** Hours the fractional optimum gave the area. */
  readonly plannedHours: number;
  /** Weekly hours of the carers whose home area it is, after rounding and repair. */
  readonly allocatedHours: number;
  /** Demand not covered by its carers' hours (0 when covered). */
  readonly shortfallHours: number;
  readonly carers: number;
}

/** The result of {@link allocateCarers}. */
export interface CarerAllocation {
  /** A copy of the input with every area's `carerIds` filled in. */
  readonly neighbourhoods: Neighbourhoods;
  /** Home area of every carer. */
  readonly carerArea: Record<string, string>;
  readonly areas: AreaAllocation[];
  /** Ids of areas whose carers' hours fall short of demand, worst first. */
  readonly shortAreas: string[];
  /** Total fractional cost: hour-km plus penalties. */
  readonly fractionalCost: number;
  /** Demand the fractional optimum left unmet; positive only when carers are too few. */
  readonly unmetHours: number;
  readonly method: AllocationMethod;
  /** Wall time of the fractional solve. */
  readonly solveMs: number;
}

const DEFAULT_TRAVEL_ALLOWANCE = 1.15;
const DEFAULT_NON_PREFERRED_PENALTY_KM = 10;
const DEFAULT_LP_TIMEOUT_MS = 60_000;
const EPS = 1e-6;

/**
 * Weekly hours a carer can give: their contracted hours, or, on a zero-hours contract, the
 * hours of their weekly availability windows, capped at their weekly maximum.
 */
export function carerWeeklyHours(carer: Carer): number {
  if (carer.contract.contractedHoursPerWeek > 0) return carer.contract.contractedHoursPerWeek;
  let minutes = 0;
  for (const window of carer.availability) {
    minutes +=
      window.days.length * Math.max(0, clockMinutes(window.to) - clockMinutes(window.from));
  }
  return Math.min(minutes / 60, carer.contract.maxHoursPerWeek);
}

function clockMinutes(clock: string): number {
  const [hours = 0, minutes = 0] = clock.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * Gives every carer one home neighbourhood: demand met where carer hours allow, shortfalls
 * reported where they do not, and carers kept near home. Pure: returns new neighbourhoods.
 *
 * @example
 * ```ts
 * const { neighbourhoods, shortAreas } = allocateCarers(problem, buildNeighbourhoods(problem));
 * for (const area of neighbourhoods.areas) console.log(area.id, area.carerIds);
 * console.log('short of carer hours:', shortAreas);
 * ```
 */
export function allocateCarers(
  problem: Pick<Problem, 'carers'>,
  neighbourhoods: Neighbourhoods,
  options: AllocateCarersOptions = {},
): CarerAllocation {
  const method = options.method ?? 'flow';
  const model = buildModel(problem.carers, neighbourhoods, options);
  const started = performance.now();
  const solution =
    method === 'lp'
      ? solveByLp(model, options.lpTimeoutMs ?? DEFAULT_LP_TIMEOUT_MS)
      : solveTransport(model);
  const solveMs = performance.now() - started;
  const home = roundToHomeAreas(model, solution);
  repairShortfalls(model, home);
  return report(problem.carers, neighbourhoods, model, solution, home, method, solveMs);
}

/** The transportation model plus what the rounding and the report need. */
interface AllocationModel extends TransportProblem {
  readonly areas: number;
}

function buildModel(
  carers: readonly Carer[],
  neighbourhoods: Neighbourhoods,
  options: AllocateCarersOptions,
): AllocationModel {
  const areas = neighbourhoods.areas;
  const allowance = options.travelAllowance ?? DEFAULT_TRAVEL_ALLOWANCE;
  const penalty = options.nonPreferredAreaPenaltyKm ?? DEFAULT_NON_PREFERRED_PENALTY_KM;
  const forbid = options.preferredAreaMode === 'forbid';
  const areaIndex = new Map(areas.map((area, index) => [area.id, index]));
  const cost = new Float64Array(carers.length * areas.length);
  carers.forEach((carer, c) => {
    const preferred = preferredAreaIndices(carer, options, areaIndex);
    areas.forEach((area, a) => {
      const km = haversineMetres(carer.home, area.centroid) / 1000;
      const outside = preferred !== undefined && !preferred.has(a);
      cost[c * areas.length + a] = outside ? (forbid ? Infinity : km + penalty) : km;
    });
  });
  let dearest = 0;
  for (const value of cost) if (Number.isFinite(value)) dearest = Math.max(dearest, value);
  return {
    areas: areas.length,
    supply: Float64Array.from(carers, carerWeeklyHours),
    demand: Float64Array.from(areas, (area) => area.weeklyCareHours * allowance),
    cost,
    unmetCost: options.unmetHourPenalty ?? Math.max(1000, 1 + 2 * areas.length * dearest),
  };
}

function preferredAreaIndices(
  carer: Carer,
  options: AllocateCarersOptions,
  areaIndex: ReadonlyMap<string, number>,
): Set<number> | undefined {
  const ids = ownValue(options.preferredAreas, carer.id) ?? carer.preferences.preferredAreas;
  const known = ids.flatMap((id) => {
    const index = areaIndex.get(id);
    return index === undefined ? [] : [index];
  });
  return known.length > 0 ? new Set(known) : undefined;
}

/** The same model through javascript-lp-solver, for comparison and small instances. */
function solveByLp(model: AllocationModel, timeoutMs: number): TransportSolution {
  const carers = model.supply.length;
  const areas = model.areas;
  const constraints: Record<string, { max?: number; min?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  for (let c = 0; c < carers; c++) constraints[`s${c}`] = { max: model.supply[c]! };
  for (let a = 0; a < areas; a++) {
    constraints[`d${a}`] = { min: model.demand[a]! };
    variables[`u${a}`] = { cost: model.unmetCost, [`d${a}`]: 1 };
  }
  for (let c = 0; c < carers; c++) {
    for (let a = 0; a < areas; a++) {
      const cost = model.cost[c * areas + a]!;
      if (Number.isFinite(cost)) variables[`x${c}_${a}`] = { cost, [`s${c}`]: 1, [`d${a}`]: 1 };
    }
  }
  const result = lpSolver.Solve({
    optimize: 'cost',
    opType: 'min',
    constraints,
    variables,
    options: { timeout: timeoutMs },
  }) as Record<string, number | boolean | undefined>;
  if (result.feasible !== true) {
    throw new Error(
      'the allocation LP found no feasible solution (timed out or numerically stuck)',
    );
  }
  const value = (name: string) => {
    const v = result[name];
    return typeof v === 'number' ? Math.max(0, v) : 0;
  };
  const flow = new Float64Array(carers * areas);
  for (let c = 0; c < carers; c++) {
    for (let a = 0; a < areas; a++) flow[c * areas + a] = value(`x${c}_${a}`);
  }
  const unmet = Float64Array.from({ length: areas }, (_, a) => value(`u${a}`));
  return { flow, unmet, cost: typeof result.result === 'number' ? result.result : NaN };
}

/** Each carer's area of largest share; -1 for carers the optimum did not need. */
function roundToHomeAreas(model: AllocationModel, solution: TransportSolution): Int32Array {
  const home = new Int32Array(model.supply.length).fill(-1);
  for (let c = 0; c < home.length; c++) {
    let best = EPS;
    for (let a = 0; a < model.areas; a++) {
      const hours = solution.flow[c * model.areas + a]!;
      if (hours > best) {
        best = hours;
        home[c] = a;
      }
    }
  }
  return home;
}

/**
 * Rounding gives each carer's whole week to one area, so some areas end up short and others
 * over. Repeatedly take the shortest area that some carer can help and bring it the nearest
 * carer who is unplaced or whose area stays covered without them; every move strictly lowers the
 * total shortfall, so this ends. Carers still unplaced then go to their nearest allowed area.
 */
function repairShortfalls(model: AllocationModel, home: Int32Array): void {
  const allocated = allocatedHours(model, home);
  for (;;) {
    const move = firstHelpfulMove(model, allocated, home);
    if (!move) break;
    const { carer, area } = move;
    const from = home[carer]!;
    const hours = model.supply[carer]!;
    if (from >= 0) allocated[from] = allocated[from]! - hours;
    allocated[area] = allocated[area]! + hours;
    home[carer] = area;
  }
  for (let c = 0; c < home.length; c++) {
    if (home[c] === -1) home[c] = nearestAllowedArea(model, c);
  }
}

function allocatedHours(model: AllocationModel, home: Int32Array): Float64Array {
  const allocated = new Float64Array(model.areas);
  home.forEach((a, c) => {
    if (a >= 0) allocated[a] = allocated[a]! + model.supply[c]!;
  });
  return allocated;
}

function firstHelpfulMove(
  model: AllocationModel,
  allocated: Float64Array,
  home: Int32Array,
): { carer: number; area: number } | undefined {
  const short = Array.from({ length: model.areas }, (_, a) => a)
    .filter((a) => allocated[a]! < model.demand[a]! - EPS)
    .sort((a, b) => model.demand[b]! - allocated[b]! - (model.demand[a]! - allocated[a]!) || a - b);
  for (const area of short) {
    const carer = nearestSpareCarer(model, allocated, home, area);
    if (carer >= 0) return { carer, area };
  }
  return undefined;
}

/** Nearest carer who is unplaced, or whose area would stay covered without them. */
function nearestSpareCarer(
  model: AllocationModel,
  allocated: Float64Array,
  home: Int32Array,
  area: number,
): number {
  let best = -1;
  let bestCost = Infinity;
  for (let c = 0; c < home.length; c++) {
    const from = home[c]!;
    const hours = model.supply[c]!;
    const cost = model.cost[c * model.areas + area]!;
    if (from === area || hours <= EPS || !(cost < bestCost)) continue;
    if (from >= 0 && allocated[from]! - hours < model.demand[from]! - EPS) {
      continue;
    }
    best = c;
    bestCost = cost;
  }
  return best;
}

function nearestAllowedArea(model: AllocationModel, carer: number): number {
  let best = 0;
  for (let a = 1; a < model.areas; a++) {
    if (model.cost[carer * model.areas + a]! < model.cost[carer * model.areas + best]!) {
      best = a;
    }
  }
  return best;
}

function report(
  carers: readonly Carer[],
  neighbourhoods: Neighbourhoods,
  model: AllocationModel,
  solution: TransportSolution,
  home: Int32Array,
  method: AllocationMethod,
  solveMs: number,
): CarerAllocation {
  const members = neighbourhoods.areas.map(() => [] as string[]);
  const carerArea = idRecord<string>();
  carers.forEach((carer, c) => {
    const area = neighbourhoods.areas[home[c]!];
    if (!area) return;
    members[home[c]!]?.push(carer.id);
    carerArea[carer.id] = area.id;
  });
  const allocated = allocatedHours(model, home);
  const areas = neighbourhoods.areas.map((area, a): AreaAllocation => {
    let planned = 0;
    for (let c = 0; c < carers.length; c++) planned += solution.flow[c * model.areas + a]!;
    const demand = model.demand[a]!;
    return {
      areaId: area.id,
      demandHours: roundHours(demand),
      plannedHours: roundHours(planned),
      allocatedHours: roundHours(allocated[a]!),
      shortfallHours: roundHours(Math.max(0, demand - allocated[a]!)),
      carers: members[a]?.length ?? 0,
    };
  });
  const filled = neighbourhoods.areas.map((area, a) => ({ ...area, carerIds: members[a] ?? [] }));
  let unmetHours = 0;
  for (const u of solution.unmet) unmetHours += u;
  return {
    neighbourhoods: { ...neighbourhoods, areas: filled },
    carerArea,
    areas,
    shortAreas: areas
      .filter((area) => area.shortfallHours > 0)
      .sort((x, y) => y.shortfallHours - x.shortfallHours)
      .map((area) => area.areaId),
    fractionalCost: solution.cost,
    unmetHours: roundHours(unmetHours),
    method,
    solveMs,
  };
}

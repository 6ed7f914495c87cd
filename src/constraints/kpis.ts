/**
 * KPI figures computed from a roster's routes: what a council and a carer ask of a roster.
 * Computed from the routes themselves, never carried over from the solver's own score.
 */
import type { ExpandedProblem } from '../model/expand.js';
import { weekStartOf } from '../model/expand.js';
import type { RosterKpis, RosterRoute, UnplacedVisit } from '../model/roster.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import type { ReadRoute } from './soft-terms.js';
import { contractedMinutesByWeek, readRoutes, routeWorkMinutes } from './soft-terms.js';

/** Computes the roster KPIs of `routes` and `unplaced` for an expanded problem. */
export function computeKpis(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  routes: readonly RosterRoute[],
  unplaced: readonly UnplacedVisit[],
): RosterKpis {
  const read = readRoutes(expanded, travel, routes);
  const { settings } = expanded.problem;
  let careMinutes = 0;
  let travelMinutes = 0;
  let travelMetres = 0;
  let lateVisits = 0;
  let latenessTotal = 0;
  let latenessMax = 0;
  let idle = 0;
  let unpaidGap = 0;
  let teamVisits = 0;
  let visitsToTeamClients = 0;
  const placed = new Set<string>();
  const carersOfClient = new Map<string, Set<string>>();
  const workByCarerWeek = new Map<string, number>();
  const payByCarer = new Map<string, number>();
  const dutyByCarer = new Map<string, number>();
  const paidByCarer = new Map<string, number>();

  for (const route of read) {
    const { carer } = route;
    let routeTravel = route.travelBack;
    travelMetres += route.metresBack;
    route.stops.forEach((stop, index) => {
      const { visit } = stop;
      placed.add(visit.id);
      careMinutes += visit.duration;
      routeTravel += stop.travelIn;
      travelMetres += stop.metresIn;
      const lateness = Math.max(0, stop.start - visit.windowEnd);
      if (lateness > 0) lateVisits++;
      latenessTotal += lateness;
      latenessMax = Math.max(latenessMax, lateness);
      const previous = route.stops[index - 1];
      if (previous) {
        const gap = stop.start - previous.end - stop.travelIn;
        idle += gap;
        unpaidGap += Math.max(0, gap - settings.unpaidGapThresholdMinutes);
      }
      const seen = carersOfClient.get(visit.clientId) ?? new Set<string>();
      seen.add(carer.id);
      carersOfClient.set(visit.clientId, seen);
      const team = expanded.clients.get(visit.clientId)?.team ?? [];
      if (team.length > 0) {
        visitsToTeamClients++;
        if (team.includes(carer.id)) teamVisits++;
      }
    });
    travelMinutes += routeTravel;
    const shift = shiftPay(route);
    const weekKey = `${carer.id}\u0000${weekStartOf(route.date)}`;
    workByCarerWeek.set(weekKey, (workByCarerWeek.get(weekKey) ?? 0) + shift.workMinutes);
    payByCarer.set(carer.id, (payByCarer.get(carer.id) ?? 0) + shift.pay);
    paidByCarer.set(carer.id, (paidByCarer.get(carer.id) ?? 0) + shift.paidMinutes);
    if (route.stops.length > 0) {
      dutyByCarer.set(carer.id, (dutyByCarer.get(carer.id) ?? 0) + shift.dutyMinutes);
    }
  }

  let contracted = 0;
  let worked = 0;
  let under = 0;
  let over = 0;
  const gaps: number[] = [];
  for (const carer of expanded.problem.carers) {
    let carerContracted = 0;
    let carerWorked = 0;
    for (const [monday, minutes] of contractedMinutesByWeek(expanded, carer)) {
      carerContracted += minutes;
      carerWorked += workByCarerWeek.get(`${carer.id}\u0000${monday}`) ?? 0;
    }
    contracted += carerContracted;
    worked += carerWorked;
    if (carerWorked < carerContracted) under++;
    if (carerWorked > carerContracted) over++;
    gaps.push((carerWorked - carerContracted) / 60);
  }
  const meanGap = mean(gaps);
  const spread = Math.sqrt(mean(gaps.map((gap) => (gap - meanGap) ** 2)));

  const effective = [...dutyByCarer].map(
    ([carerId, minutes]) => (payByCarer.get(carerId) ?? 0) / (minutes / 60),
  );
  const totalPay = [...payByCarer.values()].reduce((a, b) => a + b, 0);
  const distinct = [...carersOfClient.values()].map((carers) => carers.size);
  const paidMinutes = careMinutes + travelMinutes;
  const livingWage = settings.livingWageHourly;
  return {
    visits: expanded.visits.length,
    visitsPlaced: placed.size,
    visitsUnplaced: unplaced.length,
    careMinutes,
    travelMinutes,
    travelKm: round(travelMetres / 1000, 1),
    paidMinutes,
    travelShareOfPaidTime: paidMinutes === 0 ? 0 : round(travelMinutes / paidMinutes, 4),
    carersUsed: dutyByCarer.size,
    distinctCarersPerClientMean: round(mean(distinct), 2),
    distinctCarersPerClientMax: distinct.length === 0 ? 0 : Math.max(...distinct),
    teamVisitShare: visitsToTeamClients === 0 ? 0 : round(teamVisits / visitsToTeamClients, 4),
    lateVisits,
    latenessTotalMinutes: latenessTotal,
    latenessMaxMinutes: latenessMax,
    idleMinutes: idle,
    unpaidGapMinutes: unpaidGap,
    contractedHours: round(contracted / 60, 1),
    workedHours: round(worked / 60, 1),
    carersUnderContract: under,
    carersOverContract: over,
    hoursGapSpread: round(spread, 2),
    totalPay: round(totalPay, 2),
    costPerVisit: placed.size === 0 ? 0 : round(totalPay / placed.size, 2),
    effectiveHourlyPayMean: round(mean(effective), 2),
    effectiveHourlyPayMin: effective.length === 0 ? 0 : round(Math.min(...effective), 2),
    carersBelowLivingWage:
      livingWage === undefined ? 0 : effective.filter((pay) => pay < livingWage).length,
    livingWageRateNeeded:
      livingWage === undefined
        ? 0
        : Math.max(
            0,
            ...[...dutyByCarer].map(([carerId, duty]) =>
              rateNeeded(livingWage, duty, paidByCarer.get(carerId) ?? 0),
            ),
          ),
  };
}

/** What one shift earns and takes: the pay rule in one place, for the totals and per carer. */
interface ShiftPay {
  /** Travel and visits: the working time hour limits and contracts count. */
  readonly workMinutes: number;
  readonly travelMinutes: number;
  /** Working time that is paid: all of it, or visits only when travel is unpaid. */
  readonly paidMinutes: number;
  readonly pay: number;
  /** Shift start to end, waiting included: the time the carer gives the day. */
  readonly dutyMinutes: number;
}

function shiftPay(route: ReadRoute): ShiftPay {
  const { contract } = route.carer;
  const travelMinutes = route.stops.reduce((sum, stop) => sum + stop.travelIn, route.travelBack);
  const workMinutes = routeWorkMinutes(route);
  const paidMinutes = contract.travelPaid ? workMinutes : workMinutes - travelMinutes;
  return {
    workMinutes,
    travelMinutes,
    paidMinutes,
    pay: (paidMinutes / 60) * contract.hourlyPay,
    dutyMinutes: route.end - route.start,
  };
}

/**
 * The hourly rate, on the carer's paid hours, at which pay over the whole duty time reaches
 * `livingWage`: living wage x duty / paid, rounded up to the penny so that it does reach it.
 * A carer with duty but no paid time could not be lifted by any rate; they do not count.
 */
function rateNeeded(livingWage: number, dutyMinutes: number, paidMinutes: number): number {
  if (paidMinutes <= 0) return 0;
  return Math.ceil(round((livingWage * dutyMinutes) / paidMinutes, 6) * 100) / 100;
}

/** One carer's figures over the horizon, from the shifts in which they made visits. */
export interface CarerFigures {
  readonly carerId: string;
  /** Shifts with at least one visit. */
  readonly shifts: number;
  /** Carer-visits made (a double-up counts once for each of its carers). */
  readonly visits: number;
  readonly careMinutes: number;
  readonly travelMinutes: number;
  /** Idle minutes inside shifts: duty minus visits and travel. */
  readonly waitingMinutes: number;
  /** Shift start to end over all shifts: what effective pay divides by. */
  readonly dutyMinutes: number;
  /** Minutes paid at the hourly rate (travel left out when the contract does not pay it). */
  readonly paidMinutes: number;
  readonly pay: number;
  /** Pay per duty hour, unpaid travel and waiting included (0 for a carer with no duty). */
  readonly effectiveHourlyPay: number;
  /**
   * The hourly rate that would lift this carer's effective pay to `settings.livingWageHourly`
   * (0 when no living wage is set). {@link RosterKpis.livingWageRateNeeded} is the largest.
   */
  readonly livingWageRateNeeded: number;
}

/**
 * Per-carer hours and pay of `routes`, one entry per carer who made a visit, in problem order.
 * The same pay rule as {@link computeKpis}, so these figures add up to its totals.
 *
 * @example
 * ```ts
 * const expanded = expandProblem(problem);
 * const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
 * for (const carer of carerFigures(expanded, travel, roster.routes)) {
 *   console.log(carer.carerId, carer.effectiveHourlyPay);
 * }
 * ```
 */
export function carerFigures(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  routes: readonly RosterRoute[],
): CarerFigures[] {
  const livingWage = expanded.problem.settings.livingWageHourly;
  const byCarer = new Map<string, ReadRoute[]>();
  for (const route of readRoutes(expanded, travel, routes)) {
    if (route.stops.length === 0) continue;
    const list = byCarer.get(route.carer.id) ?? [];
    list.push(route);
    byCarer.set(route.carer.id, list);
  }
  return expanded.problem.carers.flatMap((carer) => {
    const shifts = byCarer.get(carer.id);
    if (!shifts) return [];
    let care = 0;
    let travelled = 0;
    let duty = 0;
    let paid = 0;
    let pay = 0;
    let visits = 0;
    for (const route of shifts) {
      const shift = shiftPay(route);
      care += shift.workMinutes - shift.travelMinutes;
      travelled += shift.travelMinutes;
      duty += shift.dutyMinutes;
      paid += shift.paidMinutes;
      pay += shift.pay;
      visits += route.stops.length;
    }
    return [
      {
        carerId: carer.id,
        shifts: shifts.length,
        visits,
        careMinutes: care,
        travelMinutes: travelled,
        waitingMinutes: duty - care - travelled,
        dutyMinutes: duty,
        paidMinutes: paid,
        pay: round(pay, 2),
        effectiveHourlyPay: duty === 0 ? 0 : round(pay / (duty / 60), 2),
        livingWageRateNeeded: livingWage === undefined ? 0 : rateNeeded(livingWage, duty, paid),
      },
    ];
  });
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

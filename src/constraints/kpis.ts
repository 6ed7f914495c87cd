/**
 * KPI figures computed from a roster's routes: what a council and a carer ask of a roster.
 * Computed from the routes themselves, never carried over from the solver's own score.
 */
import type { ExpandedProblem } from '../model/expand.js';
import { weekStartOf } from '../model/expand.js';
import type { RosterKpis, RosterRoute, UnplacedVisit } from '../model/roster.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
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
    const work = routeWorkMinutes(route);
    const weekKey = `${carer.id}\u0000${weekStartOf(route.date)}`;
    workByCarerWeek.set(weekKey, (workByCarerWeek.get(weekKey) ?? 0) + work);
    const paidMinutes = carer.contract.travelPaid ? work : work - routeTravel;
    payByCarer.set(
      carer.id,
      (payByCarer.get(carer.id) ?? 0) + (paidMinutes / 60) * carer.contract.hourlyPay,
    );
    if (route.stops.length > 0) {
      dutyByCarer.set(carer.id, (dutyByCarer.get(carer.id) ?? 0) + (route.end - route.start));
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
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

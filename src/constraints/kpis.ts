/**
 * KPI figures computed from a roster's routes: what a council and a carer ask of a roster.
 * Computed from the routes themselves, never carried over from the solver's own score.
 */
import type { ExpandedProblem } from '../model/expand.js';
import { expandedCarer, weekStartOf } from '../model/expand.js';
import type { RosterKpis, RosterRoute, UnplacedVisit } from '../model/roster.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { preferredHoursTerm } from './soft-term-definitions.js';
import type { ReadRoute } from './soft-terms.js';
import { contractedMinutesByWeek, readRoutes, routeWorkMinutes } from './soft-terms.js';

/** One carer's figures over the roster: what a carer's payslip and diary would show. */
export interface CarerFigures {
  readonly carerId: string;
  /** Shifts in the roster (routes), and those with at least one visit. */
  readonly shifts: number;
  readonly workingShifts: number;
  /** Carer-visits (a double-up counts once for each of its two carers). */
  readonly visits: number;
  readonly careMinutes: number;
  /** Travel, from home and back included. */
  readonly travelMinutes: number;
  readonly travelMetres: number;
  /** Idle minutes between visits, and the part of each gap past the unpaid-gap threshold. */
  readonly idleMinutes: number;
  readonly unpaidGapMinutes: number;
  /** Working time: visits plus all travel, waiting excluded. */
  readonly workedMinutes: number;
  /** Minutes paid at the hourly rate: working time, less travel when travel is unpaid. */
  readonly paidMinutes: number;
  /** Minutes from the start to the end of the shifts that had visits: paid, unpaid and waiting. */
  readonly dutyMinutes: number;
  readonly pay: number;
  /** Pay per duty hour (unpaid travel and waiting count); undefined for a carer with no visits. */
  readonly effectiveHourlyPay: number | undefined;
  /**
   * The hourly rate on this carer's paid hours that would lift their effective pay to
   * `settings.livingWageHourly` (0 when no living wage is set or the carer had no paid time).
   * {@link RosterKpis.livingWageRateNeeded} is the largest.
   */
  readonly livingWageRateNeeded: number;
  /**
   * Pay short of `settings.livingWageHourly` for every duty hour: what this carer would need on
   * top of their pay to earn the living wage for all their time (0 when they earn it, or unset).
   */
  readonly livingWageShortfall: number;
  /**
   * Minutes of the carer's preferred hours over the horizon (0 when they stated none), and the
   * minutes of care they gave inside and outside them (both 0 when they stated none): the
   * measure of the `preferred-hours` soft term.
   */
  readonly preferredMinutes: number;
  readonly careInPreferredMinutes: number;
  readonly careOutsidePreferredMinutes: number;
  /** The horizon's share of the weekly contract, in minutes. */
  readonly contractedMinutes: number;
  readonly lateVisits: number;
  readonly latenessMinutes: number;
}

/** One client's figures over the roster: who came, how often and how late. */
export interface ClientFigures {
  readonly clientId: string;
  /** Carer-visits received (a double-up counts twice). */
  readonly carerVisits: number;
  /** Distinct carers the client saw. */
  readonly distinctCarers: number;
  /** Carer-visits made by a member of the client's chosen team. */
  readonly teamVisits: number;
  readonly lateVisits: number;
  readonly latenessMinutes: number;
  readonly latenessMaxMinutes: number;
}

/** The per-carer and per-client figures the KPIs add up, with the roster-wide travel metres. */
export interface RosterFigures {
  /** Every carer of the problem, in problem order (carers without shifts have zeros). */
  readonly carers: readonly CarerFigures[];
  /** Every client who received at least one visit, in problem order. */
  readonly clients: readonly ClientFigures[];
  /** Dated visits with at least one carer. */
  readonly visitsPlaced: number;
}

type MutableCarer = { -readonly [K in keyof CarerFigures]: CarerFigures[K] };
type MutableClient = { -readonly [K in keyof ClientFigures]: ClientFigures[K] } & {
  readonly carers: Set<string>;
};

/**
 * Figures per carer and per client, computed from the routes as written with travel recomputed:
 * the numbers {@link computeKpis} adds up, so a table of them sums to the KPI totals. `read`, when
 * the caller has read the same routes already (`readRoutes`, for the soft-term costs), is used
 * instead of reading them again.
 *
 * @example
 * ```ts
 * const expanded = expandProblem(problem);
 * const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
 * const { carers } = rosterFigures(expanded, travel, roster.routes);
 * for (const carer of carers) console.log(carer.carerId, carer.pay, carer.effectiveHourlyPay);
 * ```
 */
export function rosterFigures(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  routes: readonly RosterRoute[],
  read: readonly ReadRoute[] = readRoutes(expanded, travel, routes),
): RosterFigures {
  const { settings } = expanded.problem;
  const byCarer = new Map<string, MutableCarer>();
  for (const carer of expanded.problem.carers) {
    byCarer.set(carer.id, {
      carerId: carer.id,
      shifts: 0,
      workingShifts: 0,
      visits: 0,
      careMinutes: 0,
      travelMinutes: 0,
      travelMetres: 0,
      idleMinutes: 0,
      unpaidGapMinutes: 0,
      workedMinutes: 0,
      paidMinutes: 0,
      dutyMinutes: 0,
      pay: 0,
      effectiveHourlyPay: undefined,
      livingWageRateNeeded: 0,
      livingWageShortfall: 0,
      preferredMinutes: 0,
      careInPreferredMinutes: 0,
      careOutsidePreferredMinutes: 0,
      contractedMinutes: 0,
      lateVisits: 0,
      latenessMinutes: 0,
    });
  }
  const byClient = new Map<string, MutableClient>();
  const placed = new Set<string>();
  const workByCarerWeek = new Map<string, number>();

  for (const route of read) {
    const { carer } = route;
    const figures = byCarer.get(carer.id)!;
    figures.shifts++;
    let routeTravel = route.travelBack;
    figures.travelMetres += route.metresBack;
    const preferred = preferredHoursTerm.windows(expanded, carer);
    route.stops.forEach((stop, index) => {
      const { visit } = stop;
      placed.add(visit.id);
      figures.visits++;
      figures.careMinutes += stop.duration;
      if (preferred) {
        const outside = preferredHoursTerm.outside(preferred, stop.start, stop.duration);
        figures.careOutsidePreferredMinutes += outside;
        figures.careInPreferredMinutes += stop.duration - outside;
      }
      routeTravel += stop.travelIn;
      figures.travelMetres += stop.metresIn;
      const lateness = Math.max(0, stop.start - visit.windowEnd);
      const previous = route.stops[index - 1];
      if (previous) {
        const gap = stop.start - previous.end - stop.travelIn;
        figures.idleMinutes += gap;
        figures.unpaidGapMinutes += Math.max(0, gap - settings.unpaidGapThresholdMinutes);
      }
      let client = byClient.get(visit.clientId);
      if (!client) {
        client = {
          clientId: visit.clientId,
          carerVisits: 0,
          distinctCarers: 0,
          teamVisits: 0,
          lateVisits: 0,
          latenessMinutes: 0,
          latenessMaxMinutes: 0,
          carers: new Set(),
        };
        byClient.set(visit.clientId, client);
      }
      client.carerVisits++;
      client.carers.add(carer.id);
      if (expanded.clients.get(visit.clientId)?.team.includes(carer.id)) client.teamVisits++;
      if (lateness > 0) {
        figures.lateVisits++;
        client.lateVisits++;
      }
      figures.latenessMinutes += lateness;
      client.latenessMinutes += lateness;
      client.latenessMaxMinutes = Math.max(client.latenessMaxMinutes, lateness);
    });
    figures.travelMinutes += routeTravel;
    const work = routeWorkMinutes(route);
    const weekKey = `${carer.id}\u0000${weekStartOf(route.date)}`;
    workByCarerWeek.set(weekKey, (workByCarerWeek.get(weekKey) ?? 0) + work);
    // Care plus the travel that is paid, rather than work less travel: travel to the second is a
    // fraction of a minute, and subtracting it back would leave rounding noise in whole minutes.
    const routeCare = route.stops.reduce((total, stop) => total + stop.visit.duration, 0);
    const paid = carer.contract.travelPaid ? routeCare + routeTravel : routeCare;
    figures.paidMinutes += paid;
    figures.pay += (paid / 60) * carer.contract.hourlyPay;
    if (route.stops.length > 0) {
      figures.workingShifts++;
      figures.dutyMinutes += route.end - route.start;
    }
  }

  for (const carer of expanded.problem.carers) {
    const figures = byCarer.get(carer.id)!;
    let contracted = 0;
    let workedInHorizon = 0;
    for (const [monday, minutes] of contractedMinutesByWeek(expanded, carer)) {
      contracted += minutes;
      workedInHorizon += workByCarerWeek.get(`${carer.id}\u0000${monday}`) ?? 0;
    }
    figures.contractedMinutes = contracted;
    figures.workedMinutes = workedInHorizon;
    const preferred = preferredHoursTerm.windows(expanded, carer);
    figures.preferredMinutes = preferred
      ? expandedCarer(expanded, carer.id).preferredHours.reduce(
          (total, window) => total + window.end - window.start,
          0,
        )
      : 0;
    if (figures.dutyMinutes > 0) {
      figures.effectiveHourlyPay = figures.pay / (figures.dutyMinutes / 60);
      if (settings.livingWageHourly !== undefined) {
        figures.livingWageRateNeeded = rateNeeded(
          settings.livingWageHourly,
          figures.dutyMinutes,
          figures.paidMinutes,
        );
        figures.livingWageShortfall = Math.max(
          0,
          (settings.livingWageHourly * figures.dutyMinutes) / 60 - figures.pay,
        );
      }
    }
  }
  const clients = expanded.problem.clients.flatMap((client) => {
    const figures = byClient.get(client.id);
    if (!figures) return [];
    const { carers, ...rest } = figures;
    return [{ ...rest, distinctCarers: carers.size }];
  });
  return { carers: [...byCarer.values()], clients, visitsPlaced: placed.size };
}

/**
 * Computes the roster KPIs of `routes` and `unplaced` for an expanded problem; `read` as
 * {@link rosterFigures} takes it.
 *
 * @example
 * ```ts
 * const read = readRoutes(expanded, travel, roster.routes);
 * const costs = softTermCosts(expanded, read, roster.unplaced);
 * const kpis = computeKpis(expanded, travel, roster.routes, roster.unplaced, read); // read once
 * ```
 */
export function computeKpis(
  expanded: ExpandedProblem,
  travel: TravelMatrix,
  routes: readonly RosterRoute[],
  unplaced: readonly UnplacedVisit[],
  read?: readonly ReadRoute[],
): RosterKpis {
  const { settings } = expanded.problem;
  const figures = rosterFigures(expanded, travel, routes, read);
  const sum = <T>(items: readonly T[], value: (item: T) => number): number =>
    items.reduce((total, item) => total + value(item), 0);
  const carers = figures.carers;
  const careMinutes = sum(carers, (carer) => carer.careMinutes);
  const travelMinutes = sum(carers, (carer) => carer.travelMinutes);
  const contracted = sum(carers, (carer) => carer.contractedMinutes);
  const worked = sum(carers, (carer) => carer.workedMinutes);
  const gaps = carers.map((carer) => (carer.workedMinutes - carer.contractedMinutes) / 60);
  const meanGap = mean(gaps);
  const spread = Math.sqrt(mean(gaps.map((gap) => (gap - meanGap) ** 2)));
  const effective = carers.flatMap((carer) =>
    carer.effectiveHourlyPay === undefined ? [] : [carer.effectiveHourlyPay],
  );
  const totalPay = sum(carers, (carer) => carer.pay);
  const distinct = figures.clients.map((client) => client.distinctCarers);
  const visitsToTeamClients = sum(figures.clients, (client) =>
    (expanded.clients.get(client.clientId)?.team.length ?? 0) > 0 ? client.carerVisits : 0,
  );
  const teamVisits = sum(figures.clients, (client) => client.teamVisits);
  const placed = figures.visitsPlaced;
  const paidMinutes = careMinutes + travelMinutes;
  const livingWage = settings.livingWageHourly;
  return {
    visits: expanded.visits.length,
    visitsPlaced: placed,
    visitsUnplaced: unplaced.length,
    careMinutes,
    travelMinutes: round(travelMinutes, 2),
    travelKm: round(sum(carers, (carer) => carer.travelMetres) / 1000, 1),
    paidMinutes: round(paidMinutes, 2),
    travelShareOfPaidTime: paidMinutes === 0 ? 0 : round(travelMinutes / paidMinutes, 4),
    carersUsed: effective.length,
    distinctCarersPerClientMean: round(mean(distinct), 2),
    distinctCarersPerClientMax: distinct.length === 0 ? 0 : Math.max(...distinct),
    teamVisitShare: visitsToTeamClients === 0 ? 0 : round(teamVisits / visitsToTeamClients, 4),
    lateVisits: sum(carers, (carer) => carer.lateVisits),
    latenessTotalMinutes: round(
      sum(carers, (carer) => carer.latenessMinutes),
      2,
    ),
    latenessMaxMinutes: round(
      Math.max(0, ...figures.clients.map((client) => client.latenessMaxMinutes)),
      2,
    ),
    idleMinutes: round(
      sum(carers, (carer) => carer.idleMinutes),
      2,
    ),
    unpaidGapMinutes: round(
      sum(carers, (carer) => carer.unpaidGapMinutes),
      2,
    ),
    contractedHours: round(contracted / 60, 1),
    workedHours: round(worked / 60, 1),
    carersUnderContract: carers.filter((carer) => carer.workedMinutes < carer.contractedMinutes)
      .length,
    carersOverContract: carers.filter((carer) => carer.workedMinutes > carer.contractedMinutes)
      .length,
    hoursGapSpread: round(spread, 2),
    totalPay: round(totalPay, 2),
    costPerVisit: placed === 0 ? 0 : round(totalPay / placed, 2),
    effectiveHourlyPayMean: round(mean(effective), 2),
    effectiveHourlyPayMin: effective.length === 0 ? 0 : round(Math.min(...effective), 2),
    carersBelowLivingWage:
      livingWage === undefined ? 0 : effective.filter((pay) => pay < livingWage).length,
    livingWageRateNeeded: Math.max(0, ...carers.map((carer) => carer.livingWageRateNeeded)),
    livingWageShortfall: round(
      sum(carers, (carer) => carer.livingWageShortfall),
      2,
    ),
    carersWithPreferredHours: carers.filter(
      (carer) => carer.preferredMinutes > 0 && carer.careMinutes > 0,
    ).length,
    careInPreferredHoursMinutes: sum(carers, (carer) => carer.careInPreferredMinutes),
    careOutsidePreferredHoursMinutes: sum(carers, (carer) => carer.careOutsidePreferredMinutes),
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

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

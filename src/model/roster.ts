/**
 * The roster: what a solver returns and what the checker reads. Plain JSON, times as ISO 8601
 * local date-times with their UTC offset, so it is unambiguous across clock changes and readable
 * by people and other software alike.
 */

/**
 * Which dated visit an entry is about: its key, and the parts it is made of as separate fields
 * so that software reading a roster never has to split the key.
 */
export interface VisitIdentity {
  /**
   * The dated visit's unique key, `packageId/visitId/date` with `/` and `%` inside the ids
   * percent-escaped (see `visitKey`).
   */
  readonly visitKey: string;
  readonly packageId: string;
  /** The visit pattern's id within its package (e.g. `morning`). */
  readonly visitId: string;
  /** Local date of the visit (`YYYY-MM-DD`). */
  readonly date: string;
  readonly clientId: string;
}

/** One visit on one carer's shift. */
export interface RosterStop extends VisitIdentity {
  /** When the carer arrives (may be before the start: the carer waits). */
  readonly arrival: string;
  readonly start: string;
  readonly end: string;
  /** Travel from the previous stop (or from home) in minutes, to the second (fractional). */
  readonly travelMinutes: number;
  /**
   * Which of the visit's roles this carer fills (0 for its first), on visits that state roles;
   * absent on visits whose carers are alike.
   */
  readonly role?: number;
}

/** One carer's shift: leaves home, does its stops in order, returns home. */
export interface RosterRoute {
  readonly carerId: string;
  /** Local date the shift starts on. */
  readonly date: string;
  readonly shiftStart: string;
  readonly shiftEnd: string;
  readonly stops: readonly RosterStop[];
  /** Travel from the last stop back home, in minutes, to the second (fractional). */
  readonly travelBackMinutes: number;
  /**
   * The break the shift declares: idle time between two stops (or before the end) inside
   * `settings.workingTime.breakWindow`; the checker holds it to that. Absent: the shift declares
   * none, and the break rule looks at its idle stretches.
   */
  readonly break?: RosterBreak;
}

/** A declared break of a shift (ISO 8601 local date-times with their UTC offset). */
export interface RosterBreak {
  readonly start: string;
  readonly end: string;
}

/** Why a visit is not placed, one entry per rule that ruled carers out. */
export interface UnplacedReason {
  /** The rule's name, the key used in every explanation and KPI. */
  readonly rule: string;
  /** How many carers this rule ruled out (of those the earlier reasons left). */
  readonly carers: number;
  readonly message: string;
}

/** A visit the roster does not cover, with the reasons. */
export interface UnplacedVisit extends VisitIdentity {
  readonly reasons: readonly UnplacedReason[];
}

/**
 * Figures a council and a carer care about, computed from the roster. Travel is to the second,
 * so minute figures that include travel or waiting are fractional, given to the hundredth.
 */
export interface RosterKpis {
  readonly visits: number;
  readonly visitsPlaced: number;
  readonly visitsUnplaced: number;
  /** Visit minutes delivered (a double-up counts once per carer). */
  readonly careMinutes: number;
  readonly travelMinutes: number;
  readonly travelKm: number;
  /** Care plus travel minutes: the working time of all carers. */
  readonly paidMinutes: number;
  /** Travel minutes as a share (0-1) of care plus travel minutes. */
  readonly travelShareOfPaidTime: number;
  readonly carersUsed: number;
  /** Mean and largest number of distinct carers a client saw over the horizon. */
  readonly distinctCarersPerClientMean: number;
  readonly distinctCarersPerClientMax: number;
  /** Share (0-1) of carer-visits to clients with a chosen team that a team member made. */
  readonly teamVisitShare: number;
  readonly lateVisits: number;
  readonly latenessTotalMinutes: number;
  readonly latenessMaxMinutes: number;
  /** Idle minutes between visits inside shifts, and the part past the unpaid-gap threshold. */
  readonly idleMinutes: number;
  readonly unpaidGapMinutes: number;
  /** Working hours against contracted hours (the horizon's share of each weekly contract). */
  readonly contractedHours: number;
  readonly workedHours: number;
  readonly carersUnderContract: number;
  readonly carersOverContract: number;
  /** Standard deviation across carers of worked minus contracted hours. */
  readonly hoursGapSpread: number;
  /** Pay: rate x (visits + travel where paid). */
  readonly totalPay: number;
  readonly costPerVisit: number;
  /**
   * Effective hourly pay of carers who worked: pay divided by all hours from the start to the end
   * of their shifts (unpaid travel and waiting included). Mean and lowest.
   */
  readonly effectiveHourlyPayMean: number;
  readonly effectiveHourlyPayMin: number;
  /** Carers whose effective hourly pay falls below `settings.livingWageHourly` (0 if unset). */
  readonly carersBelowLivingWage: number;
  /**
   * The hourly rate that would lift every carer who worked to `settings.livingWageHourly` once
   * unpaid travel and waiting count: the largest over carers of living wage x duty hours / paid
   * hours, rounded up to the penny (0 if no living wage is set). Compare with each contract's
   * `hourlyPay` to see the rise that pays for the time the roster takes.
   */
  readonly livingWageRateNeeded: number;
  /**
   * Pay short of `settings.livingWageHourly` over every carer's duty hours, summed over carers
   * below it: what paying each of them the living wage for all their time would add to the bill
   * (0 if no living wage is set).
   */
  readonly livingWageShortfall: number;
  /** Carers who worked and stated preferred hours (`preferences.preferredHours`). */
  readonly carersWithPreferredHours: number;
  /**
   * Minutes of care those carers gave inside and outside their preferred hours; the outside
   * minutes are what the `preferred-hours` soft term prices.
   */
  readonly careInPreferredHoursMinutes: number;
  readonly careOutsidePreferredHoursMinutes: number;
}

/** The solver's statistics. */
export interface SolveStats {
  readonly seed: number;
  readonly iterations: number;
  readonly elapsedMs: number;
  /** Objective value (lower is better) as the solver scored it. */
  readonly cost: number;
  /** The objective by rule name, as the solver scored it (see `explainRoster`). */
  readonly costByRule: Readonly<Record<string, number>>;
  readonly stoppedBy: 'completed' | 'time-limit' | 'iterations' | 'aborted';
}

/**
 * The travel times a roster was made on, so a checker can tell when it checks against others
 * (a roster made on road times fails on straight-line estimates, and the other way round).
 */
export interface TravelSource {
  /** The straight-line estimate, an OSRM server, or a matrix the user gave. */
  readonly kind: 'straight-line' | 'osrm' | 'matrix';
  /**
   * Which one: the straight-line settings (detour factor and speeds), the OSRM server URL and
   * profile of each mode, or `sha256:` and a hash of the matrix figures and locations.
   */
  readonly id: string;
}

/** How one neighbourhood went, in a roster solved neighbourhood by neighbourhood. */
export interface RosterArea {
  /** The neighbourhood's id. */
  readonly id: string;
  readonly clients: number;
  readonly carers: number;
  /** Dated visits of the neighbourhood's clients. */
  readonly visits: number;
  /** Visits left unplaced after the neighbourhood's own solve, before the pass across boundaries. */
  readonly unplacedAfterArea: number;
}

/** A complete roster for a problem. */
export interface Roster {
  readonly timeZone: string;
  readonly horizon: { readonly start: string; readonly end: string };
  readonly routes: readonly RosterRoute[];
  readonly unplaced: readonly UnplacedVisit[];
  readonly kpis: RosterKpis;
  readonly stats?: SolveStats;
  /** The travel times the roster was made on; absent in rosters from other software. */
  readonly travelSource?: TravelSource;
  /** Only in rosters solved neighbourhood by neighbourhood: how each neighbourhood went. */
  readonly areas?: readonly RosterArea[];
  /** Only in rosters solved neighbourhood by neighbourhood: visits the pass across boundaries placed. */
  readonly placedAcrossBoundaries?: number;
}

/**
 * Options of the council generator, their defaults and their checks. Kept apart from the
 * generator so the stages (geography, packages, carers, clients) can share one resolved shape.
 */
import type { Location } from '../model/schema.js';
import { parseIsoDate } from '../model/time.js';

/** Where clients live: one or two towns, villages around them and a rural scatter. */
export interface GeographyOptions {
  /**
   * Add a smaller second town 7-10 km from the main one, as most councils cover more than one.
   * Default true.
   */
  readonly secondTown?: boolean;
  /** Number of villages 3-12 km from the main town centre. Default 5. */
  readonly villages?: number;
  /** Share of clients in isolated farms and hamlets rather than a town or village. Default 0.08. */
  readonly ruralShare?: number;
}

/**
 * Shares of carers who do not drive. They live in the main town centre, because a walker or a
 * cyclist based in a village could reach almost no one. The rest drive.
 */
export interface TransportMix {
  /** Default 0.04. */
  readonly walk?: number;
  /** Default 0.04. */
  readonly bike?: number;
  /** Default 0. */
  readonly public?: number;
}

/** Options of {@link generateCouncil}; every field is optional. */
export interface CouncilOptions {
  /** Seed of every random choice: the same options always give the same problem. Default 1. */
  readonly seed?: number;
  /** Written to the problem's `name`; omitted when not given. */
  readonly name?: string;
  /** Number of clients, one care package each. Default 120. */
  readonly clients?: number;
  /**
   * Number of carers. By default just enough contracted hours for the demand:
   * `demand hours x carerHoursMargin / mean contracted hours`, scaled to the horizon length.
   */
  readonly carers?: number;
  /**
   * Contracted carer hours per hour of care when `carers` is not given. Above 1 because carers
   * also travel and cannot be at every client at the moment the client wants them. Default 1.25.
   */
  readonly carerHoursMargin?: number;
  /**
   * First day of the horizon, `YYYY-MM-DD`. A Monday keeps weekly hour limits aligned with the
   * horizon. Default '2026-03-23', the Monday of the week UK clocks go forward.
   */
  readonly startDate?: string;
  /** Length of the horizon in days, 1 to 28. Default 7. */
  readonly days?: number;
  /**
   * Draw carers' weeks as home-care rotas are written (`generate/rotas.ts`): full-timers' days
   * off together, part-timers on two to four days, weekends worked every other week (some every
   * week, some never), early-and-late carers on earlies then lates. Default false: each carer
   * works one shift pattern on days spread by demand, as the demo fixture was generated.
   */
  readonly rotas?: boolean;
  /** Centre of the main town. Default a made-up West Yorkshire town at 53.70, -1.60. */
  readonly centre?: Location;
  /** Towns, villages and rural scatter. */
  readonly geography?: GeographyOptions;
  /**
   * Share of dated visits that need two carers with the hoist qualification. Whole clients
   * become double-handed, since a client who needs a hoist needs it at every call. Default 0.1.
   */
  readonly doubleUpShare?: number;
  /**
   * Share of double-up clients whose calls are two-role: one carer with medication for the whole
   * call, one who helps with the hoist and leaves early. Default 0.
   */
  readonly twoRoleShare?: number;
  /**
   * Share of dated visits that are time-critical medication calls: a 30-minute window and the
   * medication qualification. Default 0.08.
   */
  readonly timeCriticalShare?: number;
  /**
   * Share of carers with a medication or hoist qualification that lapses inside the horizon
   * (before it when the horizon is one day). Default 0.08.
   */
  readonly expiredQualificationShare?: number;
  /** Share of clients who chose a team of 2-4 ranked carers. Default 0.4. */
  readonly teamShare?: number;
  /** Share of clients who refuse one or two carers. Default 0.05. */
  readonly refusalShare?: number;
  /** Share of carers with leave, sickness or an extra shift in the horizon. Default 0.06. */
  readonly exceptionShare?: number;
  /** Carers who walk, cycle or take the bus instead of driving. */
  readonly transport?: TransportMix;
  /**
   * Number of weekly visits that need a qualification no carer holds ("peg-feeding"), so a
   * roster always has a few unplaced visits to explain. Default `clients / 40`, clamped to 1-5.
   */
  readonly unstaffableVisits?: number;
  /**
   * Share of the carers to take away after sizing them from the demand (0 to 0.9), so that the
   * days are short of hands: the same clients and packages with fewer carers, and every visit
   * that allows lateness allowing two hours of it, so the shortage shows as late visits more
   * than as unplaced ones (the convergence benchmark prints the late share it leaves). The
   * carers removed are drawn at random (their own stream), never one of the last two holders of
   * a qualification. Default 0.
   */
  readonly overload?: number;
}

/** {@link CouncilOptions} with every default filled in. */
export interface ResolvedCouncilOptions {
  readonly seed: number;
  readonly name: string | undefined;
  readonly clients: number;
  readonly carers: number | undefined;
  readonly carerHoursMargin: number;
  readonly startDate: string;
  readonly days: number;
  readonly rotas: boolean;
  readonly centre: Location;
  readonly geography: Required<GeographyOptions>;
  readonly doubleUpShare: number;
  readonly twoRoleShare: number;
  readonly timeCriticalShare: number;
  readonly expiredQualificationShare: number;
  readonly teamShare: number;
  readonly refusalShare: number;
  readonly exceptionShare: number;
  readonly transport: Required<TransportMix>;
  readonly unstaffableVisits: number;
  readonly overload: number;
}

/** Most of the carers {@link CouncilOptions.overload} may take away: some must be left to roster. */
export const MAX_OVERLOAD = 0.9;

/** Longest horizon the generator makes: four weeks, the usual rota cycle. */
export const MAX_GENERATED_DAYS = 28;

/** Default centre: a made-up town between Huddersfield and Leeds. */
export const DEFAULT_CENTRE: Location = { lat: 53.7, lon: -1.6 };

function checkShare(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be between 0 and 1`);
  return value;
}

function checkCount(name: string, value: number, min: number, max = Infinity): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const upper = max === Infinity ? '' : ` and at most ${max}`;
    throw new RangeError(`${name} must be an integer of at least ${min}${upper}`);
  }
  return value;
}

/**
 * Fills in the defaults and checks the ranges.
 * @throws {RangeError} when an option is out of range.
 */
export function resolveCouncilOptions(options: CouncilOptions = {}): ResolvedCouncilOptions {
  const clients = checkCount('clients', options.clients ?? 120, 1);
  const startDate = options.startDate ?? '2026-03-23';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate) || !parseIsoDate(startDate)) {
    throw new RangeError('startDate must be a calendar date written YYYY-MM-DD');
  }
  const transport = {
    walk: checkShare('transport.walk', options.transport?.walk ?? 0.04),
    bike: checkShare('transport.bike', options.transport?.bike ?? 0.04),
    public: checkShare('transport.public', options.transport?.public ?? 0),
  };
  if (transport.walk + transport.bike + transport.public > 1) {
    throw new RangeError('transport shares must add up to at most 1');
  }
  const margin = options.carerHoursMargin ?? 1.25;
  if (!(margin > 0)) throw new RangeError('carerHoursMargin must be positive');
  return {
    seed: options.seed ?? 1,
    name: options.name,
    clients,
    carers: options.carers === undefined ? undefined : checkCount('carers', options.carers, 1),
    carerHoursMargin: margin,
    startDate,
    days: checkCount('days', options.days ?? 7, 1, MAX_GENERATED_DAYS),
    rotas: options.rotas ?? false,
    centre: options.centre ?? DEFAULT_CENTRE,
    geography: {
      secondTown: options.geography?.secondTown ?? true,
      villages: checkCount('geography.villages', options.geography?.villages ?? 5, 0),
      ruralShare: checkShare('geography.ruralShare', options.geography?.ruralShare ?? 0.08),
    },
    doubleUpShare: checkShare('doubleUpShare', options.doubleUpShare ?? 0.1),
    twoRoleShare: checkShare('twoRoleShare', options.twoRoleShare ?? 0),
    timeCriticalShare: checkShare('timeCriticalShare', options.timeCriticalShare ?? 0.08),
    expiredQualificationShare: checkShare(
      'expiredQualificationShare',
      options.expiredQualificationShare ?? 0.08,
    ),
    teamShare: checkShare('teamShare', options.teamShare ?? 0.4),
    refusalShare: checkShare('refusalShare', options.refusalShare ?? 0.05),
    exceptionShare: checkShare('exceptionShare', options.exceptionShare ?? 0.06),
    transport,
    unstaffableVisits: checkCount(
      'unstaffableVisits',
      options.unstaffableVisits ?? Math.min(5, Math.max(1, Math.round(clients / 40))),
      0,
    ),
    overload: checkOverload(options.overload ?? 0),
  };
}

function checkOverload(value: number): number {
  if (!(value >= 0 && value <= MAX_OVERLOAD)) {
    throw new RangeError(`overload must be between 0 and ${MAX_OVERLOAD}`);
  }
  return value;
}

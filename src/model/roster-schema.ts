/**
 * The schema of a roster file: every field a solver writes, so `care-roster check` can say
 * exactly what is wrong with a roster written by hand or by other software before checking its
 * rules, and `schema/roster.schema.json` (generated from it) lets software in other languages
 * validate what care-roster sends back. The `Roster` type in `roster.ts` is held equal to this
 * schema at compile time (see the end of this file).
 */
import * as z from 'zod';
import type { Roster } from './roster.js';
import type { ValidationIssue } from './validate.js';
import { describeIssues } from './issue-messages.js';

/** Local date-time with its UTC offset, as `LocalClock.toIso` writes it. */
const offsetDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'must be a date-time with its UTC offset, e.g. 2026-03-23T08:30:00+00:00',
  })
  .meta({
    description: 'ISO 8601 local date-time with its UTC offset.',
    examples: ['2026-03-23T08:30:00+00:00'],
  });

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  .meta({ description: 'Local calendar date YYYY-MM-DD.' });

const minutes = z.number().min(0, { message: 'must be 0 or more minutes' });
const count = z.number().int().min(0);
const share = z.number().min(0).max(1);

const identity = {
  visitKey: z.string().meta({
    description:
      'Unique key of the dated visit: packageId/visitId/date, with "/" and "%" inside the ids percent-escaped.',
  }),
  packageId: z.string().meta({ description: 'Id of the care package.' }),
  visitId: z
    .string()
    .meta({ description: "Id of the visit pattern within its package (e.g. 'morning')." }),
  date: localDate,
  clientId: z.string().meta({ description: 'Id of the client visited.' }),
};

export const rosterStopSchema = z
  .strictObject({
    ...identity,
    arrival: offsetDateTime.meta({
      description: 'When the carer arrives; before start when the carer waits.',
    }),
    start: offsetDateTime.meta({ description: 'When the visit starts.' }),
    end: offsetDateTime.meta({ description: 'When the visit ends.' }),
    travelMinutes: minutes.meta({
      description:
        'Travel from the previous stop (or from the shift start) in minutes, to the second (fractional).',
    }),
    role: count.optional().meta({
      description:
        "Which of the visit's roles this carer fills (0 for its first), on visits that state roles.",
    }),
  })
  .meta({ description: 'One visit on one carer shift.' });

export const rosterBreakSchema = z
  .strictObject({
    start: offsetDateTime.meta({ description: 'When the break starts.' }),
    end: offsetDateTime.meta({ description: 'When it ends.' }),
  })
  .meta({ description: "A carer's break: idle time, taken where the carer is." });

export const rosterRouteSchema = z
  .strictObject({
    carerId: z.string().meta({ description: 'Id of the carer.' }),
    date: localDate.meta({ description: 'Local date the shift starts on.' }),
    shiftStart: offsetDateTime.meta({
      description: 'When the carer leaves home (or the start location).',
    }),
    shiftEnd: offsetDateTime.meta({ description: 'When the carer is back.' }),
    stops: z.array(rosterStopSchema).meta({ description: 'The visits in the order done.' }),
    travelBackMinutes: minutes.meta({
      description: 'Travel from the last stop back home (or to the end location), in minutes.',
    }),
    break: rosterBreakSchema.optional().meta({
      description:
        'The break the shift holds, when it declares one: idle time between two stops (or before the end), inside the break window.',
    }),
  })
  .meta({ description: "One carer's shift: leaves home, does its stops in order, returns." });

export const unplacedReasonSchema = z
  .strictObject({
    rule: z
      .string()
      .meta({ description: 'The rule that ruled carers out (a rule name of the checker).' }),
    carers: count.meta({
      description: 'How many carers this rule ruled out, of those the earlier reasons left.',
    }),
    message: z.string().meta({ description: 'The reason in words.' }),
  })
  .meta({ description: 'One reason a visit is not placed.' });

export const unplacedVisitSchema = z
  .strictObject({
    ...identity,
    reasons: z.array(unplacedReasonSchema),
  })
  .meta({ description: 'A visit the roster does not cover, with the reasons.' });

export const rosterKpisSchema = z
  .strictObject({
    visits: count.meta({ description: 'Dated visits in the problem.' }),
    visitsPlaced: count,
    visitsUnplaced: count,
    careMinutes: minutes.meta({
      description: 'Visit minutes delivered (a double-up counts once per carer).',
    }),
    travelMinutes: minutes,
    travelKm: z.union([z.number().min(0), z.null().transform(() => Number.NaN)]).meta({
      description:
        'Travel distance in km; null when the travel source gives no distances (a minutes-only matrix).',
    }),
    paidMinutes: minutes.meta({
      description: 'Care plus travel minutes: the working time of all carers.',
    }),
    travelShareOfPaidTime: share.meta({
      description: 'Travel minutes as a share of care plus travel minutes.',
    }),
    carersUsed: count,
    distinctCarersPerClientMean: z.number().min(0),
    distinctCarersPerClientMax: count,
    teamVisitShare: share.meta({
      description: 'Share of carer-visits to clients with a chosen team that a team member made.',
    }),
    lateVisits: count,
    latenessTotalMinutes: minutes,
    latenessMaxMinutes: minutes,
    idleMinutes: minutes.meta({ description: 'Idle minutes between visits inside shifts.' }),
    unpaidGapMinutes: minutes.meta({
      description: 'The part of the idle minutes past the unpaid-gap threshold.',
    }),
    contractedHours: z
      .number()
      .min(0)
      .meta({ description: "The horizon's share of every weekly contract." }),
    workedHours: z.number().min(0),
    carersUnderContract: count,
    carersOverContract: count,
    hoursGapSpread: z.number().min(0).meta({
      description: 'Standard deviation across carers of worked minus contracted hours.',
    }),
    totalPay: z.number().min(0).meta({ description: 'Rate x (visits + travel where paid).' }),
    costPerVisit: z.number().min(0),
    effectiveHourlyPayMean: z.number().min(0).meta({
      description:
        'Mean over carers who worked of pay divided by all hours from shift start to shift end.',
    }),
    effectiveHourlyPayMin: z.number().min(0),
    carersBelowLivingWage: count,
    livingWageRateNeeded: z.number().min(0).meta({
      description:
        'The hourly rate that would lift every carer who worked to the living wage once unpaid travel and waiting count (0 if no living wage is set).',
    }),
    livingWageShortfall: z.number().min(0).meta({
      description:
        'Pay short of the living wage over every carer’s duty hours, summed over carers below it (0 if no living wage is set).',
    }),
    carersWithPreferredHours: count.meta({
      description: 'Carers who worked and stated preferred hours.',
    }),
    careInPreferredHoursMinutes: minutes.meta({
      description: 'Minutes of care those carers gave inside their preferred hours.',
    }),
    careOutsidePreferredHoursMinutes: minutes.meta({
      description:
        'Minutes of care those carers gave outside their preferred hours (what the preferred-hours soft term prices).',
    }),
  })
  .meta({ description: 'Figures computed from the roster.' });

export const STOPPED_BY = ['completed', 'time-limit', 'iterations', 'aborted'] as const;

export const solveStatsSchema = z
  .strictObject({
    seed: z.number().int(),
    iterations: count,
    elapsedMs: z.number().min(0),
    cost: z
      .number()
      .meta({ description: 'Objective value (lower is better) as the solver scored it.' }),
    costByRule: z
      .record(z.string(), z.number())
      .meta({ description: 'The objective by rule name.' }),
    stoppedBy: z.enum(STOPPED_BY),
  })
  .meta({ description: "The solver's statistics." });

export const TRAVEL_SOURCE_KINDS = ['straight-line', 'osrm', 'matrix'] as const;

export const travelSourceSchema = z
  .strictObject({
    kind: z.enum(TRAVEL_SOURCE_KINDS),
    id: z.string().meta({
      description:
        'Which one: the straight-line settings, the OSRM server URL and profile per mode, or a SHA-256 of the matrix figures.',
    }),
  })
  .meta({ description: 'The travel times the roster was made on.' });

export const rosterAreaSchema = z
  .strictObject({
    id: z.string().meta({ description: "The neighbourhood's id." }),
    clients: count,
    carers: count,
    visits: count.meta({ description: "Dated visits of the neighbourhood's clients." }),
    unplacedAfterArea: count.meta({
      description:
        "Visits unplaced after the neighbourhood's own solve, before the pass across boundaries.",
    }),
  })
  .meta({ description: 'How one neighbourhood went (rosters solved by neighbourhood only).' });

export const rosterSchema = z
  .strictObject({
    timeZone: z.string().meta({ description: 'IANA time zone of the problem.' }),
    horizon: z.strictObject({ start: localDate, end: localDate }),
    routes: z.array(rosterRouteSchema),
    unplaced: z.array(unplacedVisitSchema),
    kpis: rosterKpisSchema,
    stats: solveStatsSchema.optional(),
    travelSource: travelSourceSchema.optional(),
    areas: z.array(rosterAreaSchema).optional(),
    placedAcrossBoundaries: count.optional().meta({
      description:
        'Visits the pass across boundaries placed (rosters solved by neighbourhood only).',
    }),
  })
  .meta({
    title: 'care-roster roster',
    description: 'A roster for a problem, as care-roster writes it.',
  });

/** The outcome of {@link validateRoster}. */
export type RosterValidationResult =
  | { readonly ok: true; readonly roster: Roster }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Thrown by {@link parseRoster} when the input is not a valid roster. */
export class RosterValidationError extends Error {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(
      `The roster is not valid (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n'),
    );
    this.name = 'RosterValidationError';
    this.issues = issues;
  }
}

/**
 * Checks a roster's shape (e.g. from `JSON.parse` of a roster file) and returns the roster or
 * every issue with its JSON path. Never throws. It checks the fields, not the rules: run
 * `checkRoster` for those.
 *
 * @example
 * ```ts
 * const result = validateRoster(JSON.parse(readFileSync('roster.json', 'utf8')));
 * if (!result.ok) for (const issue of result.issues) console.log(issue.path, issue.message);
 * ```
 */
export function validateRoster(input: unknown): RosterValidationResult {
  const parsed = rosterSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, roster: parsed.data };
  return { ok: false, issues: describeIssues(parsed.error.issues, rosterSchema, input) };
}

/**
 * Parses a roster, or throws listing every issue.
 *
 * @throws {RosterValidationError} with every issue on `issues`.
 * @example
 * ```ts
 * const roster = parseRoster(JSON.parse(readFileSync('roster.json', 'utf8')));
 * ```
 */
export function parseRoster(input: unknown): Roster {
  const result = validateRoster(input);
  if (!result.ok) throw new RosterValidationError(result.issues);
  return result.roster;
}

type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/**
 * `true` when `A` and `B` have exactly the same fields and field types, readonly aside; `false`
 * otherwise. Holds the `Roster` interface equal to {@link rosterSchema}.
 */
export type SameShape<A, B> =
  (<T>() => T extends Mutable<A> ? 1 : 2) extends <T>() => T extends Mutable<B> ? 1 : 2
    ? true
    : false;

// The `Roster` interface and the schema must describe the same fields: this fails `tsc` when a
// field is added to, removed from, or retyped in only one of them.
const rosterTypeMatchesSchema: SameShape<Roster, z.output<typeof rosterSchema>> = true;
void rosterTypeMatchesSchema;

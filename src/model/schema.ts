/**
 * The input model: one zod schema per input type. TypeScript types are inferred from these
 * schemas, and `schema/problem.schema.json` is generated from them (`npm run schema`), so the
 * three can never disagree.
 *
 * Over 450 lines, kept as one file: it is the one input model, nested schema in schema, and most
 * of its length is the description every field carries (which the README's field table and the
 * JSON Schema are made from).
 */
import * as z from 'zod';

/** Local wall-clock time `HH:mm`, 00:00 to 24:00 (24:00 = end of the day). */
export const clockTimeSchema = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, {
    message: 'must be a local time written HH:mm, from 00:00 to 24:00',
  })
  .meta({ description: 'Local wall-clock time HH:mm (00:00 to 24:00).', examples: ['07:30'] });

/** A calendar date `YYYY-MM-DD`. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  .meta({ description: 'Calendar date YYYY-MM-DD.', examples: ['2026-03-23'] });

/** A local date, or local date and time, `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`. */
export const localDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T([01]\d|2[0-3]):[0-5]\d)?$/, {
    message: 'must be a local date YYYY-MM-DD or date and time YYYY-MM-DDTHH:mm',
  })
  .meta({
    description:
      'Local date (YYYY-MM-DD) or local date and time (YYYY-MM-DDTHH:mm) in the problem time zone.',
  });

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof weekdaySchema>;

export const TRANSPORT_MODES = ['car', 'walk', 'bike', 'public'] as const;
export const transportModeSchema = z.enum(TRANSPORT_MODES);
export type TransportMode = z.infer<typeof transportModeSchema>;

export const locationSchema = z
  .strictObject({
    lat: z
      .number()
      .min(-90, { message: 'latitude must be between -90 and 90' })
      .max(90, { message: 'latitude must be between -90 and 90' })
      .meta({ description: 'Latitude in decimal degrees, -90 to 90.' }),
    lon: z
      .number()
      .min(-180, { message: 'longitude must be between -180 and 180' })
      .max(180, { message: 'longitude must be between -180 and 180' })
      .meta({ description: 'Longitude in decimal degrees, -180 to 180.' }),
  })
  .meta({ description: 'WGS84 coordinates in decimal degrees.' });
export type Location = z.infer<typeof locationSchema>;

const idSchema = z.string().min(1, { message: 'must be a non-empty string' });

/** A list of ids (carers, clients, areas, qualifications), empty by default. */
function idList(description: string) {
  return z.array(idSchema).default([]).meta({ description });
}

/** A list of free words (languages, tags), empty by default. */
function wordList(description: string) {
  return z.array(z.string().min(1)).default([]).meta({ description });
}

/** A number of at least 0 with its default: a weight, a price, a pay rate or a threshold. */
function nonNegative(byDefault: number, description: string) {
  return z.number().min(0).default(byDefault).meta({ description });
}

/** Weekdays a pattern recurs on, at least one. */
const weekdaysSchema = z.array(weekdaySchema).min(1, { message: 'must name at least one day' });

/** A start window of a visit, local times. */
const startWindowSchema = z.strictObject({ from: clockTimeSchema, to: clockTimeSchema });

/** A visit's or a carer's length in whole minutes, within one day. */
const durationSchema = z.number().int().positive().max(1440);

/** A gap between two linked visits' starts in whole minutes, within one day. */
const gapSchema = z.number().int().min(0).max(1440);

/** 1, or 2 for a double-up. */
const carersNeededSchema = z.union([z.literal(1), z.literal(2)]);

/** The usual most a visit may start late: four hours, the default of `latenessCapMinutes`. */
export const DEFAULT_LATENESS_CAP_MINUTES = 240;
/** The most `latenessCapMinutes` may allow: the whole day, for days short of carers. */
export const MAX_LATENESS_CAP_MINUTES = 1440;

export const qualificationSchema = z.strictObject({
  name: idSchema.meta({
    description: 'Qualification name, e.g. "medication", "hoist", "insulin".',
  }),
  expires: isoDateSchema.optional().meta({
    description: 'Last date on which the qualification is valid. Omit if it never expires.',
  }),
});
export type Qualification = z.infer<typeof qualificationSchema>;

/** A weekly recurring window, e.g. Mon-Fri 07:00-14:00. */
export const weeklyWindowSchema = z.strictObject({
  days: weekdaysSchema.meta({ description: 'Weekdays the window recurs on: mon, tue, ... sun.' }),
  from: clockTimeSchema,
  to: clockTimeSchema,
});
export type WeeklyWindow = z.infer<typeof weeklyWindowSchema>;

export const availabilityExceptionSchema = z.discriminatedUnion('type', [
  z
    .strictObject({
      type: z.literal('unavailable').meta({ description: 'An absence.' }),
      from: localDateTimeSchema.meta({
        description: 'Start; a date alone means the start of that day.',
      }),
      to: localDateTimeSchema.meta({ description: 'End; a date alone means the end of that day.' }),
      reason: z.string().optional().meta({ description: 'Free text, e.g. "leave"; not used.' }),
    })
    .meta({ description: 'The carer cannot work in this range (leave, sickness, training).' }),
  z
    .strictObject({
      type: z.literal('available').meta({ description: 'An extra window.' }),
      date: isoDateSchema.meta({ description: 'The date of the extra window.' }),
      from: clockTimeSchema.meta({ description: 'Start of the window, local HH:mm.' }),
      to: clockTimeSchema.meta({ description: 'End of the window, local HH:mm.' }),
      reason: z.string().optional().meta({ description: 'Free text, e.g. "overtime"; not used.' }),
    })
    .meta({ description: 'An extra window on one date, on top of the weekly pattern.' }),
]);
export type AvailabilityException = z.infer<typeof availabilityExceptionSchema>;

export const contractSchema = z.strictObject({
  contractedHoursPerWeek: z.number().min(0).max(168).default(0).meta({
    description: 'Hours a week the carer is contracted (and paid) for; 0 for zero hours.',
  }),
  maxHoursPerWeek: z.number().positive().max(168).default(48).meta({
    description: 'Most working hours (visits and travel) in an ISO week, Monday to Sunday.',
  }),
  maxHoursPerDay: z
    .number()
    .positive()
    .max(24)
    .default(12)
    .meta({ description: 'Most working hours (visits and travel) in a day.' }),
  hourlyPay: nonNegative(0, 'Pay per paid hour, in the council’s currency.'),
  travelPaid: z
    .boolean()
    .default(true)
    .meta({ description: 'Whether travel time between visits is paid.' }),
});
export type Contract = z.infer<typeof contractSchema>;

export const GENDERS = ['female', 'male', 'non-binary'] as const;
export const genderSchema = z.enum(GENDERS);

export const carerPreferencesSchema = z.strictObject({
  preferredHours: z
    .array(weeklyWindowSchema)
    .default([])
    .meta({ description: 'Hours the carer would rather work, inside their availability.' }),
  maxTravelMinutesPerDay: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'Travel a day beyond which the carer would rather not go.' }),
  preferredAreas: idList('Neighbourhood ids (see clients[].area) the carer would rather work in.'),
  tags: wordList('Interests or traits to match with clients, e.g. "gardening", "dogs".'),
});
export type CarerPreferences = z.infer<typeof carerPreferencesSchema>;

export const carerSchema = z.strictObject({
  id: idSchema.meta({ description: 'Unique id of the carer; any non-empty string.' }),
  name: z.string().optional().meta({ description: 'Display name, for exports and the report.' }),
  home: locationSchema.meta({ description: 'Where the carer lives: shifts start and end here.' }),
  transport: transportModeSchema
    .default('car')
    .meta({ description: 'How the carer travels: car, walk, bike or public.' }),
  qualifications: z
    .array(qualificationSchema)
    .default([])
    .meta({ description: 'Qualifications held, each with an optional expiry date.' }),
  availability: z.array(weeklyWindowSchema).default([]).meta({
    description: 'Weekly windows the carer can work; each window of a day is one shift.',
  }),
  exceptions: z
    .array(availabilityExceptionSchema)
    .default([])
    .meta({ description: 'Dated changes to the weekly pattern: absences and extra windows.' }),
  contract: contractSchema
    .prefault({})
    .meta({ description: 'Hours, limits and pay of the carer’s contract.' }),
  languages: wordList('Languages spoken, matched against clients’ language.'),
  gender: genderSchema
    .optional()
    .meta({ description: 'female, male or non-binary; matched against clients’ carerGender.' }),
  refusedClients: idList('Clients this carer will not visit (consent goes both ways).'),
  startLocation: locationSchema
    .optional()
    .meta({ description: 'Where each shift starts, if not at home.' }),
  endLocation: locationSchema
    .optional()
    .meta({ description: 'Where each shift ends, if not at home.' }),
  preferences: carerPreferencesSchema
    .prefault({})
    .meta({ description: 'Soft wishes: hours, daily travel, areas and interests.' }),
});
export type Carer = z.infer<typeof carerSchema>;
export type CarerInput = z.input<typeof carerSchema>;

export const STRENGTHS = ['required', 'preferred'] as const;
export const preferenceStrengthSchema = z.enum(STRENGTHS);
/** How hard a client's wish is, preferred unless said. */
const strengthSchema = preferenceStrengthSchema
  .default('preferred')
  .meta({ description: 'required (a hard rule) or preferred.' });

export const clientSchema = z.strictObject({
  id: idSchema.meta({ description: 'Unique id of the client; any non-empty string.' }),
  name: z.string().optional().meta({ description: 'Display name, for exports and the report.' }),
  location: locationSchema.meta({ description: 'Where the visits take place.' }),
  carerGender: z
    .strictObject({
      value: genderSchema.meta({ description: 'The carer gender asked for.' }),
      strength: strengthSchema,
    })
    .optional()
    .meta({ description: 'The gender of carer the client asks for.' }),
  language: z
    .strictObject({
      value: z.string().min(1).meta({ description: 'The language asked for, e.g. "pl".' }),
      strength: strengthSchema,
    })
    .optional()
    .meta({ description: 'A language the carer should speak.' }),
  team: idList('Carers the client chose, best first.'),
  refusedCarers: idList('Carers the client will not have (a hard rule).'),
  area: idSchema
    .optional()
    .meta({ description: 'Neighbourhood id, matched against carers’ preferred areas.' }),
  tags: wordList('Interests or traits to match with carers.'),
});
export type Client = z.infer<typeof clientSchema>;
export type ClientInput = z.input<typeof clientSchema>;

export const PRIORITIES = ['time-critical', 'normal', 'flexible'] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof prioritySchema>;

/** A change to a recurring visit over a range of dates (a new window, length or team size). */
export const visitOverrideSchema = z.strictObject({
  from: isoDateSchema.meta({ description: 'First date the change applies to.' }),
  until: isoDateSchema
    .optional()
    .meta({ description: 'Last date the change applies to; no end if omitted.' }),
  window: startWindowSchema.optional().meta({ description: 'The new start window.' }),
  durationMinutes: durationSchema.optional().meta({ description: 'The new length in minutes.' }),
  carersNeeded: carersNeededSchema
    .optional()
    .meta({ description: 'The new number of carers, 1 or 2.' }),
});
export type VisitOverride = z.infer<typeof visitOverrideSchema>;

/**
 * What one carer of a visit must hold and how long that carer stays: a double-up may need, for
 * example, one carer with `nurse-delegated` for 30 minutes and one with `moving-and-handling`
 * for the whole visit.
 */
export const visitRoleSchema = z.strictObject({
  qualifications: idList(
    'Qualifications this carer must hold, unexpired, on top of the visit’s own qualifications.',
  ),
  durationMinutes: durationSchema.optional().meta({
    description:
      'Minutes this carer stays, from the visit’s start; at most the visit’s length, the whole ' +
      'visit if omitted.',
  }),
});
export type VisitRole = z.infer<typeof visitRoleSchema>;

export const visitPatternSchema = z.strictObject({
  id: idSchema.meta({ description: 'Unique within the package, e.g. "morning".' }),
  days: weekdaysSchema.meta({ description: 'Weekdays the visit happens on.' }),
  window: startWindowSchema.meta({ description: 'The visit must start inside this local window.' }),
  durationMinutes: durationSchema.meta({
    description: 'Length of the visit in minutes; it ends on the day it starts.',
  }),
  carersNeeded: carersNeededSchema
    .default(1)
    .meta({ description: '2 for a double-up: both carers start together.' }),
  qualifications: idList('Qualifications every carer on the visit must hold, unexpired.'),
  roles: z
    .array(visitRoleSchema)
    .optional()
    .meta({
      description:
        'One entry per carer (as many as carersNeeded): what each must hold and how long each ' +
        'stays. Omit when the carers are alike.',
    }),
  priority: prioritySchema.default('normal').meta({
    description: 'time-critical, normal or flexible: how dear it is to leave unplaced or late.',
  }),
  maxLatenessMinutes: z
    .number()
    .int()
    .min(0)
    .max(MAX_LATENESS_CAP_MINUTES)
    .default(0)
    .meta({
      description:
        'How many minutes after its window the visit may still start, at a cost per minute. ' +
        'Time-critical visits allow none. At most settings.latenessCapMinutes (240 by default).',
    }),
  from: isoDateSchema.optional().meta({
    description: 'First date the visit happens (e.g. a discharge); the horizon start if omitted.',
  }),
  until: isoDateSchema
    .optional()
    .meta({ description: 'Last date the visit happens (a package ended); no end if omitted.' }),
  skipDates: z
    .array(isoDateSchema)
    .optional()
    .meta({ description: 'Dates on which the visit does not happen (cancelled).' }),
  overrides: z
    .array(visitOverrideSchema)
    .optional()
    .meta({ description: 'Changes from a date on; the last one covering a date applies.' }),
});
export type VisitPattern = z.infer<typeof visitPatternSchema>;

/**
 * Two visits of one package on the same day done by two different carers, the second starting
 * `minGapMinutes` to `maxGapMinutes` after the first (0-0: together, e.g. a hoist transfer;
 * 30-60: a delegated health task after personal care).
 */
export const visitLinkSchema = z.strictObject({
  first: idSchema.meta({ description: 'Id of the first visit pattern of the package.' }),
  second: idSchema.meta({ description: 'Id of the second visit pattern of the package.' }),
  minGapMinutes: gapSchema.meta({
    description: 'Least minutes from the first visit’s start to the second’s.',
  }),
  maxGapMinutes: gapSchema.meta({
    description: 'Most minutes from the first visit’s start to the second’s.',
  }),
});
export type VisitLink = z.infer<typeof visitLinkSchema>;

export const FUNDING_SOURCES = ['council', 'direct-payment', 'self-funder'] as const;

export const carePackageSchema = z.strictObject({
  id: idSchema.meta({ description: 'Unique id of the package; any non-empty string.' }),
  client: idSchema.meta({ description: 'Id of the client who receives it.' }),
  funding: z
    .enum(FUNDING_SOURCES)
    .default('council')
    .meta({ description: 'council, direct-payment or self-funder; reported, not priced.' }),
  visits: z
    .array(visitPatternSchema)
    .default([])
    .meta({ description: 'The recurring visits of the package.' }),
  links: z
    .array(visitLinkSchema)
    .default([])
    .meta({ description: 'Pairs of its visits done by two carers within a gap of each other.' }),
});
export type CarePackage = z.infer<typeof carePackageSchema>;
export type CarePackageInput = z.input<typeof carePackageSchema>;

export const travelSettingsSchema = z.strictObject({
  detourFactor: z
    .number()
    .min(1)
    .max(5)
    .default(1.3)
    .meta({ description: 'Road distance divided by straight-line distance.' }),
  speedKmh: z
    .strictObject({
      car: z.number().positive().default(30).meta({ description: 'Car speed, km/h.' }),
      walk: z.number().positive().default(4.8).meta({ description: 'Walking speed, km/h.' }),
      bike: z.number().positive().default(14).meta({ description: 'Cycling speed, km/h.' }),
      public: z
        .number()
        .positive()
        .default(15)
        .meta({ description: 'Public transport speed, km/h.' }),
    })
    .prefault({})
    .meta({ description: 'Straight-line speed per transport mode, detour included.' }),
});

/**
 * Where a declared break may lie. By default from the 2nd to the 6th hour of the shift: a break
 * that ends by the 6th hour comes before 6 hours of work can have been done (work never exceeds
 * the time elapsed), so it always comes in time, and one from the 2nd hour on is a rest inside the
 * working day rather than a later start (the Working Time Regulations want it during the day).
 */
export const breakWindowSchema = z
  .strictObject({
    fromHour: z
      .number()
      .min(0)
      .max(24)
      .default(2)
      .meta({ description: 'Earliest start of the break, in hours after the shift starts.' }),
    toHour: z
      .number()
      .min(0)
      .max(24)
      .default(6)
      .meta({ description: 'Latest end of the break, in hours after the shift starts.' }),
  })
  .refine((window) => window.fromHour < window.toHour, {
    path: ['toHour'],
    message: 'must be later than fromHour: the window holds the break',
  });

/** Working-time rules (UK Working Time Regulations defaults). */
export const workingTimeSchema = z
  .strictObject({
    minRestHours: z
      .number()
      .min(0)
      .max(24)
      .default(11)
      .meta({ description: 'Rest between the end of one working day and the start of the next.' }),
    breakAfterHours: z
      .number()
      .positive()
      .max(24)
      .default(6)
      .meta({ description: 'A shift with more working time than this needs a break.' }),
    breakMinutes: z.number().int().min(0).max(120).default(20).meta({
      description: 'Length of that break: an uninterrupted idle period inside the shift.',
    }),
    breakWindow: breakWindowSchema.prefault({}).meta({
      description:
        'Where in a shift a declared break may lie, in hours from the shift’s start (its availability window’s opening).',
    }),
    placeBreaks: z.boolean().default(false).meta({
      description:
        'Let the search lengthen a shift past breakAfterHours by placing a break of breakMinutes inside breakWindow (the roster declares it as route.break). Off: every shift is kept within breakAfterHours, so no break is owed; off by default because long shifts let a replan move more of other carers’ visits.',
    }),
    maxConsecutiveDays: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: 'Most working days in a row; no limit when omitted.' }),
  })
  .refine(
    (rules) =>
      rules.breakWindow.fromHour >= rules.breakWindow.toHour ||
      (rules.breakWindow.toHour - rules.breakWindow.fromHour) * 60 >= rules.breakMinutes,
    {
      path: ['breakWindow', 'toHour'],
      message: 'leaves the break window shorter than breakMinutes: no break would fit in it',
    },
  );
export type WorkingTimeRules = z.infer<typeof workingTimeSchema>;

/**
 * Weights of the soft terms, in cost units where one travel minute costs `travelMinute` (1 by
 * default). Unplaced visits always cost more than any soft term.
 */
export const weightsSchema = z.strictObject({
  travelMinute: nonNegative(1, 'Per minute of travel.'),
  latenessMinute: nonNegative(3, 'Per minute a visit starts after its window.'),
  extraCarer: nonNegative(
    60,
    'Per distinct carer a client sees beyond their team size (at least one, or two with a double-up).',
  ),
  timeOfDayExtraCarer: nonNegative(
    5,
    'Per distinct carer beyond those needed on one recurring visit (same time of day).',
  ),
  teamVisit: nonNegative(
    10,
    'Bonus per visit by the client’s first-ranked team member; lower ranks less.',
  ),
  outsidePreferredHoursMinute: nonNegative(
    0.2,
    'Per visit minute outside the carer’s preferred hours.',
  ),
  travelOverPreferenceMinute: nonNegative(
    2,
    'Per minute of a day’s travel beyond the carer’s maxTravelMinutesPerDay.',
  ),
  outsidePreferredAreaVisit: nonNegative(10, 'Per visit outside the carer’s preferred areas.'),
  sharedTagVisit: nonNegative(2, 'Bonus per visit where carer and client share a tag.'),
  underContractHour: nonNegative(6, 'Per hour short of the contract, pro rata to the horizon.'),
  overContractHour: nonNegative(2, 'Per hour over the contract, pro rata to the horizon.'),
  unpaidGapMinute: nonNegative(
    0.5,
    'Per idle minute between visits past unpaidGapThresholdMinutes.',
  ),
  worstLatenessMinute: nonNegative(
    0,
    'Per minute of each day’s largest lateness (its latest visit), on top of latenessMinute: ' +
      'so that no client waits far longer than the others. 0 (off) by default.',
  ),
});
export type Weights = z.infer<typeof weightsSchema>;

/**
 * Prices of changing a live roster (see `replan`), in the same cost units as {@link weightsSchema}.
 * Unplaced visits still cost more than any of these, so a replan never drops a visit to avoid
 * moving one.
 */
export const changeWeightsSchema = z.strictObject({
  movedVisit: nonNegative(
    30,
    'Per visit given to a carer who did not have it before: half an hour of travel, so a ' +
      'visit moves for a clear gain and not for a few minutes of driving.',
  ),
  minuteBeyondTolerance: nonNegative(
    3,
    'Per minute a visit starts later than its previous start plus the tolerance: dearer than ' +
      'a travel minute, since the client was told a time, so a carer drives a little further ' +
      'rather than push a round back. Above 0, a visit also never starts earlier than its ' +
      'previous start less the tolerance (the carer waits instead).',
  ),
  toleranceMinutes: z.number().min(0).max(240).default(15).meta({
    description:
      'A visit may start this much later or earlier than before at no cost (people expect +/-15).',
  }),
  newCarerForClient: nonNegative(
    40,
    'Per visit by a carer the client had no visit from in the previous roster: a stranger at ' +
      'the door costs more than a familiar carer at another time.',
  ),
  retimedVisit: nonNegative(
    30,
    'Per visit kept by its carer but started more than the tolerance from before: one call to ' +
      'the client however few minutes past the tolerance, as dear as moving the visit, so a ' +
      "change does not push a carer's later visits back to make room.",
  ),
  changedCarerDay: nonNegative(
    30,
    'Per carer-day that gains or loses a visit, or has one start moved beyond the tolerance: ' +
      'a phone call and a new day sheet, as dear as moving one visit, so the moves a change ' +
      'needs gather on few carers.',
  ),
});
export type ChangeWeights = z.infer<typeof changeWeightsSchema>;

export const settingsSchema = z.strictObject({
  travel: travelSettingsSchema
    .prefault({})
    .meta({ description: 'The straight-line travel estimate, used without a road matrix.' }),
  weights: weightsSchema
    .prefault({})
    .meta({ description: 'Weights of the soft terms, in cost units (a travel minute is 1).' }),
  change: changeWeightsSchema
    .prefault({})
    .meta({ description: 'Prices of changing a live roster (replan).' }),
  workingTime: workingTimeSchema
    .prefault({})
    .meta({ description: 'Working-time rules (UK Working Time Regulations defaults).' }),
  unpaidGapThresholdMinutes: nonNegative(
    15,
    'Idle time between visits counts as an unpaid gap past this many minutes.',
  ),
  latenessCapMinutes: z
    .number()
    .int()
    .min(0)
    .max(MAX_LATENESS_CAP_MINUTES)
    .default(DEFAULT_LATENESS_CAP_MINUTES)
    .meta({
      description:
        'The most any visit’s maxLatenessMinutes may be: 240 by default, up to the whole day ' +
        '(1440) when late starts are the lesser evil (a day short of carers).',
    }),
  livingWageHourly: z
    .number()
    .positive()
    .optional()
    .meta({ description: 'Hourly living-wage figure that effective pay is compared against.' }),
});
export type Settings = z.infer<typeof settingsSchema>;

export const problemSchema = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .meta({ description: 'URL of the JSON Schema, for editors; ignored.' }),
    name: z.string().optional().meta({ description: 'Name of the problem, for reports.' }),
    horizon: z
      .strictObject({
        start: isoDateSchema.meta({ description: 'First day of the roster.' }),
        end: isoDateSchema.meta({ description: 'Last day of the roster (inclusive).' }),
      })
      .meta({ description: 'The dates to roster, local, at most a year.' }),
    timeZone: z
      .string()
      .default('Europe/London')
      .meta({ description: 'IANA time zone of every local date and time in the problem.' }),
    carers: z.array(carerSchema).meta({ description: 'The carers who can be rostered.' }),
    clients: z.array(clientSchema).meta({ description: 'The people receiving care.' }),
    packages: z
      .array(carePackageSchema)
      .meta({ description: 'Care packages: each a client’s recurring visits.' }),
    settings: settingsSchema
      .prefault({})
      .meta({ description: 'Travel estimate, weights and working-time rules.' }),
  })
  .meta({
    title: 'care-roster problem',
    description: 'Carers, clients and care packages to roster.',
  });

/** A validated problem, with every default filled in. */
export type Problem = z.infer<typeof problemSchema>;
/** A problem as written in JSON: optional fields may be omitted. */
export type ProblemInput = z.input<typeof problemSchema>;

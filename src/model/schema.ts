/**
 * The input model: one zod schema per input type. TypeScript types are inferred from these
 * schemas, and `schema/problem.schema.json` is generated from them (`npm run schema`), so the
 * three can never disagree.
 */
import { z } from 'zod';

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
      .max(90, { message: 'latitude must be between -90 and 90' }),
    lon: z
      .number()
      .min(-180, { message: 'longitude must be between -180 and 180' })
      .max(180, { message: 'longitude must be between -180 and 180' }),
  })
  .meta({ description: 'WGS84 coordinates in decimal degrees.' });
export type Location = z.infer<typeof locationSchema>;

const idSchema = z.string().min(1, { message: 'must be a non-empty string' });

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
  days: z.array(weekdaySchema).min(1, { message: 'must name at least one day' }),
  from: clockTimeSchema,
  to: clockTimeSchema,
});
export type WeeklyWindow = z.infer<typeof weeklyWindowSchema>;

export const availabilityExceptionSchema = z.discriminatedUnion('type', [
  z
    .strictObject({
      type: z.literal('unavailable'),
      from: localDateTimeSchema.meta({
        description: 'Start; a date alone means the start of that day.',
      }),
      to: localDateTimeSchema.meta({ description: 'End; a date alone means the end of that day.' }),
      reason: z.string().optional(),
    })
    .meta({ description: 'The carer cannot work in this range (leave, sickness, training).' }),
  z
    .strictObject({
      type: z.literal('available'),
      date: isoDateSchema,
      from: clockTimeSchema,
      to: clockTimeSchema,
      reason: z.string().optional(),
    })
    .meta({ description: 'An extra window on one date, on top of the weekly pattern.' }),
]);
export type AvailabilityException = z.infer<typeof availabilityExceptionSchema>;

export const contractSchema = z.strictObject({
  contractedHoursPerWeek: z.number().min(0).max(168).default(0),
  maxHoursPerWeek: z.number().positive().max(168).default(48),
  maxHoursPerDay: z.number().positive().max(24).default(12),
  hourlyPay: z.number().min(0).default(0),
  travelPaid: z.boolean().default(true),
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
  preferredAreas: z.array(idSchema).default([]).meta({
    description: 'Neighbourhood ids (see clients[].area) the carer would rather work in.',
  }),
  tags: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'Interests or traits to match with clients, e.g. "gardening", "dogs".' }),
});
export type CarerPreferences = z.infer<typeof carerPreferencesSchema>;

export const carerSchema = z.strictObject({
  id: idSchema,
  name: z.string().optional(),
  home: locationSchema,
  transport: transportModeSchema.default('car'),
  qualifications: z.array(qualificationSchema).default([]),
  availability: z.array(weeklyWindowSchema).default([]),
  exceptions: z.array(availabilityExceptionSchema).default([]),
  contract: contractSchema.prefault({}),
  languages: z.array(z.string().min(1)).default([]),
  gender: genderSchema.optional(),
  refusedClients: z
    .array(idSchema)
    .default([])
    .meta({ description: 'Clients this carer will not visit (consent goes both ways).' }),
  startLocation: locationSchema
    .optional()
    .meta({ description: 'Where each shift starts, if not at home.' }),
  endLocation: locationSchema
    .optional()
    .meta({ description: 'Where each shift ends, if not at home.' }),
  preferences: carerPreferencesSchema.prefault({}),
});
export type Carer = z.infer<typeof carerSchema>;
export type CarerInput = z.input<typeof carerSchema>;

export const STRENGTHS = ['required', 'preferred'] as const;
export const preferenceStrengthSchema = z.enum(STRENGTHS);

export const clientSchema = z.strictObject({
  id: idSchema,
  name: z.string().optional(),
  location: locationSchema,
  carerGender: z
    .strictObject({ value: genderSchema, strength: preferenceStrengthSchema.default('preferred') })
    .optional(),
  language: z
    .strictObject({
      value: z.string().min(1),
      strength: preferenceStrengthSchema.default('preferred'),
    })
    .optional(),
  team: z.array(idSchema).default([]).meta({ description: 'Carers the client chose, best first.' }),
  refusedCarers: z.array(idSchema).default([]),
  area: idSchema
    .optional()
    .meta({ description: 'Neighbourhood id, matched against carers’ preferred areas.' }),
  tags: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'Interests or traits to match with carers.' }),
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
  window: z.strictObject({ from: clockTimeSchema, to: clockTimeSchema }).optional(),
  durationMinutes: z.number().int().positive().max(1440).optional(),
  carersNeeded: z.union([z.literal(1), z.literal(2)]).optional(),
});
export type VisitOverride = z.infer<typeof visitOverrideSchema>;

export const visitPatternSchema = z.strictObject({
  id: idSchema.meta({ description: 'Unique within the package, e.g. "morning".' }),
  days: z.array(weekdaySchema).min(1, { message: 'must name at least one day' }),
  window: z
    .strictObject({ from: clockTimeSchema, to: clockTimeSchema })
    .meta({ description: 'The visit must start inside this local window.' }),
  durationMinutes: z.number().int().positive().max(1440),
  carersNeeded: z.union([z.literal(1), z.literal(2)]).default(1),
  qualifications: z.array(idSchema).default([]),
  priority: prioritySchema.default('normal'),
  maxLatenessMinutes: z
    .number()
    .int()
    .min(0)
    .max(240)
    .default(0)
    .meta({
      description:
        'How many minutes after its window the visit may still start, at a cost per minute. ' +
        'Time-critical visits allow none.',
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
  minGapMinutes: z.number().int().min(0).max(1440),
  maxGapMinutes: z.number().int().min(0).max(1440),
});
export type VisitLink = z.infer<typeof visitLinkSchema>;

export const FUNDING_SOURCES = ['council', 'direct-payment', 'self-funder'] as const;

export const carePackageSchema = z.strictObject({
  id: idSchema,
  client: idSchema,
  funding: z.enum(FUNDING_SOURCES).default('council'),
  visits: z.array(visitPatternSchema).default([]),
  links: z.array(visitLinkSchema).default([]),
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
      car: z.number().positive().default(30),
      walk: z.number().positive().default(4.8),
      bike: z.number().positive().default(14),
      public: z.number().positive().default(15),
    })
    .prefault({}),
});

/** Working-time rules (UK Working Time Regulations defaults). */
export const workingTimeSchema = z.strictObject({
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
  breakMinutes: z
    .number()
    .int()
    .min(0)
    .max(120)
    .default(20)
    .meta({ description: 'Length of that break: an uninterrupted idle period inside the shift.' }),
  maxConsecutiveDays: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'Most working days in a row; no limit when omitted.' }),
});
export type WorkingTimeRules = z.infer<typeof workingTimeSchema>;

/**
 * Weights of the soft terms, in cost units where one travel minute costs `travelMinute` (1 by
 * default). Unplaced visits always cost more than any soft term.
 */
export const weightsSchema = z.strictObject({
  travelMinute: z.number().min(0).default(1),
  latenessMinute: z.number().min(0).default(3),
  extraCarer: z.number().min(0).default(60).meta({
    description:
      'Per distinct carer a client sees beyond their team size (at least one, or two with a double-up).',
  }),
  timeOfDayExtraCarer: z.number().min(0).default(5).meta({
    description:
      'Per distinct carer beyond those needed on one recurring visit (same time of day).',
  }),
  teamVisit: z.number().min(0).default(10).meta({
    description: 'Bonus per visit by the client’s first-ranked team member; lower ranks less.',
  }),
  outsidePreferredHoursMinute: z.number().min(0).default(0.2),
  travelOverPreferenceMinute: z.number().min(0).default(2),
  outsidePreferredAreaVisit: z.number().min(0).default(10),
  sharedTagVisit: z.number().min(0).default(2),
  underContractHour: z.number().min(0).default(6),
  overContractHour: z.number().min(0).default(2),
  unpaidGapMinute: z.number().min(0).default(0.5),
});
export type Weights = z.infer<typeof weightsSchema>;

/**
 * Prices of changing a live roster (see `replan`), in the same cost units as {@link weightsSchema}.
 * Unplaced visits still cost more than any of these, so a replan never drops a visit to avoid
 * moving one.
 */
export const changeWeightsSchema = z.strictObject({
  movedVisit: z
    .number()
    .min(0)
    .default(30)
    .meta({
      description:
        'Per visit given to a carer who did not have it before: half an hour of travel, so a ' +
        'visit moves for a clear gain and not for a few minutes of driving.',
    }),
  minuteBeyondTolerance: z
    .number()
    .min(0)
    .default(1)
    .meta({
      description:
        'Per minute a visit starts later than its previous start plus the tolerance: as dear as ' +
        'a travel minute, since the client was told a time.',
    }),
  toleranceMinutes: z.number().min(0).max(240).default(15).meta({
    description: 'A visit may start this much later than before at no cost (people expect +/-15).',
  }),
  newCarerForClient: z
    .number()
    .min(0)
    .default(40)
    .meta({
      description:
        'Per visit by a carer the client had no visit from in the previous roster: a stranger at ' +
        'the door costs more than a familiar carer at another time.',
    }),
});
export type ChangeWeights = z.infer<typeof changeWeightsSchema>;

export const settingsSchema = z.strictObject({
  travel: travelSettingsSchema.prefault({}),
  weights: weightsSchema.prefault({}),
  change: changeWeightsSchema.prefault({}),
  workingTime: workingTimeSchema.prefault({}),
  unpaidGapThresholdMinutes: z.number().min(0).default(15).meta({
    description: 'Idle time between visits counts as an unpaid gap past this many minutes.',
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
    $schema: z.string().optional(),
    name: z.string().optional(),
    horizon: z.strictObject({
      start: isoDateSchema.meta({ description: 'First day of the roster.' }),
      end: isoDateSchema.meta({ description: 'Last day of the roster (inclusive).' }),
    }),
    timeZone: z
      .string()
      .default('Europe/London')
      .meta({ description: 'IANA time zone of every local date and time in the problem.' }),
    carers: z.array(carerSchema),
    clients: z.array(clientSchema),
    packages: z.array(carePackageSchema),
    settings: settingsSchema.prefault({}),
  })
  .meta({
    title: 'care-roster problem',
    description: 'Carers, clients and care packages to roster.',
  });

/** A validated problem, with every default filled in. */
export type Problem = z.infer<typeof problemSchema>;
/** A problem as written in JSON: optional fields may be omitted. */
export type ProblemInput = z.input<typeof problemSchema>;

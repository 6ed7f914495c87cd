/**
 * What happened to a live roster: the changes file `replan` reads. One zod schema, from which the
 * TypeScript types and `schema/changes.schema.json` (`npm run schema`) are generated.
 */
import * as z from 'zod';
import {
  carePackageSchema,
  clientSchema,
  clockTimeSchema,
  isoDateSchema,
  visitPatternSchema,
} from '../../model/schema.js';

/** A local date and time `YYYY-MM-DDTHH:mm` in the problem's time zone. */
const instantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, {
    message: 'must be a local date and time written YYYY-MM-DDTHH:mm',
  })
  .meta({ description: 'Local date and time YYYY-MM-DDTHH:mm in the problem time zone.' });

const idSchema = z.string().min(1, { message: 'must be a non-empty string' });
const reason = z.string().optional().meta({ description: 'Why, for the people told.' });

const windowSchema = z.strictObject({ from: clockTimeSchema, to: clockTimeSchema });

/** One change to a live roster. */
export const changeSchema = z.discriminatedUnion('type', [
  z
    .strictObject({
      type: z.literal('carer-unavailable'),
      carerId: idSchema,
      from: instantSchema,
      to: instantSchema,
      reason,
    })
    .meta({ description: 'The carer cannot work from `from` to `to` (sickness, an emergency).' }),
  z
    .strictObject({
      type: z.literal('carer-available'),
      carerId: idSchema,
      date: isoDateSchema,
      from: clockTimeSchema,
      to: clockTimeSchema,
      reason,
    })
    .meta({ description: 'The carer can work an extra window on one date.' }),
  z
    .strictObject({
      type: z.literal('carer-delayed'),
      carerId: idSchema,
      visitKey: idSchema.meta({
        description: 'The stop of the previous roster the delay starts at.',
      }),
      minutes: z.number().int().positive().max(720),
      reason,
    })
    .meta({ description: 'The carer reaches this stop, and so every later one, late.' }),
  z
    .strictObject({
      type: z.literal('visit-cancelled'),
      packageId: idSchema,
      visitId: idSchema,
      date: isoDateSchema,
      onwards: z
        .boolean()
        .default(false)
        .meta({ description: 'Cancel every date from `date` on, not only that one.' }),
      reason,
    })
    .meta({ description: 'A visit does not happen on a date (or from a date on).' }),
  z
    .strictObject({
      type: z.literal('visit-changed'),
      packageId: idSchema,
      visitId: idSchema,
      from: isoDateSchema.meta({ description: 'First date the change applies to.' }),
      until: isoDateSchema.optional().meta({ description: 'Last date; no end if omitted.' }),
      window: windowSchema.optional(),
      durationMinutes: z.number().int().positive().max(1440).optional(),
      carersNeeded: z.union([z.literal(1), z.literal(2)]).optional(),
      reason,
    })
    .meta({ description: 'A visit gets a new window, length or number of carers.' }),
  z
    .strictObject({
      type: z.literal('visit-added'),
      packageId: idSchema,
      visit: visitPatternSchema,
      from: isoDateSchema.optional().meta({ description: 'First date; now if omitted.' }),
      reason,
    })
    .meta({ description: 'A new recurring visit in an existing package.' }),
  z
    .strictObject({
      type: z.literal('package-added'),
      package: carePackageSchema,
      client: clientSchema
        .optional()
        .meta({ description: 'The client, when they are not in the problem yet.' }),
      from: isoDateSchema.meta({ description: 'First date of care (e.g. the discharge date).' }),
      reason,
    })
    .meta({ description: 'A new package from a date on (a hospital discharge).' }),
  z
    .strictObject({
      type: z.literal('package-ended'),
      packageId: idSchema,
      lastDate: isoDateSchema.meta({ description: 'Last date of care; nothing after it.' }),
      reason,
    })
    .meta({ description: 'A package ends after a date.' }),
  z
    .strictObject({
      type: z.literal('pin'),
      visitKey: idSchema,
      carerId: idSchema.optional().meta({
        description: 'The carer to keep (for a double-up, which one); its carer if omitted.',
      }),
      keepTime: z
        .boolean()
        .default(false)
        .meta({ description: 'Keep its start time too, not only its carer.' }),
    })
    .meta({ description: 'A stop of the previous roster that must stay with its carer.' }),
]);
export type Change = z.infer<typeof changeSchema>;

/** A changes file. */
export const changesSchema = z
  .strictObject({
    $schema: z.string().optional(),
    now: instantSchema
      .optional()
      .meta({ description: 'Everything that started before this is history and stays as it was.' }),
    changes: z.array(changeSchema).default([]),
  })
  .meta({
    title: 'care-roster changes',
    description: 'What happened to a live roster, for `care-roster replan`.',
  });

/** A validated changes file, defaults filled in. */
export type Changes = z.infer<typeof changesSchema>;
/** A changes file as written. */
export type ChangesInput = z.input<typeof changesSchema>;

/**
 * The JSON Schema (draft 2020-12) of a changes file, as written.
 *
 * @example
 * ```ts
 * writeFileSync('changes.schema.json', JSON.stringify(changesJsonSchema(), null, 2));
 * ```
 */
export function changesJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(changesSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}

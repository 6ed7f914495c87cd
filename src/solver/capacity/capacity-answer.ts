/**
 * The answer of `findCapacity` as zod schemas: its TypeScript types are inferred from them and
 * the service's OpenAPI document publishes their JSON Schema, so type and document cannot drift.
 * The roster and the change in the answer are the library's own roster and changes schemas.
 */
import { z } from 'zod';
import type { Roster } from '../../model/roster.js';
import type { Problem } from '../../model/schema.js';
import { rosterSchema } from '../../model/roster-schema.js';
import type { ChangesInput } from '../replan/changes.js';
import { changesSchema } from '../replan/changes.js';

const localDate = z.string().meta({ description: 'Local date YYYY-MM-DD.' });

/** A carer who could take a visit, as things stand. */
export const capacityCandidateSchema = z.strictObject({
  carerId: z.string(),
  addedTravelMinutes: z.number().meta({
    description: "Travel minutes the visit adds to the carer's day at its best place in it.",
  }),
  continuity: z.int().min(0).meta({
    description: 'Other visits of the package (on any date) this carer could also take.',
  }),
  addedCost: z.number().meta({
    description: "What the insertion adds to the roster's cost (travel, preferences, soft terms).",
  }),
});
export type CapacityCandidate = z.output<typeof capacityCandidateSchema>;

/** One dated visit of the package. */
export const capacityVisitSchema = z.strictObject({
  visitKey: z.string(),
  date: localDate,
  candidates: z.array(capacityCandidateSchema).meta({
    description: 'Best carers first: least added travel, then most continuity, then least cost.',
  }),
  placedWith: z.array(z.string()).meta({
    description: 'Who does it in the proposed roster; empty when it could not be placed.',
  }),
  start: z.string().optional().meta({ description: 'When it starts in the proposed roster.' }),
});
export type CapacityVisit = z.output<typeof capacityVisitSchema>;

/** One start date tried: how many of the package's visits from it the repair placed. */
export const capacityTrySchema = z.strictObject({
  from: localDate,
  placed: z.int().min(0),
  visits: z.int().min(0),
});
export type CapacityTry = z.output<typeof capacityTrySchema>;

/** The answer of `findCapacity` as it is sent (the service's and the command line's). */
export const capacityAnswerSchema = z
  .strictObject({
    fits: z.boolean().meta({ description: 'Whether the whole package fits from `from`.' }),
    from: localDate.optional().meta({
      description: 'The earliest date tried from which the whole package fits (absent: none).',
    }),
    tried: z
      .array(capacityTrySchema)
      .meta({ description: 'Each start date tried, earliest first.' }),
    visits: z.array(capacityVisitSchema).meta({
      description:
        "The package's dated visits from `from` (or the last date tried when none fits).",
    }),
    moves: z.array(z.string()).meta({
      description: 'Visits already rostered that would have to move (carer or time), as sentences.',
    }),
    movedVisits: z.int().min(0),
    addedTravelMinutes: z
      .number()
      .meta({ description: 'Travel minutes the package adds to the roster.' }),
    addedCost: z.number().meta({ description: "What the package adds to the roster's cost." }),
    roster: rosterSchema.meta({
      description:
        'The roster with the package in, ready to apply: what a replan of `changes` with `replanOptions` returns, visit for visit.',
    }),
    changes: changesSchema.meta({
      description:
        'The change that applies the answer: the package added from `from` (or the last date tried).',
    }),
    replanOptions: z.strictObject({ seed: z.int().min(0), maxIterations: z.int().min(0) }).meta({
      description:
        'The seed and iteration budget with which a replan of `changes` returns `roster` again.',
    }),
  })
  .meta({
    title: 'care-roster capacity answer',
    description:
      'Whether the package fits, from which date, candidates per visit, what would move, and the roster with it in.',
  });

/**
 * The answer of `findCapacity`: what is sent, and the problem with the package in. The roster is
 * the library's `Roster` (held equal to the roster schema) and the change is a changes file as
 * written, which a replan reads.
 */
export type CapacityAnswer = Omit<z.output<typeof capacityAnswerSchema>, 'roster' | 'changes'> & {
  readonly roster: Roster;
  readonly changes: ChangesInput;
  readonly problem: Problem;
};

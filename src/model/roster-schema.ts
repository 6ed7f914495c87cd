/**
 * The schema of a roster file, so `care-roster check` can say exactly what is wrong with a
 * roster written by hand or by other software before checking its rules.
 */
import { z } from 'zod';
import type { Roster } from './roster.js';
import type { ValidationIssue } from './validate.js';
import { describeIssues } from './issue-messages.js';

const identity = {
  visitKey: z.string(),
  packageId: z.string(),
  visitId: z.string(),
  date: z.string(),
  clientId: z.string(),
};

const stopSchema = z.object({
  ...identity,
  arrival: z.string(),
  start: z.string(),
  end: z.string(),
  travelMinutes: z.number(),
});

const routeSchema = z.object({
  carerId: z.string(),
  date: z.string(),
  shiftStart: z.string(),
  shiftEnd: z.string(),
  stops: z.array(stopSchema),
  travelBackMinutes: z.number(),
});

const unplacedSchema = z.object({
  ...identity,
  reasons: z.array(z.object({ rule: z.string(), carers: z.number(), message: z.string() })),
});

/** Roster files: the fields the checker reads; KPIs and statistics are not checked. */
export const rosterSchema = z.looseObject({
  timeZone: z.string(),
  horizon: z.object({ start: z.string(), end: z.string() }),
  routes: z.array(routeSchema),
  unplaced: z.array(unplacedSchema),
});

/** Parses a roster file's JSON, or lists every issue with its JSON path. */
export function validateRoster(
  input: unknown,
): { ok: true; roster: Roster } | { ok: false; issues: ValidationIssue[] } {
  const parsed = rosterSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, roster: parsed.data as unknown as Roster };
  return { ok: false, issues: describeIssues(parsed.error.issues, rosterSchema, input) };
}

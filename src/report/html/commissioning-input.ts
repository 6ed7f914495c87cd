/**
 * Reading the commissioning comparison (the JSON of `compareCommissioningModels`) for the
 * report: only the figures of each model, so a file with or without the rosters reads alike.
 */
import { z } from 'zod';
import type { CommissioningRow } from '../commissioning.js';
import type { ValidationIssue } from '../../model/validate.js';
import { formatPath } from '../../model/validate.js';

/** The figures of one commissioning model, as the report shows them. */
export type CommissioningFigures = Omit<CommissioningRow, 'roster'>;

/** Both models of a comparison. */
export interface CommissioningInput {
  readonly framework: CommissioningFigures;
  readonly neighbourhoods: CommissioningFigures;
}

const share = z.number().min(0).max(1);
const count = z.number().int().min(0);
const rowSchema = z.object({
  model: z.string(),
  travelHours: z.number().min(0),
  travelShareOfPaidTime: share,
  distinctCarersPerClientMean: z.number().min(0),
  distinctCarersPerClientMax: count,
  visitsUnplaced: count,
  visits: count,
});
const comparisonSchema = z.object({ framework: rowSchema, neighbourhoods: rowSchema });

/**
 * Reads a commissioning comparison, or lists every issue with its JSON path.
 *
 * @example
 * ```ts
 * writeFileSync('comparison.json', JSON.stringify(comparison)); // from compareCommissioningModels
 * const read = readCommissioning(JSON.parse(readFileSync('comparison.json', 'utf8')));
 * if (read.ok) console.log(read.comparison.framework.travelHours);
 * ```
 */
export function readCommissioning(
  input: unknown,
): { ok: true; comparison: CommissioningInput } | { ok: false; issues: ValidationIssue[] } {
  const parsed = comparisonSchema.safeParse(input);
  if (parsed.success) return { ok: true, comparison: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
    })),
  };
}

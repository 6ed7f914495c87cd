/**
 * A sanity check of the reference distances. The exact-method literature solves Solomon's
 * instances with every arc truncated to one decimal (Kohl, Desrosiers, Madsen, Solomon & Soumis
 * 1999 and later; collected in Solomon's table of optimal solutions). Truncating can only
 * shorten arcs, in time as well as length, so every route set feasible with unrounded distances
 * is feasible there and no longer: a proven truncated optimum is a lower bound on the unrounded
 * optimum. A `distance_bks` below it cannot be the length of a feasible unrounded solution.
 */

/** Data lines of a small csv: header dropped, blank lines and `#` comment lines skipped. */
function csvRows(text: string): string[][] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return lines.slice(1).map((line) => line.split(','));
}

/** Reads `bks.csv` (instance, distance_bks, ...): the reference distance of each instance. */
export function parseBks(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, distance] of csvRows(text)) {
    if (name !== undefined && distance !== undefined) {
      out.set(name.trim().toLowerCase(), Number(distance));
    }
  }
  return out;
}

/** A published optimum under one-decimal truncation. */
export interface TruncatedOptimum {
  readonly distance: number;
  readonly vehicles: number;
  readonly source: string;
}

/** Reads `fixtures/solomon/truncated-optima.csv` (instance, truncated_optimum, vehicles, source). */
export function parseTruncatedOptima(text: string): Map<string, TruncatedOptimum> {
  const out = new Map<string, TruncatedOptimum>();
  for (const row of csvRows(text)) {
    const [name, distance, vehicles, ...source] = row;
    const value = {
      distance: Number(distance),
      vehicles: Number(vehicles),
      source: source.join(',').trim(),
    };
    if (
      name === undefined ||
      name.trim() === '' ||
      distance === undefined ||
      !(value.distance > 0) ||
      !Number.isInteger(value.vehicles)
    ) {
      throw new Error(`truncated-optima.csv: bad row "${row.join(',')}"`);
    }
    out.set(name.trim().toLowerCase(), value);
  }
  return out;
}

/**
 * Slack for `distance_bks` being printed to two decimals: a reference is inconsistent only when
 * it lies below the bound by more than its own rounding.
 */
const PRINT_SLACK = 0.005;

/** Instances whose reference distance lies below the proven lower bound, with that bound. */
export function inconsistentReferences(
  references: ReadonlyMap<string, number>,
  optima: ReadonlyMap<string, TruncatedOptimum>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, reference] of references) {
    const bound = optima.get(name)?.distance;
    if (bound !== undefined && reference < bound - PRINT_SLACK) out.set(name, bound);
  }
  return out;
}

/** One solved instance as the reference check needs it. */
export interface SolvedGap {
  readonly name: string;
  /** Our distance, unrounded. */
  readonly distance: number;
  readonly bks: number;
  /** 100 * (distance / bks - 1). */
  readonly gap: number;
}

/** A gap as "+0.43 %", "-0.12 %" or "0.00 %". */
const signed = (v: number): string => {
  const r = Number(v.toFixed(2));
  return r === 0 ? '0.00 %' : `${r > 0 ? '+' : ''}${r.toFixed(2)} %`;
};

/**
 * Summary lines for the benchmark report: each solved instance whose reference is below the
 * proven bound, our gap to that bound, and the worst (and average) gap over the other solved
 * instances. Empty when nothing solved is flagged.
 */
export function referenceCheckLines(
  rows: readonly SolvedGap[],
  flagged: ReadonlyMap<string, number>,
): string[] {
  const bad = rows.filter((r) => flagged.has(r.name));
  if (bad.length === 0) return [];
  const out: string[] = [];
  for (const r of bad) {
    const bound = flagged.get(r.name)!;
    out.push(
      `Reference check: ${r.name}'s distance_bks (${r.bks.toFixed(2)}) is below the proven ` +
        `optimum under one-decimal truncation (${bound.toFixed(1)}), a lower bound for unrounded ` +
        `distances; against that bound ${r.name} is ${signed(100 * (r.distance / bound - 1))}.`,
    );
  }
  const kept = rows.filter((r) => !flagged.has(r.name));
  if (kept.length > 0) {
    const worst = kept.reduce((a, b) => (b.gap > a.gap ? b : a));
    const average = kept.reduce((a, r) => a + r.gap, 0) / kept.length;
    out.push(
      `Worst gap excluding inconsistent references (${kept.length} ` +
        `instance${kept.length === 1 ? '' : 's'}, without ` +
        `${bad.map((r) => r.name).join(', ')}): ${signed(worst.gap)} (${worst.name}); ` +
        `average ${signed(average)}.`,
    );
  }
  return out;
}

/** `d` truncated to one decimal, the exact-method literature's convention. */
export function truncateTenths(d: number): number {
  // The small lift keeps values like 14.3 (stored as 14.299999...) from dropping a tenth.
  return Math.floor(d * 10 + 1e-9) / 10;
}

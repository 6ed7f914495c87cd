/**
 * Travel matrices the user supplies as JSON, validated, every issue reported with its path. The
 * compact binary file for matrices too large for JSON is in `matrix-file.ts`.
 */
import type { Location, TransportMode } from '../model/schema.js';
import { TRANSPORT_MODES } from '../model/schema.js';
import type { DenseTravelMatrix, ModeFigures } from './dense-matrix.js';
import { MAX_MINUTES, denseTravelMatrix } from './dense-matrix.js';
import type { MatrixIssue } from './travel-provider-error.js';
import { TravelProviderError } from './travel-provider-error.js';

/** A square matrix, one row per origin and one column per destination, in location order. */
export type MatrixRows = readonly (readonly number[])[];

/** One matrix for every mode, or one per mode. */
export type MatrixByMode = MatrixRows | Readonly<Partial<Record<TransportMode, MatrixRows>>>;

/**
 * The JSON shape {@link givenTravelMatrix} accepts. `minutes` may be fractional (they are
 * rounded up); a single matrix applies to every transport mode. `metres` is optional and may
 * only name modes that have minutes.
 */
export interface GivenMatrixData {
  readonly minutes: MatrixByMode;
  readonly metres?: MatrixByMode;
}

/** Issues kept for the error; a wholly wrong large matrix would otherwise list millions. */
const MAX_ISSUES = 50;

/** Issues shown in the error message; every kept issue is on `error.issues`. */
const MAX_ISSUES_IN_MESSAGE = 20;

/** Collects issues up to {@link MAX_ISSUES}, counting the rest. */
class IssueList {
  readonly kept: MatrixIssue[] = [];
  total = 0;

  add(path: string, message: string): void {
    this.total++;
    if (this.kept.length < MAX_ISSUES) this.kept.push({ path, message });
  }
}

/**
 * Builds a {@link DenseTravelMatrix} from user-supplied data (see {@link GivenMatrixData}), for
 * `locations` in the same order as the matrix rows. Minutes are rounded up to whole minutes;
 * a location to itself is always 0 whatever the diagonal says. `metres()` is `NaN` for modes
 * without distances.
 *
 * @throws {TravelProviderError} code `InvalidMatrix`, listing every issue with its JSON path
 *   (e.g. `$.minutes.car[3][7]`) and what is allowed; all of them are on `error.issues`.
 *
 * @example
 * ```ts
 * const locations = [
 *   { lat: 53.8, lon: -1.55 },
 *   { lat: 53.81, lon: -1.56 },
 * ];
 * const travel = givenTravelMatrix(locations, {
 *   minutes: { car: [[0, 5.2], [6, 0]] }, // rounded up: 5.2 becomes 6
 *   metres: { car: [[0, 1900], [2100, 0]] },
 * });
 * travel.minutes(0, 1, 'car'); // 6
 * ```
 */
export function givenTravelMatrix(
  locations: readonly Location[],
  data: unknown,
): DenseTravelMatrix {
  const n = locations.length;
  const issues = new IssueList();
  if (!isRecord(data)) {
    issues.add('$', 'must be an object with "minutes" and optionally "metres"');
    throw invalidMatrix(issues);
  }
  for (const key of Object.keys(data)) {
    if (key !== 'minutes' && key !== 'metres') {
      issues.add(`$${keyPath(key)}`, 'unknown field; allowed: "minutes", "metres"');
    }
  }
  const minutes =
    data.minutes === undefined
      ? (issues.add('$.minutes', 'is required: a matrix, or an object of matrices by mode'),
        new Map<TransportMode, Float64Array>())
      : readByMode(data.minutes, '$.minutes', n, 'minutes', issues);
  const metres =
    data.metres === undefined
      ? new Map<TransportMode, Float64Array>()
      : readByMode(data.metres, '$.metres', n, 'metres', issues);
  if (!Array.isArray(data.metres)) {
    for (const mode of metres.keys()) {
      if (data.minutes !== undefined && !minutes.has(mode)) {
        issues.add(`$.metres.${mode}`, `has no matching "minutes" for mode '${mode}'`);
      }
    }
  }
  if (issues.total > 0) throw invalidMatrix(issues);
  const figures = new Map<TransportMode, ModeFigures>();
  for (const [mode, values] of minutes) {
    const whole = Int32Array.from(values, (value) => Math.ceil(value));
    figures.set(mode, { minutes: whole, metres: metres.get(mode) });
  }
  return denseTravelMatrix(locations, figures);
}

/**
 * Reads a matrix or an object of matrices by mode. A single matrix is filed under every mode,
 * so a file written for one mode still answers for carers of any mode.
 */
function readByMode(
  value: unknown,
  path: string,
  n: number,
  unit: 'minutes' | 'metres',
  issues: IssueList,
): Map<TransportMode, Float64Array> {
  const byMode = new Map<TransportMode, Float64Array>();
  if (Array.isArray(value)) {
    const matrix = readMatrix(value, path, n, unit, issues);
    for (const mode of TRANSPORT_MODES) byMode.set(mode, matrix);
    return byMode;
  }
  if (!isRecord(value) || Object.keys(value).length === 0) {
    issues.add(
      path,
      `must be a matrix (${n} rows of ${n} numbers) or an object of such matrices keyed by ` +
        `transport mode (${TRANSPORT_MODES.join(', ')})`,
    );
    return byMode;
  }
  for (const [key, matrix] of Object.entries(value)) {
    const modePath = `${path}${keyPath(key)}`;
    if (!(TRANSPORT_MODES as readonly string[]).includes(key)) {
      issues.add(modePath, `unknown transport mode; allowed: ${TRANSPORT_MODES.join(', ')}`);
    } else {
      byMode.set(key as TransportMode, readMatrix(matrix, modePath, n, unit, issues));
    }
  }
  return byMode;
}

function readMatrix(
  value: unknown,
  path: string,
  n: number,
  unit: 'minutes' | 'metres',
  issues: IssueList,
): Float64Array {
  const cells = new Float64Array(n * n);
  if (!Array.isArray(value) || value.length !== n) {
    const got = Array.isArray(value) ? `${value.length} rows` : describeValue(value);
    issues.add(path, `must be an array of ${n} rows, one per location; got ${got}`);
    return cells;
  }
  value.forEach((row: unknown, from) => {
    const rowPath = `${path}[${from}]`;
    if (!Array.isArray(row) || row.length !== n) {
      const got = Array.isArray(row) ? `${row.length} numbers` : describeValue(row);
      issues.add(rowPath, `must be an array of ${n} numbers, one per location; got ${got}`);
      return;
    }
    row.forEach((cell: unknown, to) => {
      const problem = cellProblem(cell, unit);
      if (problem === undefined) cells[from * n + to] = cell as number;
      else issues.add(`${rowPath}[${to}]`, problem);
    });
  });
  return cells;
}

function cellProblem(cell: unknown, unit: 'minutes' | 'metres'): string | undefined {
  const allowed =
    unit === 'minutes'
      ? `must be a number of minutes from 0 to ${MAX_MINUTES}`
      : 'must be a number of metres, 0 or more';
  if (typeof cell !== 'number' || !Number.isFinite(cell) || cell < 0) {
    return `${allowed}; got ${describeValue(cell)}`;
  }
  if (unit === 'minutes' && Math.ceil(cell) > MAX_MINUTES) return `${allowed}; got ${cell}`;
  return undefined;
}

function invalidMatrix(issues: IssueList): TravelProviderError {
  const shown = issues.kept.slice(0, MAX_ISSUES_IN_MESSAGE);
  const hidden = issues.total - shown.length;
  return new TravelProviderError(
    'InvalidMatrix',
    `The travel matrix is not valid (${issues.total} issue${issues.total === 1 ? '' : 's'}):\n` +
      shown.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n') +
      (hidden > 0 ? `\n  ... and ${hidden} more` : ''),
    { issues: issues.kept },
  );
}

function keyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { readMatrixFile, writeMatrixFile } from './matrix-file.js';

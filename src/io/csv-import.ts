/**
 * CSV in: a problem from three spreadsheets (one row a carer, a client, a visit pattern), for
 * councils and providers whose data lives in spreadsheets. Every issue is reported at once with
 * its file, line and cell column; the problem built is then validated like any problem file,
 * and each issue's JSON path is mapped back to the cell it came from.
 */
import type { ProblemInput } from '../model/schema.js';
import { validateProblem } from '../model/validate.js';
import type { CellResult } from './csv-cells.js';
import {
  availabilityCell,
  daysCell,
  gapCell,
  listCell,
  numberCell,
  preferenceCell,
  qualificationsCell,
  rolesCell,
  windowCell,
  yesNoCell,
} from './csv-cells.js';
import type { CsvColumns, CsvIssue, CsvPosition, CsvRow } from './csv-table.js';
import { readCsvTable } from './csv-table.js';

/** The texts of the three files. */
export interface CsvFiles {
  readonly carers: string;
  readonly clients: string;
  readonly packages: string;
}

/** What the CSV files do not say. */
export interface CsvImportOptions {
  /** First and last day (inclusive) of the roster, `YYYY-MM-DD`. */
  readonly horizon: { readonly start: string; readonly end: string };
  /** IANA time zone of every time in the files; the problem default (Europe/London) if omitted. */
  readonly timeZone?: string;
  /** The problem's name. */
  readonly name?: string;
  /** The problem's `settings` object (weights, working time, travel), as in a problem file. */
  readonly settings?: unknown;
  /** Names used in messages for each file; `carers.csv`, `clients.csv`, `packages.csv` by default. */
  readonly fileNames?: Partial<Record<keyof CsvFiles, string>>;
}

/** The outcome of {@link importCsv}. */
export type CsvImportResult =
  | { readonly ok: true; readonly problem: ProblemInput }
  | { readonly ok: false; readonly issues: readonly CsvIssue[] };

/** Columns of packages.csv: one row a visit pattern. */
export const PACKAGE_COLUMNS: CsvColumns = {
  required: ['package', 'client', 'visit', 'days', 'window', 'duration'],
  optional: [
    'carers',
    'qualifications',
    'roles',
    'priority',
    'max_lateness',
    'funding',
    'link_after',
    'link_gap',
  ],
};

type Json = Record<string, unknown>;

/** Collects issues, and where each JSON path of the problem came from. */
class Import {
  readonly issues: CsvIssue[] = [];
  readonly origins = new Map<string, CsvPosition>();

  /** Notes that `path` came from `column` of `row`. */
  from(path: string, row: CsvRow, column: string): void {
    this.origins.set(path, row.at(column));
  }

  /**
   * Parses a cell into `target[key]` (left out when the cell is empty), recording where the
   * field came from, or records what is wrong with it.
   */
  cell<T>(
    target: Json,
    key: string,
    path: string,
    row: CsvRow,
    column: string,
    parse: (text: string) => CellResult<T> | T,
  ): void {
    const text = row.cell(column);
    this.from(`${path}.${key}`, row, column);
    if (text === '') return;
    const result = parse(text);
    if (isCellResult(result)) {
      if (result.ok) target[key] = result.value;
      else this.issues.push({ ...row.at(column), message: `${column}: ${result.message}` });
    } else {
      target[key] = result;
    }
  }

  /** Parses each of `columns` into `target`, as {@link cell} does. */
  cells(target: Json, path: string, row: CsvRow, columns: readonly FieldColumn[]): void {
    for (const [key, column, parse] of columns) this.cell(target, key, path, row, column, parse);
  }

  /** A cell that must not be empty. */
  required(row: CsvRow, column: string, what: string): string | undefined {
    const text = row.cell(column);
    if (text === '' && row.has(column))
      this.issues.push({ ...row.at(column), message: `${column} is empty; ${what}` });
    return text === '' ? undefined : text;
  }
}

function isCellResult(value: unknown): value is CellResult<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value;
}

const text = (value: string): string => value;
const list = (value: string): string[] => listCell(value);
const number = (value: string) => numberCell(value);
const whole = (value: string) => numberCell(value, true);

/**
 * Builds a problem from three CSV texts (see the README's "CSV in" for the columns) and
 * validates it. Never throws: the result holds the problem as a problem file would be written,
 * or every issue, each with the file, line and cell column it is about.
 *
 * @example
 * ```ts
 * const read = (name: string) => readFileSync(name, 'utf8');
 * const result = importCsv(
 *   { carers: read('carers.csv'), clients: read('clients.csv'), packages: read('packages.csv') },
 *   { horizon: { start: '2026-03-23', end: '2026-03-29' }, timeZone: 'Europe/London' },
 * );
 * if (result.ok) writeFileSync('problem.json', JSON.stringify(result.problem, null, 2));
 * ```
 */
export function importCsv(files: CsvFiles, options: CsvImportOptions): CsvImportResult {
  const names = {
    carers: options.fileNames?.carers ?? 'carers.csv',
    clients: options.fileNames?.clients ?? 'clients.csv',
    packages: options.fileNames?.packages ?? 'packages.csv',
  };
  const state = new Import();
  const tables = {
    carers: readCsvTable(names.carers, files.carers, CARER_COLUMNS),
    clients: readCsvTable(names.clients, files.clients, CLIENT_COLUMNS),
    packages: readCsvTable(names.packages, files.packages, PACKAGE_COLUMNS),
  };
  for (const table of Object.values(tables)) state.issues.push(...table.issues);
  const problem: Json = {
    ...(options.name === undefined ? {} : { name: options.name }),
    horizon: { start: options.horizon.start, end: options.horizon.end },
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    carers: tables.carers.rows.map((row, index) => carerFrom(row, `$.carers[${index}]`, state)),
    clients: tables.clients.rows.map((row, index) => clientFrom(row, `$.clients[${index}]`, state)),
    packages: packagesFrom(tables.packages.rows, state),
    ...(options.settings === undefined ? {} : { settings: options.settings }),
  };
  if (state.issues.length > 0) return { ok: false, issues: state.issues };
  const validated = validateProblem(problem);
  if (validated.ok) return { ok: true, problem: problem as ProblemInput };
  return {
    ok: false,
    issues: validated.issues.map((issue) => {
      const origin = originOf(issue.path, state.origins);
      return { ...origin, path: issue.path, message: issue.message };
    }),
  };
}

/** The cell a JSON path came from, or the nearest enclosing row; nothing for an option. */
function originOf(
  path: string,
  origins: ReadonlyMap<string, CsvPosition>,
): CsvPosition | undefined {
  for (let prefix = path; prefix !== '$' && prefix !== '';) {
    const origin = origins.get(prefix);
    if (origin !== undefined) return origin;
    prefix = prefix.replace(/(\.[A-Za-z_$][\w$]*|\[[^\]]*\])$/, '');
  }
  return undefined;
}

function location(row: CsvRow, path: string, state: Import): Json {
  const location: Json = {};
  state.cell(location, 'lat', path, row, 'lat', number);
  state.cell(location, 'lon', path, row, 'lon', number);
  state.from(path, row, 'lat');
  for (const key of ['lat', 'lon']) {
    if (location[key] === undefined && row.cell(key) === '' && row.has(key)) {
      state.issues.push({
        ...row.at(key),
        message: `${key} is empty; it needs a number (decimal degrees)`,
      });
    }
  }
  return location;
}

/** The id, name and place a carer's or a client's row starts with, in that order. */
function personFrom(
  row: CsvRow,
  path: string,
  state: Import,
  who: 'carer' | 'client',
  place: 'home' | 'location',
): Json {
  const person: Json = {};
  state.from(path, row, 'id');
  state.cell(person, 'id', path, row, 'id', text);
  state.required(row, 'id', `every ${who} needs an id`);
  state.cell(person, 'name', path, row, 'name', text);
  person[place] = location(row, `${path}.${place}`, state);
  return person;
}

/** A model field, the CSV column it comes from, and how the cell is read. */
type FieldColumn = readonly [
  key: string,
  column: string,
  parse: (text: string) => CellResult<unknown> | unknown,
];

const CARER_FIELDS: readonly FieldColumn[] = [
  ['transport', 'transport', text],
  ['availability', 'availability', availabilityCell],
  ['qualifications', 'qualifications', qualificationsCell],
  ['languages', 'languages', list],
  ['gender', 'gender', text],
  ['refusedClients', 'refused_clients', list],
];
const CONTRACT_FIELDS: readonly FieldColumn[] = [
  ['contractedHoursPerWeek', 'contracted_hours', number],
  ['maxHoursPerWeek', 'max_hours_week', number],
  ['maxHoursPerDay', 'max_hours_day', number],
  ['hourlyPay', 'hourly_pay', number],
  ['travelPaid', 'travel_paid', yesNoCell],
];
const PREFERENCE_FIELDS: readonly FieldColumn[] = [
  ['preferredAreas', 'preferred_areas', list],
  ['tags', 'tags', list],
];
const CLIENT_FIELDS: readonly FieldColumn[] = [
  ['team', 'team', list],
  ['refusedCarers', 'refused_carers', list],
  ['area', 'area', text],
  ['carerGender', 'carer_gender', preferenceCell],
  ['language', 'language', preferenceCell],
  ['tags', 'tags', list],
];

const columnsOf = (...tables: (readonly FieldColumn[])[]): string[] =>
  tables.flatMap((table) => table.map(([, column]) => column));

/** Columns of carers.csv. */
export const CARER_COLUMNS: CsvColumns = {
  required: ['id', 'lat', 'lon'],
  optional: ['name', ...columnsOf(CARER_FIELDS, CONTRACT_FIELDS, PREFERENCE_FIELDS)],
};

/** Columns of clients.csv. */
export const CLIENT_COLUMNS: CsvColumns = {
  required: ['id', 'lat', 'lon'],
  optional: ['name', ...columnsOf(CLIENT_FIELDS)],
};

/** `columns` read into a new object at `path`, or undefined when every cell is empty. */
function section(
  row: CsvRow,
  path: string,
  state: Import,
  columns: readonly FieldColumn[],
): Json | undefined {
  const json: Json = {};
  state.cells(json, path, row, columns);
  return Object.keys(json).length > 0 ? json : undefined;
}

function carerFrom(row: CsvRow, path: string, state: Import): Json {
  const carer = personFrom(row, path, state, 'carer', 'home');
  state.cells(carer, path, row, CARER_FIELDS);
  const contract = section(row, `${path}.contract`, state, CONTRACT_FIELDS);
  if (contract) carer.contract = contract;
  const preferences = section(row, `${path}.preferences`, state, PREFERENCE_FIELDS);
  if (preferences) carer.preferences = preferences;
  return carer;
}

function clientFrom(row: CsvRow, path: string, state: Import): Json {
  const client = personFrom(row, path, state, 'client', 'location');
  state.cells(client, path, row, CLIENT_FIELDS);
  return client;
}

/** Rows grouped into packages in order of first appearance, visits in row order. */
function packagesFrom(rows: readonly CsvRow[], state: Import): Json[] {
  const packages: { json: Json; path: string; first: CsvRow; visits: Json[]; links: Json[] }[] = [];
  const byId = new Map<string, (typeof packages)[number]>();
  for (const row of rows) {
    const id = state.required(row, 'package', 'every visit pattern needs the id of its package');
    const client = state.required(row, 'client', 'every visit pattern needs the id of its client');
    if (id === undefined) continue;
    let entry = byId.get(id);
    if (entry === undefined) {
      const path = `$.packages[${packages.length}]`;
      const json: Json = { id };
      state.from(path, row, 'package');
      state.from(`${path}.id`, row, 'package');
      state.cell(json, 'client', path, row, 'client', text);
      state.cell(json, 'funding', path, row, 'funding', text);
      entry = { json, path, first: row, visits: [], links: [] };
      packages.push(entry);
      byId.set(id, entry);
    } else {
      const first = entry.first;
      for (const column of ['client', 'funding']) {
        const value = row.cell(column);
        if (value !== '' && value !== first.cell(column)) {
          state.issues.push({
            ...row.at(column),
            message:
              `${column}: package "${id}" has ${column} "${first.cell(column)}" on line ` +
              `${first.line}; every row of a package must give the same ${column} (or leave it empty)`,
          });
        }
      }
    }
    if (client === undefined) continue;
    const visitPath = `${entry.path}.visits[${entry.visits.length}]`;
    entry.visits.push(visitFrom(row, visitPath, state));
    if (row.cell('link_after') !== '' || row.cell('link_gap') !== '') {
      entry.links.push(linkFrom(row, `${entry.path}.links[${entry.links.length}]`, state));
    }
  }
  return packages.map(({ json, visits, links }) => ({
    ...json,
    visits,
    ...(links.length > 0 ? { links } : {}),
  }));
}

function visitFrom(row: CsvRow, path: string, state: Import): Json {
  const visit: Json = {};
  state.from(path, row, 'visit');
  state.cell(visit, 'id', path, row, 'visit', text);
  state.required(
    row,
    'visit',
    'every visit pattern needs an id, unique in its package (e.g. morning)',
  );
  state.cell(visit, 'days', path, row, 'days', daysCell);
  state.required(row, 'days', 'give the weekdays of the visit, e.g. mon-fri');
  state.cell(visit, 'window', path, row, 'window', windowCell);
  state.required(row, 'window', 'give the window the visit must start in, e.g. 08:00-09:00');
  state.cell(visit, 'durationMinutes', path, row, 'duration', whole);
  state.required(row, 'duration', 'give the visit length in whole minutes');
  state.cell(visit, 'carersNeeded', path, row, 'carers', whole);
  state.cell(visit, 'qualifications', path, row, 'qualifications', list);
  state.cell(visit, 'roles', path, row, 'roles', rolesCell);
  state.cell(visit, 'priority', path, row, 'priority', text);
  state.cell(visit, 'maxLatenessMinutes', path, row, 'max_lateness', whole);
  return visit;
}

/** The row's visit is the second of a link; `link_after` names the first. */
function linkFrom(row: CsvRow, path: string, state: Import): Json {
  const link: Json = {};
  state.from(path, row, 'link_after');
  state.cell(link, 'first', path, row, 'link_after', text);
  state.cell(link, 'second', path, row, 'visit', text);
  state.required(row, 'link_after', 'a linked visit names the visit it follows (with link_gap)');
  state.required(
    row,
    'link_gap',
    'a linked visit gives its gap in minutes, e.g. 30-60 (with link_after)',
  );
  const gap: Json = {};
  state.cell(gap, 'gap', path, row, 'link_gap', gapCell);
  state.from(`${path}.minGapMinutes`, row, 'link_gap');
  state.from(`${path}.maxGapMinutes`, row, 'link_gap');
  const value = gap.gap as { min: number; max: number } | undefined;
  if (value !== undefined) {
    link.minGapMinutes = value.min;
    link.maxGapMinutes = value.max;
  }
  return link;
}

/**
 * One CSV file read as a table of named cells, each knowing its line and column, so every
 * later error can say `carers.csv:4:3`. Parsing is csv-parse's (RFC 4180 quoting, a BOM, CRLF);
 * this file checks the header and the number of cells in every row, reporting all at once.
 */
import { CsvError, parse } from 'csv-parse/sync';

/** Where something is in the CSV input: file, line (from 1) and cell column (from 1). */
export interface CsvPosition {
  readonly file: string;
  readonly line: number;
  /** The cell's column, counting cells from 1 (spreadsheet column A is 1). */
  readonly column?: number;
}

/**
 * One thing wrong with the CSV input. It has a position when it is about a place in a file, and
 * a JSON path when it was found by validating the imported problem (it may have both: the path
 * mapped back to the cell it came from, or only a path for the import options).
 */
export interface CsvIssue extends Partial<CsvPosition> {
  /** What is wrong and what is allowed. */
  readonly message: string;
  /** The problem's JSON path, when the issue was found by validating the imported problem. */
  readonly path?: string;
}

/** `carers.csv:4:3`, or `carers.csv:4` without a column. */
export function formatPosition(position: CsvPosition): string {
  return `${position.file}:${position.line}${position.column === undefined ? '' : `:${position.column}`}`;
}

/**
 * Where an issue is: `carers.csv:4:3`, else its JSON path (an import option), else `input`.
 *
 * @example
 * ```ts
 * const result = importCsv(
 *   { carers: 'id,lat,lon\nann,north,-1.55\n', clients: 'id,lat,lon\n', packages: 'package,client,visit\n' },
 *   { horizon: { start: '2026-03-23', end: '2026-03-29' } },
 * );
 * if (!result.ok) for (const issue of result.issues) console.log(csvIssueLocation(issue), issue.message);
 * // carers.csv:2:2 ...
 * ```
 */
export function issueLocation(issue: CsvIssue): string {
  if (issue.file !== undefined && issue.line !== undefined) {
    return formatPosition({ file: issue.file, line: issue.line, column: issue.column });
  }
  return issue.path ?? 'input';
}

/** One data row: its cells by column name, and where each is. */
export interface CsvRow {
  readonly file: string;
  readonly line: number;
  /** Cell text by column name, trimmed; a column the file lacks reads as empty. */
  cell(column: string): string;
  /** Position of a column's cell on this row (the row's start when the file lacks the column). */
  at(column: string): CsvPosition;
  /** Whether the file has the column at all (a missing column is reported once, on the header). */
  has(column: string): boolean;
}

/** What a file's columns must be. */
export interface CsvColumns {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** Header names are matched without case and with spaces or dashes read as underscores. */
function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Reads `text` as a CSV table with a header row. Returns the data rows (blank lines skipped) and
 * every issue: unreadable CSV, unknown or missing or repeated columns, rows with the wrong
 * number of cells. Rows with the wrong number of cells are left out of `rows`.
 */
export function readCsvTable(
  file: string,
  text: string,
  columns: CsvColumns,
): { rows: CsvRow[]; issues: CsvIssue[] } {
  const issues: CsvIssue[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      return {
        rows: [],
        issues: [{ file, line, message: `not readable as CSV: ${error.message}` }],
      };
    }
    throw error;
  }
  const [header, ...data] = records;
  if (header === undefined) {
    const needed = columns.required.join(', ');
    return {
      rows: [],
      issues: [{ file, line: 1, message: `is empty; it needs a header row with ${needed}` }],
    };
  }
  const allowed = [...columns.required, ...columns.optional];
  const index = new Map<string, number>();
  header.record.forEach((raw, position) => {
    const name = normalise(raw);
    const at = { file, line: header.info.lines, column: position + 1 };
    if (!allowed.includes(name)) {
      issues.push({
        ...at,
        message: `unknown column "${raw}"; the columns are ${allowed.join(', ')}`,
      });
    } else if (index.has(name)) {
      issues.push({ ...at, message: `column "${raw}" appears twice` });
    } else {
      index.set(name, position);
    }
  });
  for (const name of columns.required) {
    if (!index.has(name)) {
      issues.push({
        file,
        line: header.info.lines,
        message: `missing column "${name}" (required: ${columns.required.join(', ')})`,
      });
    }
  }
  const width = header.record.length;
  const rows: CsvRow[] = [];
  for (const { record, info } of data) {
    // csv-parse counts the line a record ends on; a quoted cell may span lines.
    const newlines = record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - newlines;
    if (record.length !== width) {
      issues.push({
        file,
        line,
        column: Math.min(record.length, width) + 1,
        message: `${record.length} cell${record.length === 1 ? '' : 's'} where the header has ${width}`,
      });
      continue;
    }
    rows.push({
      file,
      line,
      cell: (column) => {
        const position = index.get(column);
        return position === undefined ? '' : (record[position] ?? '');
      },
      has: (column) => index.has(column),
      at: (column) => {
        const position = index.get(column);
        return position === undefined ? { file, line } : { file, line, column: position + 1 };
      },
    });
  }
  return { rows, issues };
}

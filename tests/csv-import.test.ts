import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CsvFiles, CsvImportOptions } from '../src/io/csv-import.js';
import { importCsv } from '../src/io/csv-import.js';
import { issueLocation } from '../src/io/csv-table.js';
import { parseProblem } from '../src/model/validate.js';
import { solve } from '../src/solver/solve.js';
import { checkRoster } from '../src/constraints/check-roster.js';
import { runCli } from '../src/cli.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'csv');
const read = (file: string) => readFileSync(join(FIXTURES, file), 'utf8');
const example: CsvFiles = {
  carers: read('carers.csv'),
  clients: read('clients.csv'),
  packages: read('packages.csv'),
};
const options: CsvImportOptions = {
  horizon: { start: '2026-03-23', end: '2026-03-29' },
  timeZone: 'Europe/London',
  name: 'CSV example',
};
const expected = JSON.parse(read('expected-problem.json')) as unknown;

/** Every issue of an import that must fail, as `where: message`. */
function issuesOf(files: Partial<CsvFiles>, extra: Partial<CsvImportOptions> = {}): string[] {
  const result = importCsv({ ...example, ...files }, { ...options, ...extra });
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.issues.map((issue) => `${issueLocation(issue)}: ${issue.message}`);
}

/** `text` with `line` (from 1) replaced. */
function withLine(text: string, line: number, replacement: string): string {
  const lines = text.split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
}

describe('importCsv on the example set (fixtures/csv)', () => {
  it('gives the problem of expected-problem.json', () => {
    const result = importCsv(example, options);
    expect(result.ok && result.problem).toEqual(expected);
  });

  it('holds a double-up, a link, a refused carer and a team, and solves checker-clean', () => {
    const problem = parseProblem(expected);
    const patterns = problem.packages.flatMap((pkg) => pkg.visits);
    expect(patterns.some((visit) => visit.carersNeeded === 2)).toBe(true);
    expect(problem.packages.some((pkg) => pkg.links.length > 0)).toBe(true);
    expect(problem.clients.some((client) => client.refusedCarers.length > 0)).toBe(true);
    expect(problem.carers.some((carer) => carer.refusedClients.length > 0)).toBe(true);
    expect(problem.clients.some((client) => client.team.length > 0)).toBe(true);
    const roster = solve(problem, { seed: 1, maxIterations: 30 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(roster.kpis.visitsPlaced).toBeGreaterThan(0);
  });

  it('reads CRLF line ends, a BOM and quoted cells alike', () => {
    const crlf = (text: string) => `\uFEFF${text.replace(/\n/g, '\r\n')}`;
    const result = importCsv(
      {
        carers: crlf(example.carers),
        clients: crlf(example.clients),
        packages: crlf(example.packages),
      },
      options,
    );
    expect(result.ok && result.problem).toEqual(expected);
  });
});

describe('importCsv on bad CSV: every issue at once, each at file:line:column', () => {
  it('an unknown weekday and a bad time', () => {
    const carers = withLine(
      example.carers,
      3,
      'bob,Bob Novak,53.8100,-1.5600,car,mon-fry 07:00-13:00,hoist,en; pl,male,25,12.60,yes,',
    );
    const packages = withLine(
      example.packages,
      5,
      'p-dev,dev,transfer,"mon,wed,fri",09:00-25:00,45,2,hoist,,,direct-payment,,',
    );
    expect(issuesOf({ carers, packages })).toEqual([
      'carers.csv:3:6: availability: unknown weekday "fry" in "mon-fry"; use mon, tue, wed, thu, fri, sat, sun, a range such as mon-fri, a list such as mon,wed,fri, or daily',
      'packages.csv:5:5: window: bad time "25:00" in "09:00-25:00"; write times HH:mm from 00:00 to 24:00, a window as 08:00-09:30',
    ]);
  });

  it('a missing column and an unknown one', () => {
    const clients = example.clients.replace('id,name,lat,lon,', 'id,name,lat,longitude,');
    expect(issuesOf({ clients })).toEqual([
      expect.stringMatching(
        /^clients\.csv:1:4: unknown column "longitude"; the columns are id, lat, lon, /,
      ),
      'clients.csv:1: missing column "lon" (required: id, lat, lon)',
    ]);
  });

  it('rows with the wrong number of cells', () => {
    const carers = withLine(example.carers, 4, 'cat,Cat Reid,53.7950');
    const clients = `${example.clients}gus,Gus,53.8,-1.55,,,,,,extra\n`;
    expect(issuesOf({ carers, clients })).toEqual([
      'carers.csv:4:4: 3 cells where the header has 13',
      'clients.csv:6:10: 10 cells where the header has 9',
    ]);
  });

  it('an unknown client in packages and a duplicate id, found by validating the problem', () => {
    const packages = withLine(
      example.packages,
      6,
      'p-eli,elly,morning,mon-sat,07:30-09:30,30,,,,,,,',
    );
    const clients = withLine(example.clients, 5, 'dev,Fay Ward,53.8080,-1.5610,dan; bob,,north,,');
    const issues = issuesOf({ packages, clients });
    expect(issues).toContain(
      'clients.csv:5:1: duplicate client id "dev" (already used at $.clients[1])',
    );
    expect(issues).toContain(
      'packages.csv:6:2: unknown client "elly"; it must be the id of a client in $.clients',
    );
  });

  it('problem rules map back to the cell: a latitude out of range, a link to no visit', () => {
    const carers = withLine(
      example.carers,
      2,
      'ann,Ann Shaw,93.8000,-1.5500,car,mon-fri 07:00-14:00,medication:2026-09-30; hoist,en,female,30,12.60,yes,',
    );
    const packages = withLine(
      example.packages,
      3,
      'p-cara,cara,meds,mon-fri,08:30-10:00,15,,medication,,,,brunch,30-60',
    );
    const result = importCsv({ ...example, carers, packages }, options);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues).toContainEqual({
      file: 'carers.csv',
      line: 2,
      column: 3,
      path: '$.carers[0].home.lat',
      message: 'latitude must be between -90 and 90 (got 93.8)',
    });
    expect(issues.map((issue) => `${issueLocation(issue)}: ${issue.message}`)).toContain(
      'packages.csv:3:12: unknown visit pattern "brunch"; it must be the id of a visit of this package',
    );
  });

  it('a package row naming another client than the package’s first row', () => {
    const packages = withLine(example.packages, 3, 'p-cara,dev,meds,mon-fri,08:30-10:00,15,,,,,,,');
    expect(issuesOf({ packages })).toEqual([
      'packages.csv:3:2: client: package "p-cara" has client "cara" on line 2; every row of a package must give the same client (or leave it empty)',
    ]);
  });

  it('an issue of the options keeps its JSON path', () => {
    expect(issuesOf({}, { horizon: { start: '2026-03-29', end: '2026-03-23' } })).toEqual([
      '$.horizon.end: the horizon ends (2026-03-23) before it starts (2026-03-29); end is the last day, inclusive',
    ]);
  });
});

describe('care-roster import', () => {
  let stderr = '';
  beforeEach(() => {
    stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const files = ['carers.csv', 'clients.csv', 'packages.csv'].map((file) => join(FIXTURES, file));
  const dates = ['--start', '2026-03-23', '--end', '2026-03-29', '--time-zone', 'Europe/London'];

  it('writes the problem file of the example', async () => {
    const output = join(mkdtempSync(join(tmpdir(), 'care-roster-import-')), 'problem.json');
    const code = await runCli([
      'node',
      'care-roster',
      'import',
      ...files,
      ...dates,
      '--name',
      'CSV example',
      '-o',
      output,
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual(expected);
    expect(stderr).toContain('Imported 4 carers, 4 clients, 4 packages');
  });

  it('exits 2 listing every issue with its file:line:column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'care-roster-import-'));
    const bad = join(dir, 'packages.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      bad,
      withLine(
        withLine(example.packages, 2, 'p-cara,cara,morning,mon-fri,8am,30,,,,,,,'),
        6,
        'p-eli,elly,morning,sun-mon,07:30-09:30,30,,,,,,,',
      ),
    );
    const code = await runCli([
      'node',
      'care-roster',
      'import',
      files[0] as string,
      files[1] as string,
      bad,
      ...dates,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${bad}:2:5: window: "8am" is not a time window`);
    expect(stderr).toContain(`${bad}:6:4: days: the range "sun-mon" runs backwards`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli.js';
import { rosterJsonSchema } from '../src/model/json-schema.js';
import { parseRoster, RosterValidationError, validateRoster } from '../src/model/roster-schema.js';
import { parseProblem } from '../src/model/validate.js';
import { expandProblem } from '../src/model/expand.js';
import { givenTravelMatrix } from '../src/geo/given-matrix.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { solve } from '../src/solver/solve.js';
import { checkRoster } from '../src/constraints/check-roster.js';
import { solveByNeighbourhood } from '../src/solver/parallel/solve-by-neighbourhood.js';
import type { Roster } from '../src/model/roster.js';
import type { SameShape, rosterSchema } from '../src/model/roster-schema.js';
import type { z } from 'zod';
import { smallProblem } from './support/problems.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const committed = JSON.parse(
  readFileSync(new URL('../schema/roster.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const ajvValidate = new Ajv2020({ allErrors: true }).compile(committed);

/** The roster as a file holds it: through JSON, as other software reads it. */
const asFile = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

describe('schema/roster.schema.json', () => {
  it('matches the zod schema (run `npm run schema` after changing src/model/roster-schema.ts)', () => {
    expect(committed).toEqual(rosterJsonSchema());
  });

  it('accepts real solver output, read by an independent validator (ajv)', () => {
    const problem = parseProblem(smallProblem());
    const roster = solve(problem, { seed: 1, maxIterations: 50 });
    expect(checkRoster(problem, roster)).toEqual([]);
    const file = asFile(roster);
    expect(ajvValidate(file), JSON.stringify(ajvValidate.errors)).toBe(true);
    expect(validateRoster(file).ok).toBe(true);
    expect(file.travelSource).toEqual({
      kind: 'straight-line',
      id: 'detour 1.3; km/h car 30, walk 4.8, bike 14, public 15',
    });
    expect(file.routes.length).toBeGreaterThan(0);
  });

  it('accepts a roster made on a minutes-only matrix, whose unknown distance JSON writes as null', () => {
    const problem = parseProblem(smallProblem());
    const expanded = expandProblem(problem);
    const estimate = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
    const rows = expanded.locations.map((_, from) =>
      expanded.locations.map((__, to) => estimate.minutes(from, to, 'car')),
    );
    const travel = givenTravelMatrix(expanded.locations, { minutes: rows });
    const file = asFile(solve(problem, { seed: 1, maxIterations: 20, travel }));
    expect(file.kpis.travelKm).toBeNull();
    expect(file.travelSource.kind).toBe('matrix');
    expect(ajvValidate(file)).toBe(true);
    const parsed = validateRoster(file);
    expect(parsed.ok && Number.isNaN(parsed.roster.kpis.travelKm)).toBe(true);
  });

  it('rejects, in ajv and in validateRoster alike, a roster with wrong and unknown fields', () => {
    const problem = parseProblem(smallProblem());
    const file = asFile(solve(problem, { seed: 1, maxIterations: 20 }));
    file.routes[0].stops[0].start = '08:30';
    file.routes[0].carerID = 'ann';
    file.unplaced.push({ visitKey: 'x' });
    delete file.kpis.visits;
    file.stats.stoppedBy = 'tired';
    expect(ajvValidate(file)).toBe(false);
    const result = validateRoster(file);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((issue) => `${issue.path}: ${issue.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\$\.routes\[0\]\.stops\[0\]\.start: must be a date-time with its UTC offset/,
        ),
        expect.stringMatching(/^\$\.routes\[0\]\.carerID: unknown field/),
        expect.stringMatching(/^\$\.unplaced\[\d+\]\.packageId: /),
        expect.stringMatching(/^\$\.kpis\.visits: /),
        expect.stringMatching(/^\$\.stats\.stoppedBy: /),
      ]),
    );
  });

  it('parseRoster throws a RosterValidationError carrying every issue', () => {
    let caught: unknown;
    try {
      parseRoster({ timeZone: 'Europe/London', routes: 'none' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RosterValidationError);
    const issues = (caught as RosterValidationError).issues.map((issue) => issue.path);
    expect(issues).toEqual(
      expect.arrayContaining(['$.horizon', '$.routes', '$.unplaced', '$.kpis']),
    );
  });
});

describe('a roster solved neighbourhood by neighbourhood', () => {
  it('validates with its area fields and records its travel source', async () => {
    const problem = parseProblem(smallProblem());
    const roster = await solveByNeighbourhood(problem, { seed: 1, maxIterations: 20, threads: 0 });
    expect(checkRoster(problem, roster)).toEqual([]);
    const file = asFile(roster);
    expect(file.areas.length).toBeGreaterThan(0);
    expect(file.travelSource.kind).toBe('straight-line');
    expect(ajvValidate(file), JSON.stringify(ajvValidate.errors)).toBe(true);
    expect(validateRoster(file).ok).toBe(true);
  });
});

describe('the Roster type and the roster schema', () => {
  it('are held equal at compile time: a field in only one of them fails tsc', () => {
    type File = z.output<typeof rosterSchema>;
    const same: SameShape<Roster, File> = true;
    // @ts-expect-error a field the schema lacks
    const extraInType: SameShape<Roster & { extra: number }, File> = true;
    // @ts-expect-error a field retyped
    const retyped: SameShape<Omit<Roster, 'timeZone'> & { timeZone: number }, File> = true;
    expect([same, extraInType, retyped]).toEqual([true, true, true]);
  });
});

describe('care-roster schema --roster', () => {
  it('prints the committed roster schema', async () => {
    let stdout = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    try {
      expect(await runCli(['node', 'care-roster', 'schema', '--roster'])).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(JSON.parse(stdout)).toEqual(committed);
  });
});

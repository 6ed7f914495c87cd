/**
 * Road travel in the command line: `--osrm` (against a loopback stand-in replaying recorded
 * osrm-routed answers) and `--matrix` (JSON and binary) for solve, check and explain, and the
 * roster's record of the travel source it was made on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureCliOutput, cli, writeJsonIn } from './support/cli-harness.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { expandProblem } from '../src/model/expand.js';
import { givenTravelMatrix, writeMatrixFile } from '../src/geo/given-matrix.js';
import { checkRoster } from '../src/constraints/check-roster.js';
import { HARD_RULES } from '../src/constraints/rules.js';
import { validateRoster } from '../src/model/roster-schema.js';
import type { Roster } from '../src/model/roster.js';
import { smallProblem } from './support/problems.js';
import type { OsrmStandIn } from './support/osrm-stand-in.js';
import { OSRM_POINTS, startOsrmStandIn } from './support/osrm-stand-in.js';

let osrm: OsrmStandIn;

beforeAll(async () => {
  osrm = await startOsrmStandIn();
});
afterAll(async () => {
  await osrm.close();
});
const io = captureCliOutput('care-roster-travel-');
const write = (name: string, value: unknown): string => writeJsonIn(io.dir, name, value);

function readRoster(path: string): Roster {
  const result = validateRoster(JSON.parse(readFileSync(path, 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.roster;
}

/** Two carers and ten clients on the 12 recorded Monaco points, one busy morning. */
function monacoProblem(): ProblemInput {
  const clients = OSRM_POINTS.map((location, index) => ({ id: `c${index}`, location })).filter(
    (_, index) => index !== 0 && index !== 8,
  );
  return {
    horizon: { start: '2026-03-23', end: '2026-03-23' },
    timeZone: 'Europe/Monaco',
    carers: [0, 8].map((point) => ({
      id: `carer${point}`,
      home: OSRM_POINTS[point]!,
      availability: [{ days: ['mon' as const], from: '07:00', to: '13:00' }],
    })),
    clients,
    packages: clients.map((client) => ({
      id: `p-${client.id}`,
      client: client.id,
      visits: [
        {
          id: 'morning',
          days: ['mon' as const],
          window: { from: '08:00', to: '11:00' },
          durationMinutes: 30,
        },
      ],
    })),
  };
}

/** A matrix of no travel at all: a roster made on it packs visits back to back. */
function fastMatrix(problem: ProblemInput): { minutes: number[][] } {
  const { locations } = expandProblem(parseProblem(problem));
  return { minutes: locations.map(() => locations.map(() => 0)) };
}

/**
 * One carer and two clients 3 km apart with back-to-back windows: on no travel one carer does
 * both, on the straight-line estimate only one fits.
 */
function tightProblem(): ProblemInput {
  const visit = (id: string) => ({
    id: `p-${id}`,
    client: id,
    visits: [
      {
        id: 'morning',
        days: ['mon' as const],
        window: { from: '08:00', to: '08:30' },
        durationMinutes: 30,
      },
    ],
  });
  return {
    horizon: { start: '2026-03-23', end: '2026-03-23' },
    carers: [
      {
        id: 'ann',
        home: { lat: 53.8, lon: -1.55 },
        availability: [{ days: ['mon'], from: '07:00', to: '12:00' }],
      },
    ],
    clients: [
      { id: 'cara', location: { lat: 53.8, lon: -1.54 } },
      { id: 'dev', location: { lat: 53.827, lon: -1.54 } },
    ],
    packages: [visit('cara'), visit('dev')],
  };
}

describe('care-roster --matrix', () => {
  it('solves on the matrix, records it, and checks clean on the same matrix (JSON or binary)', async () => {
    const problem = tightProblem();
    const problemPath = write('problem.json', problem);
    const matrixPath = write('matrix.json', fastMatrix(problem));
    const rosterPath = join(io.dir, 'roster.json');
    expect(
      await cli(
        'solve',
        problemPath,
        '--matrix',
        matrixPath,
        '-o',
        rosterPath,
        '--iterations',
        '50',
      ),
    ).toBe(0);
    const roster = readRoster(rosterPath);
    expect(roster.unplaced).toEqual([]);
    expect(roster.travelSource?.kind).toBe('matrix');
    expect(roster.travelSource?.id).toMatch(/^sha256:[0-9a-f]{64}$/);

    io.stderr = '';
    io.stdout = '';
    expect(await cli('check', problemPath, rosterPath, '--matrix', matrixPath)).toBe(0);
    expect(io.stdout).toContain('0 violation(s)');
    expect(io.stderr).not.toContain('warning');

    // The same figures as a binary matrix file are the same source.
    const parsed = parseProblem(problem);
    const locations = expandProblem(parsed).locations;
    const binaryPath = join(io.dir, 'matrix.bin');
    await writeMatrixFile(binaryPath, givenTravelMatrix(locations, fastMatrix(problem)));
    io.stderr = '';
    io.stdout = '';
    expect(await cli('check', problemPath, rosterPath, '--matrix', binaryPath)).toBe(0);
    expect(io.stderr).not.toContain('warning');

    io.stderr = '';
    expect(await cli('explain', problemPath, rosterPath, '--matrix', matrixPath)).toBe(0);
    expect(io.stderr).not.toContain('warning');

    // Export and report figure travel on the same matrix: no warning, and the checker inside
    // export finds nothing (exit 0); on the straight-line default both say the sources differ.
    for (const args of [
      ['export', problemPath, rosterPath, '--csv', join(io.dir, 'csv')],
      ['report', problemPath, rosterPath, '-o', join(io.dir, 'report.html')],
    ]) {
      io.stderr = '';
      expect(await cli(...args, '--matrix', matrixPath)).toBe(0);
      expect(io.stderr).not.toContain('warning');
      io.stderr = '';
      await cli(...args);
      expect(io.stderr).toContain('warning: the roster was made on matrix');
    }
  });

  it('warns when a matrix roster is checked on the straight-line default', async () => {
    const problem = tightProblem();
    const problemPath = write('problem.json', problem);
    const matrixPath = write('matrix.json', fastMatrix(problem));
    const rosterPath = join(io.dir, 'roster.json');
    await cli('solve', problemPath, '--matrix', matrixPath, '-o', rosterPath, '--iterations', '50');
    io.stderr = '';
    io.stdout = '';
    expect(await cli('check', problemPath, rosterPath)).toBe(1);
    expect(io.stderr).toMatch(
      /warning: the roster was made on matrix \(sha256:[0-9a-f]+\) travel times but is checked against straight-line \(detour 1\.3; /,
    );
    expect(io.stderr).toContain('pass --matrix with the matrix it was made on');
    // The warning is not idle: on straight-line figures this roster breaks travel times.
    const parsed = parseProblem(problem);
    const violations = checkRoster(parsed, readRoster(rosterPath));
    expect(violations.map((violation) => violation.rule)).toContain(HARD_RULES.travel);
  });

  it('lists every issue of a bad matrix file with its JSON path, exit 2', async () => {
    const problemPath = write('problem.json', smallProblem());
    const matrixPath = write('matrix.json', { minutes: [[0, -1], [1]], speed: 3 });
    expect(await cli('solve', problemPath, '--matrix', matrixPath)).toBe(2);
    expect(io.stderr).toContain(`${matrixPath}: The travel matrix is not valid`);
    expect(io.stderr).toContain('$.speed: unknown field');
    expect(io.stderr).toMatch(/\$\.minutes: must be an array of \d+ rows/);
    expect(io.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses --osrm with --matrix, and --osrm-profile without --osrm', async () => {
    const problemPath = write('problem.json', smallProblem());
    expect(await cli('solve', problemPath, '--osrm', osrm.baseUrl, '--matrix', 'm.json')).toBe(2);
    expect(io.stderr).toContain('--osrm and --matrix cannot be used together');
    expect(await cli('solve', problemPath, '--osrm-profile', 'car=driving')).toBe(2);
    expect(io.stderr).toContain('--osrm-profile needs --osrm');
  });
});

describe('care-roster --osrm', () => {
  it('solves on road times, records server and profiles, checks clean on the same server', async () => {
    const problemPath = write('problem.json', monacoProblem());
    const rosterPath = join(io.dir, 'roster.json');
    const args = ['--osrm', osrm.baseUrl, '--osrm-profile', 'car=driving'];
    expect(await cli('solve', problemPath, ...args, '-o', rosterPath, '--iterations', '50')).toBe(
      0,
    );
    expect(osrm.requests.at(-1)).toMatch(/^\/table\/v1\/driving\//);
    const roster = readRoster(rosterPath);
    expect(roster.travelSource).toEqual({ kind: 'osrm', id: `car=${osrm.baseUrl}/driving` });
    expect(roster.unplaced).toEqual([]);

    io.stderr = '';
    io.stdout = '';
    expect(await cli('check', problemPath, rosterPath, ...args)).toBe(0);
    expect(io.stdout).toContain('0 violation(s)');
    expect(io.stderr).not.toContain('warning');

    io.stderr = '';
    await cli('check', problemPath, rosterPath);
    expect(io.stderr).toContain(
      `warning: the roster was made on osrm (car=${osrm.baseUrl}/driving) travel times`,
    );

    io.stderr = '';
    await cli('check', problemPath, rosterPath, '--osrm', osrm.baseUrl);
    expect(io.stderr).toContain(`checked against osrm (car=${osrm.baseUrl}/car)`);
  });

  it('names the mode a profile list leaves out, and a malformed entry', async () => {
    const problem = monacoProblem();
    (problem.carers[0] as { transport?: string }).transport = 'walk';
    const problemPath = write('problem.json', problem);
    expect(
      await cli('solve', problemPath, '--osrm', osrm.baseUrl, '--osrm-profile', 'car=car'),
    ).toBe(2);
    expect(io.stderr).toContain('--osrm-profile gives no profile for walk');
    io.stderr = '';
    expect(
      await cli('solve', problemPath, '--osrm', osrm.baseUrl, '--osrm-profile', 'boat=x,car'),
    ).toBe(2);
    expect(io.stderr).toContain('"boat=x": the mode must be one of car, walk, bike, public');
    expect(io.stderr).toContain('"car": write mode=profile');
  });

  it('reports an OSRM failure as bad input naming the location, not a stack trace', async () => {
    const problem = monacoProblem();
    (problem.clients[0] as { location: { lat: number; lon: number } }).location = {
      lat: 0,
      lon: 0,
    };
    const problemPath = write('problem.json', problem);
    expect(await cli('solve', problemPath, '--osrm', osrm.baseUrl)).toBe(2);
    expect(io.stderr).toContain(`error: OSRM ${osrm.baseUrl}:`);
    expect(io.stderr).not.toMatch(/\n\s+at /);
  });
});

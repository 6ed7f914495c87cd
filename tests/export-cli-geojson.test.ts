import { check } from '@placemarkio/check-geojson';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli.js';
import { checkRoster } from '../src/constraints/check-roster.js';
import type { Roster } from '../src/model/roster.js';
import { parseProblem } from '../src/model/validate.js';
import { rosterGeoJSON } from '../src/report/exports/geojson.js';
import { solve } from '../src/solver/solve.js';
import { springForwardProblem } from './support/clock-change-problems.js';

const input = springForwardProblem();
const problem = parseProblem(input);
const roster: Roster = solve(problem, { seed: 1, maxIterations: 200 });

describe('GeoJSON routes', () => {
  const routes = rosterGeoJSON(problem, roster);

  it('passes an independent GeoJSON check and the roster passes the checker', () => {
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(() => check(JSON.stringify(routes))).not.toThrow();
  });

  it('draws each shift home -> stops -> home and a point per stop with its times', () => {
    const lines = routes.features.filter((f) => f.geometry.type === 'LineString');
    const points = routes.features.filter((f) => f.geometry.type === 'Point');
    const working = roster.routes.filter((route) => route.stops.length > 0);
    expect(lines).toHaveLength(working.length);
    expect(points).toHaveLength(working.reduce((sum, route) => sum + route.stops.length, 0));
    working.forEach((route, i) => {
      const line = lines[i]!;
      const carer = problem.carers.find((c) => c.id === route.carerId)!;
      const home = [carer.home.lon, carer.home.lat];
      expect(line.geometry.type === 'LineString' && line.geometry.coordinates).toEqual([
        home,
        ...route.stops.map((stop) => {
          const client = problem.clients.find((c) => c.id === stop.clientId)!;
          return [client.location.lon, client.location.lat];
        }),
        home,
      ]);
      expect(line.properties).toMatchObject({
        kind: 'shift',
        carerId: route.carerId,
        geometry: 'straight',
      });
    });
    const first = roster.routes.flatMap((route) => route.stops)[0]!;
    expect(points[0]!.properties).toMatchObject({
      kind: 'stop',
      visitKey: first.visitKey,
      arrival: first.arrival,
      start: first.start,
      end: first.end,
    });
  });
});

describe('care-roster export', () => {
  let dir: string;
  let stderr: string;
  let stdout: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'care-roster-export-'));
    stderr = '';
    stdout = '';
    vi.spyOn(process.stderr, 'write').mockImplementation(
      (chunk) => ((stderr += String(chunk)), true),
    );
    vi.spyOn(process.stdout, 'write').mockImplementation(
      (chunk) => ((stdout += String(chunk)), true),
    );
  });
  afterEach(() => vi.restoreAllMocks());
  const cli = (...args: string[]) => runCli(['node', 'care-roster', ...args]);

  it('writes CSV, one calendar per carer and GeoJSON', async () => {
    const problemPath = join(dir, 'problem.json');
    const rosterPath = join(dir, 'roster.json');
    writeFileSync(problemPath, JSON.stringify(input));
    writeFileSync(rosterPath, JSON.stringify(roster));
    const code = await cli(
      'export',
      problemPath,
      rosterPath,
      '--csv',
      join(dir, 'csv'),
      '--ics',
      join(dir, 'ics'),
      '--geojson',
      join(dir, 'routes.geojson'),
    );
    expect(stderr).toContain('Exported');
    expect(code).toBe(0);
    expect(readdirSync(join(dir, 'csv')).sort()).toEqual([
      'breaks.csv',
      'carers.csv',
      'clients.csv',
      'stops.csv',
      'unplaced.csv',
    ]);
    expect(readdirSync(join(dir, 'ics')).sort()).toEqual(['Ann.ics', 'bob%2F2.ics']);
    expect(JSON.parse(readFileSync(join(dir, 'routes.geojson'), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(rosterGeoJSON(problem, roster))),
    );
  });

  it('says what to give when no format is asked for, and exits 2', async () => {
    const problemPath = join(dir, 'problem.json');
    writeFileSync(problemPath, JSON.stringify(input));
    expect(await cli('export', problemPath, problemPath)).toBe(2);
    expect(stderr).toContain('--csv DIR');
  });

  it('reports a roster that is not one with its JSON paths, and exits 2', async () => {
    const problemPath = join(dir, 'problem.json');
    const rosterPath = join(dir, 'roster.json');
    writeFileSync(problemPath, JSON.stringify(input));
    writeFileSync(rosterPath, JSON.stringify({ routes: 'no' }));
    expect(await cli('export', problemPath, rosterPath, '--geojson', '-')).toBe(2);
    expect(stderr).toContain('routes');
    expect(stdout).toBe('');
  });

  it('exits 1 and warns when the roster breaks its problem', async () => {
    const problemPath = join(dir, 'problem.json');
    const rosterPath = join(dir, 'roster.json');
    writeFileSync(problemPath, JSON.stringify(input));
    writeFileSync(
      rosterPath,
      JSON.stringify({ ...roster, unplaced: [], routes: roster.routes.slice(1) }),
    );
    expect(await cli('export', problemPath, rosterPath, '--geojson', '-')).toBe(1);
    expect(stderr).toContain('violation');
    expect(JSON.parse(stdout).type).toBe('FeatureCollection');
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { captureCliOutput, cli, writeJsonIn } from './support/cli-harness.js';
import packageJson from '../package.json';
import { smallProblem } from './support/problems.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const io = captureCliOutput('care-roster-cli-');
const writeJson = (name: string, value: unknown): string => writeJsonIn(io.dir, name, value);

describe('care-roster CLI', () => {
  it('solve lists every input problem with its JSON path and exits 2, without a stack trace', async () => {
    const problem = structuredClone(smallProblem()) as Json;
    delete problem.carers[0].home;
    problem.carers[1].availability[0] = { days: ['mon'], from: '09:00', to: '08:00' };
    problem.packages[1].client = 'nobody';
    const code = await cli('solve', writeJson('bad.json', problem));
    expect(code).toBe(2);
    expect(io.stderr).toContain('$.carers[0].home: is required');
    expect(io.stderr).toContain(
      '$.carers[1].availability[0]: the window 09:00-08:00 ends before it starts',
    );
    expect(io.stderr).toContain('$.packages[1].client: unknown client "nobody"');
    expect(io.stderr).not.toMatch(/\n\s+at /);
  });

  it('solve exits 2 on a missing file or invalid JSON', async () => {
    expect(await cli('solve', join(io.dir, 'none.json'))).toBe(2);
    expect(io.stderr).toContain('no such file');
    const path = join(io.dir, 'broken.json');
    writeFileSync(path, '{"horizon": ');
    expect(await cli('solve', path)).toBe(2);
    expect(io.stderr).toContain('not valid JSON');
  });

  it('solve writes a roster that check accepts, and check exits 1 on a broken roster', async () => {
    const problemPath = writeJson('problem.json', smallProblem());
    const rosterPath = join(io.dir, 'roster.json');
    expect(await cli('solve', problemPath, '-o', rosterPath, '--iterations', '50')).toBe(0);
    expect(io.stderr).toContain('Checker: 0 violation(s)');
    expect(await cli('check', problemPath, rosterPath)).toBe(0);

    const roster = JSON.parse(readFileSync(rosterPath, 'utf8')) as Json;
    expect(roster.routes.length).toBeGreaterThan(0);
    roster.routes[0].stops[0].start = roster.routes[0].stops[0].arrival.replace(/T\d\d/, 'T23');
    const brokenPath = writeJson('broken-roster.json', roster);
    io.stdout = '';
    expect(await cli('check', problemPath, brokenPath)).toBe(1);
    expect(io.stdout).toMatch(/violation\(s\)\nBy rule: .*visit-window \d/);
    expect(io.stdout).toMatch(/\[visit-window\]/);
  });

  it('check exits 2 with paths when the roster file is not a roster', async () => {
    const problemPath = writeJson('problem.json', smallProblem());
    const code = await cli('check', problemPath, writeJson('r.json', { routes: [{ carerId: 3 }] }));
    expect(code).toBe(2);
    expect(io.stderr).toContain('$.routes[0].carerId');
  });

  it('explain prints the cost by rule, and neighbourhoods writes GeoJSON', async () => {
    const problemPath = writeJson('problem.json', smallProblem());
    const rosterPath = join(io.dir, 'roster.json');
    expect(await cli('solve', problemPath, '-o', rosterPath, '--iterations', '20')).toBe(0);
    io.stdout = '';
    expect(await cli('explain', problemPath, rosterPath)).toBe(0);
    expect(io.stdout).toMatch(/Total cost: /);
    expect(io.stdout).toMatch(/travel\s+\d/);
    const areasPath = join(io.dir, 'areas.geojson');
    expect(await cli('neighbourhoods', problemPath, '-o', areasPath, '--target', '1')).toBe(0);
    const areas = JSON.parse(readFileSync(areasPath, 'utf8')) as Json;
    expect(areas.type).toBe('FeatureCollection');
    expect(areas.features).toHaveLength(2);
    expect(await cli('neighbourhoods', problemPath, '--balance-by', 'nonsense')).toBe(2);
  });

  it('solves neighbourhood by neighbourhood with --by-neighbourhood', async () => {
    const problemPath = writeJson('problem.json', smallProblem());
    const rosterPath = join(io.dir, 'roster.json');
    const code = await cli(
      'solve',
      problemPath,
      '-o',
      rosterPath,
      '--by-neighbourhood',
      '--threads',
      '0',
      '--iterations',
      '20',
    );
    expect(code).toBe(0);
    expect(await cli('check', problemPath, rosterPath)).toBe(0);
  });

  it('schema prints the JSON Schema', async () => {
    expect(await cli('schema')).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({ type: 'object' });
  });

  it('rejects a bad option value with exit code 2', async () => {
    const problemPath = writeJson('problem.json', smallProblem());
    expect(await cli('solve', problemPath, '--time-limit', 'soon')).toBe(2);
  });

  it('prints the version from package.json, and every exit code in --help', async () => {
    expect(await cli('--version')).toBe(0);
    expect(io.stdout.trim()).toBe(packageJson.version);
    io.stdout = '';
    expect(await cli('--help')).toBe(0);
    for (const code of ['0', '1', '2', '3', '130', '143'])
      expect(io.stdout).toMatch(`\n  ${code} `);
    io.stdout = '';
    expect(await cli('solve', '--help')).toBe(0);
    expect(io.stdout).toContain('Exit codes:');
  });

  it('reads the problem from stdin with - and writes the roster to stdout with -o -', async () => {
    const stdin = Readable.from([`\ufeff${JSON.stringify(smallProblem())}`]);
    const code = await runCli(
      ['node', 'care-roster', 'solve', '-', '-o', '-', '--iterations', '20'],
      { stdin },
    );
    expect(code).toBe(0);
    const roster = JSON.parse(io.stdout) as Json;
    expect(roster.routes.length).toBeGreaterThan(0);
    expect(io.stderr).not.toContain('Roster written');
    // The roster read back from stdin passes check.
    io.stdout = '';
    const again = await runCli(
      ['node', 'care-roster', 'check', writeJson('p.json', smallProblem()), '-'],
      { stdin: Readable.from([JSON.stringify(roster)]) },
    );
    expect(again).toBe(0);
    expect(io.stdout).toContain(': 0 violation(s)');
  });

  it('refuses two inputs from stdin', async () => {
    const stdin = Readable.from(['{}']);
    expect(await runCli(['node', 'care-roster', 'check', '-', '-'], { stdin })).toBe(2);
    expect(io.stderr).toContain('only one input can be read from stdin');
  });
});

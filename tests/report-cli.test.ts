import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli.js';
import { solve } from '../src/solver/solve.js';
import { jsonForScript } from '../src/report/html/render.js';
import { smallProblem } from './support/problems.js';

let dir: string;
let stderr: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'care-roster-report-cli-'));
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function files() {
  const problem = join(dir, 'problem.json');
  const roster = join(dir, 'roster.json');
  writeFileSync(problem, JSON.stringify(smallProblem()));
  writeFileSync(roster, JSON.stringify(solve(smallProblem(), { seed: 1, maxIterations: 50 })));
  return { problem, roster };
}

const cli = (...args: string[]) => runCli(['node', 'care-roster', 'report', ...args]);

describe('care-roster report', () => {
  it('writes one page with its data, styles and script inline, creating the folder', async () => {
    const { problem, roster } = files();
    const output = join(dir, 'out', 'report.html');
    expect(await cli(problem, roster, '-o', output)).toBe(0);
    const html = readFileSync(output, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<script type="application/json" id="report-data">');
    expect(html).toContain('data-kpi="visitsPlaced"');
    // Nothing is loaded from elsewhere: no src= or href= other than data: URLs.
    expect(html).not.toMatch(/\s(src|href)="(?!data:)/);
    expect(stderr).toContain(`Report written to ${output}`);
  });

  it('exits 2 naming the JSON path of a bad commissioning file, and a day outside the horizon', async () => {
    const { problem, roster } = files();
    const output = join(dir, 'report.html');
    const comparison = join(dir, 'comparison.json');
    writeFileSync(comparison, JSON.stringify({ framework: { model: 'f' } }));
    expect(await cli(problem, roster, '-o', output, '--commissioning', comparison)).toBe(2);
    expect(stderr).toContain('not a commissioning comparison');
    expect(stderr).toContain('$.framework.travelHours');
    expect(stderr).toContain('$.neighbourhoods');
    expect(await cli(problem, roster, '-o', output, '--day', '2030-01-01')).toBe(2);
    expect(stderr).toContain('outside the roster');
    expect(await cli(problem, roster, '-o', output, '--day', 'monday')).toBe(2);
    expect(stderr).toContain('YYYY-MM-DD');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on neighbourhoods that are not polygons', async () => {
    const { problem, roster } = files();
    const areas = join(dir, 'areas.geojson');
    writeFileSync(
      areas,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } },
        ],
      }),
    );
    expect(await cli(problem, roster, '-o', join(dir, 'r.html'), '--neighbourhoods', areas)).toBe(
      2,
    );
    expect(stderr).toContain('$.features[0]');
  });
});

describe('jsonForScript', () => {
  it('leaves no "</script" or "<!--" and parses back to the same value', () => {
    const value = { name: '</script><!-- \u2028 & </SCRIPT >' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(text)).toEqual(value);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureCliOutput, cli, writeJsonIn } from './support/cli-harness.js';
import { DATE, town, townRoster } from './support/replan-town.js';

const io = captureCliOutput('care-roster-replan-');
const writeJson = (name: string, value: unknown): string => writeJsonIn(io.dir, name, value);

describe('care-roster replan', () => {
  it("replans the README's example and prints its diff", async () => {
    const example = (name: string) => join('examples', 'replan', name);
    const out = join(io.dir, 'new.json');
    const code = await cli(
      'replan',
      example('problem.json'),
      example('roster.json'),
      example('changes.json'),
      '-o',
      out,
      '--iterations',
      '500',
    );
    expect(code).toBe(0);
    expect(io.stderr).toContain('replanned: 4 visit(s) changed, unplaced 0 -> 0');
    expect(io.stderr).toContain('Tell client d1: cancelled: p-d1/morning/2026-03-23.');
    expect(io.stderr).toContain('checker: every hard rule holds');
  });

  it('writes the new roster and the diff, and prints who must be told what', async () => {
    const problem = writeJson('problem.json', town());
    const roster = writeJson('roster.json', townRoster());
    const changes = writeJson('changes.json', {
      changes: [
        { type: 'carer-unavailable', carerId: 'ann', from: `${DATE}T06:00`, to: `${DATE}T23:00` },
      ],
    });
    const out = join(io.dir, 'new.json');
    const diffPath = join(io.dir, 'diff.json');
    const code = await cli(
      'replan',
      problem,
      roster,
      changes,
      '-o',
      out,
      '--diff',
      diffPath,
      '--iterations',
      '200',
    );
    expect(code).toBe(0);
    const next = JSON.parse(readFileSync(out, 'utf8')) as { routes: { carerId: string }[] };
    expect(next.routes.map((route) => route.carerId).sort()).toEqual(['bob', 'cat']);
    const diff = JSON.parse(readFileSync(diffPath, 'utf8')) as { visitsChanged: number };
    expect(diff.visitsChanged).toBe(3);
    expect(io.stderr).toContain('Tell carer cat: new visits c1');
    expect(io.stderr).toContain('checker: every hard rule holds');
  });

  it('exits 2 naming the path of each unknown id and time outside the horizon', async () => {
    const problem = writeJson('problem.json', town());
    const roster = writeJson('roster.json', townRoster());
    const changes = writeJson('changes.json', {
      changes: [
        {
          type: 'carer-unavailable',
          carerId: 'zoe',
          from: `${DATE}T06:00`,
          to: '2026-05-01T09:00',
        },
        { type: 'carer-delayed', carerId: 'bob', visitKey: `p-c1/morning/${DATE}`, minutes: 20 },
        { type: 'package-ended', packageId: 'p-none', lastDate: DATE },
      ],
    });
    expect(await cli('replan', problem, roster, changes)).toBe(2);
    expect(io.stderr).toContain('$.changes[0].carerId: unknown carer "zoe"');
    expect(io.stderr).toContain('$.changes[0].to: 2026-05-01 is outside the horizon');
    expect(io.stderr).toContain('$.changes[1].visitKey');
    expect(io.stderr).toContain('$.changes[2].packageId: unknown package "p-none"');
    expect(io.stderr).not.toContain('    at ');
  });

  it('exits 2 on a malformed changes file', async () => {
    const problem = writeJson('problem.json', town());
    const roster = writeJson('roster.json', townRoster());
    const changes = writeJson('changes.json', { changes: [{ type: 'carer-sneezed' }] });
    expect(await cli('replan', problem, roster, changes)).toBe(2);
    expect(io.stderr).toContain('$.changes[0].type');
  });
});

describe('care-roster capacity', () => {
  it('answers whether a package fits, and exits 2 naming a bad path', async () => {
    const problem = writeJson('problem.json', town());
    const roster = writeJson('roster.json', townRoster());
    const carePackage = {
      id: 'p-c1-noon',
      client: 'c1',
      visits: [
        { id: 'noon', days: ['mon'], window: { from: '12:00', to: '12:30' }, durationMinutes: 30 },
      ],
    };
    expect(await cli('capacity', problem, roster, writeJson('package.json', carePackage))).toBe(0);
    const answer = JSON.parse(io.stdout) as { fits: boolean; visits: { placedWith: string[] }[] };
    expect(answer.fits).toBe(true);
    expect(answer.visits[0]?.placedWith).toHaveLength(1);
    expect(io.stderr).toContain(`fits from ${DATE}`);
    const unknown = writeJson('bad.json', { ...carePackage, client: 'nobody' });
    expect(await cli('capacity', problem, roster, unknown)).toBe(2);
    expect(io.stderr).toContain('$.client: unknown client "nobody"');
  });
});

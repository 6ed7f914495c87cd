/** An output path that cannot take the file is refused before any solving, as exit 2. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { smallProblem } from '../support/problems.js';
import { expectBadInput, run, tempPath, useCliHarness, writeTemp } from './harness.js';

useCliHarness();

describe('an unwritable output', () => {
  it.each<[string, () => string, string]>([
    ['a missing folder', () => tempPath('no/such/dir/r.json'), 'does not exist'],
    [
      'a folder given as the file',
      () => {
        mkdirSync(tempPath('out'));
        return tempPath('out');
      },
      'is a directory; give a file name',
    ],
    [
      'a file given as the folder',
      () => {
        writeFileSync(tempPath('file'), '');
        return tempPath('file/r.json');
      },
      'is not a folder',
    ],
  ])('solve -o into %s exits 2 before solving', async (_name, output, expected) => {
    const path = output();
    const result = await run(['solve', writeTemp('p.json', smallProblem()), '-o', path]);
    expectBadInput(result, `-o ${path}: `, expected);
    // No solve ran: it would print its summary first.
    expect(result.stderr).not.toContain('Visits:');
  });

  it('neighbourhoods -o into a missing folder exits 2 as well', async () => {
    const path = tempPath('none/areas.geojson');
    expectBadInput(
      await run(['neighbourhoods', writeTemp('p.json', smallProblem()), '-o', path]),
      'does not exist',
    );
    expect(existsSync(path)).toBe(false);
  });
});

describe('as a real process', () => {
  const bin = ['--import', 'tsx', 'src/bin.ts'];

  it('exits 2 for a bad -o and reads a problem with a BOM from stdin', () => {
    const bad = spawnSync(process.execPath, [...bin, 'solve', '-', '-o', tempPath('x/r.json')], {
      input: JSON.stringify(smallProblem()),
      encoding: 'utf8',
    });
    expect(bad.stderr).toContain('does not exist');
    expect(bad.stderr).not.toMatch(/^\s+at /m);
    expect(bad.status).toBe(2);

    const good = spawnSync(process.execPath, [...bin, 'solve', '-', '--iterations', '5'], {
      input: `\ufeff${JSON.stringify(smallProblem())}`,
      encoding: 'utf8',
    });
    expect(good.stderr).toContain('Checker: 0 violation(s)');
    expect(JSON.parse(good.stdout)).toHaveProperty('routes');
    expect(good.status).toBe(0);
  });
});

/**
 * References between records, duplicates, ids that look like separators or prototype names, and
 * times that fall in a clock change.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { smallProblem } from '../support/problems.js';
import {
  expectBadInput,
  expectNoStack,
  run,
  tempPath,
  useCliHarness,
  writeTemp,
} from './harness.js';

useCliHarness();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function problemWith(change: (problem: Json) => void): Json {
  const problem = structuredClone(smallProblem()) as Json;
  change(problem);
  return problem;
}

describe('unknown references and duplicates', () => {
  it.each<[string, (problem: Json) => void, string]>([
    [
      'a package for an unknown client',
      (p) => (p.packages[0].client = 'zoe'),
      '$.packages[0].client: unknown client "zoe"; it must be the id of a client in $.clients',
    ],
    [
      'a team member who is not a carer',
      (p) => (p.clients[0].team = ['zed']),
      '$.clients[0].team[0]: unknown carer "zed"',
    ],
    [
      'a refused client who does not exist',
      (p) => (p.carers[0].refusedClients = ['nobody']),
      '$.carers[0].refusedClients[0]: unknown client "nobody"',
    ],
    [
      'a link to an unknown visit',
      (p) =>
        (p.packages[0].links = [
          { first: 'morning', second: 'noon', minGapMinutes: 0, maxGapMinutes: 30 },
        ]),
      '$.packages[0].links[0].second: unknown visit pattern "noon"',
    ],
    [
      'two carers with one id',
      (p) => (p.carers[1].id = 'ann'),
      '$.carers[1].id: duplicate carer id "ann" (already used at $.carers[0])',
    ],
    [
      'two packages with one id',
      (p) => (p.packages[1].id = 'p1'),
      '$.packages[1].id: duplicate package id "p1"',
    ],
    [
      'two visit patterns of a package with one id',
      (p) => p.packages[0].visits.push({ ...p.packages[0].visits[0] }),
      '$.packages[0].visits[1].id: duplicate visit pattern id "morning"',
    ],
  ])('%s', async (_name, change, expected) => {
    expectBadInput(await run(['solve', writeTemp('p.json', problemWith(change))]), expected);
  });
});

describe('ids that look like separators or prototype names', () => {
  it('packages p/x (visit m) and p (visit x/m) stay two visits, each placed once', async () => {
    const problem = problemWith((p) => {
      const morning = p.packages[0].visits[0];
      p.packages = [
        { id: 'p/x', client: 'cara', visits: [{ ...morning, id: 'm', qualifications: [] }] },
        { id: 'p', client: 'dev', visits: [{ ...morning, id: 'x/m', qualifications: [] }] },
      ];
    });
    const rosterPath = tempPath('r.json');
    const problemPath = writeTemp('p.json', problem);
    const result = await run(['solve', problemPath, '-o', rosterPath, '--iterations', '5']);
    expect(result.code).toBe(0);
    const roster = JSON.parse(readFileSync(rosterPath, 'utf8')) as Json;
    const keys = [
      ...roster.routes.flatMap((route: Json) => route.stops.map((stop: Json) => stop.visitKey)),
      ...roster.unplaced.map((entry: Json) => entry.visitKey),
    ];
    expect(new Set(keys).size).toBe(2);
    expect(keys).toHaveLength(2);
    expect((await run(['check', problemPath, rosterPath])).code).toBe(0);
  });

  it('__proto__ and constructor as ids of every kind solve and check, prototypes untouched', async () => {
    const problem = problemWith((p) => {
      p.carers[0].id = '__proto__';
      p.carers[1].id = 'constructor';
      p.carers[0].qualifications = [{ name: '__proto__' }, { name: 'hoist' }];
      p.clients[0].id = 'constructor';
      p.clients[1].id = '__proto__';
      p.clients[1].team = ['constructor'];
      p.packages[0].id = '__proto__';
      p.packages[0].client = 'constructor';
      p.packages[0].visits[0].id = 'toString';
      p.packages[0].visits[0].qualifications = ['__proto__'];
      p.packages[1].id = 'hasOwnProperty';
      p.packages[1].client = '__proto__';
      p.packages[1].visits[0].id = 'constructor';
    });
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const problemPath = writeTemp('p.json', problem);
    const rosterPath = tempPath('r.json');
    const solved = await run(['solve', problemPath, '-o', rosterPath, '--iterations', '5']);
    expectNoStack(solved);
    expect(solved.code).toBe(0);
    const checked = await run(['check', problemPath, rosterPath]);
    expect(checked.stdout).toContain(': 0 violation(s)');
    expect(checked.code).toBe(0);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('clock changes', () => {
  // 2026-03-29 in London: clocks go from 01:00 GMT to 02:00 BST, so 01:00-02:00 never happens.
  const clockChange = () =>
    problemWith((p) => {
      p.horizon = { start: '2026-03-29', end: '2026-03-29' };
      p.carers[0].availability = [{ days: ['sun'], from: '00:00', to: '08:00' }];
      p.packages = [
        {
          id: 'night',
          client: 'cara',
          visits: [
            {
              id: 'check',
              days: ['sun'],
              window: { from: '01:30', to: '03:00' },
              durationMinutes: 20,
            },
          ],
        },
      ];
    });

  it('a window opening at 01:30 on the spring-forward night is valid and solves', async () => {
    const problemPath = writeTemp('p.json', clockChange());
    const rosterPath = tempPath('r.json');
    const result = await run(['solve', problemPath, '-o', rosterPath, '--iterations', '5']);
    expect(result.code).toBe(0);
    const roster = JSON.parse(readFileSync(rosterPath, 'utf8')) as Json;
    const stop = roster.routes[0].stops[0] as Json;
    // 01:30 never happens that night; it is read as 02:30 BST (a time in the gap moves forward
    // by the hour the clocks skip), so the window is 02:30-03:00 BST and the visit starts in it.
    expect(stop.start >= '2026-03-29T02:30:00+01:00').toBe(true);
    expect(stop.start <= '2026-03-29T03:00:00+01:00').toBe(true);
    expect(roster.unplaced).toEqual([]);
    expect((await run(['check', problemPath, rosterPath])).code).toBe(0);
  });
});

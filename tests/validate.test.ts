import { describe, expect, it } from 'vitest';
import { ProblemValidationError, parseProblem, validateProblem } from '../src/model/validate.js';
import { smallProblem } from './support/problems.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function issuesOf(mutate: (problem: Json) => void) {
  const problem = structuredClone(smallProblem()) as Json;
  mutate(problem);
  const result = validateProblem(problem);
  if (result.ok) throw new Error('expected the problem to be invalid');
  return result.issues;
}

function expectIssue(mutate: (problem: Json) => void, path: string, message: RegExp) {
  const issues = issuesOf(mutate);
  expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
}

describe('validateProblem', () => {
  it('accepts a valid problem and fills in defaults', () => {
    const problem = parseProblem(smallProblem());
    expect(problem.carers[1]?.transport).toBe('car');
    expect(problem.carers[1]?.contract.maxHoursPerDay).toBe(12);
    expect(problem.packages[0]?.visits[0]?.carersNeeded).toBe(1);
    expect(problem.settings.travel.detourFactor).toBe(1.3);
  });

  it('caps maxLatenessMinutes at settings.latenessCapMinutes, 240 unless raised up to 1440', () => {
    const path = '$.packages[0].visits[0].maxLatenessMinutes';
    expectIssue(
      (p) => (p.packages[0].visits[0].maxLatenessMinutes = 300),
      path,
      /from 0 to 240 \(got 300\): settings.latenessCapMinutes is 240 by default/,
    );
    const raised = structuredClone(smallProblem()) as Json;
    raised.packages[0].visits[0].maxLatenessMinutes = 1440;
    raised.settings = { latenessCapMinutes: 1440 };
    expect(validateProblem(raised).ok).toBe(true);
    expectIssue(
      (p) => {
        p.packages[0].visits[0].maxLatenessMinutes = 600;
        p.settings = { latenessCapMinutes: 480 };
      },
      path,
      /from 0 to 480 \(got 600\)/,
    );
    expectIssue(
      (p) => (p.settings = { latenessCapMinutes: 1500 }),
      '$.settings.latenessCapMinutes',
      /1440/,
    );
  });

  it('reports a missing carer home with its path', () => {
    expectIssue((p) => delete p.carers[0].home, '$.carers[0].home', /is required/);
  });

  it('reports an availability window that ends before it starts', () => {
    expectIssue(
      (p) => (p.carers[1].availability[0] = { days: ['mon'], from: '09:00', to: '08:00' }),
      '$.carers[1].availability[0]',
      /09:00-08:00 ends before it starts/,
    );
  });

  it('reports a visit window that ends before it starts', () => {
    expectIssue(
      (p) => (p.packages[0].visits[0].window = { from: '10:00', to: '09:00' }),
      '$.packages[0].visits[0].window',
      /ends before it starts/,
    );
  });

  it('reports a package naming an unknown client', () => {
    expectIssue(
      (p) => (p.packages[1].client = 'nobody'),
      '$.packages[1].client',
      /unknown client "nobody"/,
    );
  });

  it('reports an unknown team member and an unknown refused carer', () => {
    const issues = issuesOf((p) => {
      p.clients[0].team = ['ghost'];
      p.clients[0].refusedCarers = ['spectre'];
    });
    expect(issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['$.clients[0].team[0]', '$.clients[0].refusedCarers[0]']),
    );
  });

  it('reports duplicate ids', () => {
    expectIssue((p) => (p.carers[1].id = 'ann'), '$.carers[1].id', /duplicate carer id "ann"/);
    expectIssue((p) => (p.clients[1].id = 'cara'), '$.clients[1].id', /duplicate client id/);
    expectIssue((p) => (p.packages[1].id = 'p1'), '$.packages[1].id', /duplicate package id/);
  });

  it('reports a duration that cannot fit in its day', () => {
    expectIssue(
      (p) => {
        p.packages[0].visits[0].window = { from: '22:00', to: '23:00' };
        p.packages[0].visits[0].durationMinutes = 180;
      },
      '$.packages[0].visits[0].durationMinutes',
      /cannot finish by 24:00/,
    );
    expectIssue(
      (p) => (p.packages[0].visits[0].durationMinutes = 0),
      '$.packages[0].visits[0].durationMinutes',
      /.+/,
    );
  });

  it('reports coordinates out of range', () => {
    expectIssue(
      (p) => (p.clients[0].location.lat = 91),
      '$.clients[0].location.lat',
      /between -90 and 90/,
    );
    expectIssue(
      (p) => (p.carers[0].home.lon = -200),
      '$.carers[0].home.lon',
      /between -180 and 180/,
    );
  });

  it('reports a horizon that ends before it starts', () => {
    expectIssue(
      (p) => (p.horizon = { start: '2026-03-23', end: '2026-03-22' }),
      '$.horizon.end',
      /ends \(2026-03-22\) before it starts/,
    );
  });

  it('reports an unknown time zone', () => {
    expectIssue(
      (p) => (p.timeZone = 'Europe/Leeds'),
      '$.timeZone',
      /unknown time zone "Europe\/Leeds"/,
    );
  });

  it('reports a date that is not on the calendar', () => {
    expectIssue((p) => (p.horizon.end = '2026-02-30'), '$.horizon.end', /not a calendar date/);
  });

  it('reports an unknown field and a bad enum value, saying what is allowed', () => {
    expectIssue((p) => (p.carers[0].colour = 'blue'), '$.carers[0].colour', /unknown field/);
    expectIssue((p) => (p.carers[0].transport = 'horse'), '$.carers[0].transport', /"car"/);
  });

  it('reports links to unknown or double-up visits, backwards gaps and unknown refused clients', () => {
    const issues = issuesOf((p) => {
      p.packages[0].links = [
        { first: 'morning', second: 'ghost', minGapMinutes: 60, maxGapMinutes: 30 },
      ];
      p.packages[1].visits.push({ ...p.packages[1].visits[0], id: 'second', carersNeeded: 1 });
      p.packages[1].links = [
        { first: 'hoist', second: 'second', minGapMinutes: 0, maxGapMinutes: 0 },
      ];
      p.carers[0].refusedClients = ['nobody'];
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          path: '$.packages[0].links[0].second',
          message: expect.stringMatching(/unknown visit pattern "ghost"/),
        },
        { path: '$.packages[0].links[0].maxGapMinutes', message: expect.stringMatching(/60-30/) },
        {
          path: '$.packages[1].links[0].first',
          message: expect.stringMatching(/needs two carers/),
        },
        {
          path: '$.carers[0].refusedClients[0]',
          message: expect.stringMatching(/unknown client "nobody"/),
        },
      ]),
    );
  });

  it('reports every issue at once', () => {
    const issues = issuesOf((p) => {
      delete p.carers[0].home;
      p.carers[1].availability[0] = { days: ['mon'], from: '09:00', to: '08:00' };
      p.packages[0].client = 'nobody';
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      '$.carers[0].home',
      '$.carers[1].availability[0]',
      '$.packages[0].client',
    ]);
  });

  it('parseProblem throws a ProblemValidationError listing the issues', () => {
    const bad = { ...smallProblem(), timeZone: 'Mars/Olympus' };
    expect(() => parseProblem(bad)).toThrow(ProblemValidationError);
    expect(() => parseProblem(bad)).toThrow(/\$\.timeZone: unknown time zone/);
  });

  it('rejects a top level that is not an object', () => {
    const result = validateProblem([]);
    expect(result.ok).toBe(false);
  });

  it('accepts odd but valid input: no carers, no packages, a carer with no windows', () => {
    const result = validateProblem({
      horizon: { start: '2026-03-23', end: '2026-03-23' },
      carers: [{ id: 'x', home: { lat: 0, lon: 0 } }],
      clients: [],
      packages: [],
    });
    expect(result.ok).toBe(true);
  });

  it('reports every cross-field issue of a large file, more than a spread call can take', () => {
    // 150,000 carers, each with a window that ends before it starts: one issue each, more
    // than V8 passes as the arguments of one call.
    const carers = 150_000;
    const issues = issuesOf((p) => {
      const carer = p.carers[0];
      p.carers = Array.from({ length: carers }, (_, i) => ({
        ...carer,
        id: `c${i}`,
        availability: [{ ...carer.availability[0], from: '18:00', to: '08:00' }],
      }));
    });
    expect(issues.filter((issue) => issue.path.endsWith('.availability[0]'))).toHaveLength(carers);
  });
});

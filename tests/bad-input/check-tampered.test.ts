/**
 * Rosters changed by hand after solving: `check` reports each change on stdout under the rule it
 * breaks and exits 1.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { solve } from '../../src/solver/solve.js';
import type { ProblemInput } from '../../src/model/schema.js';
import { smallProblem } from '../support/problems.js';
import { expectNoStack, run, useCliHarness, writeTemp } from './harness.js';

useCliHarness();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The small problem with a third carer, cy, whom client cara refuses. */
function problem(): ProblemInput {
  const base = structuredClone(smallProblem()) as Json;
  base.carers.push({
    id: 'cy',
    home: { lat: 53.8, lon: -1.551 },
    qualifications: [{ name: 'medication' }, { name: 'hoist' }],
    availability: [{ days: ['mon'], from: '07:00', to: '14:00' }],
  });
  base.clients[0].refusedCarers = ['cy'];
  return base as ProblemInput;
}

let solved: Json;

beforeAll(() => {
  solved = solve(problem(), { seed: 1, maxIterations: 5 }) as Json;
  expect(solved.unplaced).toEqual([]);
});

const stops = (roster: Json): Json[] => roster.routes.flatMap((route: Json) => route.stops);
const routeOf = (roster: Json, visitId: string) =>
  roster.routes.find((route: Json) => route.stops.some((stop: Json) => stop.visitId === visitId));

describe('check finds each tampering', () => {
  it('accepts the untouched roster', async () => {
    const result = await run([
      'check',
      writeTemp('p.json', problem()),
      writeTemp('r.json', solved),
    ]);
    expect(result.stdout).toContain(': 0 violation(s)');
    expect(result.code).toBe(0);
  });

  it.each<[string, (roster: Json) => void, string, string]>([
    [
      'a missing visit',
      (r) => {
        const route = routeOf(r, 'morning');
        route.stops = route.stops.filter((stop: Json) => stop.visitId !== 'morning');
      },
      'visit-coverage',
      'p1/morning/2026-03-23',
    ],
    [
      'a duplicated stop',
      (r) => {
        const route = routeOf(r, 'morning');
        route.stops.push({ ...route.stops.find((stop: Json) => stop.visitId === 'morning') });
      },
      'visit-coverage',
      'p1/morning/2026-03-23',
    ],
    [
      'a stop moved outside its window',
      (r) => {
        const stop = stops(r).find((s) => s.visitId === 'morning') as Json;
        stop.start = stop.start.replace(/T\d\d:\d\d/, 'T11:00');
        stop.end = stop.end.replace(/T\d\d:\d\d/, 'T11:30');
      },
      'visit-window',
      'p1/morning/2026-03-23',
    ],
    [
      'a visit given to an unqualified carer',
      (r) => {
        const route = routeOf(r, 'morning');
        route.carerId = route.carerId === 'bob' ? 'ann' : 'bob';
      },
      'qualification',
      'bob',
    ],
    [
      'two shifts of one carer that overlap',
      (r) => {
        const route = routeOf(r, 'morning');
        r.routes.push(structuredClone(route));
      },
      'overlap',
      'two shifts overlap',
    ],
    [
      'a visit given to a refused carer',
      (r) => {
        const route = routeOf(r, 'morning');
        r.routes = r.routes.filter((other: Json) => other === route || other.carerId !== 'cy');
        route.carerId = 'cy';
      },
      'refused-carer',
      'cy',
    ],
    ['an unknown carer', (r) => (r.routes[0].carerId = 'zed'), 'unknown-reference', 'zed'],
    [
      'half a double-up',
      (r) => {
        const route = r.routes.find((other: Json) =>
          other.stops.some((stop: Json) => stop.visitId === 'hoist'),
        );
        route.stops = route.stops.filter((stop: Json) => stop.visitId !== 'hoist');
      },
      'visit-coverage',
      'p2/hoist/2026-03-23',
    ],
    [
      'identity fields that disagree with visitKey',
      (r) => (stops(r)[0]!.packageId = 'p9'),
      'unknown-reference',
      'packageId',
    ],
    [
      'a stop for a visit that does not exist',
      (r) => (stops(r)[0]!.visitKey = 'p1/evening/2026-03-23'),
      'unknown-reference',
      'p1/evening/2026-03-23',
    ],
  ])('%s', async (_name, tamper, rule, named) => {
    const roster = structuredClone(solved);
    tamper(roster);
    const result = await run([
      'check',
      writeTemp('p.json', problem()),
      writeTemp('r.json', roster),
    ]);
    expectNoStack(result);
    expect(result.stdout).toContain(`[${rule}]`);
    expect(result.stdout).toMatch(
      new RegExp(`\\[${rule}\\][^\\n]*${named.replace(/[/]/g, '\\/')}`),
    );
    expect(result.code).toBe(1);
  });
});

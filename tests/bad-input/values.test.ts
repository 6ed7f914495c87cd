/** Wrong types, out-of-range numbers, enums, dates and very long strings: exit 2, path, allowed. */
import { describe, expect, it } from 'vitest';
import { smallProblem } from '../support/problems.js';
import { expectBadInput, run, useCliHarness, writeTemp } from './harness.js';

useCliHarness();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A copy of the small problem changed by `change`. */
function problemWith(change: (problem: Json) => void): Json {
  const problem = structuredClone(smallProblem()) as Json;
  change(problem);
  return problem;
}

describe('each wrong value is named with what is allowed', () => {
  it.each<[string, (problem: Json) => void, string]>([
    [
      'carersNeeded 3',
      (p) => (p.packages[0].visits[0].carersNeeded = 3),
      '$.packages[0].visits[0].carersNeeded: must be one of 1, 2 (got 3)',
    ],
    [
      'a number as a string',
      (p) => (p.packages[0].visits[0].durationMinutes = '30'),
      '$.packages[0].visits[0].durationMinutes: must be a whole number more than 0 and at most 1440, not a string (got "30")',
    ],
    [
      'a fractional duration',
      (p) => (p.packages[0].visits[0].durationMinutes = 1.5),
      'durationMinutes: must be a whole number more than 0 and at most 1440 (got 1.5)',
    ],
    [
      'a negative duration',
      (p) => (p.packages[0].visits[0].durationMinutes = -5),
      'durationMinutes: must be a whole number more than 0 and at most 1440 (got -5)',
    ],
    [
      'lateness over the maximum',
      (p) => (p.packages[0].visits[0].maxLatenessMinutes = 241),
      'maxLatenessMinutes: must be a whole number from 0 to 240 (got 241)',
    ],
    [
      'an unknown priority',
      (p) => (p.packages[0].visits[0].priority = 'urgent'),
      'priority: must be one of "time-critical", "normal", "flexible" (got "urgent")',
    ],
    [
      'a weekday written in full',
      (p) => (p.carers[0].availability[0].days = ['monday']),
      '$.carers[0].availability[0].days[0]: must be one of "mon", "tue"',
    ],
    [
      'an unknown transport',
      (p) => (p.carers[0].transport = 'horse'),
      '$.carers[0].transport: must be one of "car", "walk", "bike", "public" (got "horse")',
    ],
    [
      'a latitude out of range',
      (p) => (p.clients[0].location.lat = -91),
      '$.clients[0].location.lat: latitude must be between -90 and 90 (got -91)',
    ],
    [
      'a week of more than 168 hours',
      (p) => (p.carers[0].contract.maxHoursPerWeek = 200),
      'maxHoursPerWeek: must be a number more than 0 and at most 168 (got 200)',
    ],
    [
      'a detour factor below 1',
      (p) => (p.settings = { travel: { detourFactor: 0.5 } }),
      '$.settings.travel.detourFactor: must be a number from 1 to 5 (got 0.5)',
    ],
    [
      'a boolean as a string',
      (p) => (p.carers[0].contract.travelPaid = 'yes'),
      'travelPaid: must be true or false, not a string (got "yes")',
    ],
    [
      'an unknown exception type',
      (p) => (p.carers[0].exceptions = [{ type: 'holiday', from: '2026-03-23', to: '2026-03-23' }]),
      '$.carers[0].exceptions[0].type: must be one of "unavailable", "available" (got "holiday")',
    ],
    [
      'an unknown field',
      (p) => (p.carers[0].colour = 'red'),
      '$.carers[0].colour: unknown field "colour"; allowed fields: id, name, home',
    ],
    [
      'a missing field',
      (p) => delete p.clients[1].location,
      '$.clients[1].location: is required (an object)',
    ],
    [
      'a list that is an object',
      (p) => (p.carers = {}),
      '$.carers: must be an array, not an object',
    ],
    [
      'a clock time without a leading zero',
      (p) => (p.packages[0].visits[0].window.from = '8:00'),
      'window.from: must be a local time written HH:mm, from 00:00 to 24:00 (got "8:00")',
    ],
    [
      'a date written the British way',
      (p) => (p.horizon.start = '23/03/2026'),
      '$.horizon.start: must be a date written YYYY-MM-DD (got "23/03/2026")',
    ],
    [
      'an impossible date, 30 February',
      (p) => (p.horizon.end = '2026-02-30'),
      '$.horizon.end: 2026-02-30 is not a calendar date; expected a real date YYYY-MM-DD',
    ],
    [
      'an impossible expiry date',
      (p) => (p.carers[0].qualifications[0].expires = '2026-13-01'),
      '$.carers[0].qualifications[0].expires: 2026-13-01 is not a calendar date',
    ],
    [
      'a horizon that ends before it starts',
      (p) => (p.horizon = { start: '2026-03-24', end: '2026-03-23' }),
      '$.horizon.end: the horizon ends (2026-03-23) before it starts (2026-03-24)',
    ],
    [
      'an unknown time zone',
      (p) => (p.timeZone = 'Europe/Leeds'),
      '$.timeZone: unknown time zone "Europe/Leeds"; use an IANA name',
    ],
    [
      'a window that ends before it starts',
      (p) => (p.packages[0].visits[0].window = { from: '10:00', to: '09:00' }),
      '$.packages[0].visits[0].window: the window 10:00-09:00 ends before it starts',
    ],
    [
      'an empty id',
      (p) => (p.carers[0].id = ''),
      '$.carers[0].id: must be a non-empty string (got "")',
    ],
  ])('%s', async (_name, change, expected) => {
    expectBadInput(await run(['solve', writeTemp('p.json', problemWith(change))]), expected);
  });
});

describe('very long strings', () => {
  it('a 100k-character id is valid and solves', async () => {
    const long = 'c'.repeat(100_000);
    const problem = problemWith((p) => {
      p.clients[0].id = long;
      p.packages[0].client = long;
    });
    const result = await run(['solve', writeTemp('p.json', problem), '--iterations', '5']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Checker: 0 violation(s)');
  });

  it('a 100k-character wrong value is cut in the message', async () => {
    const problem = problemWith((p) => (p.carers[0].transport = 'x'.repeat(100_000)));
    const result = await run(['solve', writeTemp('p.json', problem)]);
    expectBadInput(result, '$.carers[0].transport: must be one of "car"', 'xxx…');
    expect(result.stderr.length).toBeLessThan(1_000);
  });
});

/**
 * Small problems on the two nights UK clocks change in 2026, with visits whose start or end falls
 * in the skipped hour (29 March) or in the repeated hour (25 October, including a visit at 01:30
 * that ends at the second 01:30), for exports that must round-trip instants exactly.
 */
import type { ProblemInput } from '../../src/model/schema.js';

const HOME = { lat: 53.8, lon: -1.55 };

function night(date: string, visits: NonNullable<ProblemInput['packages']>[number]['visits']) {
  const input: ProblemInput = {
    name: `clock change ${date}`,
    horizon: { start: date, end: date },
    timeZone: 'Europe/London',
    carers: ['Ann', 'bob/2'].map((id, i) => ({
      id,
      name: i === 0 ? 'Ann Carer' : undefined,
      home: { lat: HOME.lat + i * 0.002, lon: HOME.lon },
      qualifications: [{ name: 'hoist' }],
      availability: [{ days: ['sun'], from: '00:00', to: '07:00' }],
    })),
    clients: [
      { id: 'cara', name: 'Cara Client', location: { lat: 53.801, lon: -1.551 } },
      { id: 'dev', location: { lat: 53.803, lon: -1.549 } },
    ],
    packages: [{ id: 'p/1', client: 'cara', visits }],
  };
  return input;
}

/** 29 March 2026: 01:00-02:00 GMT does not exist; a visit spans the jump, one starts after it. */
export function springForwardProblem(): ProblemInput {
  const input = night('2026-03-29', [
    { id: 'night', days: ['sun'], window: { from: '00:30', to: '00:30' }, durationMinutes: 60 },
    {
      id: 'hoist',
      days: ['sun'],
      window: { from: '03:00', to: '03:30' },
      durationMinutes: 30,
      carersNeeded: 2,
      qualifications: ['hoist'],
    },
  ]);
  input.packages?.push({
    id: 'p2',
    client: 'dev',
    visits: [
      { id: 'early', days: ['sun'], window: { from: '01:30', to: '01:30' }, durationMinutes: 20 },
    ],
  });
  return input;
}

/**
 * 25 October 2026: 01:00-02:00 happens twice. `night` starts at the first 01:30 and ends at the
 * second; `late` starts inside the second 01:00-02:00.
 */
export function fallBackProblem(): ProblemInput {
  const input = night('2026-10-25', [
    { id: 'night', days: ['sun'], window: { from: '01:30', to: '01:30' }, durationMinutes: 60 },
    {
      id: 'hoist',
      days: ['sun'],
      window: { from: '03:00', to: '03:30' },
      durationMinutes: 30,
      carersNeeded: 2,
      qualifications: ['hoist'],
    },
  ]);
  input.packages?.push({
    id: 'p2',
    client: 'dev',
    // 01:40 (first) to 02:00: 80 real minutes; only Ann's colleague is free until the second hour.
    visits: [
      { id: 'late', days: ['sun'], window: { from: '01:40', to: '02:00' }, durationMinutes: 20 },
    ],
  });
  return input;
}

import { describe, expect, it } from 'vitest';
import { expandProblem, expandedCarer } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';

const home = { lat: 53.8, lon: -1.55 };
const office = { lat: 53.81, lon: -1.56 };

const problem = parseProblem({
  horizon: { start: '2026-03-23', end: '2026-03-24' },
  carers: [
    {
      id: 'ann',
      home,
      transport: 'bike',
      availability: [{ days: ['mon'], from: '07:00', to: '12:00' }],
      preferences: { preferredHours: [{ days: ['tue'], from: '08:00', to: '10:00' }] },
    },
    // Starts her shifts at the office and ends them at home, where the client also lives.
    { id: '__proto__', home, startLocation: office, availability: [] },
  ],
  clients: [{ id: 'cara', location: home }],
  packages: [],
});

describe('expandedCarer', () => {
  const expanded = expandProblem(problem);

  it('holds each carer, their start and end places, transport, shifts and preferred hours', () => {
    const ann = expandedCarer(expanded, 'ann');
    expect(ann.carer).toBe(expanded.carers.get('ann'));
    expect(expanded.locations[ann.startPlace]).toEqual(home);
    expect(ann.endPlace).toBe(ann.startPlace);
    expect(ann.transport).toBe('bike');
    expect(ann.shifts).toEqual([{ carerId: 'ann', date: '2026-03-23', start: 420, end: 720 }]);
    // Tuesday 08:00-10:00 is minute 1440 + 480 of the horizon.
    expect(ann.preferredHours).toEqual([{ start: 1920, end: 2040 }]);
  });

  it('gives a start location its own place and shares the home place with the client', () => {
    const other = expandedCarer(expanded, '__proto__');
    expect(expanded.locations[other.startPlace]).toEqual(office);
    expect(other.endPlace).toBe(expandedCarer(expanded, 'ann').startPlace);
    expect(expanded.locations).toHaveLength(2);
    expect(other.transport).toBe('car');
    expect(other.shifts).toEqual([]);
    expect(other.preferredHours).toEqual([]);
  });

  it('names the carer it cannot find', () => {
    expect(() => expandedCarer(expanded, 'bob')).toThrow(
      'unknown carer "bob": not one of the problem\'s carers',
    );
    expect(() => expandedCarer(expanded, 'toString')).toThrow('unknown carer "toString"');
  });
});

import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { findCapacity } from '../src/solver/capacity/find-capacity.js';
import { replan } from '../src/solver/replan/replan.js';
import { DATE, town, townRoster } from './support/replan-town.js';

const discharge = {
  id: 'p-e1',
  client: 'e1',
  visits: [
    {
      id: 'am',
      days: ['mon' as const],
      window: { from: '08:00', to: '08:30' },
      durationMinutes: 30,
    },
    {
      id: 'noon',
      days: ['mon' as const],
      window: { from: '12:00', to: '12:30' },
      durationMinutes: 30,
    },
  ],
};
const client = { id: 'e1', location: { lat: 53.8004, lon: -1.5502 } };

describe('findCapacity', () => {
  it('places a package next door with the free carer, and the answer holds when applied', () => {
    const previous = townRoster();
    const answer = findCapacity(town(), previous, discharge, { from: DATE, client });
    expect(answer.fits).toBe(true);
    expect(answer.from).toBe(DATE);
    expect(answer.visits.map((visit) => visit.visitKey)).toEqual([
      `p-e1/am/${DATE}`,
      `p-e1/noon/${DATE}`,
    ]);
    // At 08:00 Ann and Bob are busy; Cat, next door, is first and takes it.
    const am = answer.visits[0]!;
    expect(am.candidates[0]?.carerId).toBe('cat');
    expect(am.placedWith).toEqual(['cat']);
    expect(answer.movedVisits).toBe(0);
    expect(answer.addedTravelMinutes).toBeGreaterThan(0);
    expect(checkRoster(answer.problem, answer.roster)).toEqual([]);
    const applied = replan(
      town(),
      previous,
      { changes: [{ type: 'package-added', package: discharge, client, from: DATE }] },
      { maxIterations: 200 },
    );
    expect(applied.roster.unplaced).toEqual([]);
    expect(checkRoster(applied.problem, applied.roster)).toEqual([]);
  });

  it('says the package does not fit when no carer can take a visit', () => {
    const late = {
      ...discharge,
      visits: [
        {
          id: 'bed',
          days: ['mon' as const],
          window: { from: '21:00', to: '21:30' },
          durationMinutes: 30,
        },
      ],
    };
    const answer = findCapacity(town(), townRoster(), late, { client });
    expect(answer.fits).toBe(false);
    expect(answer.from).toBeUndefined();
    expect(answer.tried).toEqual([{ from: DATE, placed: 0, visits: 1 }]);
    expect(answer.visits[0]?.candidates).toEqual([]);
    expect(answer.roster.unplaced.map((entry) => entry.visitKey)).toEqual([`p-e1/bed/${DATE}`]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  capacityCsv,
  capacitySummary,
  capacitySummarySchema,
} from '../src/solver/capacity/capacity-summary.js';
import { DATE, town, townRoster } from './support/replan-town.js';

describe('capacitySummary', () => {
  it('counts free carer hours per band against the visit hours asked for', () => {
    const input = town();
    input.carers[2] = { ...input.carers[2]!, qualifications: [{ name: 'hoist' }] };
    const roster = townRoster();
    const summary = capacitySummary(input, roster);
    expect(capacitySummarySchema.parse(summary)).toEqual(summary);
    const row = (band: string) => summary.rows.find((r) => r.band === band)!;
    const busy = (carerId: string) =>
      roster.routes
        .filter((route) => route.carerId === carerId)
        .map(
          (route) => (Date.parse(route.shiftEnd) - Date.parse(route.shiftStart)) / 3_600_000,
        )[0]!;
    // 07-10: three carers for three hours, less Bob's whole route and Ann's route up to 10:00.
    const annTo10 =
      (Date.parse(`${DATE}T10:00:00+00:00`) - Date.parse(roster.routes[0]!.shiftStart)) / 3_600_000;
    expect(row('07:00-10:00').freeCarerHours).toBeCloseTo(9 - busy('bob') - annTo10, 2);
    expect(row('07:00-10:00').visitHoursAsked).toBe(1.5);
    expect(row('10:00-13:00').visitHoursAsked).toBe(0.5);
    // Cat, the only hoist carer, is free all morning: 3 hours in each of the first two bands.
    expect(row('07:00-10:00').freeHoursByQualification).toEqual([
      { qualification: 'hoist', hours: 3 },
    ]);
    expect(row('10:00-13:00').freeHoursByQualification).toEqual([
      { qualification: 'hoist', hours: 3 },
    ]);
    expect(row('13:00-17:00').freeCarerHours).toBe(3);
    expect(summary.rows.every((r) => r.area === 'all' && r.date === DATE)).toBe(true);
  });

  it('writes CSV with one column per qualification', () => {
    const input = town();
    input.carers[2] = { ...input.carers[2]!, qualifications: [{ name: 'hoist' }] };
    const summary = capacitySummary(input, townRoster());
    const lines = capacityCsv(summary).trim().split('\n');
    const header = lines[0]!.split(',');
    expect(header).toEqual([
      'area',
      'date',
      'band',
      'freeCarerHours',
      'carersWithFreeTime',
      'visitHoursAsked',
      'visitHoursUnplaced',
      'free:hoist',
    ]);
    expect(lines).toHaveLength(summary.rows.length + 1);
    const first = Object.fromEntries(lines[1]!.split(',').map((value, i) => [header[i], value]));
    expect(Number(first.freeCarerHours)).toBe(summary.rows[0]!.freeCarerHours);
    expect(Number(first['free:hoist'])).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { generateCouncil } from '../src/generate/council.js';
import type { CarerInput, Weekday } from '../src/model/schema.js';
import { WEEKDAYS } from '../src/model/schema.js';
import { addDays, clockToMinutes, weekdayOf } from '../src/model/time.js';
import { parseProblem } from '../src/model/validate.js';

const week = generateCouncil({ seed: 9, clients: 300, days: 7, rotas: true });
const fortnight = generateCouncil({ seed: 9, clients: 300, days: 14, rotas: true });

/** The weekdays a carer is available on, by weekday. */
function workingDays(carer: CarerInput): Set<Weekday> {
  return new Set((carer.availability ?? []).flatMap((window) => window.days));
}

/** Days of the horizon a carer may work: their weekdays, less whole days written off. */
function datesWorked(carer: CarerInput, start: string, days: number): string[] {
  const off = new Set(
    (carer.exceptions ?? []).flatMap((exception) =>
      exception.type === 'unavailable' && exception.reason === 'rota day off'
        ? [exception.from]
        : [],
    ),
  );
  const weekdays = workingDays(carer);
  return Array.from({ length: days }, (_, i) => addDays(start, i)).filter(
    (date) => weekdays.has(weekdayOf(date)) && !off.has(date),
  );
}

describe('generateCouncil with rotas', () => {
  it('passes validation and leaves the default (fixed) patterns alone', () => {
    expect(() => parseProblem(week)).not.toThrow();
    expect(() => parseProblem(fortnight)).not.toThrow();
    const fixed = generateCouncil({ seed: 9, clients: 300, days: 7 });
    expect(fixed).toEqual(generateCouncil({ seed: 9, clients: 300, days: 7, rotas: false }));
    expect(fixed.carers).not.toEqual(week.carers);
  });

  it('gives full-timers their days off together and part-timers fewer days', () => {
    for (const carer of week.carers) {
      const days = workingDays(carer);
      const off = WEEKDAYS.map((day) => !days.has(day));
      const runs = off.filter((isOff, i) => isOff && !off[(i + 6) % 7]).length;
      if (days.size >= 5) expect(runs).toBeLessThanOrEqual(1);
      expect(days.size).toBeGreaterThanOrEqual(2);
      expect(days.size).toBeLessThanOrEqual(6);
    }
    const partTime = week.carers.filter((c) => (c.contract?.contractedHoursPerWeek ?? 0) <= 20);
    const fullTime = week.carers.filter((c) => (c.contract?.contractedHoursPerWeek ?? 0) >= 35);
    const meanDays = (carers: CarerInput[]) =>
      carers.reduce((sum, carer) => sum + workingDays(carer).size, 0) / carers.length;
    expect(meanDays(partTime)).toBeLessThan(meanDays(fullTime) - 1);
  });

  it('works weekends in rotation and staffs every day in proportion to its care', () => {
    const weekendWorkers = week.carers.filter((carer) => workingDays(carer).has('sat'));
    const share = weekendWorkers.length / week.carers.length;
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.85);
    // Over a fortnight most carers work one of the two weekends only.
    const alternate = fortnight.carers.filter((carer) => {
      const dates = datesWorked(carer, '2026-03-23', 14);
      return dates.includes('2026-03-28') !== dates.includes('2026-04-04');
    });
    expect(alternate.length / fortnight.carers.length).toBeGreaterThan(0.4);
    const hours = new Map<Weekday, number>();
    for (const carer of week.carers) {
      for (const window of carer.availability ?? []) {
        for (const day of window.days) {
          const span = (clockToMinutes(window.to) - clockToMinutes(window.from)) / 60;
          hours.set(day, (hours.get(day) ?? 0) + span);
        }
      }
    }
    const care = new Map<Weekday, number>();
    for (const carePackage of week.packages) {
      for (const visit of carePackage.visits ?? []) {
        for (const day of visit.days) {
          const carerHours = (visit.durationMinutes * (visit.carersNeeded ?? 1)) / 60;
          care.set(day, (care.get(day) ?? 0) + carerHours);
        }
      }
    }
    const ratios = WEEKDAYS.map((day) => (hours.get(day) ?? 0) / (care.get(day) ?? 1));
    expect(Math.min(...ratios)).toBeGreaterThan(0.9 * Math.max(...ratios));
  });

  it('puts early-and-late carers on earlies then lates, never a late before an early', () => {
    const days = (carer: CarerInput, from: string, to: string) =>
      new Set(
        (carer.availability ?? [])
          .filter((window) => window.from === from && window.to === to)
          .flatMap((window) => window.days),
      );
    const rotating = week.carers.filter((carer) => {
      const early = days(carer, '07:00', '14:00');
      const late = days(carer, '16:00', '22:30');
      return early.size > 0 && late.size > 0 && [...late].every((day) => !early.has(day));
    });
    expect(rotating.length).toBeGreaterThan(0.05 * week.carers.length);
    for (const carer of rotating) {
      const early = days(carer, '07:00', '14:00');
      for (const day of days(carer, '16:00', '22:30')) {
        expect(early.has(WEEKDAYS[(WEEKDAYS.indexOf(day) + 1) % 7]!)).toBe(false);
      }
    }
  });
});

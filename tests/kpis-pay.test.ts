import { describe, expect, it } from 'vitest';
import { computeKpis, rosterFigures } from '../src/constraints/kpis.js';
import { explainRoster } from '../src/constraints/explain.js';
import { SOFT_TERMS } from '../src/constraints/soft-terms.js';
import { expandProblem } from '../src/model/expand.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { givenTravelMatrix } from '../src/geo/given-matrix.js';
import { parseRoster } from '../src/model/roster-schema.js';
import { summariseRoster } from '../src/report/summary.js';
import { buildRoute } from './support/roster-builder.js';
import { mondayVisit } from './support/problems.js';

/** Every trip takes exactly 10 minutes, so every figure below can be worked by hand. */
const LEG = 10;

function payProblem(): ProblemInput {
  return {
    horizon: { start: '2026-03-23', end: '2026-03-23' },
    timeZone: 'Europe/London',
    carers: [
      {
        id: 'ann',
        home: { lat: 53.8, lon: -1.55 },
        availability: [{ days: ['mon'], from: '07:00', to: '14:00' }],
        contract: { hourlyPay: 12.71, travelPaid: false },
        preferences: { preferredHours: [{ days: ['mon'], from: '08:00', to: '10:00' }] },
      },
      {
        id: 'bob',
        home: { lat: 53.81, lon: -1.56 },
        availability: [{ days: ['mon'], from: '07:00', to: '14:00' }],
        contract: { hourlyPay: 14, travelPaid: true },
      },
    ],
    clients: [
      { id: 'cara', location: { lat: 53.805, lon: -1.552 } },
      { id: 'dev', location: { lat: 53.802, lon: -1.558 } },
      { id: 'eve', location: { lat: 53.807, lon: -1.561 } },
    ],
    packages: [
      { id: 'p1', client: 'cara', visits: [mondayVisit('wake', '08:00', '08:30', 30)] },
      { id: 'p2', client: 'dev', visits: [mondayVisit('wash', '09:30', '10:30', 60)] },
      { id: 'p3', client: 'eve', visits: [mondayVisit('lunch', '12:00', '12:30', 30)] },
    ],
    settings: { livingWageHourly: 13.45 },
  };
}

function setup() {
  const problem = parseProblem(payProblem());
  const expanded = expandProblem(problem);
  const n = expanded.locations.length;
  const minutes = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 0 : LEG)),
  );
  const travel = givenTravelMatrix(expanded.locations, { minutes });
  const routes = [
    buildRoute(expanded, travel, 'ann', [
      ['p1/wake/2026-03-23', 8 * 60],
      ['p2/wash/2026-03-23', 9 * 60 + 30],
    ]),
    buildRoute(expanded, travel, 'bob', [['p3/lunch/2026-03-23', 12 * 60]]),
  ];
  return { problem, expanded, travel, routes };
}

describe('fair-pay KPIs of a hand-worked roster', () => {
  it('works out effective pay, the lift rate, the shortfall and preferred hours', () => {
    const { expanded, travel, routes } = setup();
    const [ann, bob] = rosterFigures(expanded, travel, routes).carers as [
      ReturnType<typeof rosterFigures>['carers'][number],
      ReturnType<typeof rosterFigures>['carers'][number],
    ];
    // Ann leaves at 07:50, cares 08:00-08:30, travels 10 min, waits 08:40-09:30, cares
    // 09:30-10:30 and is home at 10:40: 170 min on duty, 90 of care, 30 of travel, 50 waiting.
    expect(ann).toMatchObject({ dutyMinutes: 170, careMinutes: 90, travelMinutes: 30 });
    expect(ann.idleMinutes).toBe(50);
    // Her travel is unpaid: paid 90 min at 12.71 = 19.065.
    expect(ann.paidMinutes).toBe(90);
    expect(ann.pay).toBeCloseTo(19.065, 9);
    // Per duty hour: 19.065 / (170 / 60) = 6.7288...
    expect(ann.effectiveHourlyPay).toBeCloseTo(6.72882, 4);
    // To earn 13.45 over 170 min from 90 paid min: 13.45 x 170 / 90 = 25.4055..., up to 25.41.
    expect(ann.livingWageRateNeeded).toBe(25.41);
    // Short of the living wage: 13.45 x 170 / 60 - 19.065 = 38.10833 - 19.065 = 19.04333.
    expect(ann.livingWageShortfall).toBeCloseTo(19.04333, 4);
    // Preferred 08:00-10:00 on Monday: 120 min; care inside 08:00-08:30 and 09:30-10:00.
    expect(ann).toMatchObject({
      preferredMinutes: 120,
      careInPreferredMinutes: 60,
      careOutsidePreferredMinutes: 30,
    });

    // Bob: 11:50-12:40, 30 of care and 20 of travel, all paid at 14: 50/60 x 14 = 11.6667,
    // 14 an hour on duty, above the living wage; 13.45 on his paid hours would still lift him.
    expect(bob).toMatchObject({ dutyMinutes: 50, paidMinutes: 50, livingWageShortfall: 0 });
    expect(bob.effectiveHourlyPay).toBeCloseTo(14, 9);
    expect(bob.livingWageRateNeeded).toBe(13.45);
    expect(bob).toMatchObject({ preferredMinutes: 0, careOutsidePreferredMinutes: 0 });
  });

  it('adds them up in the roster KPIs, as the explanation prices preferred hours', () => {
    const { problem, expanded, travel, routes } = setup();
    const kpis = computeKpis(expanded, travel, routes, []);
    expect(kpis).toMatchObject({
      carersUsed: 2,
      carersBelowLivingWage: 1,
      livingWageRateNeeded: 25.41,
      livingWageShortfall: 19.04,
      carersWithPreferredHours: 1,
      careInPreferredHoursMinutes: 60,
      careOutsidePreferredHoursMinutes: 30,
    });
    expect(kpis.effectiveHourlyPayMin).toBe(6.73);
    // (6.72882 + 14) / 2 = 10.36441
    expect(kpis.effectiveHourlyPayMean).toBe(10.36);
    const explanation = explainRoster(problem, { routes, unplaced: [] }, { expanded, travel });
    const preferred = explanation.byRule.find((entry) => entry.rule === SOFT_TERMS.preferredHours);
    expect(preferred?.cost).toBeCloseTo(
      kpis.careOutsidePreferredHoursMinutes * problem.settings.weights.outsidePreferredHoursMinute,
      9,
    );
  });

  it('prints them in the summary, and a roster file with them reads back', () => {
    const { expanded, travel, routes } = setup();
    const kpis = computeKpis(expanded, travel, routes, []);
    const roster = {
      timeZone: 'Europe/London',
      horizon: { start: '2026-03-23', end: '2026-03-23' },
      routes,
      unplaced: [],
      kpis,
    };
    const summary = summariseRoster(roster);
    expect(summary).toContain('1 of 2 carers below it; 25.41 an hour on paid hours would lift all');
    expect(summary).toContain('19.04 short in all');
    expect(summary).toContain('1 carers stated them; 66.7% of their care inside, 0.5 h outside');
    const read = parseRoster(JSON.parse(JSON.stringify(roster)));
    expect(read.kpis.livingWageShortfall).toBe(19.04);
    expect(read.kpis.careOutsidePreferredHoursMinutes).toBe(30);
    const { careOutsidePreferredHoursMinutes: _dropped, ...older } = kpis;
    expect(() => parseRoster({ ...roster, kpis: older })).toThrow(
      /careOutsidePreferredHoursMinutes/,
    );
  });
});

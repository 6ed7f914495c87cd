import { describe, expect, it } from 'vitest';
import { computeKpis, rosterFigures } from '../src/constraints/kpis.js';
import { explainRoster } from '../src/constraints/explain.js';
import { SOFT_TERMS } from '../src/constraints/soft-terms.js';
import { expandProblem } from '../src/model/expand.js';
import type { CarerInput, ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { smallProblem } from './support/problems.js';
import { buildRoute } from './support/roster-builder.js';

const MORNING = 'p1/morning/2026-03-23';
const HOIST = 'p2/hoist/2026-03-23';

function setup() {
  const input: ProblemInput = structuredClone(smallProblem());
  const [ann, bob] = input.carers as [CarerInput, CarerInput];
  ann.contract = { ...ann.contract, hourlyPay: 12, travelPaid: false };
  bob.contract = { contractedHoursPerWeek: 14, hourlyPay: 14, travelPaid: true };
  input.settings = { livingWageHourly: 13 };
  const problem = parseProblem(input);
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const routes = [
    buildRoute(expanded, travel, 'ann', [
      [MORNING, 8 * 60],
      [HOIST, 9 * 60 + 30],
    ]),
    buildRoute(expanded, travel, 'bob', [[HOIST, 9 * 60 + 30]]),
  ];
  const leg = (route: (typeof routes)[number], i: number) => route.stops[i]?.travelMinutes ?? 0;
  return { problem, expanded, travel, routes, leg };
}

describe('KPIs and soft-term costs of a hand-built roster', () => {
  it('counts care, travel, idle time, unpaid gaps and pay', () => {
    const { problem, expanded, travel, routes, leg } = setup();
    const [ann, bob] = routes as [(typeof routes)[0], (typeof routes)[0]];
    const kpis = computeKpis(expanded, travel, routes, []);
    const annTravel = leg(ann, 0) + leg(ann, 1) + ann.travelBackMinutes;
    const bobTravel = leg(bob, 0) + bob.travelBackMinutes;
    expect(kpis.careMinutes).toBe(30 + 45 + 45);
    // Travel is to the second and the KPI totals are given to the hundredth of a minute.
    expect(kpis.travelMinutes).toBeCloseTo(annTravel + bobTravel, 2);
    expect(kpis.paidMinutes).toBeCloseTo(120 + annTravel + bobTravel, 2);
    const idle = 60 - leg(ann, 1);
    expect(kpis.idleMinutes).toBeCloseTo(idle, 2);
    expect(kpis.unpaidGapMinutes).toBeCloseTo(Math.max(0, idle - 15), 2);
    // Ann is paid for visits only; Bob for visits and travel.
    const annPay = (12 * 75) / 60;
    const bobPay = (14 * (45 + bobTravel)) / 60;
    expect(kpis.totalPay).toBeCloseTo(annPay + bobPay, 2);
    expect(kpis.costPerVisit).toBeCloseTo((annPay + bobPay) / 2, 2);
    const annDutyHours = (75 + annTravel + idle) / 60;
    const bobDutyHours = (45 + bobTravel) / 60;
    expect(kpis.effectiveHourlyPayMin).toBeCloseTo(annPay / annDutyHours, 2);
    expect(kpis.effectiveHourlyPayMean).toBeCloseTo(
      (annPay / annDutyHours + bobPay / bobDutyHours) / 2,
      2,
    );
    expect(kpis.carersBelowLivingWage).toBe(1);
    expect(kpis.distinctCarersPerClientMean).toBe(1.5);
    expect(kpis.teamVisitShare).toBe(0.5);

    const explanation = explainRoster(problem, { routes, unplaced: [] }, { expanded, travel });
    const cost = (rule: string) => explanation.byRule.find((r) => r.rule === rule)?.cost ?? 0;
    expect(cost(SOFT_TERMS.travel)).toBe(annTravel + bobTravel);
    expect(cost(SOFT_TERMS.unpaidGaps)).toBeCloseTo(Math.max(0, idle - 15) * 0.5, 6);
    // Client dev sees two carers, but the double-up needs two: none is extra.
    expect(cost(SOFT_TERMS.extraCarers)).toBe(0);
    expect(explanation.byClient.dev?.byRule[SOFT_TERMS.team]).toBe(-10);
    // Ann contracted 30 h a week: a one-day horizon expects 30/7 h; she worked less.
    const annWork = 75 + annTravel;
    const bobWork = 45 + bobTravel;
    const expectedContract =
      ((30 * 60) / 7 - annWork) * (6 / 60) + ((14 * 60) / 7 - bobWork) * (6 / 60);
    expect(cost(SOFT_TERMS.contractHours)).toBeCloseTo(expectedContract, 6);
  });

  it('gives the hourly rate that lifts every carer to the living wage, and per-carer figures', () => {
    const { expanded, travel, routes, leg } = setup();
    const [ann] = routes as [(typeof routes)[0]];
    const kpis = computeKpis(expanded, travel, routes, []);
    const annTravel = leg(ann, 0) + leg(ann, 1) + ann.travelBackMinutes;
    const annDuty = 75 + annTravel + (60 - leg(ann, 1));
    // Ann is paid for her 75 visit minutes only; Bob's paid time is his whole duty, so 13 lifts him.
    const annNeeds = Math.ceil(((13 * annDuty) / 75) * 100) / 100;
    expect(annNeeds).toBeGreaterThan(13);
    expect(kpis.livingWageRateNeeded).toBe(annNeeds);
    // At that rate on paid hours, Ann's effective pay reaches the living wage.
    expect((annNeeds * 75) / annDuty).toBeGreaterThanOrEqual(13);

    const figures = rosterFigures(expanded, travel, routes).carers;
    expect(figures.map((carer) => carer.carerId)).toEqual(['ann', 'bob']);
    const [annFigures, bobFigures] = figures as [(typeof figures)[0], (typeof figures)[0]];
    expect(annFigures).toMatchObject({ shifts: 1, visits: 2, careMinutes: 75, paidMinutes: 75 });
    expect(annFigures.idleMinutes).toBeCloseTo(60 - leg(ann, 1), 9);
    expect(annFigures.livingWageRateNeeded).toBe(annNeeds);
    expect(bobFigures.livingWageRateNeeded).toBe(13);
    expect(Math.round(annFigures.effectiveHourlyPay! * 100) / 100).toBe(kpis.effectiveHourlyPayMin);
    const sum = (pick: (carer: (typeof figures)[0]) => number) =>
      figures.reduce((total, carer) => total + pick(carer), 0);
    expect(sum((carer) => carer.travelMinutes)).toBeCloseTo(kpis.travelMinutes, 2);
    expect(sum((carer) => carer.careMinutes)).toBe(kpis.careMinutes);
    expect(sum((carer) => carer.pay)).toBeCloseTo(kpis.totalPay, 2);
  });

  it('needs no rate when no living wage is set', () => {
    const { problem, routes } = setup();
    const unset = parseProblem({
      ...problem,
      settings: { ...problem.settings, livingWageHourly: undefined },
    });
    const expanded = expandProblem(unset);
    const travel = straightLineTravelMatrix(expanded.locations, unset.settings.travel);
    expect(computeKpis(expanded, travel, routes, []).livingWageRateNeeded).toBe(0);
  });
});

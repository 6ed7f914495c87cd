import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { HARD_RULES } from '../src/constraints/rules.js';
import { expandProblem, visitIdentity } from '../src/model/expand.js';
import type { Roster, RosterRoute } from '../src/model/roster.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { smallProblem } from './support/problems.js';
import { buildRoute } from './support/roster-builder.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MORNING = 'p1/morning/2026-03-23';
const HOIST = 'p2/hoist/2026-03-23';
const at = (hh: number, mm = 0) => hh * 60 + mm;

function setup(mutate: (problem: Json) => void = () => {}) {
  const input = structuredClone(smallProblem()) as Json;
  mutate(input);
  const problem = parseProblem(input as ProblemInput);
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const route = (carerId: string, visits: [string, number][]) =>
    buildRoute(expanded, travel, carerId, visits);
  const roster = (routes: RosterRoute[], unplaced: Roster['unplaced'] = []): Roster => ({
    timeZone: problem.timeZone,
    horizon: problem.horizon,
    routes,
    unplaced,
    kpis: {} as Roster['kpis'],
  });
  const check = (r: Roster) => checkRoster(problem, r, { expanded, travel });
  const validRoutes = () => [
    route('ann', [
      [MORNING, at(8)],
      [HOIST, at(9, 30)],
    ]),
    route('bob', [[HOIST, at(9, 30)]]),
  ];
  const unplacedEntry = (key: string, reasons: Roster['unplaced'][number]['reasons']) => {
    const visit = expanded.visitsById.get(key);
    if (!visit) throw new Error(`no visit ${key}`);
    return { ...visitIdentity(visit), reasons };
  };
  return { route, roster, check, validRoutes, expanded, unplacedEntry };
}

function rulesOf(violations: { rule: string }[]) {
  return [...new Set(violations.map((v) => v.rule))];
}

describe('checkRoster', () => {
  it('finds nothing wrong with a correct roster', () => {
    const { roster, check, validRoutes } = setup();
    expect(check(roster(validRoutes()))).toEqual([]);
  });

  it('accepts visits listed unplaced with reasons', () => {
    const { roster, check, unplacedEntry } = setup();
    const reason = [{ rule: 'capacity', carers: 2, message: 'busy' }];
    const unplaced = [MORNING, HOIST].map((key) => unplacedEntry(key, reason));
    expect(check(roster([], unplaced))).toEqual([]);
  });

  it('catches a missing qualification', () => {
    const { route, roster, check } = setup();
    const r = roster([
      route('bob', [
        [MORNING, at(8)],
        [HOIST, at(9, 30)],
      ]),
      route('ann', [[HOIST, at(9, 30)]]),
    ]);
    expect(check(r)).toContainEqual(
      expect.objectContaining({
        rule: HARD_RULES.qualification,
        carerId: 'bob',
        visitKey: MORNING,
      }),
    );
  });

  it('catches an expired qualification', () => {
    const { roster, check, validRoutes } = setup((p) => {
      p.carers[0].qualifications[0].expires = '2026-03-22';
    });
    const violations = check(roster(validRoutes()));
    expect(rulesOf(violations)).toEqual([HARD_RULES.qualification]);
    expect(violations[0]?.message).toMatch(/expired on 2026-03-22/);
  });

  it('catches a shift outside availability', () => {
    const { route, roster, check } = setup((p) => {
      p.packages[0].visits[0].window = { from: '06:30', to: '07:00' };
    });
    const r = roster([
      route('ann', [
        [MORNING, at(6, 30)],
        [HOIST, at(9, 30)],
      ]),
      route('bob', [[HOIST, at(9, 30)]]),
    ]);
    expect(rulesOf(check(r))).toEqual([HARD_RULES.availability]);
  });

  it('catches a visit started outside its window, or cut short', () => {
    const { route, roster, check } = setup();
    const late = roster([
      route('ann', [
        [MORNING, at(9, 1)],
        [HOIST, at(10, 31)],
      ]),
      route('bob', [[HOIST, at(10, 31)]]),
    ]);
    const lateViolations = check(late);
    expect(rulesOf(lateViolations)).toEqual([HARD_RULES.visitWindow]);
    expect(lateViolations).toHaveLength(3);
    const bob = route('bob', [[HOIST, at(9, 30)]]);
    const cutShort = roster([
      route('ann', [
        [MORNING, at(8)],
        [HOIST, at(9, 30)],
      ]),
      { ...bob, stops: [{ ...bob.stops[0]!, end: bob.stops[0]!.start }] },
    ]);
    expect(check(cutShort)).toEqual([
      expect.objectContaining({
        rule: HARD_RULES.visitWindow,
        message: 'lasts 0 min but the visit is 45 min',
      }),
    ]);
  });

  it('catches travel that does not fit between stops', () => {
    const { route, roster, check } = setup();
    const ann = route('ann', [
      [MORNING, at(8)],
      [HOIST, at(9, 30)],
    ]);
    const squeezed: RosterRoute = {
      ...ann,
      stops: [ann.stops[0]!, { ...ann.stops[1]!, arrival: ann.stops[0]!.end }],
    };
    const violations = check(roster([squeezed, route('bob', [[HOIST, at(9, 30)]])]));
    expect(rulesOf(violations)).toEqual([HARD_RULES.travel]);
  });

  it('catches a carer arriving home before the last visit could end', () => {
    const { route, roster, check } = setup();
    const bob = route('bob', [[HOIST, at(9, 30)]]);
    const violations = check(
      roster([
        route('ann', [
          [MORNING, at(8)],
          [HOIST, at(9, 30)],
        ]),
        { ...bob, shiftEnd: bob.stops[0]!.end },
      ]),
    );
    expect(rulesOf(violations)).toEqual([HARD_RULES.travel]);
  });

  it('catches two shifts of one carer that overlap', () => {
    const { route, roster, check } = setup();
    const violations = check(
      roster([
        route('ann', [[MORNING, at(8)]]),
        route('ann', [[HOIST, at(8, 10)]]),
        route('bob', [[HOIST, at(8, 10)]]),
      ]),
    );
    expect(rulesOf(violations)).toContain(HARD_RULES.overlap);
  });

  it('catches a double-up whose carers do not start together', () => {
    const { route, roster, check } = setup();
    const violations = check(
      roster([
        route('ann', [
          [MORNING, at(8)],
          [HOIST, at(9, 30)],
        ]),
        route('bob', [[HOIST, at(9, 40)]]),
      ]),
    );
    expect(rulesOf(violations)).toEqual([HARD_RULES.doubleUp]);
  });

  it('catches a refused carer', () => {
    const { roster, check, validRoutes } = setup((p) => (p.clients[0].refusedCarers = ['ann']));
    expect(rulesOf(check(roster(validRoutes())))).toEqual([HARD_RULES.refusedCarer]);
  });

  it('catches a required gender not met, but not a preferred one', () => {
    const required = setup(
      (p) => (p.clients[1].carerGender = { value: 'female', strength: 'required' }),
    );
    expect(rulesOf(required.check(required.roster(required.validRoutes())))).toEqual([
      HARD_RULES.requiredGender,
    ]);
    const preferred = setup((p) => (p.clients[1].carerGender = { value: 'female' }));
    expect(preferred.check(preferred.roster(preferred.validRoutes()))).toEqual([]);
  });

  it('catches a carer sent to a client the carer refused', () => {
    const { roster, check, validRoutes } = setup((p) => (p.carers[1].refusedClients = ['dev']));
    expect(rulesOf(check(roster(validRoutes())))).toEqual([HARD_RULES.refusedClient]);
  });

  it('catches linked visits done by one carer or outside their gap', () => {
    const INSULIN = 'p1/insulin/2026-03-23';
    const { route, roster, check } = setup((p) => {
      p.packages[0].visits.push({
        id: 'insulin',
        days: ['mon'],
        window: { from: '08:30', to: '10:00' },
        durationMinutes: 15,
      });
      p.packages[0].links = [
        { first: 'morning', second: 'insulin', minGapMinutes: 30, maxGapMinutes: 60 },
      ];
    });
    const hoistByAnn = route('ann', [
      [MORNING, at(8)],
      [HOIST, at(9, 30)],
    ]);
    const good = roster([
      hoistByAnn,
      route('bob', [
        [INSULIN, at(8, 45)],
        [HOIST, at(9, 30)],
      ]),
    ]);
    expect(check(good)).toEqual([]);
    const tooLate = roster([
      hoistByAnn,
      route('bob', [
        [INSULIN, at(9, 5)],
        [HOIST, at(9, 30)],
      ]),
    ]);
    expect(check(tooLate)).toEqual([
      expect.objectContaining({
        rule: HARD_RULES.linkedVisits,
        message: expect.stringMatching(/starts 65 min after/),
      }),
    ]);
    const sameCarer = roster([
      route('ann', [
        [MORNING, at(8)],
        [INSULIN, at(8, 45)],
        [HOIST, at(9, 30)],
      ]),
      route('bob', [[HOIST, at(9, 30)]]),
    ]);
    expect(rulesOf(check(sameCarer))).toEqual([HARD_RULES.linkedVisits]);
  });

  it('allows lateness up to the visit’s limit, never for time-critical visits', () => {
    const late = (priority: string) =>
      setup((p) => {
        p.packages[0].visits[0].priority = priority;
        p.packages[0].visits[0].maxLatenessMinutes = 30;
      });
    const routes = (s: ReturnType<typeof setup>) => [
      s.route('ann', [
        [MORNING, at(9, 20)],
        [HOIST, at(10)],
      ]),
      s.route('bob', [[HOIST, at(10)]]),
    ];
    const normal = late('normal');
    expect(normal.check(normal.roster(routes(normal)))).toEqual([]);
    const critical = late('time-critical');
    expect(rulesOf(critical.check(critical.roster(routes(critical))))).toEqual([
      HARD_RULES.visitWindow,
    ]);
  });

  it('catches a long shift without a break', () => {
    // Ann waits about 55 minutes between her visits; Bob works 45 minutes straight.
    const relaxed = setup((p) => (p.settings = { workingTime: { breakAfterHours: 0.5 } }));
    expect(relaxed.check(relaxed.roster(relaxed.validRoutes()))).toEqual([
      expect.objectContaining({ rule: HARD_RULES.break, carerId: 'bob' }),
    ]);
    const strict = setup(
      (p) => (p.settings = { workingTime: { breakAfterHours: 0.5, breakMinutes: 90 } }),
    );
    const violations = strict.check(strict.roster(strict.validRoutes()));
    expect(rulesOf(violations)).toEqual([HARD_RULES.break]);
    expect(violations.map((v) => v.carerId).sort()).toEqual(['ann', 'bob']);
  });

  it('catches too little rest between days and too many days in a row', () => {
    const TUESDAY = 'p1/morning/2026-03-24';
    const twoDays = (workingTime: Json) =>
      setup((p) => {
        p.horizon.end = '2026-03-24';
        p.packages[0].visits[0].days = ['mon', 'tue'];
        p.settings = { workingTime };
      });
    const routes = (s: ReturnType<typeof setup>) => [
      ...s.validRoutes(),
      s.route('ann', [[TUESDAY, 1440 + at(8)]]),
    ];
    const fine = twoDays({});
    expect(fine.check(fine.roster(routes(fine)))).toEqual([]);
    const rest = twoDays({ minRestHours: 22 });
    expect(rulesOf(rest.check(rest.roster(routes(rest))))).toEqual([HARD_RULES.restBetweenDays]);
    const run = twoDays({ maxConsecutiveDays: 1 });
    expect(rulesOf(run.check(run.roster(routes(run))))).toEqual([HARD_RULES.consecutiveDays]);
  });

  it('catches a required language not spoken', () => {
    const { roster, check, validRoutes } = setup(
      (p) => (p.clients[0].language = { value: 'pl', strength: 'required' }),
    );
    expect(rulesOf(check(roster(validRoutes())))).toEqual([HARD_RULES.requiredLanguage]);
  });

  it('catches the daily and weekly hour limits', () => {
    const daily = setup((p) => (p.carers[0].contract.maxHoursPerDay = 1));
    expect(rulesOf(daily.check(daily.roster(daily.validRoutes())))).toEqual([
      HARD_RULES.maxHoursDay,
    ]);
    const weekly = setup((p) => (p.carers[1].contract = { maxHoursPerWeek: 0.5 }));
    expect(rulesOf(weekly.check(weekly.roster(weekly.validRoutes())))).toEqual([
      HARD_RULES.maxHoursWeek,
    ]);
  });

  it('catches a visit neither placed nor unplaced, placed twice, or half a double-up', () => {
    const { route, roster, check } = setup();
    const missing = check(roster([route('ann', [[MORNING, at(8)]])]));
    expect(missing).toContainEqual(
      expect.objectContaining({ rule: HARD_RULES.coverage, visitKey: HOIST }),
    );
    const half = check(
      roster([
        route('ann', [
          [MORNING, at(8)],
          [HOIST, at(9, 30)],
        ]),
      ]),
    );
    expect(half).toContainEqual(
      expect.objectContaining({
        rule: HARD_RULES.coverage,
        visitKey: HOIST,
        message: expect.stringMatching(/needs 2/),
      }),
    );
  });

  it('catches a visit both placed and unplaced, and an unplaced visit without reasons', () => {
    const { roster, check, validRoutes, unplacedEntry } = setup();
    const violations = check(roster(validRoutes(), [unplacedEntry(MORNING, [])]));
    expect(rulesOf(violations).sort()).toEqual(
      [HARD_RULES.coverage, HARD_RULES.unplacedReason].sort(),
    );
  });

  it('catches unknown carers, visits and unreadable times without throwing', () => {
    const { roster, check, validRoutes } = setup();
    const [ann, bob] = validRoutes();
    const violations = check(
      roster([
        ann!,
        { ...bob!, carerId: 'zed' },
        { ...bob!, shiftStart: 'yesterday' },
        { ...bob!, stops: [{ ...bob!.stops[0]!, visitKey: 'nope' }] },
      ]),
    );
    expect(rulesOf(violations)).toContain(HARD_RULES.reference);
    expect(violations.filter((v) => v.rule === HARD_RULES.reference)).toHaveLength(3);
  });
});

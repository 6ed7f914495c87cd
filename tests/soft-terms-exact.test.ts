/**
 * Exact amounts, one soft term at a time: a tiny problem where every weight is zero except the
 * term's own, a roster written by hand, and the cost worked out by hand in the case's comment.
 * `explainRoster` (from the roster JSON), `scoreSolution` (from the compiled form) and the
 * engine's own running cost (the same roster inserted into the compiled instance) must all give
 * exactly that amount.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { unplacedVisits } from '../src/constraints/eligibility.js';
import { explainRoster } from '../src/constraints/explain.js';
import type { SoftTermName } from '../src/constraints/soft-term-definitions.js';
import {
  SOFT_TERM_DEFINITIONS,
  SOFT_TERMS,
  UNPLACED_TERM,
} from '../src/constraints/soft-term-definitions.js';
import type { Location, TransportMode, Weights } from '../src/model/schema.js';
import { weightsSchema } from '../src/model/schema.js';
import type { ProblemInput } from '../src/model/schema.js';
import { expandProblem } from '../src/model/expand.js';
import { parseProblem } from '../src/model/validate.js';
import type { RosterRoute } from '../src/model/roster.js';
import type { TravelMatrix } from '../src/geo/travel-matrix.js';
import { compileProblem } from '../src/solver/compile.js';
import { scoreSolution } from '../src/solver/score.js';
import { toEngineSolution } from '../src/solver/engine/export.js';
import { Problem } from '../src/solver/engine/problem.js';
import { Solution } from '../src/solver/engine/solution.js';
import { checkEngineSolution, objectiveOf } from './engine-check.js';
import { buildRoute } from './support/roster-builder.js';

type Json = Record<string, unknown>;

/** Places on a line, 10 minutes (1 km) apart, so every journey can be worked out by hand. */
const MINUTES_APART = 10;
const at = (k: number): Location => ({ lat: 53.8 + k / 100, lon: -1.55 });
const placeOf = (location: Location): number => Math.round((location.lat - 53.8) * 100);

function lineTravel(locations: readonly Location[]): TravelMatrix {
  const apart = (from: number, to: number) =>
    Math.abs(placeOf(locations[from]!) - placeOf(locations[to]!));
  return {
    locations,
    minutes: (from: number, to: number, _mode: TransportMode) => apart(from, to) * MINUTES_APART,
    metres: (from: number, to: number, _mode: TransportMode) => apart(from, to) * 1000,
  };
}

const MONDAY = '2026-03-23';
const DAY = 24 * 60;
const hm = (hours: number, minutes = 0) => hours * 60 + minutes;

const carer = (id: string, k: number, extra: Json = {}): Json => ({
  id,
  home: at(k),
  availability: [{ days: ['mon', 'tue', 'wed'], from: '07:00', to: '19:00' }],
  ...extra,
});
const client = (id: string, k: number, extra: Json = {}): Json => ({
  id,
  location: at(k),
  ...extra,
});
/** A visit pattern on Monday (or `days`), window `from`-`to`, `minutes` long. */
const visit = (id: string, from: string, to: string, minutes: number, extra: Json = {}): Json => ({
  id,
  days: ['mon'],
  window: { from, to },
  durationMinutes: minutes,
  ...extra,
});
/** The package of client `clientId` is `p-<clientId>`; a visit's key is `p-<client>/<id>/<date>`. */
const key = (clientId: string, visitId: string, date = MONDAY) =>
  `p-${clientId}/${visitId}/${date}`;

/** Every weight zero but `weights`, so the one term under test is the only cost. */
function input(
  weights: Partial<Weights>,
  carers: Json[],
  clients: Json[],
  visits: Record<string, Json[]>,
  days = 1,
): ProblemInput {
  const zero = Object.fromEntries(Object.keys(weightsSchema.shape).map((name) => [name, 0]));
  const end = new Date(Date.parse(`${MONDAY}T00:00:00Z`) + (days - 1) * DAY * 60_000);
  return {
    horizon: { start: MONDAY, end: end.toISOString().slice(0, 10) },
    timeZone: 'Europe/London',
    carers,
    clients,
    packages: Object.entries(visits).map(([clientId, list]) => ({
      id: `p-${clientId}`,
      client: clientId,
      visits: list,
    })),
    settings: { weights: { ...zero, ...weights } },
  } as ProblemInput;
}

interface Case {
  readonly input: ProblemInput;
  /** Each carer's route: visit keys and start minutes (from Monday 00:00), in order. */
  readonly routes: readonly [string, readonly [string, number][]][];
  /** The amount worked out by hand. */
  readonly amount: number;
  /**
   * What the search prices, where it differs: it prices each route on its earliest schedule,
   * and the export starts some stops later to cut a wait.
   */
  readonly searchAmount?: number;
}

/** One case per soft term, and one for unplaced visits; the record type makes it exhaustive. */
const CASES: Record<SoftTermName | typeof UNPLACED_TERM, Case> = {
  // Ann lives at 0, Kim at 2: 20 minutes out, 20 back; 40 minutes at 1.5 = 60.
  [SOFT_TERMS.travel]: {
    input: input({ travelMinute: 1.5 }, [carer('ann', 0)], [client('kim', 2)], {
      kim: [visit('am', '08:00', '09:00', 30)],
    }),
    routes: [['ann', [[key('kim', 'am'), hm(8)]]]],
    amount: 60,
  },
  // Ann is free from 09:00 and 10 minutes away: she starts at 09:10, 40 minutes after the
  // window's close at 08:30 (45 are allowed); 40 at 3 = 120.
  [SOFT_TERMS.lateness]: {
    input: input(
      { latenessMinute: 3 },
      [carer('ann', 0, { availability: [{ days: ['mon'], from: '09:00', to: '12:00' }] })],
      [client('kim', 1)],
      { kim: [visit('am', '08:00', '08:30', 30, { maxLatenessMinutes: 45 })] },
    ),
    routes: [['ann', [[key('kim', 'am'), hm(9, 10)]]]],
    amount: 120,
  },
  // Ann is free from 09:00 each day. Monday: Kim (10 minutes away) at 09:10, 40 minutes after
  // 08:30; Lee (10 further) at 09:50, 20 after 09:30: the day's largest is 40. Tuesday: Kim at
  // 09:10, 10 after 09:00. Lateness itself is unpriced here: (40 + 10) at 2 = 100.
  [SOFT_TERMS.worstLateness]: {
    input: input(
      { worstLatenessMinute: 2 },
      [carer('ann', 0, { availability: [{ days: ['mon', 'tue'], from: '09:00', to: '12:00' }] })],
      [client('kim', 1), client('lee', 2)],
      {
        kim: [
          visit('am', '08:00', '08:30', 30, { maxLatenessMinutes: 60 }),
          visit('tue', '08:30', '09:00', 30, { days: ['tue'], maxLatenessMinutes: 60 }),
        ],
        lee: [visit('am', '09:00', '09:30', 30, { maxLatenessMinutes: 60 })],
      },
      2,
    ),
    routes: [
      [
        'ann',
        [
          [key('kim', 'am'), hm(9, 10)],
          [key('lee', 'am'), hm(9, 50)],
        ],
      ],
      ['ann', [[key('kim', 'tue', '2026-03-24'), DAY + hm(9, 10)]]],
    ],
    amount: 100,
  },
  // Kim's team is Ann and Bob, so two carers are allowed; Cy makes three: one extra, 60.
  [SOFT_TERMS.extraCarers]: {
    input: input(
      { extraCarer: 60 },
      [carer('ann', 0), carer('bob', 0), carer('cy', 0)],
      [client('kim', 1, { team: ['ann', 'bob'] })],
      {
        kim: [
          visit('am', '08:00', '09:00', 30),
          visit('noon', '12:00', '13:00', 30),
          visit('pm', '16:00', '17:00', 30),
        ],
      },
    ),
    routes: [
      ['ann', [[key('kim', 'am'), hm(8)]]],
      ['bob', [[key('kim', 'noon'), hm(12)]]],
      ['cy', [[key('kim', 'pm'), hm(16)]]],
    ],
    amount: 60,
  },
  // The morning visit recurs Monday to Wednesday: Ann twice, Bob once. It needs one carer at a
  // time, so Bob is one extra: 5. (The evening visit, Ann every day, costs nothing.)
  [SOFT_TERMS.timeOfDay]: {
    input: input(
      { timeOfDayExtraCarer: 5 },
      [carer('ann', 0), carer('bob', 0)],
      [client('kim', 1)],
      {
        kim: [
          visit('am', '08:00', '09:00', 30, { days: ['mon', 'tue', 'wed'] }),
          visit('pm', '17:00', '18:00', 30, { days: ['mon', 'tue', 'wed'] }),
        ],
      },
      3,
    ),
    routes: [
      [
        'ann',
        [
          [key('kim', 'am'), hm(8)],
          [key('kim', 'pm'), hm(17)],
        ],
      ],
      [
        'ann',
        [
          [key('kim', 'am', '2026-03-24'), DAY + hm(8)],
          [key('kim', 'pm', '2026-03-24'), DAY + hm(17)],
        ],
      ],
      ['ann', [[key('kim', 'pm', '2026-03-25'), 2 * DAY + hm(17)]]],
      ['bob', [[key('kim', 'am', '2026-03-25'), 2 * DAY + hm(8)]]],
    ],
    amount: 5,
  },
  // Kim's team is Ann, Bob, Cy (n = 3). Ann, first, earns 10 x 3/3 = 10; Cy, third,
  // 10 x 1/3; Dee is not in the team and earns nothing: -(10 + 10/3) = -13.33.
  [SOFT_TERMS.team]: {
    input: input(
      { teamVisit: 10 },
      [carer('ann', 0), carer('bob', 0), carer('cy', 0), carer('dee', 0)],
      [client('kim', 1, { team: ['ann', 'bob', 'cy'] })],
      {
        kim: [
          visit('am', '08:00', '09:00', 30),
          visit('noon', '12:00', '13:00', 30),
          visit('pm', '16:00', '17:00', 30),
        ],
      },
    ),
    routes: [
      ['ann', [[key('kim', 'am'), hm(8)]]],
      ['cy', [[key('kim', 'noon'), hm(12)]]],
      ['dee', [[key('kim', 'pm'), hm(16)]]],
    ],
    amount: -(10 + 10 / 3),
  },
  // Ann prefers 08:00-08:20 and gives care 08:00-08:45: 25 minutes outside at 0.2 = 5. Bob
  // stated no preferred hours, so his visit costs nothing.
  [SOFT_TERMS.preferredHours]: {
    input: input(
      { outsidePreferredHoursMinute: 0.2 },
      [
        carer('ann', 0, {
          preferences: { preferredHours: [{ days: ['mon'], from: '08:00', to: '08:20' }] },
        }),
        carer('bob', 0),
      ],
      [client('kim', 1), client('lou', 1)],
      { kim: [visit('am', '08:00', '09:00', 45)], lou: [visit('am', '08:00', '09:00', 45)] },
    ),
    routes: [
      ['ann', [[key('kim', 'am'), hm(8)]]],
      ['bob', [[key('lou', 'am'), hm(8)]]],
    ],
    amount: 5,
  },
  // Ann would travel at most 30 minutes a day; Kim is 20 away, 40 there and back: 10 over at 2.
  [SOFT_TERMS.travelPreference]: {
    input: input(
      { travelOverPreferenceMinute: 2 },
      [carer('ann', 0, { preferences: { maxTravelMinutesPerDay: 30 } })],
      [client('kim', 2)],
      { kim: [visit('am', '08:00', '09:00', 30)] },
    ),
    routes: [['ann', [[key('kim', 'am'), hm(8)]]]],
    amount: 20,
  },
  // Ann prefers the south. Kim lives north (one visit outside: 10), Lou south, Max in no area.
  [SOFT_TERMS.preferredArea]: {
    input: input(
      { outsidePreferredAreaVisit: 10 },
      [carer('ann', 0, { preferences: { preferredAreas: ['south'] } })],
      [client('kim', 1, { area: 'north' }), client('lou', 1, { area: 'south' }), client('max', 1)],
      {
        kim: [visit('am', '08:00', '09:00', 30)],
        lou: [visit('am', '09:00', '10:00', 30)],
        max: [visit('am', '10:00', '11:00', 30)],
      },
    ),
    routes: [
      [
        'ann',
        [
          [key('kim', 'am'), hm(8)],
          [key('lou', 'am'), hm(9)],
          [key('max', 'am'), hm(10)],
        ],
      ],
    ],
    amount: 10,
  },
  // Ann likes chess, as Kim does (two visits, a bonus of 2 each); Lou likes only gardening.
  [SOFT_TERMS.sharedTags]: {
    input: input(
      { sharedTagVisit: 2 },
      [carer('ann', 0, { preferences: { tags: ['chess'] } })],
      [
        client('kim', 1, { tags: ['gardening', 'chess'] }),
        client('lou', 1, { tags: ['gardening'] }),
      ],
      {
        kim: [visit('am', '08:00', '09:00', 30), visit('pm', '16:00', '17:00', 30)],
        lou: [visit('am', '10:00', '11:00', 30)],
      },
    ),
    routes: [
      [
        'ann',
        [
          [key('kim', 'am'), hm(8)],
          [key('lou', 'am'), hm(10)],
          [key('kim', 'pm'), hm(16)],
        ],
      ],
    ],
    amount: -4,
  },
  // A one-day horizon expects a seventh of the weekly contract. Ann: 14 h a week, so 120
  // minutes; she works 30 of care and 10 + 10 of travel, 50: 70 short at 6 an hour = 7. Bob:
  // 0 h; 60 of care and 20 + 20 of travel, 100 over at 2 an hour = 10/3. Cy: 7 h, 60 minutes
  // expected, no work: 60 short = 6. In all 13 + 10/3.
  [SOFT_TERMS.contractHours]: {
    input: input(
      { underContractHour: 6, overContractHour: 2 },
      [
        carer('ann', 0, { contract: { contractedHoursPerWeek: 14 } }),
        carer('bob', 0),
        carer('cy', 0, { contract: { contractedHoursPerWeek: 7 } }),
      ],
      [client('kim', 1), client('lou', 2)],
      { kim: [visit('am', '08:00', '09:00', 30)], lou: [visit('am', '08:00', '09:00', 60)] },
    ),
    routes: [
      ['ann', [[key('kim', 'am'), hm(8)]]],
      ['bob', [[key('lou', 'am'), hm(8)]]],
    ],
    amount: 13 + 10 / 3,
  },
  // Kim's visit may start until 08:10, so Ann starts it then rather than at 08:00 (10 minutes
  // less waiting later), ends at 08:40, drives 10 minutes to Lou's and waits until the 09:30
  // window: 40 idle, 15 free, 25 at 0.5 = 12.5.
  [SOFT_TERMS.unpaidGaps]: {
    input: input(
      { unpaidGapMinute: 0.5 },
      [carer('ann', 0)],
      [client('kim', 1), client('lou', 2)],
      { kim: [visit('am', '08:00', '08:10', 30)], lou: [visit('am', '09:30', '10:00', 30)] },
    ),
    routes: [
      [
        'ann',
        [
          [key('kim', 'am'), hm(8, 10)],
          [key('lou', 'am'), hm(9, 30)],
        ],
      ],
    ],
    amount: 12.5,
    // Kim at 08:00: 50 idle, 35 at 0.5.
    searchAmount: 17.5,
  },
  // Nobody works evenings. Kim's 30-minute normal visit: 100 000 x 2 x 30 = 6 000 000; Lou's
  // 20-minute time-critical one: 100 000 x 4 x 20 = 8 000 000. Every weight is zero.
  [UNPLACED_TERM]: {
    input: input({}, [carer('ann', 0)], [client('kim', 1), client('lou', 1)], {
      kim: [visit('pm', '20:00', '21:00', 30)],
      lou: [visit('pm', '20:00', '21:00', 20, { priority: 'time-critical' })],
    }),
    routes: [],
    amount: 14_000_000,
  },
};

/** The roster of `c`, its costs as explained, as scored and as the engine prices it. */
function price(c: Case) {
  const problem = parseProblem(c.input);
  const expanded = expandProblem(problem);
  const travel = lineTravel(expanded.locations);
  const routes: RosterRoute[] = c.routes.map(([carerId, stops]) =>
    buildRoute(expanded, travel, carerId, stops),
  );
  const placed = new Set(routes.flatMap((route) => route.stops.map((stop) => stop.visitKey)));
  const unplaced = unplacedVisits(expanded, travel, (visitKey) => placed.has(visitKey));
  const roster = { routes, unplaced };
  expect(checkRoster(problem, roster, { expanded, travel })).toEqual([]);
  const explained = explainRoster(problem, roster, { expanded, travel });

  const compiled = compileProblem(expanded, travel);
  const inst = compiled.instance;
  const engine = new Solution(new Problem(inst));
  const taken = new Set<number>();
  const starts: [number, number][] = [];
  for (const route of routes) {
    const r = compiled.routeShift.findIndex(
      (shift) => shift.carerId === route.carerId && shift.date === route.date,
    );
    route.stops.forEach((stop, pos) => {
      const t = compiled.taskVisit.findIndex((v, i) => v.id === stop.visitKey && !taken.has(i));
      taken.add(t);
      engine.insert(t, r, pos);
      starts.push([t, expanded.clock.fromIso(stop.start) as number]);
    });
  }
  const exported = toEngineSolution(inst, engine.snapshot());
  expect(checkEngineSolution(inst, exported)).toEqual([]);
  // The engine starts every stop when the hand-written roster does: at its earliest, or later
  // where that cuts a wait.
  for (const [t, start] of starts) expect(exported.taskStart[t]).toBe(start);
  const scored = scoreSolution(expanded, travel, compiled, exported);
  return { explained, scored, engine, exported, inst };
}

const EXACT = 9;

describe('each soft term charges exactly its worked amount', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      const { explained, scored, engine, exported, inst } = price(c);
      for (const { rule, cost } of explained.byRule) {
        expect([rule, cost]).toEqual([rule, rule === name ? expect.closeTo(c.amount, EXACT) : 0]);
      }
      expect(explained.byRule.map(({ rule }) => rule)).toContain(name);
      expect(explained.total).toBeCloseTo(c.amount, EXACT);
      for (const [rule, cost] of scored.byRule) {
        expect([rule, cost]).toEqual([rule, rule === name ? expect.closeTo(c.amount, EXACT) : 0]);
      }
      expect(scored.total).toBeCloseTo(c.amount, EXACT);
      // The engine's own form: its running cost, its export and an independent recomputation.
      expect(engine.cost).toBeCloseTo(c.searchAmount ?? c.amount, EXACT);
      expect(exported.cost).toBeCloseTo(c.amount, EXACT);
      expect(objectiveOf(inst, exported)).toBeCloseTo(c.amount, EXACT);
    });
  }
});

describe('the soft-term definitions', () => {
  it('name every weight of the settings exactly once', () => {
    const named = SOFT_TERM_DEFINITIONS.flatMap((definition) => definition.weights);
    expect([...named].sort()).toEqual(Object.keys(weightsSchema.shape).sort());
  });

  it('have distinct names, the ones every breakdown uses', () => {
    const names = SOFT_TERM_DEFINITIONS.map((definition) => definition.name);
    expect(names).toEqual(Object.values(SOFT_TERMS));
    expect(new Set([...names, UNPLACED_TERM]).size).toBe(names.length + 1);
  });

  it('are the terms, weights and defaults of the README’s table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.split('## What the roster weighs')[1]?.split('\n## ')[0] ?? '';
    const rows = [...section.matchAll(/^\| `([a-z-]+)` \| (.*?) \|/gm)].map(([, name, cell]) => ({
      name,
      weights: [...(cell ?? '').matchAll(/`(\w+)` \(([\d.]+)\)/g)].map(([, field, value]) => [
        field,
        Number(value),
      ]),
    }));
    const defaults = weightsSchema.parse({}) as Record<string, number>;
    expect(rows).toEqual(
      SOFT_TERM_DEFINITIONS.map((definition) => ({
        name: definition.name,
        weights: definition.weights.map((field) => [field, defaults[field]]),
      })),
    );
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { NOT_REACHED_RULE } from '../src/constraints/eligibility.js';
import { generateCouncil } from '../src/generate/council.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import type { TravelMatrix } from '../src/geo/travel-matrix.js';
import { expandedCarer, expandProblem } from '../src/model/expand.js';
import type { Location, TransportMode } from '../src/model/schema.js';
import { TRANSPORT_MODES } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { CompileStopped, compileProblem } from '../src/solver/compile.js';
import { solveExpanded } from '../src/solver/solve.js';
import { prng } from './support/geo-fixtures.js';
import { personalExclusion, shiftCanHost } from '../src/constraints/eligibility.js';
import { ASSIGNMENT_TERMS } from '../src/constraints/soft-term-definitions.js';
import {
  allowedEverywhere,
  allowedRow,
  forbid,
  hasAllowedRoute,
  isAllowed,
  onlyRoute,
} from '../src/solver/engine/allowed-table.js';
import { allowedPairs } from '../src/solver/engine/allowed-pairs.js';
import { violations } from '../src/solver/engine/export.js';
import { solveEngine } from '../src/solver/engine/index.js';
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { Problem } from '../src/solver/engine/problem.js';
import { DenseTravel } from '../src/solver/engine/travel-table.js';
import { TABULATE_PLACES } from '../src/solver/compile-travel.js';

/** The same figures without the bulk form, so the compiler asks pair by pair. */
function pairByPair(travel: TravelMatrix): TravelMatrix {
  return {
    locations: travel.locations,
    minutes: (from, to, mode) => travel.minutes(from, to, mode),
    metres: (from, to, mode) => travel.metres(from, to, mode),
    ...(travel.source === undefined ? {} : { source: travel.source }),
  };
}

/** `count` places scattered over a county, so that distances run from metres to tens of km. */
function places(count: number): Location[] {
  const random = prng(17);
  return Array.from({ length: count }, () => ({
    lat: 53.5 + random() * 0.6,
    lon: -1.9 + random() * 0.9,
  }));
}

/** A generated council compiled whole, on the straight-line estimate, with what it came from. */
function compiledCouncil(seed: number, clients: number, days: number) {
  const problem = parseProblem(generateCouncil({ seed, clients, days }));
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const compiled = compileProblem(expanded, travel);
  return { problem, expanded, travel, compiled, inst: compiled.instance };
}

/**
 * Every `step`-th task of a compile against every shift, by the eligibility rules read pair by
 * pair (`personalExclusion` and `shiftCanHost` on the provider's figures): the pairs the
 * compiled table gets wrong, and how many pairs are allowed.
 */
function againstEligibility(
  expanded: ReturnType<typeof expandProblem>,
  travel: TravelMatrix,
  compiled: ReturnType<typeof compileProblem>,
  step: number,
): { wrong: string[]; allowedPairs: number } {
  const wrong: string[] = [];
  let allowedPairs = 0;
  for (let t = 0; t < compiled.instance.nTasks; t += step) {
    const visit = compiled.taskVisit[t]!;
    const role = visit.roles?.[compiled.taskRole[t]!];
    compiled.routeShift.forEach((shift, r) => {
      const carer = expanded.carers.get(shift.carerId)!;
      const expected =
        shift.date === visit.date &&
        personalExclusion(expanded, carer, visit, role) === undefined &&
        shiftCanHost(expanded, travel, shift, visit, role?.duration ?? visit.duration);
      if (expected) allowedPairs++;
      if (isAllowed(compiled.instance, t, r) !== expected) wrong.push(`task ${t}, route ${r}`);
    });
  }
  return { wrong, allowedPairs };
}

const settings = parseProblem(generateCouncil({ seed: 2, clients: 4, days: 1 })).settings.travel;

describe('the straight-line estimate tabulated a row at a time', () => {
  // Below and above the size at which the estimate stops keeping a dense table of its own.
  for (const count of [40, 1_600]) {
    it(`gives exactly the pair-by-pair minutes over ${count} places`, () => {
      const travel = straightLineTravelMatrix(places(count), settings);
      const modes: TransportMode[] = [...TRANSPORT_MODES];
      const targets = Array.from({ length: count }, (_, index) => index);
      for (const from of [0, 1, count >> 1, count - 1]) {
        const out = modes.map(() => new Float64Array(count + 3));
        travel.minutesRow?.(from, targets, modes, out, 3);
        modes.forEach((mode, m) => {
          const expected = targets.map((to) => travel.minutes(from, to, mode));
          expect(Array.from(out[m]!.subarray(3))).toEqual(expected);
        });
      }
    });
  }
});

describe('compiling a problem', () => {
  const problem = parseProblem(generateCouncil({ seed: 6, clients: 30, days: 2 }));
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('builds the same instance from a row-at-a-time provider as from one asked pair by pair', () => {
    expect(travel.minutesRow).toBeDefined();
    const rows = compileProblem(expanded, travel);
    const pairs = compileProblem(expanded, pairByPair(travel));
    expect(rows.instance).toEqual(pairs.instance);
  });

  /**
   * A clock that moves one millisecond each time it is read, from 0: a deadline of `n` then falls
   * at the compiler's n-th look, whatever the machine's speed.
   */
  function steppingClock(): { readonly reads: () => number } {
    let now = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => now++);
    return { reads: () => now };
  }

  it('stops at its deadline, at its first look, half-way or at its last', () => {
    const clock = steppingClock();
    compileProblem(expanded, travel, {}, Number.MAX_SAFE_INTEGER);
    const looks = clock.reads();
    // Enough looks that stopping half-way is inside the work, not at its first look.
    expect(looks).toBeGreaterThan(4);
    for (const at of [1, looks >> 1, looks - 1]) {
      steppingClock();
      expect(() => compileProblem(expanded, travel, {}, at)).toThrow(CompileStopped);
    }
  });

  it('stopped during compiling, the solve lists every visit unplaced as not reached', () => {
    const clock = steppingClock();
    compileProblem(expanded, travel, {}, Number.MAX_SAFE_INTEGER);
    const looks = clock.reads();
    steppingClock();
    // A limit whose search deadline (the limit less the time kept back for the answer: 5 %,
    // or 0.005 ms a visit when that is more) falls half-way through the compiler's looks.
    const deadline = 1 + looks / 2;
    const perVisit = expanded.visits.length * 0.005;
    const timeLimitMs =
      (deadline + perVisit) * 0.05 <= perVisit ? deadline + perVisit : deadline / 0.95;
    const roster = solveExpanded(expanded, travel, { seed: 1, timeLimitMs }, 0);
    expect(roster.stats?.stoppedBy).toBe('time-limit');
    expect(roster.routes).toEqual([]);
    expect(roster.unplaced.map((visit) => visit.visitKey).sort()).toEqual(
      expanded.visits.map((visit) => visit.id).sort(),
    );
    for (const visit of roster.unplaced) {
      expect(visit.reasons.map((reason) => reason.rule)).toEqual([NOT_REACHED_RULE]);
    }
    vi.restoreAllMocks();
    expect(checkRoster(problem, roster)).toEqual([]);
  });
});

/** `inst` with its allowed pairs laid out densely (a bit per route in every task's row). */
function denseAllowed(inst: EngineInstance): EngineInstance {
  const words = Math.max(1, Math.ceil(inst.nRoutes / 32));
  const allowed = new Uint32Array(inst.nTasks * words);
  for (let t = 0; t < inst.nTasks; t++) {
    for (let r = 0; r < inst.nRoutes; r++) {
      if (isAllowed(inst, t, r)) allowed[t * words + (r >>> 5)]! |= 1 << (r & 31);
    }
  }
  return { ...inst, allowed, routeWords: words, allowedGroups: null };
}

/** `inst` with a row of assignment costs of its own for every task. */
function ownAssignmentRows(inst: EngineInstance): EngineInstance {
  const shared = inst.assignmentCost;
  if (shared === null) return inst;
  const costs = new Float64Array(inst.nTasks * inst.nWorkers);
  for (let t = 0; t < inst.nTasks; t++) {
    const row = inst.taskAssignmentRow ? inst.taskAssignmentRow[t]! : t;
    costs.set(shared.subarray(row * inst.nWorkers, (row + 1) * inst.nWorkers), t * inst.nWorkers);
  }
  return { ...inst, assignmentCost: costs, taskAssignmentRow: null };
}

describe('the compact tables of a compiled week', () => {
  // Several dates, and carers' shifts numbered carer by carer: the shifts of one date are not
  // consecutive routes, so a task's bit for a shift is not the route's index.
  const { problem, expanded, travel, compiled, inst } = compiledCouncil(8, 36, 3);

  it('lets a task take exactly the shifts of its own date that can host it', () => {
    expect(inst.allowedGroups).toBeTruthy();
    const dates = compiled.routeShift.map((shift) => shift.date);
    expect(dates.some((date, r) => r > 0 && date < dates[r - 1]!)).toBe(true);
    const { wrong, allowedPairs } = againstEligibility(expanded, travel, compiled, 1);
    expect(wrong).toEqual([]);
    // Both answers occur, among the shifts of a task's date as well as the others.
    expect(allowedPairs).toBeGreaterThan(inst.nTasks);
    expect(allowedPairs).toBeLessThan((inst.nTasks * inst.nRoutes) / 3);
  });

  it('keeps a row per task only as long as its date has shifts', () => {
    const groups = inst.allowedGroups!;
    const perDate = new Map<string, number>();
    for (const shift of compiled.routeShift) {
      perDate.set(shift.date, (perDate.get(shift.date) ?? 0) + 1);
    }
    compiled.taskVisit.forEach((visit, t) => {
      const [from, to] = allowedRow(inst, t);
      expect(to - from).toBe(Math.ceil((perDate.get(visit.date) ?? 0) / 32));
      expect(groups.taskRowStart[t]).toBe(from);
    });
    expect(inst.allowed.length).toBeLessThan(inst.nTasks * inst.routeWords);
  });

  it('prices the shared assignment rows as each task and carer alone', () => {
    const weights = problem.settings.weights;
    const rows = inst.taskAssignmentRow!;
    expect(inst.assignmentCost).not.toBeNull();
    expect(new Set(rows).size).toBeLessThan(
      new Set(compiled.taskVisit.map((v) => v.clientId)).size + 1,
    );
    let nonZero = 0;
    compiled.taskVisit.forEach((visit, t) => {
      const client = expanded.clients.get(visit.clientId)!;
      compiled.workerCarer.forEach((carerId, w) => {
        const carer = expanded.carers.get(carerId)!;
        let expected = 0;
        for (const definition of ASSIGNMENT_TERMS)
          expected += definition.cost(weights, client, carer);
        if (expected !== 0) nonZero++;
        const got = inst.assignmentCost![rows[t]! * inst.nWorkers + w]!;
        if (got !== expected) expect(`task ${t}, worker ${w}: ${got}`).toBe(`${expected}`);
      });
    });
    expect(nonZero).toBeGreaterThan(0);
  });

  it('gives the same answers as the dense tables to every reader', () => {
    const dense = ownAssignmentRows(denseAllowed(inst));
    const p = new Problem(inst);
    const q = new Problem(dense);
    for (let t = 0; t < inst.nTasks; t++) {
      expect(hasAllowedRoute(inst, t)).toBe(hasAllowedRoute(dense, t));
      for (let r = 0; r < inst.nRoutes; r++) {
        if (p.allowed(t, r) !== q.allowed(t, r)) expect(`allowed ${t} ${r}`).toBe('same');
        if (p.assignment(t, r) !== q.assignment(t, r)) expect(`asg ${t} ${r}`).toBe('same');
      }
    }
    expect(Array.from(p.corePlaceable)).toEqual(Array.from(q.corePlaceable));
    const units = Array.from({ length: inst.nTasks }, (_, t) => t).filter((t) => t % 3 !== 1);
    expect(allowedPairs(p, units)).toEqual(allowedPairs(q, units));
    expect(allowedEverywhere(inst)).toBe(false);
  });

  it('solves to the same roster as with the dense tables', () => {
    const options = { seed: 3, maxIterations: 150 };
    const compact = solveEngine(inst, options);
    const dense = solveEngine(ownAssignmentRows(denseAllowed(inst)), options);
    expect(compact.routes).toEqual(dense.routes);
    expect(compact.cost).toBe(dense.cost);
    expect(violations(inst, compact)).toEqual([]);
  });

  it('edits a copy of the grouped table as the dense one', () => {
    const dense = denseAllowed(inst);
    const random = prng(5);
    const grouped = Uint32Array.from(inst.allowed);
    const flat = Uint32Array.from(dense.allowed);
    for (let k = 0; k < 200; k++) {
      const t = Math.floor(random() * inst.nTasks);
      const r = Math.floor(random() * inst.nRoutes);
      if (k % 3 === 0) {
        forbid(grouped, inst, t, r);
        forbid(flat, dense, t, r);
      } else {
        onlyRoute(grouped, inst, t, r, 'kept');
        onlyRoute(flat, dense, t, r, 'kept');
      }
    }
    const after = { ...inst, allowed: grouped };
    const afterDense = { ...dense, allowed: flat };
    for (let t = 0; t < inst.nTasks; t++) {
      for (let r = 0; r < inst.nRoutes; r++) {
        if (isAllowed(after, t, r) !== isAllowed(afterDense, t, r)) {
          expect(`task ${t}, route ${r}`).toBe('the same');
        }
      }
    }
  });
});

describe('a problem with too many places for a travel table', () => {
  // 2,300 clients and their carers: more places than TABULATE_PLACES, so the engine reads each
  // figure from the provider instead of a table.
  const { problem, expanded, travel, compiled, inst } = compiledCouncil(3, 2_300, 1);

  it('is read from the provider, with the provider’s figures', () => {
    expect(inst.nLocations).toBeGreaterThan(TABULATE_PLACES);
    expect(inst.travelTime[0]).not.toBeInstanceOf(DenseTravel);
    const wrong: string[] = [];
    const random = prng(5);
    for (let k = 0; k < 20_000; k++) {
      const t = Math.floor(random() * inst.nTasks);
      const r = Math.floor(random() * inst.nRoutes);
      const visit = compiled.taskVisit[t]!;
      const carer = expandedCarer(expanded, compiled.routeShift[r]!.carerId);
      const there = inst.travelTime[inst.routeProfile[r]!]!.at(
        inst.routeStartLocation[r]!,
        inst.taskLocation[t]!,
      );
      if (there !== travel.minutes(carer.startPlace, visit.location, carer.transport)) {
        wrong.push(`${t} ${r}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets a task take exactly the shifts that can host it', () => {
    // Every seventh task against every shift: a million pairs.
    const { wrong, allowedPairs } = againstEligibility(expanded, travel, compiled, 7);
    expect(wrong).toEqual([]);
    expect(allowedPairs).toBeGreaterThan(inst.nTasks / 7);
  });

  it('solves to a roster the checker accepts', () => {
    const roster = solveExpanded(expanded, travel, { seed: 2, maxIterations: 20 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(roster.kpis.visitsPlaced + roster.unplaced.length).toBe(roster.kpis.visits);
    expect(roster.kpis.visitsPlaced).toBeGreaterThan(roster.kpis.visits / 2);
  });
});

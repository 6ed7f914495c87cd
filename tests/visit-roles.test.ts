/**
 * Double-ups with two roles: what each carer must hold and how long each stays, through the
 * model, the checker, the solver, the explanations, CSV import and the generator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { explainRoster } from '../src/constraints/explain.js';
import { generateCouncil } from '../src/generate/council.js';
import { importCsv } from '../src/io/csv-import.js';
import { issueLocation } from '../src/io/csv-table.js';
import type { Roster, RosterStop } from '../src/model/roster.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem, validateProblem } from '../src/model/validate.js';
import { rosterCsvFiles } from '../src/report/exports/csv.js';
import { replan } from '../src/solver/replan/replan.js';
import { solve } from '../src/solver/solve.js';

const NURSE = 'nurse-delegated';
const LIFT = 'moving-and-handling';

/**
 * Three carers for one 60-minute double-up at 09:00: the nurse role (30 min) needs
 * nurse-delegated, which only nina holds; the lifting role (the whole hour) needs
 * moving-and-handling, which nina and max hold; sam holds neither. The one assignment that
 * works is nina as the nurse and max lifting.
 */
function twoRoleProblem(): ProblemInput {
  const carer = (id: string, names: string[], lon: number) => ({
    id,
    home: { lat: 53.8, lon },
    qualifications: names.map((name) => ({ name })),
    availability: [{ days: ['mon' as const], from: '07:00', to: '13:00' }],
  });
  return {
    horizon: { start: '2026-03-23', end: '2026-03-23' },
    carers: [
      carer('sam', [], -1.55),
      carer('max', [LIFT], -1.56),
      carer('nina', [NURSE, LIFT], -1.57),
    ],
    clients: [{ id: 'cara', location: { lat: 53.805, lon: -1.56 } }],
    packages: [
      {
        id: 'p1',
        client: 'cara',
        visits: [
          {
            id: 'morning',
            days: ['mon'],
            window: { from: '09:00', to: '09:00' },
            durationMinutes: 60,
            carersNeeded: 2,
            roles: [{ qualifications: [NURSE], durationMinutes: 30 }, { qualifications: [LIFT] }],
          },
        ],
      },
    ],
  };
}

const stopsOf = (roster: Pick<Roster, 'routes'>) =>
  roster.routes.flatMap((route) => route.stops.map((stop) => ({ carerId: route.carerId, stop })));

/** The roster with each stop of the double-up changed by `change`. */
function edited(roster: Roster, change: (stop: RosterStop, carerId: string) => RosterStop): Roster {
  return {
    ...roster,
    routes: roster.routes.map((route) => ({
      ...route,
      stops: route.stops.map((stop) => change(stop, route.carerId)),
    })),
  };
}

describe('a double-up with two roles', () => {
  const problem = parseProblem(twoRoleProblem());
  const roster = solve(problem, { seed: 1, maxIterations: 50 });

  it('is rostered with the one assignment that works, each carer for their role’s length', () => {
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(roster.unplaced).toEqual([]);
    const placed = stopsOf(roster).map(({ carerId, stop }) => [
      carerId,
      stop.role,
      stop.start,
      stop.end,
    ]);
    expect(placed.sort()).toEqual([
      ['max', 1, '2026-03-23T09:00:00+00:00', '2026-03-23T10:00:00+00:00'],
      ['nina', 0, '2026-03-23T09:00:00+00:00', '2026-03-23T09:30:00+00:00'],
    ]);
    expect(roster.kpis.careMinutes).toBe(90);
  });

  it('exports each carer’s own stay in stops.csv', () => {
    const stops = rosterCsvFiles(problem, roster).find((file) => file.fileName === 'stops.csv')!;
    const [header, ...rows] = stops.content
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(','));
    const column = (name: string) => header!.indexOf(name);
    const stays = rows.map((row) => [row[column('carerId')], row[column('durationMinutes')]]);
    expect(stays.sort()).toEqual([
      ['max', '60'],
      ['nina', '30'],
    ]);
  });

  it('is rejected by the checker with the roles swapped', () => {
    // Each carer claims the other's role, and stays the other's length.
    const swapped = edited(roster, (stop) => ({
      ...stop,
      role: 1 - stop.role!,
      end: stop.role === 0 ? '2026-03-23T10:00:00+00:00' : '2026-03-23T09:30:00+00:00',
    }));
    const violations = checkRoster(problem, swapped);
    expect(violations).toContainEqual({
      rule: 'visit-roles',
      visitKey: 'p1/morning/2026-03-23',
      carerId: undefined,
      message:
        "max and nina cannot be matched one to one to the visit's roles " +
        `(role 0: ${NURSE}, 30 min; role 1: ${LIFT}, 60 min)`,
    });
    expect(violations).toContainEqual({
      rule: 'qualification',
      carerId: 'max',
      visitKey: 'p1/morning/2026-03-23',
      message: `carer does not hold "${NURSE}" (as ${NURSE}, 30 min)`,
    });
    // Only the claims swapped: the stays still say who does what.
    const relabelled = edited(roster, (stop) => ({ ...stop, role: 1 - stop.role! }));
    expect(checkRoster(problem, relabelled)).toContainEqual(
      expect.objectContaining({
        rule: 'visit-roles',
        message: expect.stringContaining('the other way round they would') as string,
      }),
    );
  });

  it('is rejected when both carers claim one role, or a stop stays the wrong length', () => {
    const same = edited(roster, (stop) => ({ ...stop, role: 0 }));
    expect(checkRoster(problem, same).map((v) => v.rule)).toContain('visit-roles');
    const long = edited(roster, (stop, carerId) =>
      carerId === 'nina' ? { ...stop, end: '2026-03-23T10:00:00+00:00' } : stop,
    );
    expect(checkRoster(problem, long)).toContainEqual(
      expect.objectContaining({
        rule: 'visit-window',
        carerId: 'nina',
        message: `lasts 60 min but its role (${NURSE}, 30 min) is 30 min`,
      }),
    );
  });

  it('is matched by the checker when the roster does not say the roles', () => {
    const unstated = edited(roster, ({ role: _role, ...stop }) => stop);
    expect(checkRoster(problem, unstated)).toEqual([]);
    // And the same explanation: each carer's stay is read from the stop's own times.
    expect(explainRoster(problem, unstated).total).toBeCloseTo(
      explainRoster(problem, roster).total,
      9,
    );
  });

  it('is unplaced, naming the role nobody can fill, when the only nurse is away', () => {
    const input = twoRoleProblem();
    input.carers[2]!.exceptions = [{ type: 'unavailable', from: '2026-03-23', to: '2026-03-23' }];
    const away = parseProblem(input);
    const result = solve(away, { seed: 1, maxIterations: 50 });
    expect(checkRoster(away, result)).toEqual([]);
    expect(result.unplaced.map((u) => u.visitKey)).toEqual(['p1/morning/2026-03-23']);
    expect(result.unplaced[0]!.reasons.map((r) => r.message)).toContain(
      `visit-roles: no carer with ${NURSE} free at 09:00 for 30 min (role 0 of the visit)`,
    );
  });

  it('is unplaced when one carer could fill either role but nobody else could', () => {
    const input = twoRoleProblem();
    input.carers[1]!.qualifications = [];
    const alone = parseProblem(input);
    const result = solve(alone, { seed: 1, maxIterations: 50 });
    expect(checkRoster(alone, result)).toEqual([]);
    expect(result.unplaced[0]!.reasons.map((r) => r.message)).toContain(
      'visit-roles: only nina could fill its roles, and each of its 2 roles needs a different carer',
    );
  });
});

describe('replanning a double-up with two roles', () => {
  it('keeps each carer in their role when their day reopens', () => {
    const input = twoRoleProblem();
    const problem = parseProblem(input);
    const previous = solve(problem, { seed: 1, maxIterations: 50 });
    // Nina is called away after the visit: her day, and max's through the double-up, reopen.
    const changes = {
      changes: [
        {
          type: 'carer-unavailable' as const,
          carerId: 'nina',
          from: '2026-03-23T11:00',
          to: '2026-03-23T23:00',
        },
      ],
    };
    const unchanged = replan(input, previous, changes, { seed: 1, maxIterations: 50 });
    expect(checkRoster(unchanged.problem, unchanged.roster)).toEqual([]);
    expect(unchanged.roster.routes).toEqual(previous.routes);
    expect(unchanged.notes).toEqual([]);
  });
});

describe('roles in bad input', () => {
  const issues = (change: (input: ProblemInput) => void) => {
    const input = twoRoleProblem();
    change(input);
    const result = validateProblem(input);
    return result.ok ? [] : result.issues;
  };
  const visit = (input: ProblemInput) => input.packages[0]!.visits![0]!;

  it('says when there are not as many roles as carers', () => {
    expect(issues((input) => void (visit(input).carersNeeded = 1))).toEqual([
      {
        path: '$.packages[0].visits[0].roles',
        message:
          'gives 2 role(s) but the visit needs 1 carer(s) (carersNeeded); give one role per carer',
      },
    ]);
  });

  it('names a qualification no carer holds, with those they do', () => {
    expect(
      issues((input) => void (visit(input).roles![0]!.qualifications = ['nurse-delgated'])),
    ).toEqual([
      {
        path: '$.packages[0].visits[0].roles[0].qualifications[0]',
        message: `unknown qualification "nurse-delgated": no carer in $.carers holds it (carers hold: ${LIFT}, ${NURSE})`,
      },
    ]);
  });

  it('refuses a role longer than the visit, or an override changing the carers', () => {
    expect(
      issues((input) => {
        visit(input).roles![0]!.durationMinutes = 90;
        visit(input).overrides = [{ from: '2026-03-23', carersNeeded: 1 }];
      }).map((issue) => issue.path),
    ).toEqual([
      '$.packages[0].visits[0].overrides[0].carersNeeded',
      '$.packages[0].visits[0].roles[0].durationMinutes',
    ]);
  });

  it('keeps problems without roles valid, and stops without a role field', () => {
    const input = twoRoleProblem();
    delete visit(input).roles;
    const problem = parseProblem(input);
    const roster = solve(problem, { seed: 1, maxIterations: 20 });
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(stopsOf(roster).every(({ stop }) => !('role' in stop))).toBe(true);
  });
});

describe('roles in CSV', () => {
  const carers = `id,lat,lon,availability,qualifications\nnina,53.8,-1.57,mon 07:00-13:00,${NURSE}; ${LIFT}\nmax,53.8,-1.56,mon 07:00-13:00,${LIFT}\n`;
  const clients = 'id,lat,lon\ncara,53.805,-1.56\n';
  const packages = (roles: string) =>
    `package,client,visit,days,window,duration,carers,roles\np1,cara,morning,mon,09:00-09:00,60,2,${roles}\n`;
  const options = { horizon: { start: '2026-03-23', end: '2026-03-23' } };

  it('reads a roles column', () => {
    const result = importCsv(
      { carers, clients, packages: packages(`${NURSE}:30 | ${LIFT}`) },
      options,
    );
    expect(result.ok && result.problem.packages[0]!.visits![0]!.roles).toEqual([
      { qualifications: [NURSE], durationMinutes: 30 },
      { qualifications: [LIFT] },
    ]);
  });

  it('gives the file, line and column of a bad roles cell or a role the problem refuses', () => {
    const where = (roles: string) => {
      const result = importCsv({ carers, clients, packages: packages(roles) }, options);
      return result.ok
        ? []
        : result.issues.map((issue) => `${issueLocation(issue)}: ${issue.message}`);
    };
    expect(where(`${NURSE}:half | ${LIFT}`)).toEqual([
      expect.stringMatching(
        /^packages\.csv:2:8: roles: role 1 "nurse-delegated:half": "half" is not whole minutes/,
      ),
    ]);
    expect(where(`${NURSE}:30 | hoist`)).toEqual([
      expect.stringMatching(/^packages\.csv:2:8: unknown qualification "hoist"/),
    ]);
  });
});

describe('solve on generated councils with two-role double-ups', () => {
  it('passes the checker, and its score equals the explanation, rule by rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 1000 }),
        (council, seed) => {
          const input = generateCouncil({
            seed: council,
            clients: 10,
            days: 1,
            doubleUpShare: 0.4,
            twoRoleShare: 1,
          });
          const problem = parseProblem(input);
          const roster = solve(problem, { seed, maxIterations: 60 });
          expect(checkRoster(problem, roster)).toEqual([]);
          const roleStops = stopsOf(roster).filter(({ stop }) => stop.role !== undefined);
          expect(roleStops.length).toBeGreaterThan(0);
          const explanation = explainRoster(problem, roster);
          expect(roster.stats?.cost).toBeCloseTo(explanation.total, 6);
          for (const { rule, cost } of explanation.byRule) {
            expect(roster.stats?.costByRule[rule] ?? 0).toBeCloseTo(cost, 6);
          }
        },
      ),
      { numRuns: 4 },
    );
  });

  it('leaves problems generated without the option as they were', () => {
    const plain = generateCouncil({ seed: 3, clients: 10, days: 1 });
    expect(generateCouncil({ seed: 3, clients: 10, days: 1, twoRoleShare: 0 })).toEqual(plain);
    const withRoles = generateCouncil({ seed: 3, clients: 10, days: 1, twoRoleShare: 1 });
    const strip = (input: ProblemInput) =>
      input.packages.map((p) => p.visits!.map(({ roles: _roles, ...rest }) => rest));
    expect(strip(withRoles)).toEqual(strip(plain));
  });
});

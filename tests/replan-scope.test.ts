import { describe, expect, it } from 'vitest';
import { sickBusiestCarer } from './support/sick-busiest-carer.js';
import { checkRoster } from '../src/constraints/check-roster.js';
import { NOT_REACHED_RULE } from '../src/constraints/eligibility.js';
import { expandProblem } from '../src/model/expand.js';
import type { Roster } from '../src/model/roster.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { parseChanges } from '../src/solver/replan/apply-changes.js';
import { prepareReplan, replan } from '../src/solver/replan/replan.js';
import { replanScope } from '../src/solver/replan/scope.js';

// Eighty clients: with sixty, the sick carer's scope reopens nearly every route once shifts may
// run past the break threshold (longer rounds, more double-ups across them).
const { problem, previous, busiest, sick } = sickBusiestCarer({ seed: 3, clients: 80 });

const withoutTiming = (roster: Roster) => ({ ...roster, stats: { ...roster.stats, elapsedMs: 0 } });

describe('a replan repairs only the scope the change opens', () => {
  it("keeps every route outside the scope as it was and re-places the sick carer's visits", () => {
    const prepared = prepareReplan(problem, previous, parseChanges(sick, problem, previous));
    expect(prepared.scope.whole).toBe(false);
    expect(prepared.scope.open.map((route) => route.carerId)).toContain(busiest.carerId);
    expect(prepared.scope.kept.length).toBeGreaterThan(0);
    expect(prepared.scope.open.length + prepared.scope.kept.length).toBe(previous.routes.length);

    const result = replan(problem, previous, sick, { maxIterations: 200 });
    const { roster } = result;
    expect(checkRoster(result.problem, roster)).toEqual([]);
    for (const route of prepared.scope.kept) expect(roster.routes).toContainEqual(route);
    expect(roster.routes.some((route) => route.carerId === busiest.carerId)).toBe(false);
    // Fewer visits are lost than the sick carer gave up: the repair places most of the round,
    // and drops another carer's visit (which costs more than any move) only to place more of it.
    const unplacedBefore = new Set(previous.unplaced.map((entry) => entry.visitKey));
    const lost = roster.unplaced.filter((entry) => !unplacedBefore.has(entry.visitKey));
    // The change covers the carer's whole day, so every route of theirs that day (a split
    // shift has two) gives up its visits.
    const sickVisits = new Set(
      previous.routes
        .filter((route) => route.carerId === busiest.carerId && route.date === busiest.date)
        .flatMap((route) => route.stops.map((stop) => stop.visitKey)),
    );
    expect(lost.length).toBeLessThan(sickVisits.size / 2);
  });

  it('holds a double-up or link that crosses the edge at the kept end, whoever falls ill', () => {
    let crossing = 0;
    for (const route of previous.routes.slice(0, 8)) {
      const at = `${route.date}T07:00`;
      const changes = {
        now: at,
        changes: [
          {
            type: 'carer-unavailable' as const,
            carerId: route.carerId,
            from: at,
            to: `${route.date}T23:59`,
          },
        ],
      };
      const prepared = prepareReplan(problem, previous, parseChanges(changes, problem, previous));
      const { expanded, travel, rejected } = prepared;
      const minutes = expanded.clock.localDateTimeToMinutes(at, 'start');
      const closed = replanScope(expanded, travel, previous, prepared.changes, rejected, minutes);
      // No days opened through links: every link to a kept day is held at the edge.
      const edged = replanScope(expanded, travel, previous, prepared.changes, rejected, minutes, 0);
      expect(edged.open.length).toBeLessThanOrEqual(closed.open.length);
      crossing += edged.edgeWindows.size;
      // Each window holds the previous start of its visit's stops inside the scope.
      for (const open of edged.open) {
        for (const stop of open.stops) {
          const window = edged.edgeWindows.get(stop.visitKey);
          if (!window) continue;
          const start = expanded.clock.fromIso(stop.start)!;
          expect(start).toBeGreaterThanOrEqual(window[0] - 1e-6);
          expect(start).toBeLessThanOrEqual(window[1] + 1e-6);
        }
      }
      const result = replan(problem, previous, changes, { maxIterations: 50 });
      expect(checkRoster(result.problem, result.roster)).toEqual([]);
    }
    expect(crossing).toBeGreaterThan(0);
  });

  it('gives the same roster for the same inputs, seed and iteration budget', () => {
    const a = replan(problem, previous, sick, { maxIterations: 200, seed: 5 });
    const b = replan(problem, previous, sick, { maxIterations: 200, seed: 5 });
    expect(withoutTiming(b.roster)).toEqual(withoutTiming(a.roster));
  });
});

describe('a replan stopped before it places anything', () => {
  it('lists the visits it never tried as not reached, not as impossible', () => {
    const controller = new AbortController();
    controller.abort();
    const result = replan(problem, previous, sick, { signal: controller.signal });
    expect(checkRoster(result.problem, result.roster)).toEqual([]);
    const before = new Set(previous.unplaced.map((entry) => entry.visitKey));
    const displaced = result.roster.unplaced.filter((entry) => !before.has(entry.visitKey));
    expect(displaced.length).toBeGreaterThan(0);
    for (const entry of displaced) {
      expect(entry.reasons.map((reason) => reason.rule)).toEqual([NOT_REACHED_RULE]);
    }
    expect(result.roster.stats?.stoppedBy).toBe('aborted');
  });
});

describe('the straight-line estimate on demand', () => {
  it('gives the same figures as the table', () => {
    const { locations } = expandProblem(problem);
    const table = straightLineTravelMatrix(locations, problem.settings.travel);
    const lazy = straightLineTravelMatrix(locations, problem.settings.travel, { onDemand: true });
    for (let from = 0; from < locations.length; from += 3) {
      for (let to = 0; to < locations.length; to += 2) {
        expect(lazy.minutes(from, to, 'car')).toBe(table.minutes(from, to, 'car'));
        expect(lazy.minutes(to, from, 'walk')).toBe(table.minutes(to, from, 'walk'));
        expect(lazy.metres(from, to, 'car')).toBe(table.metres(from, to, 'car'));
      }
    }
  });
});

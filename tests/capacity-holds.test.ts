import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import type { Roster } from '../src/model/roster.js';
import { parseProblem } from '../src/model/validate.js';
import { findCapacity } from '../src/solver/capacity/find-capacity.js';
import { replan } from '../src/solver/replan/replan.js';
import { solve } from '../src/solver/solve.js';
import { fourCallsADay } from '../src/generate/discharge-package.js';

/** Who does each of the package's visits, and when. */
const placementOf = (roster: Roster, packageId: string) =>
  roster.routes
    .flatMap((route) =>
      route.stops
        .filter((stop) => stop.packageId === packageId)
        .map((stop) => `${stop.visitKey} ${route.carerId} ${stop.start}`),
    )
    .sort();

describe('a capacity answer holds when applied with replan', () => {
  // Two days, so that rest between days and weekly limits meet the new visits too; council 27
  // of 30 clients fits only from the second day, of 16 clients not at all.
  it.each([
    [11, 30],
    [27, 30],
    [27, 16],
  ])(
    'generated council %i of %i clients: the answer is clean, and replan places it as it said',
    (seed, clients) => {
      const problem = parseProblem(generateCouncil({ seed, clients, days: 2 }));
      const roster = solve(problem, { maxIterations: 100, seed });
      const near = problem.clients[seed % problem.clients.length]!;
      const client = {
        id: 'discharged',
        location: { lat: near.location.lat + 0.002, lon: near.location.lon - 0.002 },
        ...(near.area === undefined ? {} : { area: near.area }),
      };
      const carePackage = fourCallsADay('discharge', client.id);
      const answer = findCapacity(problem, roster, carePackage, { client, seed });
      expect(checkRoster(answer.problem, answer.roster)).toEqual([]);
      const placed = placementOf(answer.roster, carePackage.id);
      const listed = answer.visits.flatMap((visit) =>
        visit.placedWith.map((carerId) => `${visit.visitKey} ${carerId} ${visit.start}`),
      );
      // The visits the answer lists are those the roster has, with the same carers.
      expect(listed.map((line) => line.split(' ').slice(0, 2).join(' ')).sort()).toEqual(
        placed.map((line) => line.split(' ').slice(0, 2).join(' ')),
      );
      const left = answer.roster.unplaced.filter((u) => u.packageId === carePackage.id);
      expect(left.length === 0).toBe(answer.fits);
      // The answer's own try: the package from the date it gives, or the last date tried.
      const change = answer.changes.changes?.[0];
      const from = change?.type === 'package-added' ? change.from : undefined;
      if (answer.fits) expect(from).toBe(answer.from);
      expect(answer.tried).toContainEqual({
        from,
        placed: placed.length,
        visits: placed.length + left.length,
      });
      // Earliest first, and no start tried before the answer's fits.
      expect(answer.tried.map((t) => t.from)).toEqual(answer.tried.map((t) => t.from).sort());
      for (const t of answer.tried)
        if (t.from < (answer.from ?? '')) expect(t.placed).toBeLessThan(t.visits);

      const applied = replan(problem, roster, answer.changes, answer.replanOptions);
      expect(checkRoster(applied.problem, applied.roster)).toEqual([]);
      expect(placementOf(applied.roster, carePackage.id)).toEqual(placed);
      expect(applied.roster.routes).toEqual(answer.roster.routes);
      expect(applied.roster.unplaced).toEqual(answer.roster.unplaced);
    },
  );
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateCouncil } from '../src/generate/council.js';
import type { CouncilOptions } from '../src/generate/options.js';
import { UNHELD_QUALIFICATION } from '../src/generate/packages.js';
import type { Problem, Weekday } from '../src/model/schema.js';
import { problemSchema } from '../src/model/schema.js';
import { addDays, clockToMinutes, horizonDates } from '../src/model/time.js';
import { validateProblem } from '../src/model/validate.js';
import { DEMO_FIXTURE_URL, demoFixtureText } from '../scripts/demo-fixture-options.js';

function generate(options: CouncilOptions): Problem {
  return problemSchema.parse(generateCouncil(options));
}

/** Every dated visit of a problem, flattened, with what the checks below need. */
function datedVisits(problem: Problem) {
  const dates = horizonDates(problem.horizon.start, problem.horizon.end);
  return problem.packages.flatMap((carePackage) =>
    carePackage.visits.flatMap((pattern) =>
      dates
        .filter(({ weekday }) => pattern.days.includes(weekday))
        .map(({ date, weekday }) => ({ ...pattern, date, weekday, client: carePackage.client })),
    ),
  );
}

type DatedVisit = ReturnType<typeof datedVisits>[number];

/**
 * Carers who could do the visit on their own, ignoring travel and other visits: a static
 * upper bound the generator must leave room under for the problem to be solvable.
 */
function possibleCarers(problem: Problem, visit: DatedVisit): number {
  const client = problem.clients.find((c) => c.id === visit.client);
  if (!client) throw new Error(`unknown client ${visit.client}`);
  const start = clockToMinutes(visit.window.from);
  return problem.carers.filter((carer) => {
    const qualified = visit.qualifications.every((name) =>
      carer.qualifications.some((q) => q.name === name && (!q.expires || q.expires >= visit.date)),
    );
    const refused = client.refusedCarers.includes(carer.id);
    const gender =
      client.carerGender?.strength !== 'required' || carer.gender === client.carerGender.value;
    const language =
      client.language?.strength !== 'required' || carer.languages.includes(client.language.value);
    const free = carer.availability.some(
      (w) =>
        w.days.includes(visit.weekday as Weekday) &&
        clockToMinutes(w.from) <= clockToMinutes(visit.window.to) &&
        Math.max(start, clockToMinutes(w.from)) + visit.durationMinutes <= clockToMinutes(w.to),
    );
    return qualified && !refused && gender && language && free;
  }).length;
}

/**
 * Staffable visits without a carer to spare beyond the ones they need. Static room only (no
 * travel, no competing visits), but it catches rare skills, languages or refusals that strand
 * a visit outright.
 */
function staticallyShort(problem: Problem): string[] {
  return datedVisits(problem)
    .filter((v) => !v.qualifications.includes(UNHELD_QUALIFICATION))
    .filter((v) => possibleCarers(problem, v) < v.carersNeeded + 1)
    .map((v) => `${v.client}/${v.id}/${v.date}`);
}

describe('generateCouncil', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const options = { seed: 42, clients: 40, days: 3 };
    expect(generateCouncil(options)).toEqual(generateCouncil(options));
    expect(generateCouncil({ ...options, seed: 43 })).not.toEqual(generateCouncil(options));
  });

  it('passes the schema and the semantic validation', () => {
    const input = generateCouncil({ seed: 3, clients: 150 });
    expect(() => problemSchema.parse(input)).not.toThrow();
    const result = validateProblem(input);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('makes the requested numbers of clients, packages and carers, with readable ids', () => {
    const problem = generate({ seed: 5, clients: 37, carers: 11, days: 14 });
    expect(problem.clients).toHaveLength(37);
    expect(problem.packages).toHaveLength(37);
    expect(problem.carers).toHaveLength(11);
    expect(problem.clients[0]?.id).toBe('client-001');
    expect(problem.packages[36]?.id).toBe('pkg-037');
    expect(problem.carers[10]?.id).toBe('carer-011');
    expect(problem.horizon).toEqual({ start: '2026-03-23', end: '2026-04-05' });
  });

  it('sizes the workforce from the demand when no carer count is given', () => {
    const problem = generate({ seed: 8, clients: 200 });
    const careHours = datedVisits(problem).reduce(
      (sum, visit) => sum + (visit.durationMinutes * visit.carersNeeded) / 60,
      0,
    );
    const contracted = problem.carers.reduce((s, c) => s + c.contract.contractedHoursPerWeek, 0);
    expect(contracted / careHours).toBeGreaterThan(1.1);
    expect(contracted / careHours).toBeLessThan(1.5);
  });

  it('hits the double-up and time-critical shares of dated visits', () => {
    for (const [doubleUpShare, timeCriticalShare] of [
      [0.1, 0.08],
      [0.25, 0.15],
      [0, 0],
    ] as const) {
      const problem = generate({ seed: 11, clients: 300, doubleUpShare, timeCriticalShare });
      const visits = datedVisits(problem);
      const doubles = visits.filter((v) => v.carersNeeded === 2);
      const critical = visits.filter((v) => v.priority === 'time-critical');
      expect(doubles.length / visits.length).toBeCloseTo(doubleUpShare, 2);
      expect(critical.length / visits.length).toBeCloseTo(timeCriticalShare, 2);
      expect(doubles.every((v) => v.qualifications.includes('hoist'))).toBe(true);
      for (const visit of critical) {
        expect(visit.qualifications).toContain('medication');
        expect(clockToMinutes(visit.window.to) - clockToMinutes(visit.window.from)).toBe(30);
      }
    }
  });

  it('only refers to ids that exist, and never teams and refuses the same carer', () => {
    const problem = generate({ seed: 13, clients: 200, teamShare: 0.6, refusalShare: 0.2 });
    const carers = new Set(problem.carers.map((c) => c.id));
    const clients = new Set(problem.clients.map((c) => c.id));
    expect(carers.size).toBe(problem.carers.length);
    expect(clients.size).toBe(problem.clients.length);
    expect(new Set(problem.packages.map((p) => p.id)).size).toBe(problem.packages.length);
    for (const carePackage of problem.packages) expect(clients).toContain(carePackage.client);
    for (const client of problem.clients) {
      for (const id of [...client.team, ...client.refusedCarers]) expect(carers).toContain(id);
      expect(client.team.filter((id) => client.refusedCarers.includes(id))).toEqual([]);
    }
    const withTeam = problem.clients.filter((c) => c.team.length > 0);
    expect(withTeam.length / problem.clients.length).toBeGreaterThan(0.45);
    expect(withTeam.every((c) => c.team.length >= 2 && c.team.length <= 4)).toBe(true);
    expect(problem.clients.some((c) => c.refusedCarers.length > 0)).toBe(true);
  });

  it('gives clients areas and interests, and some carers preferences that fit their week', () => {
    const problem = generate({ seed: 19, clients: 300 });
    const areas = new Set(problem.clients.map((c) => c.area));
    expect(areas).toContain('town-1');
    expect([...areas].some((area) => area?.startsWith('village-'))).toBe(true);
    const share = (count: number, of: number) => count / of;
    expect(share(problem.clients.filter((c) => c.tags.length > 0).length, 300)).toBeGreaterThan(
      0.35,
    );
    const preferring = problem.carers.filter((c) => c.preferences.preferredAreas.length > 0);
    expect(preferring.length).toBeGreaterThan(0);
    for (const carer of preferring) {
      for (const area of carer.preferences.preferredAreas) expect(areas).toContain(area);
    }
    const hours = problem.carers.filter((c) => c.preferences.preferredHours.length > 0);
    expect(hours.length).toBeGreaterThan(0);
    for (const carer of hours) {
      // Every preferred window lies inside an availability window of the same days.
      for (const window of carer.preferences.preferredHours) {
        expect(
          carer.availability.some(
            (w) =>
              window.days.every((day) => w.days.includes(day)) &&
              clockToMinutes(w.from) <= clockToMinutes(window.from) &&
              clockToMinutes(window.to) <= clockToMinutes(w.to),
          ),
        ).toBe(true);
      }
    }
    expect(problem.carers.some((c) => c.preferences.maxTravelMinutesPerDay !== undefined)).toBe(
      true,
    );
    expect(problem.carers.some((c) => c.preferences.tags.length > 0)).toBe(true);
  });

  it('links a few medication checks to the morning call they follow', () => {
    const problem = generate({ seed: 23, clients: 300 });
    const linked = problem.packages.filter((p) => p.links.length > 0);
    expect(linked.length).toBeGreaterThan(5);
    for (const carePackage of linked) {
      for (const link of carePackage.links) {
        const first = carePackage.visits.find((v) => v.id === link.first);
        const second = carePackage.visits.find((v) => v.id === link.second);
        expect(first?.carersNeeded).toBe(1);
        expect(second?.days).toEqual(first?.days);
        // The check's window is the morning call's, moved by the link's gaps.
        expect(clockToMinutes(second!.window.from)).toBe(
          clockToMinutes(first!.window.from) + link.minGapMinutes,
        );
        expect(clockToMinutes(second!.window.to)).toBe(
          clockToMinutes(first!.window.to) + link.maxGapMinutes,
        );
      }
    }
  });

  it('keeps exceptions inside the horizon and lets some qualifications lapse during it', () => {
    const problem = generate({ seed: 17, clients: 200, exceptionShare: 0.3 });
    const { start, end } = problem.horizon;
    const exceptions = problem.carers.flatMap((c) => c.exceptions);
    expect(exceptions.length).toBeGreaterThan(0);
    for (const exception of exceptions) {
      const dates =
        exception.type === 'available' ? [exception.date] : [exception.from, exception.to];
      for (const date of dates) {
        expect(date.slice(0, 10) >= start && date.slice(0, 10) <= end).toBe(true);
      }
    }
    const lapsing = problem.carers.filter((c) =>
      c.qualifications.some((q) => q.expires && q.expires >= addDays(start, -1) && q.expires < end),
    );
    expect(lapsing.length).toBe(Math.round(0.08 * problem.carers.length));
  });

  it.each([1, 2, 19])('leaves room for every visit but the unstaffable ones (seed %i)', (seed) => {
    const problem = generate({ seed, clients: 100, unstaffableVisits: 4 });
    expect(staticallyShort(problem)).toEqual([]);
    const unstaffable = datedVisits(problem).filter((v) =>
      v.qualifications.includes(UNHELD_QUALIFICATION),
    );
    expect(unstaffable).toHaveLength(4);
    for (const visit of unstaffable) expect(possibleCarers(problem, visit)).toBe(0);
  });

  it('puts walkers and cyclists in the main town and everyone within the council', () => {
    const centre = { lat: 51.5, lon: -0.1 };
    const problem = generate({
      seed: 23,
      clients: 300,
      centre,
      transport: { walk: 0.2, bike: 0.1 },
    });
    const km = (p: { lat: number; lon: number }) =>
      Math.hypot((p.lat - centre.lat) * 111.32, (p.lon - centre.lon) * 111.32 * 0.62);
    const walkers = problem.carers.filter((c) => c.transport === 'walk');
    expect(walkers.length).toBeGreaterThan(0);
    expect(walkers.every((c) => km(c.home) <= 1.25)).toBe(true);
    for (const place of [
      ...problem.clients.map((c) => c.location),
      ...problem.carers.map((c) => c.home),
    ]) {
      expect(km(place)).toBeLessThan(16);
    }
  });

  it('rejects options out of range', () => {
    expect(() => generateCouncil({ days: 0 })).toThrow(RangeError);
    expect(() => generateCouncil({ days: 29 })).toThrow(RangeError);
    expect(() => generateCouncil({ clients: 0 })).toThrow(RangeError);
    expect(() => generateCouncil({ doubleUpShare: 1.5 })).toThrow(RangeError);
    expect(() => generateCouncil({ startDate: '2026-02-30' })).toThrow(RangeError);
  });

  // Its speed is measured by `npm run bench:scale` (generate + solve), not asserted here.
  it('generates a one-day council of about 10,000 visits', () => {
    const problem = generateCouncil({ seed: 29, clients: 3800, days: 1 });
    expect(datedVisits(problemSchema.parse(problem)).length).toBeGreaterThan(9500);
  });
});

describe('fixtures/demo-council.json', () => {
  it('is what npm run fixture:demo generates now', () => {
    const onDisk = readFileSync(DEMO_FIXTURE_URL, 'utf8');
    expect(onDisk === demoFixtureText(), 'stale fixture: run npm run fixture:demo').toBe(true);
  });

  it('covers the clock-change week and stays small', () => {
    const onDisk = readFileSync(DEMO_FIXTURE_URL, 'utf8');
    const problem = problemSchema.parse(JSON.parse(onDisk));
    expect(problem.horizon).toEqual({ start: '2026-03-23', end: '2026-03-29' });
    expect(problem.$schema).toBe('../schema/problem.schema.json');
    expect(onDisk.length).toBeLessThan(400_000);
    expect(staticallyShort(problem)).toEqual([]);
  });
});

import ICAL from 'ical.js';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { computeKpis } from '../src/constraints/kpis.js';
import { HARD_RULES } from '../src/constraints/rules.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { expandProblem } from '../src/model/expand.js';
import type { Roster, RosterRoute } from '../src/model/roster.js';
import { validateRoster } from '../src/model/roster-schema.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem, validateProblem } from '../src/model/validate.js';
import { rosterCsvFiles } from '../src/report/exports/csv.js';
import { rosterGeoJSON } from '../src/report/exports/geojson.js';
import { breakEventUid, rosterCalendars } from '../src/report/exports/icalendar.js';
import { shiftTimeline } from '../src/report/html/shift-timeline.js';
import { smallProblem } from './support/problems.js';
import { buildRoute } from './support/roster-builder.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MORNING = 'p1/morning/2026-03-23';
const HOIST = 'p2/hoist/2026-03-23';
const at = (hh: number, mm = 0) => hh * 60 + mm;

/**
 * The small problem with a break owed after half an hour of work, in a window from the 1st to
 * the 3rd hour of the shift (Ann's shift opens at 07:00: 08:00 to 10:00). Ann visits Cara
 * 08:00-08:30, drives a minute or two to Dev and waits there until 09:30; Bob does only Dev.
 */
function setup(workingTime: Json = {}) {
  const input = structuredClone(smallProblem()) as Json;
  input.settings = {
    workingTime: { breakAfterHours: 0.5, breakWindow: { fromHour: 1, toHour: 3 }, ...workingTime },
  };
  const problem = parseProblem(input as ProblemInput);
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const { clock } = expanded;
  const ann = (breakTimes?: [number, number]): RosterRoute => {
    const route = buildRoute(expanded, travel, 'ann', [
      [MORNING, at(8)],
      [HOIST, at(9, 30)],
    ]);
    if (!breakTimes) return route;
    return {
      ...route,
      break: { start: clock.toIso(breakTimes[0]), end: clock.toIso(breakTimes[1]) },
    };
  };
  const bob = buildRoute(expanded, travel, 'bob', [[HOIST, at(9, 30)]]);
  const roster = (routes: RosterRoute[]): Roster => ({
    timeZone: problem.timeZone,
    horizon: problem.horizon,
    routes,
    unplaced: [],
    kpis: computeKpis(expanded, travel, routes, []),
  });
  const annBreak = (breakTimes?: [number, number]) =>
    checkRoster(problem, roster([ann(breakTimes), bob]), { expanded, travel }).filter(
      (v) => v.carerId === 'ann',
    );
  const travelToDev = ann().stops[1]!.travelMinutes;
  return { problem, expanded, travel, ann, bob, roster, annBreak, travelToDev };
}

describe('declared breaks in the checker', () => {
  it('accepts a break taken while waiting at the next door, inside the window', () => {
    const { annBreak, travelToDev } = setup();
    expect(travelToDev).toBeGreaterThan(0);
    expect(annBreak([at(8, 40), at(9)])).toEqual([]);
    // Right after the visit, driving after it: the gap (60 min) holds break and travel.
    expect(annBreak([at(8, 30), at(8, 50)]).map((v) => v.message)).toEqual([
      expect.stringContaining('overlaps the'),
    ]);
  });

  it('rejects a break that overlaps a visit', () => {
    const { annBreak } = setup();
    const violations = annBreak([at(8, 20), at(8, 40)]);
    expect(violations).toEqual([
      expect.objectContaining({ rule: HARD_RULES.break, carerId: 'ann' }),
    ]);
    expect(violations[0]!.message).toContain(`overlaps visit ${MORNING}`);
  });

  it('rejects a break that leaves no room for the travel between the stops', () => {
    const { annBreak, travelToDev } = setup();
    // 08:30 + travel/2 to 09:30: the hour's gap less the break is shorter than the travel.
    const violations = annBreak([at(8, 30) + travelToDev / 2, at(9, 30)]);
    expect(violations.map((v) => v.rule)).toEqual([HARD_RULES.break]);
    expect(violations[0]!.message).toContain('overlaps travel');
  });

  it('rejects a break outside the window, too short, or outside the shift', () => {
    const narrow = setup({ breakWindow: { fromHour: 2, toHour: 3 } });
    expect(narrow.annBreak([at(8, 40), at(9)])[0]!.message).toContain(
      'is not inside the break window',
    );
    const { annBreak } = setup();
    expect(annBreak([at(8, 40), at(8, 50)])[0]!.message).toContain(
      'lasts 10 min; a break lasts at least 20 min',
    );
    const wide = setup({ breakWindow: { fromHour: 0, toHour: 24 } });
    expect(wide.annBreak([at(13), at(13, 20)])[0]!.message).toContain('is not inside the shift');
  });

  it('still judges a shift without a declared break by its idle stretches', () => {
    // Ann's hour at Dev's door is a break; Bob works 45 min straight and owes one.
    const { problem, expanded, travel, ann, bob, roster } = setup();
    expect(checkRoster(problem, roster([ann(), bob]), { expanded, travel })).toEqual([
      expect.objectContaining({ rule: HARD_RULES.break, carerId: 'bob' }),
    ]);
  });
});

describe('the break window setting and the roster field', () => {
  it('rejects a window that ends before it starts, naming the field', () => {
    const input = structuredClone(smallProblem()) as Json;
    input.settings = { workingTime: { breakWindow: { fromHour: 4, toHour: 3 } } };
    const result = validateProblem(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((issue) => issue.path)).toEqual([
        '$.settings.workingTime.breakWindow.toHour',
      ]);
    }
  });

  it('rejects a window too short to hold the break', () => {
    const input = structuredClone(smallProblem()) as Json;
    input.settings = {
      workingTime: { breakMinutes: 30, breakWindow: { fromHour: 3, toHour: 3.25 } },
    };
    const result = validateProblem(input);
    expect(
      result.ok ? [] : result.issues.map((issue) => `${issue.path}: ${issue.message}`),
    ).toEqual([
      '$.settings.workingTime.breakWindow.toHour: leaves the break window shorter than breakMinutes: no break would fit in it',
    ]);
  });

  it('reads a declared break, and names the path of an unreadable one', () => {
    const { ann, roster } = setup();
    const good = roster([ann([at(8, 40), at(9)])]);
    expect(validateRoster(JSON.parse(JSON.stringify(good))).ok).toBe(true);
    const bad = JSON.parse(JSON.stringify(good)) as Json;
    bad.routes[0].break.start = '08:40';
    const result = validateRoster(bad);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual([
      '$.routes[0].break.start',
    ]);
  });
});

describe('declared breaks in the exports and the timeline', () => {
  const { problem, expanded, ann, bob, roster } = setup();
  const withBreak = roster([ann([at(8, 40), at(9)]), bob]);

  it('breaks.csv lists the break, read back by papaparse', () => {
    const file = rosterCsvFiles(problem, withBreak, { expanded }).find(
      (f) => f.fileName === 'breaks.csv',
    )!;
    const parsed = Papa.parse<Record<string, string>>(file.content, {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      {
        carerId: 'ann',
        carerName: '',
        date: '2026-03-23',
        shiftStart: withBreak.routes[0]!.shiftStart,
        start: '2026-03-23T08:40:00+00:00',
        end: '2026-03-23T09:00:00+00:00',
        minutes: '20',
      },
    ]);
  });

  it('the carer’s calendar has a Break event at the declared times, read back by ical.js', () => {
    const stamp = new Date('2026-03-01T12:00:00Z');
    const file = rosterCalendars(problem, withBreak, { expanded, stamp }).find(
      (f) => f.fileName === 'ann.ics',
    )!;
    const calendar = new ICAL.Component(ICAL.parse(file.content));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) {
      ICAL.TimezoneService.register(new ICAL.Timezone(zone));
    }
    const breaks = calendar
      .getAllSubcomponents('vevent')
      .map((component) => new ICAL.Event(component))
      .filter((event) => event.summary === 'Break');
    expect(breaks.map((event) => event.uid)).toEqual([breakEventUid('ann', '2026-03-23', 0)]);
    expect(breaks[0]!.startDate.toJSDate().toISOString()).toBe('2026-03-23T08:40:00.000Z');
    expect(breaks[0]!.endDate.toJSDate().toISOString()).toBe('2026-03-23T09:00:00.000Z');
  });

  it('the GeoJSON shift line carries the break; a shift without one has no break fields', () => {
    const lines = rosterGeoJSON(problem, withBreak, { expanded }).features.filter(
      (feature) => feature.properties.kind === 'shift',
    );
    expect(lines.map((line) => line.properties)).toEqual([
      expect.objectContaining({
        carerId: 'ann',
        breakStart: '2026-03-23T08:40:00+00:00',
        breakEnd: '2026-03-23T09:00:00+00:00',
      }),
      expect.not.objectContaining({ breakStart: expect.anything() }),
    ]);
  });

  it('the timeline draws the declared break inside the waiting, not the whole wait', () => {
    const segments = shiftTimeline(expanded, withBreak.routes[0]!);
    expect(segments.filter((s) => s.kind === 'break')).toEqual([
      { kind: 'break', from: at(8, 40), to: at(9), stop: 1 },
    ]);
    const waits = segments.filter((s) => s.kind === 'wait');
    expect(waits.map((s) => s.to)).toContain(at(8, 40));
    expect(waits.map((s) => s.from)).toContain(at(9));
  });
});

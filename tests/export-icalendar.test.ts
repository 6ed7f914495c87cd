import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { expandProblem } from '../src/model/expand.js';
import type { Roster } from '../src/model/roster.js';
import type { Problem, ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';
import { rosterCalendars, visitEventUid } from '../src/report/exports/icalendar.js';
import { solve } from '../src/solver/solve.js';
import { fallBackProblem, springForwardProblem } from './support/clock-change-problems.js';

interface ParsedEvent {
  uid: string;
  startMs: number;
  endMs: number;
  summary: string;
  description: string;
  location: string;
}

/** Parses one calendar with ical.js (an independent reader), its VTIMEZONEs registered. */
function parseCalendar(text: string): { events: ParsedEvent[]; zones: string[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zones = calendar.getAllSubcomponents('vtimezone').map((component) => {
    const zone = new ICAL.Timezone(component);
    ICAL.TimezoneService.register(zone);
    return zone.tzid;
  });
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      startMs: event.startDate.toJSDate().getTime(),
      endMs: event.endDate.toJSDate().getTime(),
      summary: event.summary,
      description: event.description,
      location: event.location,
    };
  });
  return { events, zones };
}

function solved(input: ProblemInput): { problem: Problem; roster: Roster } {
  const problem = parseProblem(input);
  const roster = solve(problem, { seed: 1, maxIterations: 300 });
  expect(checkRoster(problem, roster)).toEqual([]);
  return { problem, roster };
}

const STAMP = new Date('2026-03-01T12:00:00Z');

describe.each([
  ['spring forward, 29 March 2026', springForwardProblem],
  ['fall back, 25 October 2026', fallBackProblem],
])('iCalendar export on a clock-change night (%s)', (_name, input) => {
  const { problem, roster } = solved(input());
  const files = rosterCalendars(problem, roster, { stamp: STAMP });

  it('places every visit, so every case is exported', () => {
    expect(roster.unplaced).toEqual([]);
    expect(files.map((file) => file.fileName)).toEqual(['Ann.ics', 'bob%2F2.ics']);
  });

  it('round-trips every event start and end to the roster instants exactly', () => {
    let events = 0;
    for (const route of roster.routes) {
      const file = files.find(
        (f) => f.fileName === (route.carerId === 'Ann' ? 'Ann.ics' : 'bob%2F2.ics'),
      );
      const parsed = parseCalendar(file!.content);
      expect(parsed.zones).toEqual(['Europe/London']);
      for (const stop of route.stops) {
        const event = parsed.events.find(
          (candidate) => candidate.uid === visitEventUid(stop.visitKey, route.carerId),
        );
        expect(event, stop.visitKey).toBeDefined();
        expect(event!.startMs).toBe(Date.parse(stop.start));
        expect(event!.endMs).toBe(Date.parse(stop.end));
        events++;
      }
    }
    expect(events).toBe(roster.routes.reduce((sum, route) => sum + route.stops.length, 0));
  });

  it('names the client, the visit, the travel and the double-up partner', () => {
    const ann = parseCalendar(files[0]!.content).events;
    const hoist = ann.find((event) => event.uid.startsWith(encodeURIComponent('p%2F1/hoist/')))!;
    expect(hoist.summary).toBe('Cara Client: hoist (with bob/2)');
    expect(hoist.location).toContain('Cara Client');
    expect(hoist.description).toContain('Qualifications: hoist');
    expect(hoist.description).toContain('Double-up with: bob/2');
    expect(hoist.description).toMatch(/Travel here: \d+ min/);
  });

  it('keeps UIDs stable across exports, with a later export a later SEQUENCE', () => {
    const again = rosterCalendars(problem, roster, { stamp: new Date(STAMP.getTime() + 60_000) });
    for (const [i, file] of files.entries()) {
      const first = parseCalendar(file.content).events.map((event) => event.uid);
      const second = parseCalendar(again[i]!.content).events.map((event) => event.uid);
      expect(second).toEqual(first);
      expect(new Set(first).size).toBe(first.length);
    }
    const sequence = (text: string) => Number(/SEQUENCE:(\d+)/.exec(text)?.[1]);
    expect(sequence(again[0]!.content)).toBe(sequence(files[0]!.content) + 60);
  });
});

describe('iCalendar time forms', () => {
  it('writes local times with TZID, and the second 01:30 of 25 October in UTC', () => {
    const { problem, roster } = solved(fallBackProblem());
    const text = rosterCalendars(problem, roster, { stamp: STAMP })
      .map((f) => f.content)
      .join('');
    // The visit at the first 01:30 BST (00:30Z) lasts 60 min and ends at the second 01:30.
    const night = roster.routes.flatMap((route) => route.stops).find((s) => s.visitId === 'night')!;
    expect(night.start).toBe('2026-10-25T01:30:00+01:00');
    expect(night.end).toBe('2026-10-25T01:30:00+00:00');
    expect(text).toContain('DTSTART:20261025T003000Z');
    expect(text).toContain('DTEND:20261025T013000Z');
    expect(text).toMatch(/DTSTART;TZID=Europe\/London:20261025T03[0-3]\d00/);
    expect(text).toContain('BEGIN:VTIMEZONE');
    expect(text).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
  });

  it('writes an empty calendar for a carer without visits and escapes ids in file names', () => {
    const input = springForwardProblem();
    input.carers!.push({ id: '.hidden', home: { lat: 53.8, lon: -1.55 }, availability: [] });
    input.carers!.push({ id: 'ann', home: { lat: 53.8, lon: -1.55 }, availability: [] });
    const problem = parseProblem(input);
    const roster = solve(problem, { seed: 1, maxIterations: 100 });
    const files = rosterCalendars(problem, roster, { stamp: STAMP });
    expect(files.map((file) => file.fileName)).toEqual([
      '%41nn.ics',
      'bob%2F2.ics',
      '%2Ehidden.ics',
      'ann.ics',
    ]);
    expect(parseCalendar(files[2]!.content).events).toEqual([]);
  });
});

describe('expanded problem reuse', () => {
  it('gives the same calendars with a given expansion', () => {
    const { problem, roster } = solved(springForwardProblem());
    const expanded = expandProblem(problem);
    expect(rosterCalendars(problem, roster, { stamp: STAMP, expanded })).toEqual(
      rosterCalendars(problem, roster, { stamp: STAMP }),
    );
  });
});

/**
 * Capacity as data: free carer hours per neighbourhood, date and time band against the visit
 * hours asked for, with the qualifications those free hours carry. An open record a discharge
 * team or a commissioner can read without the rostering software (JSON with a schema, or CSV).
 */
import { z } from 'zod';
import type { Roster } from '../../model/roster.js';
import type { ProblemInput } from '../../model/schema.js';
import { clockTimeSchema } from '../../model/schema.js';
import { parseProblem } from '../../model/validate.js';
import { expandProblem, holdsQualification } from '../../model/expand.js';
import { haversineMetres } from '../../geo/straight-line.js';

/** A time band of the day, local `HH:mm` to `HH:mm`. */
export interface TimeBand {
  readonly from: string;
  readonly to: string;
}

/** The bands of a care day: breakfast, late morning, afternoon, tea and bed. */
export const DEFAULT_BANDS: readonly TimeBand[] = [
  { from: '07:00', to: '10:00' },
  { from: '10:00', to: '13:00' },
  { from: '13:00', to: '17:00' },
  { from: '17:00', to: '22:00' },
];

/** Neighbourhood of carers and visits when the problem's clients name no area. */
export const ALL_AREAS = 'all';

/** The schema of one row of a capacity summary. */
export const capacityRowSchema = z.strictObject({
  area: z
    .string()
    .meta({ description: 'Neighbourhood (clients[].area; carers by where they work).' }),
  date: z.string().meta({ description: 'Local date YYYY-MM-DD.' }),
  band: z.string().meta({ description: 'Time band HH:mm-HH:mm.' }),
  freeCarerHours: z.number().meta({ description: 'Available carer hours not used by the roster.' }),
  carersWithFreeTime: z.number().int(),
  visitHoursAsked: z
    .number()
    .meta({ description: 'Carer hours of the visits whose window opens in the band.' }),
  visitHoursUnplaced: z.number().meta({ description: 'Of those, the hours left unplaced.' }),
  freeHoursByQualification: z
    .array(z.strictObject({ qualification: z.string(), hours: z.number() }))
    .meta({ description: 'Free hours of carers holding each qualification that day.' }),
});
export type CapacityRow = z.infer<typeof capacityRowSchema>;

/** The schema of a capacity summary (JSON). */
export const capacitySummarySchema = z
  .strictObject({
    bands: z.array(z.strictObject({ from: clockTimeSchema, to: clockTimeSchema })),
    rows: z.array(capacityRowSchema),
  })
  .meta({ title: 'care-roster capacity summary' });
export type CapacitySummary = z.infer<typeof capacitySummarySchema>;

const round = (hours: number) => Math.round(hours * 100) / 100;

function overlap(a: number, b: number, c: number, d: number): number {
  return Math.max(0, Math.min(b, d) - Math.max(a, c));
}

/**
 * Free carer hours per neighbourhood, date and band against the visit hours asked for. A carer
 * counts in the area most of their rostered visits are in, else their first preferred area,
 * else the area of the client nearest their home.
 *
 * @example
 * const summary = capacitySummary(problem, roster);
 * console.log(capacityCsv(summary));
 */
export function capacitySummary(
  problemInput: ProblemInput | unknown,
  roster: Pick<Roster, 'routes' | 'unplaced'>,
  options: { readonly bands?: readonly TimeBand[] } = {},
): CapacitySummary {
  const bands = options.bands ?? DEFAULT_BANDS;
  const problem = parseProblem(problemInput);
  const expanded = expandProblem(problem);
  const { clock } = expanded;
  const areaOfClient = (clientId: string) => expanded.clients.get(clientId)?.area ?? ALL_AREAS;

  const counts = new Map<string, Map<string, number>>();
  const busy = new Map<string, { start: number; end: number }[]>();
  for (const route of roster.routes) {
    const start = clock.fromIso(route.shiftStart);
    const end = clock.fromIso(route.shiftEnd);
    if (start !== undefined && end !== undefined) {
      busy.set(route.carerId, [...(busy.get(route.carerId) ?? []), { start, end }]);
    }
    const byArea = counts.get(route.carerId) ?? new Map<string, number>();
    for (const stop of route.stops) {
      const area = areaOfClient(stop.clientId);
      byArea.set(area, (byArea.get(area) ?? 0) + 1);
    }
    counts.set(route.carerId, byArea);
  }
  const carerArea = new Map<string, string>();
  for (const carer of problem.carers) {
    const byArea = [...(counts.get(carer.id) ?? [])].sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    );
    let area = byArea[0]?.[0] ?? carer.preferences.preferredAreas[0];
    if (area === undefined) {
      let nearest = Number.POSITIVE_INFINITY;
      for (const client of problem.clients) {
        const metres = haversineMetres(carer.home, client.location);
        if (metres < nearest) {
          nearest = metres;
          area = client.area ?? ALL_AREAS;
        }
      }
    }
    carerArea.set(carer.id, area ?? ALL_AREAS);
  }

  type Cell = {
    free: number;
    carers: Set<string>;
    asked: number;
    unplaced: number;
    quals: Map<string, number>;
  };
  const cells = new Map<string, Cell>();
  const cell = (area: string, date: string, band: number): Cell => {
    const key = `${area}\u0000${date}\u0000${band}`;
    let entry = cells.get(key);
    if (!entry) {
      entry = { free: 0, carers: new Set(), asked: 0, unplaced: 0, quals: new Map() };
      cells.set(key, entry);
    }
    return entry;
  };
  const bandRange = (date: string, band: TimeBand) => ({
    start: clock.toMinutes(date, band.from),
    end: clock.toMinutes(date, band.to),
  });

  for (const [carerId, { carer, shifts }] of expanded.expandedCarers) {
    const area = carerArea.get(carerId) ?? ALL_AREAS;
    for (const shift of shifts) {
      bands.forEach((band, b) => {
        const range = bandRange(shift.date, band);
        let minutes = overlap(shift.start, shift.end, range.start, range.end);
        for (const taken of busy.get(carerId) ?? []) {
          minutes -= overlap(
            Math.max(taken.start, shift.start),
            Math.min(taken.end, shift.end),
            range.start,
            range.end,
          );
        }
        if (minutes <= 0) return;
        const entry = cell(area, shift.date, b);
        entry.free += minutes / 60;
        entry.carers.add(carerId);
        for (const qualification of carer.qualifications) {
          if (!holdsQualification(carer, qualification.name, shift.date)) continue;
          entry.quals.set(
            qualification.name,
            (entry.quals.get(qualification.name) ?? 0) + minutes / 60,
          );
        }
      });
    }
  }
  const unplaced = new Set(roster.unplaced.map((entry) => entry.visitKey));
  for (const visit of expanded.visits) {
    const b = bands.findIndex((band) => {
      const range = bandRange(visit.date, band);
      return visit.windowStart >= range.start && visit.windowStart < range.end;
    });
    if (b < 0) continue;
    const entry = cell(areaOfClient(visit.clientId), visit.date, b);
    const hours = (visit.duration * visit.carersNeeded) / 60;
    entry.asked += hours;
    if (unplaced.has(visit.id)) entry.unplaced += hours;
  }

  const rows: CapacityRow[] = [...cells]
    .map(([key, entry]) => {
      const [area, date, b] = key.split('\u0000') as [string, string, string];
      const band = bands[Number(b)]!;
      return {
        area,
        date,
        band: `${band.from}-${band.to}`,
        freeCarerHours: round(entry.free),
        carersWithFreeTime: entry.carers.size,
        visitHoursAsked: round(entry.asked),
        visitHoursUnplaced: round(entry.unplaced),
        freeHoursByQualification: [...entry.quals]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([qualification, hours]) => ({ qualification, hours: round(hours) })),
      };
    })
    .sort(
      (x, y) =>
        (x.area < y.area ? -1 : x.area > y.area ? 1 : 0) ||
        (x.date < y.date ? -1 : x.date > y.date ? 1 : 0) ||
        (x.band < y.band ? -1 : x.band > y.band ? 1 : 0),
    );
  return { bands: bands.map((band) => ({ from: band.from, to: band.to })), rows };
}

/** A CSV field, quoted when it holds a comma, quote or line break. */
function field(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The summary as CSV: one row per area, date and band, one `free:<qualification>` column per
 * qualification held.
 *
 * @example
 * writeFileSync('capacity.csv', capacityCsv(capacitySummary(problem, roster)));
 */
export function capacityCsv(summary: CapacitySummary): string {
  const qualifications = [
    ...new Set(
      summary.rows.flatMap((row) => row.freeHoursByQualification.map((q) => q.qualification)),
    ),
  ].sort();
  const header = [
    'area',
    'date',
    'band',
    'freeCarerHours',
    'carersWithFreeTime',
    'visitHoursAsked',
    'visitHoursUnplaced',
    ...qualifications.map((name) => `free:${name}`),
  ];
  const lines = summary.rows.map((row) => {
    const hours = new Map(row.freeHoursByQualification.map((q) => [q.qualification, q.hours]));
    return [
      row.area,
      row.date,
      row.band,
      row.freeCarerHours,
      row.carersWithFreeTime,
      row.visitHoursAsked,
      row.visitHoursUnplaced,
      ...qualifications.map((name) => hours.get(name) ?? 0),
    ]
      .map(field)
      .join(',');
  });
  return `${[header.map(field).join(','), ...lines].join('\n')}\n`;
}

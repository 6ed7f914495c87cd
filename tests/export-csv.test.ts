import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { parseProblem } from '../src/model/validate.js';
import { rosterCsvFiles } from '../src/report/exports/csv.js';
import { solve } from '../src/solver/solve.js';

/** Reads a CSV file with papaparse, an independent reader (the writer is csv-stringify). */
function read(content: string): { fields: string[]; rows: Record<string, string>[] } {
  const parsed = Papa.parse<Record<string, string>>(content, {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return { fields: parsed.meta.fields ?? [], rows: parsed.data };
}

const num = (value: string | undefined) => Number(value);
const total = (rows: readonly Record<string, string>[], column: string) =>
  rows.reduce((sum, row) => sum + num(row[column]), 0);

describe('CSV export of a solved council', () => {
  const input = generateCouncil({ seed: 5, clients: 30, carers: 12, days: 1 });
  input.settings = { ...input.settings, livingWageHourly: 12.6 };
  // Ids a spreadsheet reader must keep as they are: a comma, a quote, a newline.
  input.clients![0]!.name = 'Smith, "Ada"\nFlat 2';
  const problem = parseProblem(input);
  const roster = solve(problem, { seed: 1, maxIterations: 300 });
  const files = new Map(
    rosterCsvFiles(problem, roster).map((file) => [file.fileName, read(file.content)]),
  );
  const { kpis } = roster;

  it('passes the checker and has both placed and unplaced visits to export', () => {
    expect(checkRoster(problem, roster)).toEqual([]);
    expect(kpis.visitsPlaced).toBeGreaterThan(0);
    expect(kpis.visitsUnplaced).toBeGreaterThan(0);
    expect(kpis.lateVisits).toBeGreaterThan(0);
    expect([...files.keys()]).toEqual([
      'stops.csv',
      'breaks.csv',
      'unplaced.csv',
      'carers.csv',
      'clients.csv',
    ]);
  });

  it('stops.csv: one row per carer-visit, times and travel as in the roster', () => {
    const { fields, rows } = files.get('stops.csv')!;
    expect(fields).toEqual([
      'carerId',
      'carerName',
      'date',
      'order',
      'visitKey',
      'packageId',
      'visitId',
      'clientId',
      'clientName',
      'arrival',
      'start',
      'end',
      'durationMinutes',
      'travelMinutes',
      'lateMinutes',
      'doubleUpWith',
    ]);
    const stops = roster.routes.flatMap((route) => route.stops.map((stop) => ({ route, stop })));
    expect(rows).toHaveLength(stops.length);
    rows.forEach((row, i) => {
      const { route, stop } = stops[i]!;
      expect(row).toMatchObject({
        carerId: route.carerId,
        visitKey: stop.visitKey,
        packageId: stop.packageId,
        visitId: stop.visitId,
        clientId: stop.clientId,
        date: stop.date,
        arrival: stop.arrival,
        start: stop.start,
        end: stop.end,
        // Travel is to the second; the sheet gives it to the hundredth of a minute.
        travelMinutes: String(Math.round(stop.travelMinutes * 100) / 100),
      });
    });
    expect(total(rows, 'durationMinutes')).toBe(kpis.careMinutes);
    // Each row's lateness is given to the hundredth of a minute.
    expect(Math.abs(total(rows, 'lateMinutes') - kpis.latenessTotalMinutes)).toBeLessThanOrEqual(
      rows.length * 0.005,
    );
    expect(rows.filter((row) => num(row.lateMinutes) > 0)).toHaveLength(kpis.lateVisits);
    const cara = rows.find((row) => row.clientId === problem.clients[0]!.id);
    if (cara) expect(cara.clientName).toBe('Smith, "Ada"\nFlat 2');
  });

  it('unplaced.csv: one row per unplaced visit with every rule and message', () => {
    const { rows } = files.get('unplaced.csv')!;
    expect(rows).toHaveLength(kpis.visitsUnplaced);
    rows.forEach((row, i) => {
      const entry = roster.unplaced[i]!;
      expect(row.visitKey).toBe(entry.visitKey);
      expect(row.rules).toBe(entry.reasons.map((reason) => reason.rule).join('; '));
      for (const reason of entry.reasons) expect(row.reasons).toContain(reason.message);
    });
  });

  it('carers.csv: one row per carer, summing to the KPI totals', () => {
    const { rows } = files.get('carers.csv')!;
    expect(rows).toHaveLength(problem.carers.length);
    const roundingSlack = rows.length * 0.005 + 1e-9;
    expect(Math.abs(total(rows, 'careHours') - kpis.careMinutes / 60)).toBeLessThanOrEqual(
      roundingSlack,
    );
    expect(Math.abs(total(rows, 'travelHours') - kpis.travelMinutes / 60)).toBeLessThanOrEqual(
      roundingSlack,
    );
    expect(Math.abs(total(rows, 'idleHours') - kpis.idleMinutes / 60)).toBeLessThanOrEqual(
      roundingSlack,
    );
    expect(Math.abs(total(rows, 'workedHours') - kpis.workedHours)).toBeLessThanOrEqual(
      roundingSlack + 0.05,
    );
    expect(Math.abs(total(rows, 'contractedHours') - kpis.contractedHours)).toBeLessThanOrEqual(
      roundingSlack + 0.05,
    );
    expect(Math.abs(total(rows, 'pay') - kpis.totalPay)).toBeLessThanOrEqual(roundingSlack);
    expect(total(rows, 'visits')).toBe(roster.routes.reduce((sum, r) => sum + r.stops.length, 0));
    const effective = rows
      .filter((row) => row.effectivePayPerHour !== '')
      .map((row) => num(row.effectivePayPerHour));
    expect(effective).toHaveLength(kpis.carersUsed);
    expect(Math.min(...effective)).toBeCloseTo(kpis.effectiveHourlyPayMin, 2);
    expect(effective.filter((pay) => pay < 12.6)).toHaveLength(kpis.carersBelowLivingWage);
    expect(Math.max(...rows.map((row) => num(row.livingWageRateNeeded)))).toBe(
      kpis.livingWageRateNeeded,
    );
    expect(Math.abs(total(rows, 'livingWageShortfall') - kpis.livingWageShortfall)).toBeLessThan(
      roundingSlack,
    );
    expect(
      Math.abs(
        total(rows, 'careOutsidePreferredHours') - kpis.careOutsidePreferredHoursMinutes / 60,
      ),
    ).toBeLessThanOrEqual(roundingSlack);
    expect(
      Math.abs(total(rows, 'careInPreferredHours') - kpis.careInPreferredHoursMinutes / 60),
    ).toBeLessThanOrEqual(roundingSlack);
    for (const row of rows) {
      // Effective pay counts unpaid travel and waiting: never above the hourly rate.
      if (row.effectivePayPerHour !== '') {
        expect(num(row.effectivePayPerHour)).toBeLessThanOrEqual(num(row.hourlyPay) + 0.005);
      }
      expect(num(row.hoursOverContract)).toBeCloseTo(
        num(row.workedHours) - num(row.contractedHours),
        1,
      );
    }
  });

  it('clients.csv: one row per client; carers seen, team visits and lateness match the KPIs', () => {
    const { rows } = files.get('clients.csv')!;
    expect(rows).toHaveLength(problem.clients.length);
    const served = rows.filter((row) => num(row.carerVisits) > 0);
    const distinct = served.map((row) => num(row.distinctCarers));
    expect(total(served, 'distinctCarers') / served.length).toBeCloseTo(
      kpis.distinctCarersPerClientMean,
      2,
    );
    expect(Math.max(...distinct)).toBe(kpis.distinctCarersPerClientMax);
    expect(total(rows, 'visitsPlaced')).toBe(kpis.visitsPlaced);
    expect(total(rows, 'visitsUnplaced')).toBe(kpis.visitsUnplaced);
    expect(total(rows, 'latenessMinutes')).toBeCloseTo(kpis.latenessTotalMinutes, 2);
    const teamRows = rows.filter((row) => num(row.teamSize) > 0);
    expect(total(teamRows, 'teamVisits') / total(teamRows, 'carerVisits')).toBeCloseTo(
      kpis.teamVisitShare,
      4,
    );
    expect(rows[0]!.clientName).toBe('Smith, "Ada"\nFlat 2');
  });
});

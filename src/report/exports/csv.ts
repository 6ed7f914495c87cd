/**
 * The roster as CSV for spreadsheets: one file of stops, one of unplaced visits with their
 * reasons, one of figures per carer and one per client. The figures come from `rosterFigures`,
 * the same numbers `computeKpis` adds up, so column totals equal the roster's KPIs.
 */
import { stringify } from 'csv-stringify/sync';
import { rosterFigures } from '../../constraints/kpis.js';
import type { ExpandedProblem } from '../../model/expand.js';
import { expandProblem } from '../../model/expand.js';
import type { Roster } from '../../model/roster.js';
import type { Problem } from '../../model/schema.js';
import { straightLineTravelMatrix } from '../../geo/straight-line.js';
import type { TravelMatrix } from '../../geo/travel-matrix.js';
import type { ExportFile } from './export-file.js';
import { rosterStops } from './roster-stops.js';

/** Options shared by the exports that recompute figures from the routes. */
export interface RosterExportOptions {
  /** The problem's expansion, when the caller has it already. */
  readonly expanded?: ExpandedProblem;
  /** The travel the roster was made on (default: the straight-line estimate of the problem). */
  readonly travel?: TravelMatrix;
}

/** Separator of list cells (qualifications, carers, rules): the one the CSV import reads. */
const LIST_SEPARATOR = '; ';
/** Separator of reason messages in one cell: messages may themselves hold `;`. */
const REASON_SEPARATOR = ' | ';

type Cell = string | number | undefined;

function csv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify(rows as Cell[][], {
    header: true,
    columns: [...columns],
    record_delimiter: 'windows',
  });
}

function hours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

function money(amount: number): number {
  return Math.round(amount * 100) / 100;
}

const STOP_COLUMNS = [
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
] as const;

const BREAK_COLUMNS = [
  'carerId',
  'carerName',
  'date',
  'shiftStart',
  'start',
  'end',
  'minutes',
] as const;

const UNPLACED_COLUMNS = [
  'visitKey',
  'packageId',
  'visitId',
  'date',
  'clientId',
  'clientName',
  'durationMinutes',
  'carersNeeded',
  'qualifications',
  'rules',
  'reasons',
] as const;

function hundredths(minutes: number | undefined): number | undefined {
  return minutes === undefined ? undefined : Math.round(minutes * 100) / 100;
}

const CARER_COLUMNS = [
  'carerId',
  'carerName',
  'shifts',
  'visits',
  'careHours',
  'travelHours',
  'travelKm',
  'idleHours',
  'unpaidGapHours',
  'workedHours',
  'paidHours',
  'dutyHours',
  'hourlyPay',
  'travelPaid',
  'pay',
  'effectivePayPerHour',
  'livingWageRateNeeded',
  'livingWageShortfall',
  'preferredHours',
  'careInPreferredHours',
  'careOutsidePreferredHours',
  'contractedHours',
  'hoursOverContract',
] as const;

const CLIENT_COLUMNS = [
  'clientId',
  'clientName',
  'visitsPlaced',
  'visitsUnplaced',
  'carerVisits',
  'distinctCarers',
  'teamSize',
  'teamVisits',
  'lateVisits',
  'latenessMinutes',
  'latenessMaxMinutes',
] as const;

/**
 * The roster as five CSV files (RFC 4180, header row, CRLF line ends):
 * - `stops.csv`: one row per carer-visit (a double-up is two rows), in route order;
 * - `breaks.csv`: one row per break a shift declares, in route order;
 * - `unplaced.csv`: one row per unplaced visit, its rules and reason messages joined in one cell;
 * - `carers.csv`: one row per carer of the problem: hours, pay, effective pay per duty hour
 *   (pay over the whole span of the shifts, unpaid travel and waiting included), the rate and
 *   the pay that would bring it to the living wage, care inside and outside the carer's
 *   preferred hours, contract;
 * - `clients.csv`: one row per client of the problem: visits, distinct carers, team visits,
 *   lateness.
 *
 * @example
 * ```ts
 * mkdirSync('out', { recursive: true });
 * for (const { fileName, content } of rosterCsvFiles(problem, roster)) {
 *   writeFileSync(join('out', fileName), content);
 * }
 * ```
 */
export function rosterCsvFiles(
  problem: Problem,
  roster: Pick<Roster, 'routes' | 'unplaced'>,
  options: RosterExportOptions = {},
): ExportFile[] {
  const expanded = options.expanded ?? expandProblem(problem);
  const travel =
    options.travel ?? straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const stops = rosterStops(expanded, roster);
  const figures = rosterFigures(expanded, travel, roster.routes);

  const stopRows = stops.map(
    ({ route, stop, order, carer, client, visit, partners, lateMinutes }) => [
      route.carerId,
      carer?.name,
      stop.date,
      order,
      stop.visitKey,
      stop.packageId,
      stop.visitId,
      stop.clientId,
      client?.name,
      stop.arrival,
      stop.start,
      stop.end,
      // A carer in a role that leaves early stays the role's length, not the visit's.
      (stop.role === undefined ? undefined : visit?.roles?.[stop.role]?.duration) ??
        visit?.duration,
      // Travel and lateness are to the second; a sheet shows them to the hundredth of a minute.
      hundredths(stop.travelMinutes),
      hundredths(lateMinutes),
      partners.join(LIST_SEPARATOR),
    ],
  );

  const breakRows = roster.routes.flatMap((route) => {
    if (!route.break) return [];
    const start = expanded.clock.fromIso(route.break.start);
    const end = expanded.clock.fromIso(route.break.end);
    return [
      [
        route.carerId,
        expanded.carers.get(route.carerId)?.name,
        route.date,
        route.shiftStart,
        route.break.start,
        route.break.end,
        start === undefined || end === undefined ? undefined : hundredths(end - start),
      ],
    ];
  });

  const unplacedRows = roster.unplaced.map((entry) => {
    const visit = expanded.visitsById.get(entry.visitKey);
    return [
      entry.visitKey,
      entry.packageId,
      entry.visitId,
      entry.date,
      entry.clientId,
      expanded.clients.get(entry.clientId)?.name,
      visit?.duration,
      visit?.carersNeeded,
      visit?.qualifications.join(LIST_SEPARATOR),
      entry.reasons.map((reason) => reason.rule).join(LIST_SEPARATOR),
      entry.reasons.map((reason) => `${reason.rule}: ${reason.message}`).join(REASON_SEPARATOR),
    ];
  });

  const carerRows = figures.carers.map((carer) => {
    const record = expanded.carers.get(carer.carerId);
    return [
      carer.carerId,
      record?.name,
      carer.workingShifts,
      carer.visits,
      hours(carer.careMinutes),
      hours(carer.travelMinutes),
      Math.round(carer.travelMetres / 100) / 10,
      hours(carer.idleMinutes),
      hours(carer.unpaidGapMinutes),
      hours(carer.workedMinutes),
      hours(carer.paidMinutes),
      hours(carer.dutyMinutes),
      record?.contract.hourlyPay,
      record?.contract.travelPaid ? 'yes' : 'no',
      money(carer.pay),
      carer.effectiveHourlyPay === undefined ? undefined : money(carer.effectiveHourlyPay),
      money(carer.livingWageRateNeeded),
      money(carer.livingWageShortfall),
      hours(carer.preferredMinutes),
      hours(carer.careInPreferredMinutes),
      hours(carer.careOutsidePreferredMinutes),
      hours(carer.contractedMinutes),
      hours(carer.workedMinutes - carer.contractedMinutes),
    ];
  });

  const clientFigures = new Map(figures.clients.map((client) => [client.clientId, client]));
  const placedByClient = new Map<string, Set<string>>();
  for (const { stop } of stops) {
    const keys = placedByClient.get(stop.clientId) ?? new Set<string>();
    keys.add(stop.visitKey);
    placedByClient.set(stop.clientId, keys);
  }
  const unplacedByClient = new Map<string, number>();
  for (const entry of roster.unplaced) {
    unplacedByClient.set(entry.clientId, (unplacedByClient.get(entry.clientId) ?? 0) + 1);
  }
  const clientRows = problem.clients.map((client) => {
    const seen = clientFigures.get(client.id);
    return [
      client.id,
      client.name,
      placedByClient.get(client.id)?.size ?? 0,
      unplacedByClient.get(client.id) ?? 0,
      seen?.carerVisits ?? 0,
      seen?.distinctCarers ?? 0,
      client.team.length,
      seen?.teamVisits ?? 0,
      seen?.lateVisits ?? 0,
      seen?.latenessMinutes ?? 0,
      seen?.latenessMaxMinutes ?? 0,
    ];
  });

  return [
    { fileName: 'stops.csv', content: csv(STOP_COLUMNS, stopRows) },
    { fileName: 'breaks.csv', content: csv(BREAK_COLUMNS, breakRows) },
    { fileName: 'unplaced.csv', content: csv(UNPLACED_COLUMNS, unplacedRows) },
    { fileName: 'carers.csv', content: csv(CARER_COLUMNS, carerRows) },
    { fileName: 'clients.csv', content: csv(CLIENT_COLUMNS, clientRows) },
  ];
}

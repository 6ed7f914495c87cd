/**
 * The report's tables: visits not placed, neighbourhoods, carers, clients and the commissioning
 * comparison, each a sortable HTML table of rows from the report model.
 */
import type { AreaRow, CarerRow, ClientRow, ReportModel, UnplacedRow } from './report-model.js';
import { text, percent, money } from './html-text.js';

interface Column<Row> {
  readonly label: string;
  readonly value: (row: Row) => number | string | undefined;
  readonly shown?: (row: Row) => string;
  readonly numeric?: boolean;
  readonly flag?: boolean;
}

function table<Row>(
  id: string,
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  warn: (row: Row) => boolean = () => false,
): string {
  const head = columns
    .map(
      (column) =>
        `<th scope="col"${column.numeric ? ' class="num"' : ''}><button type="button">${text(column.label)}</button></th>`,
    )
    .join('');
  const body = rows
    .map((row) => {
      const cells = columns
        .map((column) => {
          const value = column.value(row);
          const shown = column.shown
            ? column.shown(row)
            : text(value === undefined ? '' : String(value));
          const classes = [column.numeric ? 'num' : '', column.flag ? 'flag' : ''].filter(Boolean);
          return `<td${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''} data-value="${text(value === undefined ? '' : String(value))}">${shown}</td>`;
        })
        .join('');
      return `<tr${warn(row) ? ' class="warn"' : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table id="${id}" class="sortable"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

export function unplacedSection(rows: readonly UnplacedRow[]): string {
  const content =
    rows.length === 0
      ? '<p class="note">Every visit is placed.</p>'
      : table<UnplacedRow>(
          'unplaced-table',
          [
            { label: 'Date', value: (row) => row.date },
            { label: 'Client', value: (row) => row.clientName },
            { label: 'Visit', value: (row) => row.visitKey },
            { label: 'Window', value: (row) => row.window },
            {
              label: 'Why it is not placed',
              value: (row) => row.reasons.join('; '),
              shown: (row) =>
                `<ul>${row.reasons.map((reason) => `<li>${text(reason)}</li>`).join('')}</ul>`,
            },
          ],
          rows,
        );
  return `<section id="unplaced"><h2>Visits not placed (${rows.length})</h2>${content}</section>`;
}

export function areaSection(rows: readonly AreaRow[]): string {
  return (
    '<section id="areas"><h2>Neighbourhoods</h2>' +
    '<p class="note">Demand is the care hours the area’s visits need over the roster period (a double-up counts twice); carer hours are the contracted hours of the carers based there. Travel share counts travel into the area’s visits.</p>' +
    table<AreaRow>(
      'area-table',
      [
        { label: 'Neighbourhood', value: (row) => row.label },
        { label: 'Clients', value: (row) => row.clients, numeric: true },
        { label: 'Demand (h)', value: (row) => round(row.demandHours, 1), numeric: true },
        { label: 'Carers based', value: (row) => row.carers, numeric: true },
        { label: 'Carer hours (h)', value: (row) => round(row.carerHours, 1), numeric: true },
        {
          label: 'Carer hours / demand',
          value: (row) =>
            row.demandHours === 0 ? undefined : round(row.carerHours / row.demandHours, 2),
          numeric: true,
        },
        {
          label: 'Care delivered (h)',
          value: (row) => round(row.deliveredHours, 1),
          numeric: true,
        },
        {
          label: 'Travel share',
          value: (row) => round(row.travelShare, 4),
          shown: (row) => percent(row.travelShare),
          numeric: true,
        },
        {
          label: 'Distinct carers per client',
          value: (row) => round(row.distinctCarersMean, 2),
          numeric: true,
        },
        { label: 'Not placed', value: (row) => row.unplaced, numeric: true },
      ],
      rows,
      (row) => row.carerHours < row.demandHours,
    ) +
    '</section>'
  );
}

export function carerSection(rows: readonly CarerRow[], livingWage: number | undefined): string {
  return (
    '<section id="carers"><h2>Carers</h2>' +
    `<p class="note">Effective pay is pay over every hour from the start to the end of each shift, unpaid travel and waiting included${livingWage === undefined ? '' : `; below the living wage of ${money(livingWage)} is marked`}. Preferred hours are those the carer stated over the roster period (blank when none). Click a heading to sort.</p>` +
    table<CarerRow>(
      'carer-table',
      [
        { label: 'Carer', value: (row) => row.name },
        { label: 'Id', value: (row) => row.carerId },
        { label: 'Area', value: (row) => row.area },
        { label: 'Travels by', value: (row) => row.transport },
        { label: 'Shifts', value: (row) => row.shifts, numeric: true },
        { label: 'Visits', value: (row) => row.visits, numeric: true },
        { label: 'Care (h)', value: (row) => round(row.careMinutes / 60, 1), numeric: true },
        { label: 'Travel (h)', value: (row) => round(row.travelMinutes / 60, 1), numeric: true },
        { label: 'Waiting (h)', value: (row) => round(row.idleMinutes / 60, 1), numeric: true },
        {
          label: 'Travel paid',
          value: (row) => (row.travelPaid ? 'yes' : 'no'),
        },
        {
          label: 'Rate',
          value: (row) => round(row.hourlyPay, 2),
          shown: (row) => money(row.hourlyPay),
          numeric: true,
        },
        { label: 'Pay', value: (row) => row.pay, shown: (row) => money(row.pay), numeric: true },
        {
          label: 'Effective / h',
          value: (row) => row.effectiveHourlyPay,
          shown: (row) => money(row.effectiveHourlyPay),
          numeric: true,
          flag: true,
        },
        ...(livingWage === undefined
          ? []
          : [
              {
                label: 'Rate for living wage',
                value: (row: CarerRow) => row.livingWageRateNeeded,
                shown: (row: CarerRow) => money(row.livingWageRateNeeded),
                numeric: true,
              },
              {
                label: 'Short of living wage',
                value: (row: CarerRow) => round(row.livingWageShortfall, 2),
                shown: (row: CarerRow) => money(row.livingWageShortfall),
                numeric: true,
              },
            ]),
        {
          label: 'Preferred (h)',
          value: (row) => round(row.preferredMinutes / 60, 1),
          numeric: true,
        },
        {
          label: 'Care outside preferred (h)',
          value: (row) => round(row.careOutsidePreferredMinutes / 60, 1),
          numeric: true,
        },
      ],
      rows,
      (row) => row.belowLivingWage,
    ) +
    '</section>'
  );
}

export function clientSection(rows: readonly ClientRow[]): string {
  return (
    '<section id="clients"><h2>Clients</h2>' +
    table<ClientRow>(
      'client-table',
      [
        { label: 'Client', value: (row) => row.name },
        { label: 'Id', value: (row) => row.clientId },
        { label: 'Area', value: (row) => row.area },
        { label: 'Visits', value: (row) => row.visits, numeric: true },
        { label: 'Placed', value: (row) => row.placed, numeric: true },
        { label: 'Not placed', value: (row) => row.unplaced, numeric: true, flag: true },
        { label: 'Distinct carers', value: (row) => row.distinctCarers, numeric: true },
        {
          label: 'Team visits',
          value: (row) => (row.teamShare === undefined ? undefined : round(row.teamShare, 4)),
          shown: (row) => (row.teamShare === undefined ? 'no team' : percent(row.teamShare)),
          numeric: true,
        },
        { label: 'Late visits', value: (row) => row.lateVisits, numeric: true },
        { label: 'Lateness (min)', value: (row) => row.latenessMinutes, numeric: true },
      ],
      rows,
      (row) => row.unplaced > 0,
    ) +
    '</section>'
  );
}

export function commissioningSection(model: ReportModel): string {
  const comparison = model.commissioning;
  if (!comparison) return '';
  const rows = [comparison.framework, comparison.neighbourhoods];
  return (
    '<section id="commissioning"><h2>How the care is commissioned</h2>' +
    '<p class="note">The same clients and carers rostered as a framework of providers and as neighbourhoods.</p>' +
    table(
      'commissioning-table',
      [
        { label: 'Model', value: (row: (typeof rows)[number]) => row.model },
        { label: 'Travel (h)', value: (row) => row.travelHours, numeric: true },
        {
          label: 'Travel share of paid time',
          value: (row) => row.travelShareOfPaidTime,
          shown: (row) => percent(row.travelShareOfPaidTime),
          numeric: true,
        },
        {
          label: 'Distinct carers per client (mean)',
          value: (row) => row.distinctCarersPerClientMean,
          numeric: true,
        },
        {
          label: 'Most carers a client saw',
          value: (row) => row.distinctCarersPerClientMax,
          numeric: true,
        },
        {
          label: 'Not placed',
          value: (row) => row.visitsUnplaced,
          shown: (row) => `${row.visitsUnplaced} of ${row.visits}`,
          numeric: true,
        },
      ],
      rows,
    ) +
    '</section>'
  );
}

/**
 * The HTML report: one self-contained page (styles, data and script inline, no network request
 * at all) that a council analyst can open offline or attach to an email.
 */
import type { Problem, ProblemInput } from '../../model/schema.js';
import { parseProblem } from '../../model/validate.js';
import type { Roster, RosterKpis } from '../../model/roster.js';
import { pageScriptSource } from './page-script.js';
import type {
  AreaRow,
  CarerRow,
  ClientRow,
  ReportModel,
  ReportOptions,
  UnplacedRow,
} from './report-model.js';
import { buildReportModel } from './report-model.js';
import { REPORT_CSS } from './styles.js';

/**
 * Nothing may be fetched: inline styles and scripts only, images only as data: URLs. The page
 * then cannot reach the network even if a future change tried to.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/**
 * Renders the report of `roster` for `problem` as a complete HTML document: headline figures
 * (each element carries `data-kpi` and `data-value` with the raw KPI), a map and a per-carer
 * timeline of a chosen day, the unplaced visits with their reasons, and per-neighbourhood,
 * per-carer and per-client tables.
 *
 * @param problem - The problem the roster was made for (validated here, as `solve` does).
 * @param roster - The roster; its own `kpis` are shown when complete, else recomputed.
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs';
 * const problemJson = JSON.parse(readFileSync('problem.json', 'utf8'));
 * const roster = solve(problemJson, { seed: 1, maxIterations: 2_000 });
 * writeFileSync('report.html', renderReport(problemJson, roster));
 * ```
 */
export function renderReport(
  problem: Problem | ProblemInput | unknown,
  roster: Roster,
  options: ReportOptions = {},
): string {
  return renderModel(buildReportModel(parseProblem(problem), roster, options));
}

/** The page of an already built report model. */
export function renderModel(model: ReportModel): string {
  const script = pageScriptSource();
  if (/<\/script|<!--/i.test(script)) {
    throw new Error('the page script must not contain "</script" or "<!--"');
  }
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // An empty icon, so the browser does not go looking for /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<title>${text(model.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${text(model.title)}</h1>`,
    `<p>Roster ${text(model.horizon.start)} to ${text(model.horizon.end)} (${text(model.timeZone)})` +
      (model.kpisRecomputed ? '; figures recomputed from the routes' : '') +
      '. Made by care-roster.</p>',
    '</header>',
    '<main>',
    headline(model),
    mapSection(model),
    timelineSection(),
    unplacedSection(model.unplaced),
    areaSection(model.areas),
    carerSection(model.carers, model.livingWage),
    clientSection(model.clients),
    commissioningSection(model),
    '</main>',
    '<div id="tooltip" role="tooltip" hidden></div>',
    `<script type="application/json" id="report-data">${jsonForScript(model.page)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * JSON that is safe inside a `<script>` element: every `<` escaped, so neither `</script>` nor
 * `<!--` can appear, and the line separators JavaScript once treated as line ends.
 *
 * @example
 * ```ts
 * const data = { note: 'ends with </script>' };
 * const html = `<script type="application/json" id="data">${jsonForScript(data)}</script>`;
 * ```
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function text(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const money = (amount: number) => amount.toFixed(2);
const hours = (minutes: number) => (minutes / 60).toFixed(1);
const whole = (value: number) => value.toLocaleString('en-GB');

/** A KPI figure: its raw value for software, its formatted text for people. */
function kpi(kpis: RosterKpis, name: keyof RosterKpis, shown: string): string {
  return `<span data-kpi="${name}" data-value="${kpis[name]}">${text(shown)}</span>`;
}

function card(label: string, value: string, sub: string, warn = false): string {
  return (
    `<div class="kpi${warn ? ' warn' : ''}"><div class="label">${text(label)}</div>` +
    `<div class="value">${value}</div><div class="sub">${sub}</div></div>`
  );
}

function headline(model: ReportModel): string {
  const k = model.kpis;
  const wage = model.livingWage;
  const cards = [
    card(
      'Visits placed',
      kpi(k, 'visitsPlaced', whole(k.visitsPlaced)),
      `of ${kpi(k, 'visits', whole(k.visits))} visits`,
    ),
    card(
      'Visits not placed',
      kpi(k, 'visitsUnplaced', whole(k.visitsUnplaced)),
      'each listed below with its reasons',
      k.visitsUnplaced > 0,
    ),
    card(
      'Travel share of paid time',
      kpi(k, 'travelShareOfPaidTime', percent(k.travelShareOfPaidTime)),
      `${kpi(k, 'travelMinutes', hours(k.travelMinutes))} h travel, ` +
        `${kpi(k, 'travelKm', k.travelKm.toFixed(1))} km`,
    ),
    card(
      'Distinct carers per client',
      kpi(k, 'distinctCarersPerClientMean', k.distinctCarersPerClientMean.toFixed(2)),
      `mean; the most any client saw: ${kpi(k, 'distinctCarersPerClientMax', String(k.distinctCarersPerClientMax))}`,
    ),
    card(
      'Team visits',
      kpi(k, 'teamVisitShare', percent(k.teamVisitShare)),
      'of visits to clients with a chosen team were by a team member',
    ),
    card(
      'Late visits',
      kpi(k, 'lateVisits', whole(k.lateVisits)),
      `${kpi(k, 'latenessTotalMinutes', whole(k.latenessTotalMinutes))} min in all, ` +
        `at most ${kpi(k, 'latenessMaxMinutes', String(k.latenessMaxMinutes))} min`,
    ),
    card(
      'Effective pay per hour',
      kpi(k, 'effectiveHourlyPayMean', money(k.effectiveHourlyPayMean)),
      `mean, lowest ${kpi(k, 'effectiveHourlyPayMin', money(k.effectiveHourlyPayMin))}; ` +
        (wage === undefined
          ? 'no living wage set'
          : `living wage ${money(wage)}: ${kpi(k, 'carersBelowLivingWage', String(k.carersBelowLivingWage))} carers below`),
      wage !== undefined && k.carersBelowLivingWage > 0,
    ),
    card(
      'Rate that pays the living wage',
      wage === undefined ? 'n/a' : kpi(k, 'livingWageRateNeeded', money(k.livingWageRateNeeded)),
      wage === undefined
        ? 'set settings.livingWageHourly to see it'
        : 'an hour of paid time, to lift every carer to the living wage once unpaid travel and waiting count',
    ),
    card(
      'Care delivered',
      `${kpi(k, 'careMinutes', hours(k.careMinutes))} h`,
      `by ${kpi(k, 'carersUsed', String(k.carersUsed))} carers; ` +
        `${kpi(k, 'workedHours', k.workedHours.toFixed(1))} h worked of ` +
        `${kpi(k, 'contractedHours', k.contractedHours.toFixed(1))} contracted`,
    ),
    card(
      'Pay',
      kpi(k, 'totalPay', money(k.totalPay)),
      `${kpi(k, 'costPerVisit', money(k.costPerVisit))} a visit; ` +
        `${kpi(k, 'unpaidGapMinutes', hours(k.unpaidGapMinutes))} h unpaid gaps`,
    ),
  ];
  return `<section id="headline"><h2>Headline figures</h2><div class="kpis">${cards.join('')}</div></section>`;
}

/** Scale bar lengths to choose from, in metres. */
const SCALE_STEPS = [200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000];

function mapSection(model: ReportModel): string {
  const { map, page } = model;
  const target = (map.width / 6) * map.metresPerUnit;
  const metres = SCALE_STEPS.find((step) => step >= target) ?? SCALE_STEPS.at(-1) ?? 1000;
  const barLength = metres / map.metresPerUnit;
  const barY = map.height - 12;
  const areas = map.areas
    .map(
      (area) =>
        `<path class="area" d="${area.path}" data-area="${text(area.id)}" data-tip="${text(`Neighbourhood ${area.label}`)}"/>`,
    )
    .join('');
  const labels = map.areas
    .map(
      (area) =>
        `<text class="area-label" x="${area.labelX}" y="${area.labelY}">${text(area.label)}</text>`,
    )
    .join('');
  const clients = map.clients
    .map(
      (client) =>
        `<circle class="client" cx="${client.x}" cy="${client.y}" r="3.5" data-client="${text(client.id)}" data-tip="${text(client.tip)}"/>`,
    )
    .join('');
  const homes = map.homes
    .map(
      (home) =>
        `<rect class="home" x="${home.x - 3}" y="${home.y - 3}" width="6" height="6" data-carer="${text(home.id)}" data-tip="${text(home.tip)}"/>`,
    )
    .join('');
  const options = page.days
    .map(
      (day) =>
        `<option value="${text(day.date)}"${day.date === page.day ? ' selected' : ''}>${text(day.label)} (${text(day.date)})</option>`,
    )
    .join('');
  return [
    '<section id="day">',
    '<h2>The day on the map</h2>',
    '<div class="controls"><label>Day <select id="day-picker">',
    options,
    '</select></label><span id="day-count" class="note"></span>',
    '<span class="note">Hover over a route, stop, client or home for details.</span></div>',
    `<div id="map" class="figure" data-day="${text(page.day)}">`,
    `<svg id="map-svg" viewBox="0 0 ${map.width} ${map.height}" role="img" aria-label="Map of neighbourhoods, clients, carers' homes and the day's routes">`,
    `<g id="area-layer">${areas}</g><g id="client-layer">${clients}</g>`,
    `<g id="home-layer">${homes}</g><g id="route-layer"></g><g id="label-layer">${labels}</g>`,
    `<g class="scale-bar"><line x1="20" x2="${(20 + barLength).toFixed(1)}" y1="${barY}" y2="${barY}"/>`,
    `<text x="20" y="${barY - 5}">${metres >= 1000 ? `${metres / 1000} km` : `${metres} m`}</text></g>`,
    '</svg></div>',
    '<div class="legend"><span><i style="background:#dfe9f5;border:1px solid #7c9cc4"></i>neighbourhood</span>' +
      '<span><i style="background:#fff;border:1px solid #334;border-radius:50%"></i>client</span>' +
      '<span><i style="background:#334"></i>carer’s home</span>' +
      '<span><i style="background:#1f77b4;height:3px"></i>a carer’s route, one colour a carer</span></div>',
    '</section>',
  ].join('\n');
}

function timelineSection(): string {
  return [
    '<section id="timeline-section">',
    '<h2>Carers’ day</h2>',
    '<div id="timeline" class="figure"><svg id="timeline-svg" role="img" aria-label="Timeline of each carer’s shift"></svg></div>',
    '<div class="legend"><span><i class="seg-visit" style="background:var(--visit)"></i>visit</span>' +
      '<span><i style="background:var(--travel)"></i>travel</span>' +
      '<span><i style="background:var(--wait)"></i>waiting</span>' +
      '<span><i style="background:var(--break)"></i>break</span></div>',
    '</section>',
  ].join('\n');
}

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

function unplacedSection(rows: readonly UnplacedRow[]): string {
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

function areaSection(rows: readonly AreaRow[]): string {
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

function carerSection(rows: readonly CarerRow[], livingWage: number | undefined): string {
  return (
    '<section id="carers"><h2>Carers</h2>' +
    `<p class="note">Effective pay is pay over every hour from the start to the end of each shift, unpaid travel and waiting included${livingWage === undefined ? '' : `; below the living wage of ${money(livingWage)} is marked`}. Click a heading to sort.</p>` +
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
            ]),
      ],
      rows,
      (row) => row.belowLivingWage,
    ) +
    '</section>'
  );
}

function clientSection(rows: readonly ClientRow[]): string {
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

function commissioningSection(model: ReportModel): string {
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

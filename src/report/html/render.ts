/**
 * The HTML report: one self-contained page (styles, data and script inline, no network request
 * at all) that a council analyst can open offline or attach to an email.
 */
import type { Problem, ProblemInput } from '../../model/schema.js';
import { parseProblem } from '../../model/validate.js';
import type { Roster, RosterKpis } from '../../model/roster.js';
import { pageScriptSource } from './page-script.js';
import type { ReportModel, ReportOptions } from './report-model.js';
import { buildReportModel } from './report-model.js';
import { REPORT_CSS } from './styles.js';
import { jsonForScript, text, percent, money, hours, whole } from './html-text.js';

export { jsonForScript } from './html-text.js';
import {
  unplacedSection,
  areaSection,
  carerSection,
  clientSection,
  commissioningSection,
} from './render-tables.js';

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
        : 'an hour of paid time, to lift every carer to the living wage once unpaid travel and waiting count; ' +
            `${kpi(k, 'livingWageShortfall', money(k.livingWageShortfall))} short of it over all duty hours`,
    ),
    card(
      'Care in preferred hours',
      k.carersWithPreferredHours === 0
        ? 'n/a'
        : percent(
            k.careInPreferredHoursMinutes /
              Math.max(1, k.careInPreferredHoursMinutes + k.careOutsidePreferredHoursMinutes),
          ),
      `of the care by the ${kpi(k, 'carersWithPreferredHours', String(k.carersWithPreferredHours))} carers who stated hours; ` +
        `${kpi(k, 'careOutsidePreferredHoursMinutes', hours(k.careOutsidePreferredHoursMinutes))} h outside them`,
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

/**
 * The HTML report in a real browser (Debian's headless Chromium): it loads offline with no
 * console error and no request, shows the roster's own KPIs, redraws map and timeline for the
 * chosen day, and sorts its tables. Chromium missing is a failure, not a skip.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCouncil } from '../src/generate/council.js';
import { parseProblem } from '../src/model/validate.js';
import type { ProblemInput } from '../src/model/schema.js';
import type { Roster, RosterKpis } from '../src/model/roster.js';
import { solve } from '../src/solver/solve.js';
import { checkRoster } from '../src/constraints/check-roster.js';
import { renderReport } from '../src/report/html/render.js';
import { launchChromium } from './support/chromium.js';

/** A name that would break out of the data block or the page if it were not escaped. */
const HOSTILE_NAME = '</script><script>window.__injected = 1</script><!-- Mrs "O\'Neil" & co';

let browser: Browser;
let page: Page;
let roster: Roster;
let url: string;
const requests: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  const input = generateCouncil({ clients: 24, days: 2, seed: 3 }) as ProblemInput;
  input.settings = { ...input.settings, livingWageHourly: 13.45 };
  const first = input.clients[0];
  if (first) first.name = HOSTILE_NAME;
  const problem = parseProblem(input);
  roster = solve(problem, { seed: 1, maxIterations: 20 });
  expect(checkRoster(problem, roster)).toEqual([]);
  const html = renderReport(problem, roster, {
    commissioning: {
      framework: {
        model: 'framework (5 providers)',
        travelHours: 120.5,
        travelShareOfPaidTime: 0.31,
        distinctCarersPerClientMean: 9.1,
        distinctCarersPerClientMax: 17,
        visitsUnplaced: 40,
        visits: 900,
      },
      neighbourhoods: {
        model: 'neighbourhoods (4 areas)',
        travelHours: 80.25,
        travelShareOfPaidTime: 0.2,
        distinctCarersPerClientMean: 6.2,
        distinctCarersPerClientMax: 11,
        visitsUnplaced: 12,
        visits: 900,
      },
    },
  });
  const file = join(mkdtempSync(join(tmpdir(), 'care-roster-report-')), 'report.html');
  writeFileSync(file, html);
  url = pathToFileURL(file).href;

  browser = await launchChromium();
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    requests.push(request.url());
    if (request.url() === url || request.url().startsWith('data:')) void request.continue();
    else void request.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const shownRoutes = () =>
  page.$$eval('#route-layer .route', (groups) =>
    groups.map((group) => `${group.getAttribute('data-carer')}@${group.getAttribute('data-date')}`),
  );
const shownRows = () =>
  page.$$eval('#timeline-svg .timeline-row', (rows) =>
    rows.map((row) => `${row.getAttribute('data-carer')}@${row.getAttribute('data-date')}`),
  );
const rosterShifts = (day: string) =>
  roster.routes
    .filter((route) => route.date === day && route.stops.length > 0)
    .map((route) => `${route.carerId}@${route.date}`)
    .sort();

describe('the HTML report in headless Chromium', () => {
  it('loads with no console error and asks for nothing but the file itself', async () => {
    expect(errors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests)
      expect(request === url || request.startsWith('data:')).toBe(true);
    // The hostile client name is shown as text, and its script never ran.
    expect(await page.evaluate(() => (window as { __injected?: number }).__injected)).toBe(
      undefined,
    );
    const names = await page.$$eval('#client-table tbody tr td:first-child', (cells) =>
      cells.map((cell) => cell.textContent),
    );
    expect(names).toContain(HOSTILE_NAME);
  });

  it('shows the roster KPIs: every figure on the page equals roster.kpis', async () => {
    const shown = await page.$$eval('[data-kpi]', (elements) =>
      elements.map((element) => ({
        name: element.getAttribute('data-kpi') ?? '',
        value: Number(element.getAttribute('data-value')),
        text: element.textContent ?? '',
      })),
    );
    const names = shown.map((figure) => figure.name);
    for (const name of [
      'visitsPlaced',
      'visitsUnplaced',
      'travelShareOfPaidTime',
      'distinctCarersPerClientMean',
      'teamVisitShare',
      'lateVisits',
      'effectiveHourlyPayMean',
      'effectiveHourlyPayMin',
      'carersBelowLivingWage',
      'livingWageRateNeeded',
    ]) {
      expect(names).toContain(name);
    }
    const kpis = roster.kpis as unknown as Record<string, number>;
    for (const figure of shown) {
      expect(figure.value, figure.name).toBe(kpis[figure.name]);
      // The text a person reads is the same figure, to the precision shown.
      const number = Number(figure.text.replace(/[,%]/g, ''));
      const expected = figure.text.endsWith('%') ? figure.value * 100 : figure.value;
      const minutesAsHours = ['travelMinutes', 'careMinutes', 'unpaidGapMinutes'];
      const compared = minutesAsHours.includes(figure.name) ? expected / 60 : expected;
      expect(Math.abs(number - compared), `${figure.name}: "${figure.text}"`).toBeLessThanOrEqual(
        0.051,
      );
    }
    const rate = (roster.kpis as RosterKpis).livingWageRateNeeded;
    expect(rate).toBeGreaterThan(0);
  });

  it("redraws the map's routes and the timeline for the chosen day", async () => {
    const [firstDay, secondDay] = [...new Set(roster.routes.map((route) => route.date))].sort();
    expect(secondDay).toBeDefined();
    await page.select('#day-picker', firstDay as string);
    expect((await shownRoutes()).sort()).toEqual(rosterShifts(firstDay as string));
    expect((await shownRows()).sort()).toEqual(rosterShifts(firstDay as string));

    await page.select('#day-picker', secondDay as string);
    const routes = (await shownRoutes()).sort();
    expect(routes).toEqual(rosterShifts(secondDay as string));
    expect(routes).not.toEqual(rosterShifts(firstDay as string));
    expect((await shownRows()).sort()).toEqual(rosterShifts(secondDay as string));
    expect(await page.$eval('#map', (map) => map.getAttribute('data-day'))).toBe(secondDay);
    expect(await page.$eval('#timeline', (line) => line.getAttribute('data-day'))).toBe(secondDay);
    // Every visit of the day is a visit segment on the timeline.
    const visits = roster.routes
      .filter((route) => route.date === secondDay)
      .reduce((sum, route) => sum + route.stops.length, 0);
    expect(await page.$$eval('#timeline-svg .seg-visit', (segments) => segments.length)).toBe(
      visits,
    );
    expect(errors).toEqual([]);
  });

  it('sorts a table by a column, ascending then descending', async () => {
    const column = async () =>
      page.$$eval('#carer-table tbody tr', (rows) =>
        rows.map((row) => Number(row.children[12]?.getAttribute('data-value'))),
      );
    const header = await page.$$('#carer-table thead th');
    expect(await header[12]?.evaluate((cell) => cell.textContent)).toContain('Effective');
    const before = await column();
    expect(before.length).toBeGreaterThan(2);
    await header[12]?.$eval('button', (button) => button.click());
    const ascending = await column();
    expect(ascending).toEqual([...before].sort((a, b) => a - b));
    await header[12]?.$eval('button', (button) => button.click());
    expect(await column()).toEqual([...before].sort((a, b) => b - a));
    expect(await header[12]?.evaluate((cell) => cell.getAttribute('aria-sort'))).toBe('descending');
  });

  it('shows the commissioning comparison when given one', async () => {
    const rows = await page.$$eval('#commissioning-table tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.children).map((cell) => cell.textContent)),
    );
    expect(rows).toEqual([
      ['framework (5 providers)', '120.5', '31.0%', '9.1', '17', '40 of 900'],
      ['neighbourhoods (4 areas)', '80.25', '20.0%', '6.2', '11', '12 of 900'],
    ]);
  });
});

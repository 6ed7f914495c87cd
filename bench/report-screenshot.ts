/**
 * A screenshot of the demo council's HTML report, taken in Debian's headless Chromium:
 *
 *   npm run report:screenshot
 *
 * Solves fixtures/demo-council.json (seed 1, a fixed iteration budget, so the picture is the same
 * on every run), renders the report, opens it offline and writes the top of the page (headline
 * figures, the map and the carers' timeline of the first day) to bench/results/report-demo.png,
 * with the page's size and timings in bench/results/report-demo.md.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseProblem } from '../src/model/validate.js';
import { solve } from '../src/solver/solve.js';
import { checkRoster } from '../src/constraints/check-roster.js';
import { renderReport } from '../src/report/html/render.js';
import { launchChromium } from '../tests/support/chromium.js';

/** Iterations of the demo solve: enough for a realistic roster, fixed for a stable picture. */
const ITERATIONS = 2000;
/** People per neighbourhood: the demo's 120 clients in three areas, as `npm run demo` draws. */
const TARGET_PEOPLE = 40;
/** Browser window width: a laptop screen. */
const VIEWPORT = { width: 1280, height: 900 };

const problem = parseProblem(
  JSON.parse(readFileSync(new URL('../fixtures/demo-council.json', import.meta.url), 'utf8')),
);
const roster = solve(problem, { seed: 1, maxIterations: ITERATIONS });
const violations = checkRoster(problem, roster);
if (violations.length > 0) throw new Error(`the demo roster has ${violations.length} violations`);

const renderStarted = performance.now();
const html = renderReport(problem, roster, { targetPeople: TARGET_PEOPLE });
const renderMs = performance.now() - renderStarted;
const file = join(mkdtempSync(join(tmpdir(), 'care-roster-shot-')), 'report.html');
writeFileSync(file, html);

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.setViewport(VIEWPORT);
  const loadStarted = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const loadMs = performance.now() - loadStarted;
  const bottom = await page.$eval('#timeline-section', (section) => {
    const box = section.getBoundingClientRect();
    return Math.ceil(box.bottom + window.scrollY + 16);
  });
  const png = new URL('./results/report-demo.png', import.meta.url);
  await page.screenshot({
    path: png.pathname as `${string}.png`,
    clip: { x: 0, y: 0, width: VIEWPORT.width, height: bottom },
    captureBeyondViewport: true,
  });
  const rows = [
    ['page size', `${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB`],
    ['render (renderReport)', `${renderMs.toFixed(0)} ms`],
    ['load in Chromium (to the load event)', `${loadMs.toFixed(0)} ms`],
    [
      'shifts / carer-visits in the roster',
      `${roster.routes.length} / ${roster.kpis.visitsPlaced}`,
    ],
  ];
  const table = [
    '| measure | value |',
    '| --- | ---: |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ];
  const report = [
    '# HTML report of the demo council',
    '',
    `Produced by \`npm run report:screenshot\` on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.versions.node}; demo solved with seed 1 and ${ITERATIONS} iterations.`,
    '',
    ...table,
    '',
    '![The demo report](report-demo.png)',
    '',
  ].join('\n');
  writeFileSync(new URL('./results/report-demo.md', import.meta.url), report);
  console.log(table.join('\n'));
  console.log(`Screenshot written to ${png.pathname}`);
} finally {
  await browser.close();
}

/**
 * The options behind fixtures/demo-council.json, shared by the script that writes it
 * (`npm run fixture:demo`) and the test that fails when the checked-in file is stale.
 */
import type { CouncilOptions } from '../src/generate/options.js';
import { generateCouncil } from '../src/generate/council.js';

/** Where the demo fixture lives. */
export const DEMO_FIXTURE_URL = new URL('../fixtures/demo-council.json', import.meta.url);

/**
 * One week from Monday 23 March 2026. UK clocks go forward at 01:00 on Sunday 29 March, so the
 * demo always includes a 23-hour day. The carer count is left to the generator: 120 clients'
 * packages need about 1,400 carer-hours a week, more than 25 carers could work even at their
 * weekly maximum.
 */
export const DEMO_COUNCIL_OPTIONS: CouncilOptions = {
  seed: 2026,
  name: 'Calderbridge Council home care (generated demo), week of Monday 23 March 2026',
  clients: 120,
  startDate: '2026-03-23',
  days: 7,
  doubleUpShare: 0.1,
  timeCriticalShare: 0.08,
  expiredQualificationShare: 0.08,
  teamShare: 0.4,
  refusalShare: 0.06,
};

/**
 * The hourly wage effective pay is compared with in the demo: the UK Real Living Wage outside
 * London announced for 2025-26 (Living Wage Foundation). A figure of the demo, not of the engine.
 */
export const DEMO_LIVING_WAGE = 13.45;

/** The exact text of the demo fixture: pretty JSON, `$schema` first, trailing newline. */
export function demoFixtureText(): string {
  const problem = {
    $schema: '../schema/problem.schema.json',
    ...generateCouncil(DEMO_COUNCIL_OPTIONS),
    settings: { livingWageHourly: DEMO_LIVING_WAGE },
  };
  return `${JSON.stringify(problem, null, 2)}\n`;
}

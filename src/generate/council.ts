/**
 * A seeded generator of realistic UK council home-care problems, for demos, tests and
 * benchmarks. Each stage (geography, packages, carers, clients) draws from its own random
 * stream, so the same options always give the same problem, byte for byte.
 */
import type { ProblemInput, Weekday } from '../model/schema.js';
import { WEEKDAYS } from '../model/schema.js';
import { addDays, horizonDates } from '../model/time.js';
import { carersForDemand, generateCarers } from './carers.js';
import { generateClients } from './clients.js';
import { buildGeography } from './geography.js';
import { addFollowUps } from './follow-ups.js';
import { addPreferences } from './preferences.js';
import { withOverloadLateness, withoutCarers } from './overload.js';
import type { CouncilOptions } from './options.js';
import { resolveCouncilOptions } from './options.js';
import type { WeekdayCounts } from './packages.js';
import { demandOf, generatePackages, packageInput } from './packages.js';
import { Random } from '../model/random.js';

function weekdayCounts(dates: readonly { weekday: Weekday }[]): WeekdayCounts {
  const counts = Object.fromEntries(WEEKDAYS.map((day) => [day, 0])) as Record<Weekday, number>;
  for (const { weekday } of dates) counts[weekday]++;
  return counts;
}

/**
 * Generates a council's home-care problem: clients in a town, a second town, villages and
 * rural scatter; one care package per client with one to four calls a day; carers with
 * contracts, split shifts, qualifications (some lapsing), languages and homes near the clients;
 * areas, interests and carers' preferred areas, hours and daily travel; for a few clients a
 * medication check 30-60 minutes after the morning call, by a second carer (a linked visit).
 *
 * Most visits can be placed (carers and trained carers are sized from the demand), but
 * `unstaffableVisits` need a qualification no one holds, so every roster has something to
 * explain. The result is the JSON a user would write, and passes `problemSchema`.
 *
 * @throws {RangeError} when an option is out of range.
 * @example
 * ```ts
 * const council = generateCouncil({ seed: 7, clients: 20, days: 1 });
 * const roster = solve(council, { seed: 1, maxIterations: 100 });
 * console.log(roster.kpis.visitsPlaced, 'of', roster.kpis.visits, 'visits placed');
 * ```
 */
export function generateCouncil(options: CouncilOptions = {}): ProblemInput {
  const resolved = resolveCouncilOptions(options);
  const { seed } = resolved;
  const end = addDays(resolved.startDate, resolved.days - 1);
  const dates = horizonDates(resolved.startDate, end);
  const counts = weekdayCounts(dates);
  const geography = buildGeography(Random.forStage(seed, 'geography'), resolved);
  const packages = generatePackages(Random.forStage(seed, 'packages'), resolved, counts);
  const demand = demandOf(packages, counts);
  const carers = withoutCarers(
    Random.forStage(seed, 'overload'),
    generateCarers(
      Random.forStage(seed, 'carers'),
      resolved.carers ?? carersForDemand(demand, resolved),
      { options: resolved, geography, demand, packages, dates },
    ),
    resolved.overload,
  );
  const clients = generateClients(Random.forStage(seed, 'clients'), {
    options: resolved,
    geography,
    packages,
    carers,
    dates,
  });
  const people = addPreferences(Random.forStage(seed, 'preferences'), geography, carers, clients);
  return {
    ...(resolved.name === undefined ? {} : { name: resolved.name }),
    horizon: { start: resolved.startDate, end },
    timeZone: 'Europe/London',
    carers: people.carers,
    clients: people.clients,
    packages: addFollowUps(
      Random.forStage(seed, 'follow-ups'),
      resolved.overload > 0
        ? withOverloadLateness(packages.map(packageInput))
        : packages.map(packageInput),
    ),
  };
}

/**
 * What continuity the demo allows at all, before any search: for each client, which of their
 * visits their chosen team could cover (qualifications, refusals, gender, language, availability
 * windows with travel from home, daily hours), and the fewest distinct carers that could cover
 * all their visits. Three bounds, each optimistic (a real roster also has to fit every other
 * client's visits around the same carers):
 *
 * - team share if every visit a team member could do were done by one (visit counts);
 * - the same with carers' hours counted: a transportation problem sends each carer-day's
 *   minutes (their shift minutes that day, at most their daily maximum) to visits, team members
 *   preferred, every visit covered where anyone could do it; overlapping visits are not ruled
 *   out, so this too is a relaxation;
 * - distinct carers per client: the smallest set of carers covering every visit of the client
 *   (exact, by integer program per client), and the set a team-first roster would use (the
 *   fewest team members covering what the team can, then the fewest others for the rest).
 *
 *   npx tsx bench/continuity-bounds.ts [--fixture fixtures/demo-council.json]
 *
 * Prints the figures and writes bench/results/continuity-bounds.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import lpSolver from 'javascript-lp-solver';
import { exclusion } from '../src/constraints/eligibility.js';
import { solveTransport } from '../src/geo/transport-flow.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { expandProblem, type Visit } from '../src/model/expand.js';
import type { ProblemInput } from '../src/model/schema.js';
import { parseProblem } from '../src/model/validate.js';

/** Cost per minute a non-team carer does in the hours bound; team minutes cost nothing. */
const NON_TEAM_MINUTE = 1;
/** Cost per minute left uncovered: far above any team preference, so coverage comes first. */
const UNCOVERED_MINUTE = 1_000;

const { values } = parseArgs({
  options: { fixture: { type: 'string', default: 'fixtures/demo-council.json' } },
});
const input = JSON.parse(readFileSync(values.fixture, 'utf8')) as ProblemInput;
const problem = parseProblem(input);
const expanded = expandProblem(problem);
const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
const carers = [...expanded.carers.values()];

/** Carers who could do each visit alone, by index into `carers`. */
const eligible = new Map<Visit, number[]>();
for (const visit of expanded.visits) {
  const ids: number[] = [];
  carers.forEach((carer, c) => {
    if (exclusion(expanded, travel, carer, visit) === undefined) ids.push(c);
  });
  eligible.set(visit, ids);
}

const visitsOf = new Map<string, Visit[]>();
for (const visit of expanded.visits) {
  const list = visitsOf.get(visit.clientId);
  if (list) list.push(visit);
  else visitsOf.set(visit.clientId, [visit]);
}

/**
 * The fewest carers among `pool` covering every visit of `visits` that some of them can (each
 * visit by as many as it needs, or as many as can); returns that number.
 */
function fewestCarers(visits: readonly Visit[], pool: ReadonlySet<number>): number {
  const constraints: Record<string, { min: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  visits.forEach((visit, v) => {
    const can = eligible.get(visit)!.filter((c) => pool.has(c));
    if (can.length === 0) return;
    constraints[`v${v}`] = { min: Math.min(visit.carersNeeded, can.length) };
    for (const c of can) {
      const name = `c${c}`;
      variables[name] ??= { count: 1, [`cap${c}`]: 1 };
      variables[name]![`v${v}`] = 1;
      ints[name] = 1;
      constraints[`cap${c}`] = { max: 1 } as unknown as { min: number };
    }
  });
  if (Object.keys(variables).length === 0) return 0;
  const result = lpSolver.Solve({ optimize: 'count', opType: 'min', constraints, variables, ints });
  return Math.round(Number((result as { result: number }).result));
}

interface ClientBound {
  readonly clientId: string;
  readonly team: number;
  readonly slots: number;
  readonly teamSlots: number;
  readonly fewest: number;
  readonly teamFirst: number;
}

const bounds: ClientBound[] = [];
const everyone = new Set(carers.map((_, c) => c));
for (const [clientId, visits] of visitsOf) {
  const client = expanded.clients.get(clientId)!;
  const team = new Set(client.team.map((id) => carers.findIndex((carer) => carer.id === id)));
  let slots = 0;
  let teamSlots = 0;
  const rest: Visit[] = [];
  for (const visit of visits) {
    slots += visit.carersNeeded;
    const byTeam = eligible.get(visit)!.filter((c) => team.has(c)).length;
    teamSlots += Math.min(visit.carersNeeded, byTeam);
    if (byTeam < visit.carersNeeded) rest.push(visit);
  }
  const others = new Set([...everyone].filter((c) => !team.has(c)));
  bounds.push({
    clientId,
    team: team.size,
    slots,
    teamSlots,
    fewest: fewestCarers(visits, everyone),
    teamFirst: (team.size > 0 ? fewestCarers(visits, team) : 0) + fewestCarers(rest, others),
  });
}

// Hours: carer-days supply minutes to visits, team members at no cost, others at a little.
const days = expanded.dates;
const supply = new Float64Array(carers.length * days.length);
carers.forEach((carer, c) => {
  const { shifts } = expanded.expandedCarers.get(carer.id)!;
  days.forEach((date, d) => {
    const minutes = shifts
      .filter((shift) => shift.date === date)
      .reduce((sum, shift) => sum + shift.end - shift.start, 0);
    supply[c * days.length + d] = Math.min(minutes, carer.contract.maxHoursPerDay * 60);
  });
});
const visits = expanded.visits;
const demand = Float64Array.from(visits, (visit) => visit.duration * visit.carersNeeded);
const cost = new Float64Array(supply.length * visits.length).fill(Infinity);
visits.forEach((visit, v) => {
  const team = expanded.clients.get(visit.clientId)!.team;
  const d = days.indexOf(visit.date);
  for (const c of eligible.get(visit)!) {
    cost[(c * days.length + d) * visits.length + v] = team.includes(carers[c]!.id)
      ? 0
      : NON_TEAM_MINUTE;
  }
});
const flow = solveTransport({ supply, demand, cost, unmetCost: UNCOVERED_MINUTE });
let teamClientMinutes = 0;
let teamMinutesWithHours = 0;
visits.forEach((visit, v) => {
  if (expanded.clients.get(visit.clientId)!.team.length === 0) return;
  teamClientMinutes += demand[v]!;
  for (let s = 0; s < supply.length; s++) {
    if (cost[s * visits.length + v] === 0)
      teamMinutesWithHours += flow.flow[s * visits.length + v]!;
  }
});

const withTeam = bounds.filter((bound) => bound.team > 0);
const sum = (list: readonly ClientBound[], key: keyof ClientBound) =>
  list.reduce((total, bound) => total + Number(bound[key]), 0);
const mean = (list: readonly ClientBound[], key: keyof ClientBound) =>
  (sum(list, key) / list.length).toFixed(2);
const max = (list: readonly ClientBound[], key: keyof ClientBound) =>
  Math.max(...list.map((bound) => Number(bound[key])));
const fullyCovered = withTeam.filter((bound) => bound.teamSlots === bound.slots).length;
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

const report = [
  `# Continuity bounds: ${input.name ?? values.fixture}`,
  '',
  'Before any search: what the clients’ teams could cover (qualifications, refusals, gender, language, availability with travel from home, daily hours), and the fewest carers that could cover each client’s week. Optimistic bounds: a roster also has to fit every other client around the same carers. Straight-line travel. Produced by `npx tsx bench/continuity-bounds.ts`.',
  '',
  '| figure | value |',
  '| --- | --- |',
  `| clients / with a chosen team | ${bounds.length} / ${withTeam.length} |`,
  `| team clients whose team could cover every visit | ${fullyCovered} of ${withTeam.length} |`,
  `| team share, every visit a team member could do done by one | ${pct(sum(withTeam, 'teamSlots') / sum(withTeam, 'slots'))} |`,
  `| team share of care minutes with carers' daily hours counted (transportation bound) | ${pct(teamMinutesWithHours / teamClientMinutes)} |`,
  `| fewest distinct carers per client, mean / worst (all clients) | ${mean(bounds, 'fewest')} / ${max(bounds, 'fewest')} |`,
  `| the same, clients with a team / without | ${mean(withTeam, 'fewest')} / ${mean(
    bounds.filter((bound) => bound.team === 0),
    'fewest',
  )} |`,
  `| distinct carers of a team-first roster, mean / worst (all clients) | ${(
    (sum(withTeam, 'teamFirst') +
      sum(
        bounds.filter((b) => b.team === 0),
        'fewest',
      )) /
    bounds.length
  ).toFixed(2)} / ${Math.max(max(withTeam, 'teamFirst'), max(bounds, 'fewest'))} |`,
  `| team-first distinct carers, clients with a team, mean / worst | ${mean(withTeam, 'teamFirst')} / ${max(withTeam, 'teamFirst')} |`,
  `| visits nobody could do | ${flow.unmet.reduce((total, minutes, v) => total + (minutes > 1e-6 && eligible.get(visits[v]!)!.length === 0 ? 1 : 0), 0)} |`,
  '',
].join('\n');
process.stdout.write(report);
writeFileSync(new URL('./results/continuity-bounds.md', import.meta.url), report);

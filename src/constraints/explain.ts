/**
 * `explainRoster`: the roster's cost broken down by rule name, per carer and per client, so a
 * coordinator can see what each rule costs and where.
 */
import { idRecord } from '../model/visit-key.js';
import type { ExpandedProblem, Visit } from '../model/expand.js';
import { expandProblem } from '../model/expand.js';
import type { Roster, UnplacedVisit } from '../model/roster.js';
import type { Problem } from '../model/schema.js';
import { straightLineTravelMatrix } from '../geo/straight-line.js';
import type { CheckOptions } from './check-roster.js';
import type { SoftTermName } from './soft-term-definitions.js';
import { SOFT_TERM_DEFINITIONS, UNPLACED_TERM, unplacedCost } from './soft-term-definitions.js';
import { SoftTermTally } from './soft-term-tally.js';
import type { ReadRoute } from './soft-terms.js';
import { readRoutes, routeWorkMinutes } from './soft-terms.js';

/** Costs of one carer or one client, by rule name. */
export interface CostShare {
  readonly total: number;
  readonly byRule: Readonly<Record<string, number>>;
}

/** A roster's cost, explained. Lower is better; bonuses (team, shared interests) are negative. */
export interface RosterExplanation {
  /** The objective: the sum of every rule's cost. */
  readonly total: number;
  /** Each rule's total cost, largest first. */
  readonly byRule: readonly { readonly rule: string; readonly cost: number }[];
  readonly byCarer: Readonly<Record<string, CostShare>>;
  readonly byClient: Readonly<Record<string, CostShare>>;
}

/** Options of {@link explainRoster}: travel and an earlier expansion, as `checkRoster` takes. */
export type ExplainOptions = CheckOptions;

/**
 * Breaks a roster's cost down by rule name, per carer and per client.
 *
 * @example
 * ```ts
 * const explanation = explainRoster(problem, roster);
 * for (const { rule, cost } of explanation.byRule.slice(0, 3)) console.log(rule, cost);
 * ```
 */
export function explainRoster(
  problem: Problem,
  roster: Pick<Roster, 'routes' | 'unplaced'>,
  options: ExplainOptions = {},
): RosterExplanation {
  const expanded = options.expanded ?? expandProblem(problem);
  const travel =
    options.travel ?? straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const terms = softTermCosts(
    expanded,
    readRoutes(expanded, travel, roster.routes),
    roster.unplaced,
  );
  // Keyed by user ids: no prototype, so an id such as `__proto__` is an ordinary key.
  const byCarer = idRecord<{ total: number; byRule: Record<string, number> }>();
  const byClient = idRecord<{ total: number; byRule: Record<string, number> }>();
  const add = (
    target: Record<string, { total: number; byRule: Record<string, number> }>,
    id: string,
    rule: string,
    cost: number,
  ) => {
    const entry = (target[id] ??= { total: 0, byRule: idRecord<number>() });
    entry.total += cost;
    entry.byRule[rule] = (entry.byRule[rule] ?? 0) + cost;
  };
  let total = 0;
  const byRule: { rule: string; cost: number }[] = [];
  for (const [rule, term] of terms) {
    total += term.total;
    byRule.push({ rule, cost: term.total });
    for (const [carerId, cost] of term.byCarer) add(byCarer, carerId, rule, cost);
    for (const [clientId, cost] of term.byClient) add(byClient, clientId, rule, cost);
  }
  byRule.sort((a, b) => Math.abs(b.cost) - Math.abs(a.cost));
  return { total, byRule, byCarer, byClient };
}

/** Cost attributed to one soft term, split by carer and by client where it belongs to one. */
export interface TermCost {
  total: number;
  readonly byCarer: Map<string, number>;
  readonly byClient: Map<string, number>;
}

/**
 * Every soft term's cost, plus the unplaced cost, for a roster read by `readRoutes`.
 * `unplacedVisits`, when the caller has them, are the visits of `unplaced` in its order (a
 * stopped solve's answer lists every visit, and looking 166k up by key showed in its time).
 */
export function softTermCosts(
  expanded: ExpandedProblem,
  routes: readonly ReadRoute[],
  unplaced: readonly UnplacedVisit[],
  unplacedVisits?: readonly Visit[],
): Map<SoftTermName | typeof UNPLACED_TERM, TermCost> {
  const terms = new Map<SoftTermName | typeof UNPLACED_TERM, TermCost>();
  for (const { name } of SOFT_TERM_DEFINITIONS) {
    terms.set(name, { total: 0, byCarer: new Map(), byClient: new Map() });
  }
  terms.set(UNPLACED_TERM, { total: 0, byCarer: new Map(), byClient: new Map() });
  const charge = (
    name: SoftTermName | typeof UNPLACED_TERM,
    cost: number,
    carerId: string | undefined,
    clientId: string | undefined,
  ): void => {
    const term = terms.get(name);
    if (cost === 0 || !term) return;
    term.total += cost;
    if (carerId !== undefined) term.byCarer.set(carerId, (term.byCarer.get(carerId) ?? 0) + cost);
    if (clientId !== undefined)
      term.byClient.set(clientId, (term.byClient.get(clientId) ?? 0) + cost);
  };

  const tally = new SoftTermTally(expanded, charge);
  for (const route of routes) {
    const travel = route.stops.reduce((sum, stop) => sum + stop.travelIn, route.travelBack);
    tally.route(route.carer, route.date, travel, routeWorkMinutes(route));
    route.stops.forEach((stop, index) => {
      const previous = route.stops[index - 1];
      const idle = previous ? stop.start - previous.end - stop.travelIn : undefined;
      tally.stop(route.carer, stop.visit, stop.start, idle, stop.duration);
    });
  }
  tally.finish();
  unplaced.forEach((entry, index) => {
    const visit = unplacedVisits?.[index] ?? expanded.visitsById.get(entry.visitKey);
    if (visit) charge(UNPLACED_TERM, unplacedCost(visit), undefined, visit.clientId);
  });
  return terms;
}

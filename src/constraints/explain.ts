/**
 * `explainRoster`: the roster's cost broken down by rule name, per carer and per client, so a
 * coordinator can see what each rule costs and where.
 */
import { idRecord } from '../model/visit-key.js';
import type { ExpandedProblem } from '../model/expand.js';
import { expandProblem } from '../model/expand.js';
import type { Roster } from '../model/roster.js';
import type { Problem } from '../model/schema.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { straightLineTravelMatrix } from '../geo/straight-line.js';
import { readRoutes, softTermCosts } from './soft-terms.js';

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

/** Options of {@link explainRoster}. */
export interface ExplainOptions {
  readonly travel?: TravelMatrix;
  readonly expanded?: ExpandedProblem;
}

/** Breaks a roster's cost down by rule name, per carer and per client. */
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

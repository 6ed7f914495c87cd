/**
 * The short human summary printed by the CLI: what a coordinator reads first.
 */
import type { Roster } from '../model/roster.js';

function hours(minutes: number): string {
  return `${(minutes / 60).toFixed(1)} h`;
}

/** Money in the problem's currency, which the roster does not name: two decimals, no symbol. */
function money(amount: number): string {
  return amount.toFixed(2);
}

/**
 * A few lines of plain text summarising a roster.
 *
 * @example
 * ```ts
 * console.log(summariseRoster(solve(problem, { seed: 1, maxIterations: 200 })));
 * ```
 */
export function summariseRoster(roster: Roster): string {
  const k = roster.kpis;
  const lines = [
    `Visits:  ${k.visitsPlaced} placed, ${k.visitsUnplaced} not placed (of ${k.visits})`,
    `Care:    ${hours(k.careMinutes)} of visits by ${k.carersUsed} carers`,
    `Travel:  ${hours(k.travelMinutes)}, ${k.travelKm} km, ${(k.travelShareOfPaidTime * 100).toFixed(1)}% of paid time`,
    `Continuity: ${k.distinctCarersPerClientMean} distinct carers per client on average (worst ${k.distinctCarersPerClientMax})`,
    `Pay:     ${money(k.totalPay)}; per hour on duty (unpaid travel and waiting count) ${money(k.effectiveHourlyPayMean)} on average, ${money(k.effectiveHourlyPayMin)} lowest`,
  ];
  if (k.livingWageRateNeeded > 0) {
    lines.push(
      `Living wage: ${k.carersBelowLivingWage} of ${k.carersUsed} carers below it; ${money(k.livingWageRateNeeded)} an hour on paid hours would lift all (${money(k.livingWageShortfall)} short in all)`,
    );
  }
  if (k.carersWithPreferredHours > 0) {
    const given = k.careInPreferredHoursMinutes + k.careOutsidePreferredHoursMinutes;
    const inside = given === 0 ? 100 : (k.careInPreferredHoursMinutes / given) * 100;
    lines.push(
      `Preferred hours: ${k.carersWithPreferredHours} carers stated them; ${inside.toFixed(1)}% of their care inside, ${hours(k.careOutsidePreferredHoursMinutes)} outside`,
    );
  }
  if (roster.unplaced.length > 0) {
    const examples = roster.unplaced
      .slice(0, 3)
      .map(
        (visit) =>
          `  ${visit.visitKey}: ${visit.reasons.map((reason) => reason.message).join('; ')}`,
      );
    lines.push('Not placed, for example:', ...examples);
  }
  if (roster.stats) {
    const s = roster.stats;
    lines.push(
      `Solver:  ${s.iterations} iterations in ${(s.elapsedMs / 1000).toFixed(1)} s (seed ${s.seed}, stopped by ${s.stoppedBy})`,
    );
  }
  return lines.join('\n');
}

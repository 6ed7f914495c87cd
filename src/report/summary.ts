/**
 * The short human summary printed by the CLI: what a coordinator reads first.
 */
import type { Roster } from '../model/roster.js';

function hours(minutes: number): string {
  return `${(minutes / 60).toFixed(1)} h`;
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
  ];
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

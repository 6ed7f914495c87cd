/** The checker's violations as the commands list them on stderr. */
import type { Violation } from '../constraints/rules.js';

/** Violations listed at most, so a badly broken roster does not flood the terminal. */
const MAX_LISTED = 50;

/** Lists the first violations on stderr. */
export function reportViolations(violations: readonly Violation[]): void {
  const shown = violations.slice(0, MAX_LISTED);
  for (const violation of shown) {
    const who = [violation.carerId, violation.visitKey].filter(Boolean).join(' ');
    process.stderr.write(`  [${violation.rule}] ${who ? `${who}: ` : ''}${violation.message}\n`);
  }
  if (violations.length > shown.length) {
    process.stderr.write(`  ... and ${violations.length - shown.length} more\n`);
  }
}

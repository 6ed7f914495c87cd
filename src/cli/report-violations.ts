/** The checker's violations as the commands list them. */
import type { Violation } from '../constraints/rules.js';

/**
 * Lists `violations` with `write` (stderr for solve, stdout for check), at most `limit` of them
 * and a count of the rest, so a badly broken roster does not flood the terminal.
 */
export function reportViolations(
  write: (text: string) => void,
  violations: readonly Violation[],
  limit = violations.length,
): void {
  const shown = violations.slice(0, limit);
  for (const violation of shown) {
    const who = [violation.carerId, violation.visitKey].filter(Boolean).join(' ');
    write(`  [${violation.rule}] ${who ? `${who}: ` : ''}${violation.message}\n`);
  }
  if (violations.length > shown.length) {
    write(`  ... and ${violations.length - shown.length} more\n`);
  }
}

/**
 * What `check`, `explain`, `export` and `report` read first: the problem, the roster and the
 * travel times to read it on, warning on stderr when the roster was made on other ones.
 */
import type { ExpandedProblem } from '../model/expand.js';
import { expandProblem } from '../model/expand.js';
import type { Problem } from '../model/schema.js';
import type { Roster } from '../model/roster.js';
import type { TravelMatrix } from '../geo/travel-matrix.js';
import { loadProblem, loadRoster } from './input.js';
import type { TravelCommandOptions } from './travel-options.js';
import { travelFromOptions, travelSourceNote } from './travel-options.js';

/** A problem and a roster of it, with the problem expanded and its travel matrix. */
export interface RosterInput {
  readonly problem: Problem;
  readonly roster: Roster;
  readonly expanded: ExpandedProblem;
  readonly travel: TravelMatrix;
}

/**
 * Loads both files (exit 2 on bad input, as `loadProblem` and `loadRoster`), builds the travel
 * the options ask for and prints the note of {@link travelSourceNote} if there is one.
 *
 * @example
 * ```ts
 * const { problem, roster, expanded, travel } = await loadRosterInput(problemPath, rosterPath, options);
 * ```
 */
export async function loadRosterInput(
  problemPath: string,
  rosterPath: string,
  options: TravelCommandOptions,
): Promise<RosterInput> {
  const problem = loadProblem(problemPath);
  const roster = loadRoster(rosterPath);
  const expanded = expandProblem(problem);
  const travel = await travelFromOptions(options, expanded);
  const note = travelSourceNote(roster, travel);
  if (note) process.stderr.write(`${note}\n`);
  return { problem, roster, expanded, travel };
}

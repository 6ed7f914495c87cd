/**
 * The work the service runs on a thread of its own besides solves: a replan, a capacity search,
 * a capacity summary. Each is plain data in and plain data out, so it crosses to a worker thread
 * (or a queue) as it is; {@link runThreadTask} is the thread's whole body.
 */
import { validateRoster } from '../model/roster-schema.js';
import { ProblemValidationError } from '../model/validate.js';
import type { ValidationIssue } from '../model/validate.js';
import type { CarePackageInput, ClientInput } from '../model/schema.js';
import { replan } from '../solver/replan/replan.js';
import { ChangesValidationError } from '../solver/replan/apply-changes.js';
import { findCapacity } from '../solver/capacity/find-capacity.js';
import type { TimeBand } from '../solver/capacity/capacity-summary.js';
import { capacitySummary } from '../solver/capacity/capacity-summary.js';
import { RosterValidationError } from '../model/roster-schema.js';

/** The search budget of a replan task. */
export interface TaskBudget {
  readonly seed?: number;
  readonly timeLimitMs?: number;
  readonly maxIterations?: number;
}

/** What a capacity search is given: the `POST /v1/capacity` body as read. */
export interface CapacityTask {
  readonly problem: unknown;
  readonly roster: unknown;
  readonly package: CarePackageInput;
  readonly client?: ClientInput;
  readonly from?: string;
  readonly seed?: number;
}

/** One task for a thread. */
export type ThreadTask =
  | {
      readonly kind: 'replan';
      readonly problem: unknown;
      readonly previous: unknown;
      readonly changes: unknown;
      readonly budget: TaskBudget;
    }
  | ({ readonly kind: 'capacity' } & CapacityTask)
  | {
      readonly kind: 'capacity-summary';
      readonly problem: unknown;
      readonly roster: unknown;
      readonly bands?: readonly TimeBand[];
    };

/** A task's inputs were not valid: which of them, and every issue with its JSON path. */
export class TaskInputError extends Error {
  constructor(
    message: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(message);
    this.name = 'TaskInputError';
  }
}

/**
 * Runs `task` on this thread. A replan counts its time limit from `startedAt` (when the caller
 * asked), so starting the thread spends the budget too.
 * @throws {TaskInputError} when an input is not valid (validated again here: a thread or a queue
 * worker trusts no one).
 */
export function runThreadTask(task: ThreadTask, signal: AbortSignal, startedAt: number): unknown {
  try {
    switch (task.kind) {
      case 'replan': {
        const { timeLimitMs } = task.budget;
        const result = replan(task.problem, task.previous, task.changes, {
          ...task.budget,
          ...(timeLimitMs === undefined
            ? {}
            : { timeLimitMs: Math.max(1, timeLimitMs - (Date.now() - startedAt)) }),
          signal,
        });
        return {
          roster: result.roster,
          problem: result.problem,
          diff: result.diff,
          notes: result.notes,
        };
      }
      case 'capacity': {
        const { problem: _changed, ...answer } = findCapacity(
          task.problem,
          task.roster,
          task.package,
          {
            ...(task.from === undefined ? {} : { from: task.from }),
            ...(task.client === undefined ? {} : { client: task.client }),
            ...(task.seed === undefined ? {} : { seed: task.seed }),
          },
        );
        return answer;
      }
      case 'capacity-summary': {
        const parsed = validateRoster(task.roster);
        if (!parsed.ok) throw new RosterValidationError(parsed.issues);
        return capacitySummary(task.problem, parsed.roster, {
          ...(task.bands === undefined ? {} : { bands: task.bands }),
        });
      }
    }
  } catch (error) {
    if (error instanceof ProblemValidationError) {
      throw new TaskInputError('the problem is not valid', error.issues);
    }
    if (error instanceof RosterValidationError) {
      throw new TaskInputError('the roster is not valid', error.issues);
    }
    if (error instanceof ChangesValidationError) {
      throw new TaskInputError('the changes are not valid', error.issues);
    }
    throw error;
  }
}

/**
 * solveAsync stopped while its worker is busy with a step that does not see the stop: it answers
 * with the latest roster the worker posted (every visit not reached, or the best so far) once the
 * grace for the worker's own answer is over, checker-clean and with every visit placed or listed.
 * The stalls are made by a worker that goes silent on purpose (tests/support); how fast a real
 * worker answers is measured in `npm run bench:async`, not here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Roster, SolveProgress } from '../src/index.js';
import { smallCouncil } from './support/problems.js';
import { checkRoster, expandProblem, NOT_REACHED_RULE, solveAsync } from '../src/index.js';
import { ANSWER_GRACE_MS, StoppedAnswer } from '../src/solver/stopped-answer.js';
import { straightLineTravelMatrix } from '../src/geo/straight-line.js';
import { compileProblem } from '../src/solver/compile.js';
import type { EngineSolution } from '../src/solver/engine/instance.js';
import { runEngine } from '../src/solver/engine/run.js';
import { violations } from '../src/solver/engine/export.js';

const { council, problem, visits } = smallCouncil();

/** The worker of tests/support that goes silent at `stall`. */
const stalling = (stall: 'answer' | 'compile') =>
  new URL(`./support/stalling-solve-worker.ts?stall=${stall}`, import.meta.url);

/** Checker-clean, and every visit placed or listed unplaced with at least one reason. */
function expectComplete(roster: Roster): void {
  expect(checkRoster(problem, roster)).toEqual([]);
  const placed = new Set(roster.routes.flatMap((r) => r.stops.map((s) => s.visitKey)));
  for (const entry of roster.unplaced) expect(entry.reasons.length).toBeGreaterThan(0);
  expect(placed.size + roster.unplaced.length).toBe(visits);
  expect(new Set([...placed, ...roster.unplaced.map((u) => u.visitKey)]).size).toBe(visits);
}

const placedCount = (roster: Roster) => roster.routes.reduce((n, r) => n + r.stops.length, 0);

describe('solveAsync with a worker that does not answer its stop', () => {
  it("answers an abort during the search with the worker's latest roster of the best so far", async () => {
    const controller = new AbortController();
    const onProgress = (progress: SolveProgress) => {
      // The first report of the packing round comes after its construction, whose roster the
      // worker has posted by then.
      if (progress.phase === 'pack') controller.abort();
    };
    const roster = await solveAsync(council, {
      seed: 1,
      timeLimitMs: 60_000,
      signal: controller.signal,
      onProgress,
      workerUrl: stalling('answer'),
    });
    expect(roster.stats?.stoppedBy).toBe('aborted');
    expect(placedCount(roster)).toBeGreaterThan(0);
    expectComplete(roster);
  });

  it('answers an abort while the worker compiles with every visit not reached', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const roster = await solveAsync(council, {
      timeLimitMs: 60_000,
      signal: controller.signal,
      workerUrl: stalling('compile'),
    });
    expect(roster.stats?.stoppedBy).toBe('aborted');
    expect(placedCount(roster)).toBe(0);
    expect(roster.unplaced.every((u) => u.reasons.every((r) => r.rule === NOT_REACHED_RULE))).toBe(
      true,
    );
    expectComplete(roster);
  });

  it('answers at the time limit while the worker compiles', async () => {
    const roster = await solveAsync(council, { timeLimitMs: 500, workerUrl: stalling('compile') });
    expect(roster.stats?.stoppedBy).toBe('time-limit');
    expectComplete(roster);
  });
});

describe('StoppedAnswer', () => {
  afterEach(() => vi.useRealTimers());

  const make = () => {
    const answers: string[] = [];
    const answer = new StoppedAnswer<string>(
      (value) => answers.push(value),
      (standIn, why) => `${standIn} (${why})`,
    );
    return { answer, answers };
  };

  it('answers an abort before the search at once, or with the first roster to arrive', () => {
    const early = make();
    early.answer.stop('aborted');
    expect(early.answers).toEqual([]);
    early.answer.hold('none reached');
    expect(early.answers).toEqual(['none reached (aborted)']);

    const held = make();
    held.answer.hold('none reached');
    held.answer.stop('aborted');
    expect(held.answers).toEqual(['none reached (aborted)']);
  });

  it('gives a worker that has read the problem the grace to answer its time limit itself', () => {
    vi.useFakeTimers();
    const early = make();
    early.answer.stop('time-limit');
    expect(early.answers).toEqual([]);
    early.answer.hold('none reached');
    vi.advanceTimersByTime(ANSWER_GRACE_MS - 1);
    expect(early.answers).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(early.answers).toEqual(['none reached (time-limit)']);

    const held = make();
    held.answer.hold('none reached');
    held.answer.stop('time-limit');
    expect(held.answers).toEqual([]);
    vi.advanceTimersByTime(ANSWER_GRACE_MS);
    expect(held.answers).toEqual(['none reached (time-limit)']);
  });

  it('gives a searching worker the grace, then answers with the latest roster held', () => {
    vi.useFakeTimers();
    const { answer, answers } = make();
    answer.hold('none reached');
    answer.workerAnswersStops();
    answer.hold('constructed');
    answer.stop('aborted');
    answer.stop('time-limit');
    vi.advanceTimersByTime(ANSWER_GRACE_MS - 1);
    expect(answers).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(answers).toEqual(['constructed (aborted)']);
    answer.dispose();
  });

  it('after the grace with nothing held, answers with the first roster to arrive', () => {
    vi.useFakeTimers();
    const { answer, answers } = make();
    answer.stop('aborted');
    answer.workerAnswersStops();
    vi.advanceTimersByTime(ANSWER_GRACE_MS);
    expect(answers).toEqual([]);
    answer.hold('late');
    expect(answers).toEqual(['late (aborted)']);
  });

  it('never answers a call that was not stopped', () => {
    vi.useFakeTimers();
    const { answer, answers } = make();
    answer.hold('none reached');
    answer.workerAnswersStops();
    answer.hold('best');
    vi.advanceTimersByTime(10 * ANSWER_GRACE_MS);
    expect(answers).toEqual([]);
  });
});

describe('copies of the construction so far', () => {
  it('are feasible, place more as it goes, and leave the engine result unchanged', () => {
    const expanded = expandProblem(problem);
    const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
    const { instance } = compileProblem(expanded, travel);
    const options = { seed: 2, maxIterations: 30 };
    const copies: EngineSolution[] = [];
    const watched = runEngine(instance, {
      ...options,
      onConstructing: (soFar) => copies.push(soFar()),
    });
    expect(copies.length).toBeGreaterThan(1);
    const placed = copies.map((copy) => instance.nTasks - copy.unplaced.length);
    for (const copy of copies) expect(violations(instance, copy)).toEqual([]);
    for (let i = 1; i < placed.length; i++)
      expect(placed[i]).toBeGreaterThanOrEqual(placed[i - 1]!);
    expect(placed.at(-1)).toBeGreaterThan(placed[0]!);
    expect(watched).toEqual(runEngine(instance, options));
  });
});

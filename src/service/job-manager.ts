/**
 * Jobs (solves and replans): a bounded queue in front of a bounded number of running searches,
 * each job owned by the client that started it and readable until its result is evicted. Direct
 * requests that search (capacity) take a running slot for as long as they run.
 *
 * Running a job is one swappable function per kind (`JobRunners`, in `job-runners.ts`): by
 * default on a worker thread of this process; the Redis queue (`queueRunners`) can take their
 * place without the routes or the job states changing.
 */
import { randomUUID } from 'node:crypto';
import type { Roster } from '../model/roster.js';
import type { Problem } from '../model/schema.js';
import type { SolveProgress } from '../solver/solve.js';
import type { RosterDiff } from '../solver/replan/diff.js';
import type { ReplanNote } from '../solver/replan/replan.js';
import { ProblemValidationError } from '../model/validate.js';
import type { ValidationIssue } from '../model/validate.js';
import { ServiceError } from './errors.js';
import type { ServiceLimits } from './limits.js';
import type {
  JobBudget,
  JobRunners,
  ReplanInput,
  ReplanOutcome,
  RunOptions,
} from './job-runners.js';
import { StoppedBeforeStartError, THREAD_RUNNERS } from './job-runners.js';
import { TaskInputError } from './thread-task.js';

/** Where a job is in its life. */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'stopped';

/** The kinds of job. */
export type JobKind = 'solve' | 'replan';

/** What a client sees of a job. */
export interface JobView {
  /** A random UUID: ids cannot be guessed from others. */
  readonly id: string;
  readonly kind: JobKind;
  readonly status: JobStatus;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** The latest progress report of the search (while running: the only result there is yet). */
  readonly progress: SolveProgress | null;
  /** The roster, once the job is done or stopped (the best found by then); null before. */
  readonly roster: Roster | null;
  /** A replan's changes to the roster before, once it has a roster; null before and for solves. */
  readonly diff: RosterDiff | null;
  /** A replan's notes on stops that could not stay as they were; null before and for solves. */
  readonly notes: readonly ReplanNote[] | null;
  /** A replan's problem as changed, which its roster is for; null before and for solves. */
  readonly problem: Problem | null;
  /** Why a failed job failed. */
  readonly error: { readonly message: string; readonly issues?: readonly ValidationIssue[] } | null;
}

/** What a job's listeners hear: each progress report, then its end. */
export type JobEvent =
  | { readonly kind: 'progress'; readonly progress: SolveProgress }
  | { readonly kind: 'done'; readonly job: JobView };

/** What a job runs: its runner applied to its input. */
type Work = (
  options: RunOptions,
) => Promise<Omit<ReplanOutcome, 'problem' | 'diff' | 'notes'> & Partial<ReplanOutcome>>;

interface Job {
  readonly id: string;
  readonly kind: JobKind;
  readonly owner: string;
  readonly createdAt: Date;
  readonly budget: JobBudget;
  /** Dropped once the job starts, so a finished job holds only its result. */
  work: Work | undefined;
  status: JobStatus;
  startedAt: Date | null;
  finishedAt: Date | null;
  progress: SolveProgress | null;
  roster: Roster | null;
  replan: Omit<ReplanOutcome, 'roster'> | null;
  error: JobView['error'];
  readonly controller: AbortController;
  readonly listeners: Set<(event: JobEvent) => void>;
  readonly finished: Promise<void>;
  markFinished: () => void;
  evictTimer?: NodeJS.Timeout;
}

const FINISHED: ReadonlySet<JobStatus> = new Set(['done', 'failed', 'stopped']);

/** The job queue and its running solves. */
export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  /** Running jobs, and a token for each direct request holding a slot. */
  private readonly running = new Set<object>();
  /** Finished jobs in the order they finished, oldest first, for eviction. */
  private readonly finishedOrder = new Set<Job>();
  private closing = false;

  constructor(
    private readonly limits: ServiceLimits,
    private readonly runners: JobRunners = THREAD_RUNNERS,
  ) {}

  /**
   * Queues a solve of an already validated problem and starts it when a slot is free.
   * @throws {ServiceError} 429 when the queue is full, 503 when the service is closing.
   */
  submit(owner: string, problem: unknown, budget: JobBudget): JobView {
    const solve = this.runners.solve;
    return this.enqueue(owner, 'solve', budget, async (options) => ({
      roster: await solve(problem, options),
    }));
  }

  /**
   * Queues a replan of already validated inputs and starts it when a slot is free.
   * @throws {ServiceError} 429 when the queue is full, 503 when the service is closing.
   */
  submitReplan(owner: string, input: ReplanInput, budget: JobBudget): JobView {
    const replan = this.runners.replan;
    return this.enqueue(owner, 'replan', budget, (options) => replan(input, options));
  }

  /**
   * Runs `task` now in a running slot of its own, for a request answered directly.
   * @throws {ServiceError} 429 when every slot is taken or jobs are waiting for one, 503 when
   * the service is closing.
   */
  async runDirect<T>(task: () => Promise<T>): Promise<T> {
    if (this.closing) throw new ServiceError(503, 'closing', 'the service is shutting down');
    if (this.running.size >= this.limits.maxRunningJobs || this.queue.length > 0) {
      throw new ServiceError(
        429,
        'busy',
        `all ${this.limits.maxRunningJobs} running slots are taken; try again later`,
      );
    }
    const slot = {};
    this.running.add(slot);
    try {
      return await task();
    } finally {
      this.running.delete(slot);
      this.startQueued();
    }
  }

  private enqueue(owner: string, kind: JobKind, budget: JobBudget, work: Work): JobView {
    if (this.closing) throw new ServiceError(503, 'closing', 'the service is shutting down');
    if (this.running.size >= this.limits.maxRunningJobs) {
      if (this.queue.length >= this.limits.maxQueuedJobs) {
        throw new ServiceError(
          429,
          'queue-full',
          `${this.queue.length} jobs are already waiting (the limit); try again later`,
        );
      }
    }
    let markFinished = () => {};
    const finished = new Promise<void>((resolve) => (markFinished = resolve));
    const job: Job = {
      id: randomUUID(),
      kind,
      owner,
      createdAt: new Date(),
      budget,
      work,
      status: 'queued',
      startedAt: null,
      finishedAt: null,
      progress: null,
      roster: null,
      replan: null,
      error: null,
      controller: new AbortController(),
      listeners: new Set(),
      finished,
      markFinished,
    };
    this.jobs.set(job.id, job);
    this.queue.push(job);
    this.startQueued();
    return view(job);
  }

  /**
   * A job of `owner`.
   * @throws {ServiceError} 404 when there is none with this id, or it belongs to another client.
   */
  get(owner: string, id: string): JobView {
    return view(this.find(owner, id));
  }

  /**
   * Stops a job: a queued one never runs; a running one is aborted and keeps its best roster.
   * Resolves with the job once it has finished.
   */
  async stop(owner: string, id: string): Promise<JobView> {
    const job = this.find(owner, id);
    this.abort(job);
    await job.finished;
    return view(job);
  }

  /**
   * The job once it has finished, or as it is after `waitMs`, whichever comes first (long
   * polling: a poller is answered as soon as the job ends, also when the service closes).
   */
  async wait(owner: string, id: string, waitMs: number): Promise<JobView> {
    const job = this.find(owner, id);
    if (waitMs > 0 && !FINISHED.has(job.status)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        job.finished,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))),
      ]);
      clearTimeout(timer);
    }
    return view(job);
  }

  /**
   * Calls `listener` with each progress report of a job and once with its end (at once when
   * it has already finished). Returns the function that stops listening.
   */
  subscribe(owner: string, id: string, listener: (event: JobEvent) => void): () => void {
    const job = this.find(owner, id);
    if (FINISHED.has(job.status)) {
      listener({ kind: 'done', job: view(job) });
      return () => {};
    }
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  /** How many jobs are running, queued and kept finished. */
  counts(): { running: number; queued: number; finished: number } {
    return {
      running: this.running.size,
      queued: this.queue.length,
      finished: this.finishedOrder.size,
    };
  }

  /**
   * Refuses new jobs, stops every queued and running one (each keeps its best roster, its
   * pollers and listeners are answered) and resolves when all have finished.
   */
  async close(): Promise<void> {
    this.closing = true;
    const open = [...this.jobs.values()].filter((job) => !FINISHED.has(job.status));
    for (const job of open) this.abort(job);
    await Promise.all(open.map((job) => job.finished));
    for (const job of this.jobs.values()) clearTimeout(job.evictTimer);
  }

  private find(owner: string, id: string): Job {
    const job = this.jobs.get(id);
    // Another client's job answers exactly as a missing one: its existence is not disclosed.
    if (!job || job.owner !== owner) {
      throw new ServiceError(404, 'not-found', `there is no job ${JSON.stringify(id)}`);
    }
    return job;
  }

  private abort(job: Job): void {
    if (job.status === 'queued') {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.finish(job, 'stopped');
    } else if (job.status === 'running') {
      job.controller.abort();
    }
  }

  private startQueued(): void {
    while (this.running.size < this.limits.maxRunningJobs && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running.add(job);
      void this.run(job);
    }
  }

  private async run(job: Job): Promise<void> {
    job.status = 'running';
    job.startedAt = new Date();
    const work = job.work!;
    job.work = undefined;
    try {
      const { roster, problem, diff, notes } = await work({
        ...job.budget,
        signal: job.controller.signal,
        onProgress: (progress) => {
          job.progress = progress;
          for (const listener of job.listeners) listener({ kind: 'progress', progress });
        },
      });
      job.roster = roster;
      if (problem && diff && notes) job.replan = { problem, diff, notes };
      this.finish(job, job.controller.signal.aborted ? 'stopped' : 'done');
    } catch (error) {
      if (error instanceof StoppedBeforeStartError) {
        this.finish(job, 'stopped');
        return;
      }
      job.error =
        error instanceof ProblemValidationError
          ? { message: 'the problem is not valid', issues: error.issues }
          : error instanceof TaskInputError
            ? { message: error.message, issues: error.issues }
            : { message: `the ${job.kind} failed: ${(error as Error).message.split('\n')[0]}` };
      this.finish(job, 'failed');
    } finally {
      this.running.delete(job);
      this.startQueued();
    }
  }

  private finish(job: Job, status: JobStatus): void {
    job.status = status;
    job.finishedAt = new Date();
    const done = view(job);
    for (const listener of job.listeners) listener({ kind: 'done', job: done });
    job.listeners.clear();
    job.markFinished();
    this.finishedOrder.add(job);
    job.evictTimer = setTimeout(() => this.evict(job), this.limits.resultTtlMs);
    job.evictTimer.unref();
    while (this.finishedOrder.size > this.limits.maxFinishedJobs) {
      this.evict(this.finishedOrder.values().next().value!);
    }
  }

  private evict(job: Job): void {
    clearTimeout(job.evictTimer);
    this.finishedOrder.delete(job);
    this.jobs.delete(job.id);
  }
}

function view(job: Job): JobView {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    progress: job.progress,
    roster: job.roster,
    diff: job.replan?.diff ?? null,
    notes: job.replan?.notes ?? null,
    problem: job.replan?.problem ?? null,
    error: job.error,
  };
}

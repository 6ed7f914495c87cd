/**
 * solveByNeighbourhood on a BullMQ queue in a real redis-server, served by `care-roster worker`
 * processes: the same roster as on worker threads with 1 or 3 workers, and a worker killed in
 * the middle of a job has that job solved by another, the roster still checker-clean.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, QueueEvents } from 'bullmq';
import { checkRoster } from '../src/constraints/check-roster.js';
import { generateCouncil } from '../src/generate/council.js';
import { parseProblem } from '../src/model/validate.js';
import { NOT_REACHED_RULE } from '../src/constraints/eligibility.js';
import type { NeighbourhoodRoster } from '../src/solver/parallel/solve-by-neighbourhood.js';
import { solveByNeighbourhood } from '../src/solver/parallel/solve-by-neighbourhood.js';
import { redisClient, redisConnection } from '../src/queue/connection.js';
import { queueExecutor } from '../src/queue/queue-executor.js';
import type { Started } from './support/redis.js';
import { startQueueWorker, startRedis } from './support/redis.js';

const problem = parseProblem(generateCouncil({ seed: 11, clients: 120, days: 1 }));
const OPTIONS = { seed: 5, maxIterations: 40, targetPeople: 40 };
/** Short locks, so a killed worker's job is taken again within about a second. */
const FAST_STALL = ['--lock-duration', '1000', '--stalled-interval', '500'];

let redis: Started & { url: string };
const workers: Started[] = [];

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
  await redis?.stop();
});

const same = (roster: NeighbourhoodRoster) => ({
  routes: roster.routes,
  unplaced: roster.unplaced,
  kpis: roster.kpis,
  areas: roster.areas,
  cost: roster.stats?.cost,
});

describe('solveByNeighbourhood on a Redis queue', () => {
  it('gives the threads roster with 1 worker process and with 3', async () => {
    const threads = await solveByNeighbourhood(problem, { ...OPTIONS, threads: 2 });
    expect(threads.areas.length).toBeGreaterThanOrEqual(3);
    expect(checkRoster(problem, threads)).toEqual([]);
    const connection = redisConnection(redis.url);

    workers.push(await startQueueWorker(redis.url, ['--queue', 'same']));
    const one = await solveByNeighbourhood(problem, {
      ...OPTIONS,
      executor: queueExecutor({ connection, queueName: 'same' }),
    });
    expect(same(one)).toEqual(same(threads));

    workers.push(
      ...(await Promise.all([
        startQueueWorker(redis.url, ['--queue', 'same']),
        startQueueWorker(redis.url, ['--queue', 'same']),
      ])),
    );
    const three = await solveByNeighbourhood(problem, {
      ...OPTIONS,
      executor: queueExecutor({ connection, queueName: 'same', lanes: 3 }),
    });
    expect(same(three)).toEqual(same(threads));
    expect(checkRoster(problem, three)).toEqual([]);
  }, 60_000);

  it('retries the job of a worker killed mid-job on another worker', async () => {
    const connection = redisConnection(redis.url);
    const queueName = 'killed';
    const doomed = await startQueueWorker(redis.url, ['--queue', queueName, ...FAST_STALL]);
    workers.push(doomed);
    const eventsClient = redisClient(connection);
    const events = new QueueEvents(queueName, { connection: eventsClient });
    await events.waitUntilReady();
    const firstActive = new Promise<string>((resolve) =>
      events.once('active', ({ jobId }) => resolve(jobId)),
    );
    const solving = solveByNeighbourhood(problem, {
      ...OPTIONS,
      executor: queueExecutor({ connection, queueName, lanes: 1 }),
    });
    const killedJob = await firstActive;
    // The whole process group: the worker and the child solving the job, as a machine dying.
    await doomed.stop('SIGKILL');
    const stalled = new Promise<string>((resolve) =>
      events.once('stalled', ({ jobId }) => resolve(jobId)),
    );
    workers.push(await startQueueWorker(redis.url, ['--queue', queueName, ...FAST_STALL]));
    expect(await stalled).toBe(killedJob);
    const roster = await solving;
    expect(checkRoster(problem, roster)).toEqual([]);
    const threads = await solveByNeighbourhood(problem, { ...OPTIONS, threads: 0 });
    expect(same(roster)).toEqual(same(threads));
    const queueClient = redisClient(connection);
    const queue = new Queue(queueName, { connection: queueClient });
    const retried = await queue.getJob(killedJob);
    expect(retried?.finishedOn).toBeDefined();
    await Promise.all([queue.close(), events.close()]);
    await Promise.all([queueClient.quit(), eventsClient.quit()]);
  }, 60_000);

  it('hands out nothing once aborted and lists every visit as not reached', async () => {
    const controller = new AbortController();
    controller.abort();
    const roster = await solveByNeighbourhood(problem, {
      ...OPTIONS,
      signal: controller.signal,
      executor: queueExecutor({ connection: redisConnection(redis.url), queueName: 'none' }),
    });
    expect(roster.stats?.stoppedBy).toBe('aborted');
    expect(roster.routes).toEqual([]);
    expect(roster.unplaced.length).toBeGreaterThan(0);
    for (const visit of roster.unplaced) expect(visit.reasons[0]?.rule).toBe(NOT_REACHED_RULE);
    expect(checkRoster(problem, roster)).toEqual([]);
  });
});

describe('queueExecutor without a Redis', () => {
  it('fails within its connect timeout, naming the Redis and the cause', async () => {
    const started = Date.now();
    const error = await solveByNeighbourhood(problem, {
      ...OPTIONS,
      executor: queueExecutor({
        connection: redisConnection('redis://127.0.0.1:1'),
        connectTimeoutMs: 300,
      }),
    }).then(
      () => undefined,
      (reason: unknown) => reason as Error,
    );
    expect(error?.message).toMatch(
      /cannot reach Redis at 127\.0\.0\.1:1 within 300 ms \(.*ECONNREFUSED/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('care-roster worker', () => {
  it('exits 2 and says what is allowed for a URL that is not Redis', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/bin.ts', 'worker', '--redis', 'http://127.0.0.1:6379'],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('must start with redis:// or rediss://');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

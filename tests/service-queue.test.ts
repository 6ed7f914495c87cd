/**
 * care-roster serve handing its jobs to the Redis queue: a real redis-server on 127.0.0.1 and
 * `care-roster worker` processes, all started and stopped here. A job served through the queue
 * gives the roster it gives in-process for the same seed and iterations; progress, DELETE (the
 * best roster so far) and shutdown work through the queue; every roster is checker-clean.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { JobView, Roster } from '../src/index.js';
import { checkRoster, createServer, solve } from '../src/index.js';
import { redisConnection } from '../src/queue/connection.js';
import type { QueueRunners } from '../src/queue/queue-runners.js';
import { queueRunners } from '../src/queue/queue-runners.js';
import { smallProblem } from './support/problems.js';
import type { Started } from './support/redis.js';
import { startQueueWorker, startRedis } from './support/redis.js';
import { DATE, town, townRoster } from './support/replan-town.js';
import { expectChecked } from './support/service.js';

const root = resolve(import.meta.dirname, '..');
/** The queue the worker serves; `idle` is one no worker serves. */
const SERVED = 'served';

let redis: Started & { url: string };
let worker: Started;

beforeAll(async () => {
  redis = await startRedis();
  worker = await startQueueWorker(redis.url, ['--jobs-queue', SERVED, '--concurrency', '2']);
}, 30_000);

afterAll(async () => {
  await worker?.stop('SIGKILL');
  await redis?.stop();
});

const withoutTiming = ({ stats, ...rest }: Roster) => ({ ...rest, iterations: stats?.iterations });

/** A server whose jobs go to `queueName`, and its runners. */
async function queued(queueName: string): Promise<{ app: FastifyInstance; runners: QueueRunners }> {
  const runners = queueRunners({ connection: redisConnection(redis.url), queueName });
  await runners.ready();
  return { app: createServer({ runners }), runners };
}

async function finish(app: FastifyInstance, runners: QueueRunners): Promise<void> {
  await app.close();
  await runners.close();
}

const post = (app: FastifyInstance, url: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url, payload }).then((answer) => answer.json<JobView>());

const BOB_OFF = {
  now: `${DATE}T07:00`,
  changes: [
    { type: 'carer-unavailable', carerId: 'bob', from: `${DATE}T08:00`, to: `${DATE}T23:59` },
  ],
};

describe('care-roster serve on a Redis queue', () => {
  it('gives the in-process roster for a solve and a replan with the same seed and iterations', async () => {
    const { app, runners } = await queued(SERVED);
    const local = createServer();
    try {
      const problem = smallProblem();
      const solveBody = { problem, options: { seed: 3, maxIterations: 300 } };
      const replanBody = {
        problem: town(),
        roster: townRoster(),
        changes: BOB_OFF,
        options: { seed: 4, maxIterations: 200 },
      };
      const [solveJob, replanJob, localSolve, localReplan] = await Promise.all([
        post(app, '/v1/solve', solveBody),
        post(app, '/v1/replan', replanBody),
        post(local, '/v1/solve', solveBody),
        post(local, '/v1/replan', replanBody),
      ]);
      const done = async (server: FastifyInstance, id: string) =>
        (await server.inject({ url: `/v1/jobs/${id}?wait=30` })).json<JobView>();
      const [viaQueue, replanned, inProcess, replannedHere] = await Promise.all([
        done(app, solveJob.id),
        done(app, replanJob.id),
        done(local, localSolve.id),
        done(local, localReplan.id),
      ]);
      expect(viaQueue.status).toBe('done');
      expectChecked(problem, viaQueue.roster);
      expect(withoutTiming(viaQueue.roster)).toEqual(withoutTiming(inProcess.roster!));
      expect(withoutTiming(viaQueue.roster)).toEqual(
        withoutTiming(solve(problem, { seed: 3, maxIterations: 300 })),
      );
      expect(replanned.status).toBe('done');
      expect(checkRoster(replanned.problem!, replanned.roster!)).toEqual([]);
      expect(withoutTiming(replanned.roster!)).toEqual(withoutTiming(replannedHere.roster!));
      expect(replanned.diff).toEqual(replannedHere.diff);
    } finally {
      await local.close();
      await finish(app, runners);
    }
  }, 60_000);

  it('shows progress from the worker and stops on DELETE with the best roster so far', async () => {
    const { app, runners } = await queued(SERVED);
    try {
      const problem = smallProblem();
      const { id } = await post(app, '/v1/solve', { problem, options: { timeLimitMs: 30_000 } });
      let running: JobView;
      do {
        await new Promise((done) => setTimeout(done, 100));
        running = (await app.inject({ url: `/v1/jobs/${id}` })).json<JobView>();
      } while (running.progress === null);
      expect(running.status).toBe('running');
      expect(running.progress.iteration).toBeGreaterThanOrEqual(0);
      const stopped = (
        await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}` })
      ).json<JobView>();
      expect(stopped.status).toBe('stopped');
      expectChecked(problem, stopped.roster);
      expect(stopped.roster.stats?.stoppedBy).toBe('aborted');
    } finally {
      await finish(app, runners);
    }
  }, 60_000);

  it('takes a job no worker has reached off the queue on DELETE: stopped, with no roster', async () => {
    const { app, runners } = await queued('idle');
    try {
      const { id } = await post(app, '/v1/solve', { problem: smallProblem() });
      const stopped = (
        await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}` })
      ).json<JobView>();
      expect(stopped.status).toBe('stopped');
      expect(stopped.roster).toBeNull();
      expect(stopped.error).toBeNull();
    } finally {
      await finish(app, runners);
    }
  });

  it('fails ready() within its connect timeout, naming the Redis and the cause', async () => {
    const runners = queueRunners({
      connection: redisConnection('redis://127.0.0.1:1'),
      connectTimeoutMs: 300,
    });
    await expect(runners.ready()).rejects.toThrow(
      /cannot reach Redis at 127\.0\.0\.1:1 within 300 ms \(.*ECONNREFUSED/,
    );
    await runners.close();
  });
});

describe('care-roster serve --redis (command)', () => {
  it('hands its jobs to the queue and on SIGTERM answers a poller with the best roster', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/bin.ts',
        'serve',
        '--port',
        '0',
        '--redis',
        redis.url,
        '--jobs-queue',
        SERVED,
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const base = await new Promise<string>((done, fail) => {
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+) .*, jobs on queue served/.exec(
          stderr,
        );
        if (match) done(match[1]!);
      });
      child.on('exit', () => fail(new Error(`serve exited: ${stderr}`)));
    });
    const problem = smallProblem();
    const start = (options: unknown) =>
      fetch(`${base}/v1/solve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ problem, options }),
      }).then((answer) => answer.json() as Promise<JobView>);
    const long = await start({ timeLimitMs: 60_000 });
    const poll = fetch(`${base}/v1/jobs/${long.id}?wait=60`).then(
      (answer) => answer.json() as Promise<JobView>,
    );
    await new Promise((wait) => setTimeout(wait, 1_500));
    child.kill('SIGTERM');
    const job = await poll;
    expect(job.status).toBe('stopped');
    expectChecked(problem, job.roster);
    expect(await exited).toBe(0);
  }, 60_000);
});

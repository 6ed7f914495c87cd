import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ErrorBody, JobView, SolveRunner } from '../src/index.js';
import { createServer, solve } from '../src/index.js';
import { errorBody } from '../src/service/errors.js';
import { smallProblem } from './support/problems.js';
import { expectChecked } from './support/service.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A runner on this thread: the job manager's solve step swapped, as a queue executor would. */
const inline: SolveRunner = async (problem, options) =>
  solve(problem, { seed: options.seed, maxIterations: options.maxIterations ?? 50 });

const TOKEN_A = 'token-of-agency-a-0001';
const TOKEN_B = 'token-of-agency-b-0002';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** An answer is an error body with these fields and nothing that looks like a stack. */
function expectError(response: { statusCode: number; body: string }, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  expect(response.body).not.toMatch(/\n\s+at |node_modules|\.ts:\d/);
  const body = JSON.parse(response.body) as ErrorBody;
  expect(body.error).toMatchObject({ status, code });
  return body.error;
}

describe('care-roster serve: bad requests', () => {
  it('answers 400 with every issue and its JSON path from the body root', async () => {
    app = createServer({ runners: { solve: inline }, limits: { maxTimeLimitMs: 5_000 } });
    const problem = smallProblem() as unknown as { carers: Record<string, unknown>[] };
    problem.carers[0]!.home = 'leeds';
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/solve',
      payload: { problem, options: { timeLimitMs: 9_000 } },
    });
    const error = expectError(answer, 400, 'invalid-body');
    const paths = error.issues!.map((issue) => issue.path);
    expect(paths).toContain('$.problem.carers[0].home');
    expect(paths).toContain('$.options.timeLimitMs');
    expect(error.issues!.find((i) => i.path === '$.options.timeLimitMs')!.message).toContain(
      'at most 5000',
    );

    const wrongTypes = await app.inject({
      method: 'POST',
      url: '/v1/solve',
      payload: { problem: smallProblem(), options: { seed: 'one' }, extra: 1 },
    });
    const wrong = expectError(wrongTypes, 400, 'invalid-body').issues!.map((issue) => issue.path);
    expect(wrong).toEqual(expect.arrayContaining(['$.options.seed', '$.extra']));

    const missing = await app.inject({ method: 'POST', url: '/v1/check', payload: {} });
    expect(expectError(missing, 400, 'invalid-body').issues!.map((i) => i.path)).toEqual([
      '$.problem',
      '$.roster',
    ]);
    const notObject = await app.inject({ method: 'POST', url: '/v1/explain', payload: [1, 2] });
    expect(expectError(notObject, 400, 'invalid-body').issues![0]!.path).toBe('$');
  });

  it('answers malformed JSON with 400, an unknown media type with 415, a bad wait with 400', async () => {
    app = createServer({ runners: { solve: inline } });
    const malformed = await app.inject({
      method: 'POST',
      url: '/v1/check',
      headers: { 'content-type': 'application/json' },
      payload: '{"problem": {',
    });
    expectError(malformed, 400, 'invalid-json');
    const poisoned = await app.inject({
      method: 'POST',
      url: '/v1/check',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__": {"polluted": true}}',
    });
    expect(poisoned.statusCode).toBe(400);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    const text = await app.inject({
      method: 'POST',
      url: '/v1/check',
      headers: { 'content-type': 'application/xml' },
      payload: '<problem/>',
    });
    expectError(text, 415, 'unsupported-media-type');
    const job = (
      await app.inject({ method: 'POST', url: '/v1/solve', payload: { problem: smallProblem() } })
    ).json<JobView>();
    const wait = await app.inject({ url: `/v1/jobs/${job.id}?wait=soon` });
    expect(expectError(wait, 400, 'invalid-query').issues![0]!.path).toBe('$.query.wait');
  });

  it('answers a body over the limit with 413', async () => {
    app = createServer({ runners: { solve: inline }, limits: { maxBodyBytes: 500 } });
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/solve',
      payload: { problem: smallProblem() },
    });
    expectError(answer, 413, 'body-too-large');
  });

  it('never shows an internal error, only that there was one', () => {
    const body = errorBody(new Error('ENOENT /srv/secret/path.ts:12'));
    expect(body).toEqual({ error: { status: 500, code: 'internal', message: 'internal error' } });
  });
});

describe('care-roster serve: authentication', () => {
  it('answers 401 without a valid token, and nothing about jobs', async () => {
    app = createServer({ runners: { solve: inline }, tokens: [TOKEN_A] });
    const job = (
      await app.inject({
        method: 'POST',
        url: '/v1/solve',
        headers: bearer(TOKEN_A),
        payload: { problem: smallProblem() },
      })
    ).json<JobView>();
    for (const headers of [{}, bearer('not-a-token-at-all-xx'), { authorization: TOKEN_A }]) {
      for (const [method, url] of [
        ['GET', `/v1/jobs/${job.id}`],
        ['GET', `/v1/jobs/${job.id}/events`],
        ['DELETE', `/v1/jobs/${job.id}`],
        ['GET', '/v1/jobs/00000000-0000-4000-8000-000000000000'],
        ['POST', '/v1/solve'],
        ['GET', '/no-such-route'],
      ] as const) {
        const answer = await app.inject({ method, url, headers });
        expect(expectError(answer, 401, 'unauthorized').message).not.toContain(job.id);
      }
    }
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    expect(() => createServer({ tokens: ['short'] })).toThrow(/at least 16/);
  });

  it("answers 404 for another token's job, exactly as for a job that does not exist", async () => {
    app = createServer({ runners: { solve: inline }, tokens: [TOKEN_A, TOKEN_B] });
    const problem = smallProblem();
    const job = (
      await app.inject({
        method: 'POST',
        url: '/v1/solve',
        headers: bearer(TOKEN_A),
        payload: { problem },
      })
    ).json<JobView>();
    const mine = await app.inject({ url: `/v1/jobs/${job.id}?wait=10`, headers: bearer(TOKEN_A) });
    expectChecked(problem, mine.json<JobView>().roster);
    for (const [method, url] of [
      ['GET', `/v1/jobs/${job.id}`],
      ['GET', `/v1/jobs/${job.id}/events`],
      ['DELETE', `/v1/jobs/${job.id}`],
    ] as const) {
      const theirs = await app.inject({ method, url, headers: bearer(TOKEN_B) });
      expect(expectError(theirs, 404, 'not-found').message).toBe(
        `there is no job ${JSON.stringify(job.id)}`,
      );
    }
    const still = await app.inject({ url: `/v1/jobs/${job.id}`, headers: bearer(TOKEN_A) });
    expect(still.json<JobView>().status).toBe('done');
  });
});

describe('care-roster serve: job limits', () => {
  it('queues beyond the running limit, answers 429 beyond the queue, and stops a queued job', async () => {
    app = createServer({ limits: { maxRunningJobs: 1, maxQueuedJobs: 1 } });
    const problem = smallProblem();
    const start = () =>
      app!.inject({
        method: 'POST',
        url: '/v1/solve',
        payload: { problem, options: { timeLimitMs: 30_000 } },
      });
    const first = (await start()).json<JobView>();
    const second = (await start()).json<JobView>();
    expect([first.status, second.status]).toEqual(['running', 'queued']);
    const third = await start();
    expectError(third, 429, 'queue-full');
    expect(third.headers['retry-after']).toBeDefined();

    const stoppedQueued = await app.inject({ method: 'DELETE', url: `/v1/jobs/${second.id}` });
    expect(stoppedQueued.json<JobView>()).toMatchObject({ status: 'stopped', roster: null });
    const stoppedRunning = await app.inject({ method: 'DELETE', url: `/v1/jobs/${first.id}` });
    expectChecked(problem, stoppedRunning.json<JobView>().roster);
  });

  it('records a failed solve without its stack', async () => {
    app = createServer({
      runners: {
        solve: () => Promise.reject(new Error('the travel server is down\n    at fetch (x.ts:1)')),
      },
    });
    const job = (
      await app.inject({ method: 'POST', url: '/v1/solve', payload: { problem: smallProblem() } })
    ).json<JobView>();
    const failed = (await app.inject({ url: `/v1/jobs/${job.id}?wait=5` })).json<JobView>();
    expect(failed).toMatchObject({
      status: 'failed',
      roster: null,
      error: { message: 'the solve failed: the travel server is down' },
    });
  });

  it('evicts finished jobs after their time to live, and the oldest beyond the count', async () => {
    app = createServer({
      runners: { solve: inline },
      limits: { resultTtlMs: 300, maxFinishedJobs: 1 },
    });
    const problem = smallProblem();
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const job = (
        await app.inject({ method: 'POST', url: '/v1/solve', payload: { problem } })
      ).json<JobView>();
      await app.inject({ url: `/v1/jobs/${job.id}?wait=10` });
      ids.push(job.id);
    }
    expect((await app.inject({ url: `/v1/jobs/${ids[0]}` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/v1/jobs/${ids[1]}` })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await app.inject({ url: `/v1/jobs/${ids[1]}` })).statusCode).toBe(404);
  });
});

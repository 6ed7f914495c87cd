/**
 * care-roster serve: replan jobs (start, poll, stop with the best so far), capacity answered
 * directly within the running-slot limit, and the changes schema. Every roster served goes
 * through the checker, against the problem as changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CapacitySummary, ErrorBody, JobView, Roster } from '../src/index.js';
import {
  capacitySummary,
  changesJsonSchema,
  checkRoster,
  createServer,
  defaultLimits,
  JobManager,
  findCapacity,
  replan,
  solve,
} from '../src/index.js';
import { smallProblem } from './support/problems.js';
import { DATE, town, townRoster } from './support/replan-town.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Bob is off from 08:00: his visits move to Ann or are listed unplaced. */
const BOB_OFF = {
  now: `${DATE}T07:00`,
  changes: [
    { type: 'carer-unavailable', carerId: 'bob', from: `${DATE}T08:00`, to: `${DATE}T23:59` },
  ],
};

const discharge = {
  id: 'p-e1',
  client: 'e1',
  visits: [
    { id: 'am', days: ['mon'], window: { from: '08:00', to: '08:30' }, durationMinutes: 30 },
  ],
};
const newClient = { id: 'e1', location: { lat: 53.8004, lon: -1.5502 } };

const withoutTiming = ({ stats, ...rest }: Roster) => ({ ...rest, iterations: stats?.iterations });

/** A finished replan job: its roster passes the checker on the problem it is for. */
function expectReplanChecked(job: JobView): asserts job is JobView & { roster: Roster } {
  expect(job.kind).toBe('replan');
  expect(job.roster).not.toBeNull();
  expect(job.problem).not.toBeNull();
  expect(checkRoster(job.problem!, job.roster!)).toEqual([]);
}

describe('care-roster serve: POST /v1/replan', () => {
  it('answers 202, and the job gives the roster and diff of replan for the same seed and iterations', async () => {
    app = createServer();
    const problem = town();
    const previous = townRoster();
    const started = await app.inject({
      method: 'POST',
      url: '/v1/replan',
      payload: {
        problem,
        roster: previous,
        changes: BOB_OFF,
        options: { seed: 4, maxIterations: 200 },
      },
    });
    expect(started.statusCode).toBe(202);
    const { id, kind } = started.json<JobView>();
    expect(kind).toBe('replan');
    expect(started.headers.location).toBe(`/v1/jobs/${id}`);
    const done = (await app.inject({ url: `/v1/jobs/${id}?wait=30` })).json<JobView>();
    expect(done.status).toBe('done');
    expectReplanChecked(done);
    const direct = replan(problem, previous, BOB_OFF, { seed: 4, maxIterations: 200 });
    expect(withoutTiming(done.roster)).toEqual(withoutTiming(direct.roster));
    expect(done.diff).toEqual(direct.diff);
    expect(done.notes).toEqual(direct.notes);
    expect(
      done.diff!.carers.some((carer) => carer.carerId === 'bob' && carer.lost.length > 0),
    ).toBe(true);
  });

  it('stops on DELETE (aborted, long before its 30 s limit), keeping the best roster so far', async () => {
    app = createServer();
    const problem = smallProblem();
    const previous = solve(problem, { maxIterations: 100 });
    const started = await app.inject({
      method: 'POST',
      url: '/v1/replan',
      payload: {
        problem,
        roster: previous,
        changes: {
          changes: [
            {
              type: 'carer-unavailable',
              carerId: 'bob',
              from: `${DATE}T10:00`,
              to: `${DATE}T12:00`,
            },
          ],
        },
        options: { timeLimitMs: 30_000 },
      },
    });
    const { id } = started.json<JobView>();
    let running: JobView;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      running = (await app.inject({ url: `/v1/jobs/${id}` })).json<JobView>();
    } while (running.status !== 'running');
    // Give the thread time to start searching, so the stop lands in the search.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stopped = (await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}` })).json<JobView>();
    expect(stopped.status).toBe('stopped');
    expectReplanChecked(stopped);
    expect(stopped.roster.stats?.stoppedBy).toBe('aborted');
    expect(stopped.diff).not.toBeNull();
  });

  it('answers 400 with JSON paths into the changes, the roster and the options', async () => {
    app = createServer({ limits: { maxTimeLimitMs: 5_000 } });
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/replan',
      payload: {
        problem: town(),
        roster: townRoster(),
        changes: {
          changes: [
            {
              type: 'carer-unavailable',
              carerId: 'zed',
              from: `${DATE}T08:00`,
              to: `${DATE}T09:00`,
            },
            { type: 'visit-cancelled', packageId: 'p-c1', visitId: 'morning', date: '2027-01-01' },
            { type: 'carer-late' },
          ],
        },
        options: { timeLimitMs: 9_000 },
      },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).not.toMatch(/\n\s+at /);
    const paths = answer.json<ErrorBody>().error.issues!.map((issue) => issue.path);
    expect(paths).toContain('$.changes.changes[2].type');
    expect(paths).toContain('$.options.timeLimitMs');

    const references = await app.inject({
      method: 'POST',
      url: '/v1/replan',
      payload: {
        problem: town(),
        roster: townRoster(),
        changes: {
          changes: [
            {
              type: 'carer-unavailable',
              carerId: 'zed',
              from: `${DATE}T08:00`,
              to: `${DATE}T09:00`,
            },
            { type: 'visit-cancelled', packageId: 'p-c1', visitId: 'morning', date: '2027-01-01' },
          ],
        },
      },
    });
    const issues = references.json<ErrorBody>().error.issues!;
    expect(issues.map((issue) => issue.path)).toEqual([
      '$.changes.changes[0].carerId',
      '$.changes.changes[1].date',
    ]);
    expect(issues[0]!.message).toContain('unknown carer "zed"');

    const missing = await app.inject({
      method: 'POST',
      url: '/v1/replan',
      payload: { problem: town(), roster: { routes: 1 } },
    });
    const missingPaths = missing.json<ErrorBody>().error.issues!.map((issue) => issue.path);
    expect(missingPaths).toContain('$.roster.routes');
    expect(missingPaths).toContain('$.changes');
  });
});

describe('care-roster serve: capacity', () => {
  it('answers POST /v1/capacity directly with what findCapacity says', async () => {
    app = createServer();
    const problem = town();
    const roster = townRoster();
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/capacity',
      payload: { problem, roster, package: discharge, client: newClient, options: { from: DATE } },
    });
    expect(answer.statusCode).toBe(200);
    const body = answer.json<Record<string, unknown> & { roster: Roster }>();
    const { problem: changed, ...expected } = findCapacity(problem, roster, discharge as never, {
      from: DATE,
      client: newClient,
    });
    expect(body.fits).toBe(true);
    expect(withoutTiming(body.roster)).toEqual(withoutTiming(expected.roster));
    expect(body.visits).toEqual(expected.visits);
    expect(checkRoster(changed, body.roster)).toEqual([]);
  });

  it('answers POST /v1/capacity/summary with the bands asked for', async () => {
    app = createServer();
    const bands = [
      { from: '07:00', to: '12:00' },
      { from: '12:00', to: '14:00' },
    ];
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/capacity/summary',
      payload: { problem: town(), roster: townRoster(), bands },
    });
    expect(answer.statusCode).toBe(200);
    const summary = answer.json<CapacitySummary>();
    expect(summary).toEqual(capacitySummary(town(), townRoster(), { bands }));
    expect(summary.bands).toEqual(bands);
  });

  it('answers 400 with paths into the package, the client and the options', async () => {
    app = createServer();
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/capacity',
      payload: {
        problem: town(),
        roster: townRoster(),
        package: { ...discharge, client: 'nobody' },
        options: { from: '2030-01-01' },
      },
    });
    expect(answer.statusCode).toBe(400);
    const paths = answer.json<ErrorBody>().error.issues!.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['$.package.client', '$.options.from']));
    const bands = await app.inject({
      method: 'POST',
      url: '/v1/capacity/summary',
      payload: { problem: town(), roster: townRoster(), bands: [{ from: '7am', to: '12:00' }] },
    });
    expect(bands.json<ErrorBody>().error.issues!.map((issue) => issue.path)).toEqual([
      '$.bands[0].from',
    ]);
  });

  it('refuses a direct request with 503 once the job manager is closing', async () => {
    const jobs = new JobManager(defaultLimits());
    const closed = jobs.close();
    await expect(jobs.runDirect(() => Promise.resolve(1))).rejects.toMatchObject({
      status: 503,
      code: 'closing',
    });
    await closed;
  });

  it('answers 429 when every running slot is taken, 503 past the time cap', async () => {
    app = createServer({ limits: { maxRunningJobs: 1, maxTimeLimitMs: 60_000 } });
    const job = await app.inject({
      method: 'POST',
      url: '/v1/solve',
      payload: { problem: smallProblem(), options: { timeLimitMs: 30_000 } },
    });
    const capacity = {
      method: 'POST' as const,
      url: '/v1/capacity',
      payload: { problem: town(), roster: townRoster(), package: discharge, client: newClient },
    };
    const busy = await app.inject(capacity);
    expect(busy.statusCode).toBe(429);
    expect(busy.json<ErrorBody>().error.code).toBe('busy');
    expect(busy.headers['retry-after']).toBeDefined();
    await app.inject({ method: 'DELETE', url: `/v1/jobs/${job.json<JobView>().id}` });
    expect((await app.inject(capacity)).statusCode).toBe(200);
    await app.close();

    // A cap shorter than a capacity search: the thread is ended and the answer says why.
    app = createServer({ limits: { maxTimeLimitMs: 50 } });
    const slow = await app.inject(capacity);
    expect(slow.statusCode).toBe(503);
    expect(slow.json<ErrorBody>().error.code).toBe('time-limit');
  });
});

describe('care-roster serve: GET /v1/schema/changes', () => {
  it('serves the changes schema the library publishes', async () => {
    app = createServer();
    const answer = await app.inject({ url: '/v1/schema/changes' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual(changesJsonSchema());
  });
});

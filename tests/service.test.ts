import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { JobView, Roster } from '../src/index.js';
import { checkRoster, explainRoster, parseProblem, solve } from '../src/index.js';
import { smallProblem } from './support/problems.js';
import { expectChecked, listening, readEvents } from './support/service.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const post = (base: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The roster without its timing, for comparing runs. */
const withoutTiming = ({ stats, ...rest }: Roster) => ({ ...rest, iterations: stats?.iterations });

describe('care-roster serve: jobs', () => {
  it('starts a job, answers 202 with its id, and gives the same roster as solve when done', async () => {
    ({ app } = await listening());
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const problem = smallProblem();
    const started = await post(base, '/v1/solve', {
      problem,
      options: { seed: 3, maxIterations: 300 },
    });
    expect(started.status).toBe(202);
    const job = (await started.json()) as JobView;
    expect(job.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(started.headers.get('location')).toBe(`/v1/jobs/${job.id}`);
    expect(['queued', 'running']).toContain(job.status);
    expect(job.roster).toBeNull();

    const done = (await (await fetch(`${base}/v1/jobs/${job.id}?wait=30`)).json()) as JobView;
    expect(done.status).toBe('done');
    expect(done.finishedAt).not.toBeNull();
    expectChecked(problem, done.roster);
    expect(done.roster.stats?.stoppedBy).toBe('iterations');
    expect(withoutTiming(done.roster)).toEqual(
      withoutTiming(solve(problem, { seed: 3, maxIterations: 300 })),
    );
  });

  it('shows progress while running and stops on DELETE, keeping the best roster', async () => {
    ({ app } = await listening());
    const problem = smallProblem();
    const started = await app.inject({
      method: 'POST',
      url: '/v1/solve',
      payload: { problem, options: { timeLimitMs: 30_000 } },
    });
    const { id } = started.json<JobView>();
    // Poll until the search has reported progress: the figures are what a running job shows.
    let running: JobView;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      running = (await app.inject({ url: `/v1/jobs/${id}` })).json<JobView>();
    } while (running.progress === null);
    expect(running.status).toBe('running');
    expect(running.roster).toBeNull();
    expect(running.progress.iteration).toBeGreaterThanOrEqual(0);

    const before = Date.now();
    const stopped = await app.inject({ method: 'DELETE', url: `/v1/jobs/${id}` });
    expect(Date.now() - before).toBeLessThan(2_000);
    expect(stopped.statusCode).toBe(200);
    const job = stopped.json<JobView>();
    expect(job.status).toBe('stopped');
    expectChecked(problem, job.roster);
    expect(job.roster.stats?.stoppedBy).toBe('aborted');
    // The stopped job stays readable, roster and all.
    const later = (await app.inject({ url: `/v1/jobs/${id}` })).json<JobView>();
    expect(later).toEqual(job);
  });

  it('streams progress as server-sent events to a real HTTP client, then a done event', async () => {
    let base: string;
    ({ app, base } = await listening());
    const problem = smallProblem();
    const started = await post(base, '/v1/solve', { problem, options: { timeLimitMs: 1_500 } });
    const { id } = (await started.json()) as JobView;
    const events = await readEvents(`${base}/v1/jobs/${id}/events`);
    expect(events[0]!.event).toBe('status');
    const progress = events.filter(({ event }) => event === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]!.data).toMatchObject({
      iteration: expect.any(Number),
      bestCost: expect.any(Number),
    });
    const last = events.at(-1)!;
    expect(last.event).toBe('done');
    const job = last.data as JobView;
    expect(job.status).toBe('done');
    expectChecked(problem, job.roster);
    // A stream opened after the end gets the done event at once.
    const again = await readEvents(`${base}/v1/jobs/${id}/events`);
    expect(again.map(({ event }) => event)).toEqual(['status', 'done']);
  });

  it('on close, stops running jobs and answers their pollers and streams with the best roster', async () => {
    let base: string;
    ({ app, base } = await listening());
    const problem = smallProblem();
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const started = await post(base, '/v1/solve', { problem, options: { timeLimitMs: 30_000 } });
      ids.push(((await started.json()) as JobView).id);
    }
    const poll = fetch(`${base}/v1/jobs/${ids[0]}?wait=60`).then(
      (r) => r.json() as Promise<JobView>,
    );
    const stream = readEvents(`${base}/v1/jobs/${ids[1]}/events`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const closing = app.close();
    const [polled, events] = await Promise.all([poll, stream]);
    await closing;
    app = undefined;
    expect(polled.status).toBe('stopped');
    expectChecked(problem, polled.roster);
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect((done.data as JobView).status).toBe('stopped');
    expectChecked(problem, (done.data as JobView).roster);
  });

  it('refuses new jobs with 503 while closing', async () => {
    ({ app } = await listening());
    const problem = smallProblem();
    await app.inject({
      method: 'POST',
      url: '/v1/solve',
      payload: { problem, options: { timeLimitMs: 30_000 } },
    });
    const closing = app.close();
    const refused = await app.inject({ method: 'POST', url: '/v1/solve', payload: { problem } });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    await closing;
    app = undefined;
  });
});

describe('care-roster serve: check and explain', () => {
  it('checks a roster and lists its violations, as checkRoster does', async () => {
    ({ app } = await listening());
    const problem = smallProblem();
    const roster = solve(problem, { maxIterations: 100 });
    const clean = await app.inject({
      method: 'POST',
      url: '/v1/check',
      payload: { problem, roster },
    });
    expect(clean.statusCode).toBe(200);
    expect(clean.json()).toEqual({ violations: [] });

    // Drop every unplaced entry and a route's stops: the coverage rule must report the visits.
    const broken = JSON.parse(JSON.stringify(roster)) as Roster;
    const withStops = broken.routes.find((route) => route.stops.length > 0)!;
    (withStops as unknown as { stops: unknown[] }).stops = [];
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/check',
      payload: { problem, roster: broken },
    });
    expect(answer.statusCode).toBe(200);
    const { violations } = answer.json<{ violations: unknown[] }>();
    expect(violations.length).toBeGreaterThan(0);
    expect(violations).toEqual(
      JSON.parse(JSON.stringify(checkRoster(parseProblem(problem), broken))),
    );
  });

  it('explains a roster as explainRoster does', async () => {
    ({ app } = await listening());
    const problem = smallProblem();
    const roster = solve(problem, { maxIterations: 100 });
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/explain',
      payload: { problem, roster },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual(
      JSON.parse(JSON.stringify(explainRoster(parseProblem(problem), roster))),
    );
  });
});

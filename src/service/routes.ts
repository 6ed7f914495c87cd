/**
 * The service's routes: solve jobs (start, poll, stream, stop), check, explain, the schemas, the
 * OpenAPI document and health. Each handler reads its input with the library's validators and
 * calls the library; no rule lives here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { version } from '../../package.json';
import { expandProblem } from '../model/expand.js';
import { problemJsonSchema, rosterJsonSchema } from '../model/json-schema.js';
import { changesJsonSchema } from '../solver/replan/changes.js';
import { checkRoster } from '../constraints/check-roster.js';
import { explainRoster } from '../constraints/explain.js';
import { ServiceError } from './errors.js';
import type { JobEvent, JobManager } from './job-manager.js';
import type { ServiceLimits } from './limits.js';
import {
  readCapacityRequest,
  readCapacitySummaryRequest,
  readProblemAndRoster,
  readReplanRequest,
  readSolveRequest,
} from './requests.js';
import type { ThreadTask } from './thread-task.js';
import { TaskInputError } from './thread-task.js';
import { TaskTimeoutError, runTaskOnThread } from './task-thread.js';

/** Longest long poll (`GET /v1/jobs/{id}?wait=`), in seconds: under common proxy timeouts. */
export const MAX_WAIT_SECONDS = 60;

/** Interval of the comment line an event stream sends, so idle proxies keep it open. */
export const SSE_HEARTBEAT_MS = 15_000;

/** What the routes need. */
export interface RouteContext {
  readonly jobs: JobManager;
  readonly limits: ServiceLimits;
  readonly openApi: Record<string, unknown>;
  /** The client of a request (set by the authentication hook). */
  readonly ownerOf: (request: FastifyRequest) => string;
}

type WithId = FastifyRequest<{ Params: { id: string } }>;

/** Adds every route to `app`. */
export function registerRoutes(app: FastifyInstance, context: RouteContext): void {
  const { jobs, limits, ownerOf } = context;

  app.post('/v1/solve', async (request, reply) => {
    const solve = readSolveRequest(request.body, limits.maxTimeLimitMs);
    const job = jobs.submit(ownerOf(request), solve.input, solve.budget);
    return reply.status(202).header('location', `/v1/jobs/${job.id}`).send(job);
  });

  app.post('/v1/replan', async (request, reply) => {
    const replan = readReplanRequest(request.body, limits.maxTimeLimitMs);
    const job = jobs.submitReplan(ownerOf(request), replan.input, replan.budget);
    return reply.status(202).header('location', `/v1/jobs/${job.id}`).send(job);
  });

  app.post('/v1/capacity', async (request) =>
    direct(jobs, limits, { kind: 'capacity', ...readCapacityRequest(request.body) }),
  );

  app.post('/v1/capacity/summary', async (request) =>
    direct(jobs, limits, { kind: 'capacity-summary', ...readCapacitySummaryRequest(request.body) }),
  );

  app.get(
    '/v1/jobs/:id',
    async (request: FastifyRequest<{ Params: { id: string }; Querystring: { wait?: string } }>) => {
      return jobs.wait(ownerOf(request), request.params.id, waitMs(request.query.wait));
    },
  );

  app.delete('/v1/jobs/:id', async (request: WithId) =>
    jobs.stop(ownerOf(request), request.params.id),
  );

  app.get('/v1/jobs/:id/events', (request: WithId, reply) =>
    streamEvents(jobs, ownerOf(request), request, reply),
  );

  app.post('/v1/check', async (request) => {
    const { problem, roster } = readProblemAndRoster(request.body);
    const violations = checkRoster(problem, roster, { expanded: expandProblem(problem) });
    return { violations };
  });

  app.post('/v1/explain', async (request) => {
    const { problem, roster } = readProblemAndRoster(request.body);
    return explainRoster(problem, roster, { expanded: expandProblem(problem) });
  });

  const schemas: ReadonlyMap<string, Record<string, unknown>> = new Map([
    ['problem', problemJsonSchema()],
    ['roster', rosterJsonSchema()],
    ['changes', changesJsonSchema()],
  ]);
  app.get('/v1/schema/:kind', async (request: FastifyRequest<{ Params: { kind: string } }>) => {
    const schema = schemas.get(request.params.kind);
    if (!schema) {
      throw new ServiceError(
        404,
        'not-found',
        'there are schemas for "problem", "roster" and "changes" only',
      );
    }
    return schema;
  });

  app.get('/openapi.json', async () => context.openApi);

  app.get('/health', async () => ({
    status: 'ok',
    version,
    pid: process.pid,
    uptimeSeconds: Math.round(process.uptime()),
    rssBytes: process.memoryUsage.rss(),
  }));
}

/**
 * A task answered in the request itself, on a thread in a running slot of its own (so it counts
 * against the jobs running at once) and ended at the server's cap on time limits.
 * @throws {ServiceError} 429 with no free slot, 503 when closing or past the cap, 400 when the
 * thread found the input not valid.
 */
async function direct(jobs: JobManager, limits: ServiceLimits, task: ThreadTask): Promise<unknown> {
  return jobs.runDirect(async () => {
    try {
      return await runTaskOnThread(task, { timeoutMs: limits.maxTimeLimitMs });
    } catch (error) {
      if (error instanceof TaskTimeoutError) {
        throw new ServiceError(
          503,
          'time-limit',
          `the ${task.kind} took longer than this server's cap of ${limits.maxTimeLimitMs} ms`,
        );
      }
      if (error instanceof TaskInputError) {
        throw new ServiceError(400, 'invalid-body', error.message, error.issues);
      }
      throw error;
    }
  });
}

/** The `wait` query parameter in ms. @throws {ServiceError} 400 when it is not a number ≥ 0. */
function waitMs(wait: string | undefined): number {
  if (wait === undefined) return 0;
  const seconds = Number(wait);
  if (wait.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new ServiceError(400, 'invalid-query', 'the query is not valid', [
      {
        path: '$.query.wait',
        message: `${JSON.stringify(wait)} is not a number of seconds; allowed: 0 to ${MAX_WAIT_SECONDS}`,
      },
    ]);
  }
  return Math.min(seconds, MAX_WAIT_SECONDS) * 1000;
}

/**
 * Streams a job's progress as server-sent events: `status` (the job now), `progress` for each
 * report, and a final `done` with the job and its roster, after which the stream ends.
 */
function streamEvents(jobs: JobManager, owner: string, request: WithId, reply: FastifyReply): void {
  const job = jobs.get(owner, request.params.id); // 404 before any byte of the stream
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const send = (event: string, data: unknown) =>
    raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('status', { ...job, roster: null });
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
  heartbeat.unref();
  let unsubscribe = () => {};
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  unsubscribe = jobs.subscribe(owner, job.id, (event: JobEvent) => {
    if (event.kind === 'progress') {
      send('progress', event.progress);
      return;
    }
    send('done', event.job);
    stop();
    raw.end();
  });
  request.raw.on('close', stop);
}

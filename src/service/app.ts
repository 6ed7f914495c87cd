/**
 * `createServer`: the care-roster HTTP service as a fastify instance. Fastify because it is well
 * kept, fast, and has body limits, JSON parsing with prototype-poisoning protection, `inject`
 * for tests and graceful close built in.
 */
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { createAuthenticator } from './auth.js';
import { ServiceError, handleError } from './errors.js';
import { JobManager } from './job-manager.js';
import { lingerOnRefusedBodies } from './linger.js';
import { THREAD_RUNNERS } from './job-runners.js';
import type { JobRunners } from './job-runners.js';
import { defaultLimits } from './limits.js';
import type { ServiceLimits } from './limits.js';
import { openApiDocument } from './openapi.js';
import { registerRoutes } from './routes.js';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** Limits to change from {@link defaultLimits}. */
  readonly limits?: Partial<ServiceLimits>;
  /** Bearer tokens; with none, authentication is off and all clients share one job space. */
  readonly tokens?: readonly string[];
  /**
   * How each kind of job runs: on worker threads of this process by default ({@link
   * THREAD_RUNNERS}); `queueRunners(...)` hands them to a Redis queue instead.
   */
  readonly runners?: Partial<JobRunners>;
  /** Fastify's logger option (off by default), or a pino-like logger. */
  readonly logger?: boolean | FastifyBaseLogger;
}

/** Routes anyone may call, with or without a token: they say nothing about jobs. */
const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['/health']);

/**
 * The service, ready to `listen` (or to `inject` requests into). `close()` refuses new jobs,
 * stops the running ones (each keeps its best roster and its pollers are answered with it), then
 * closes the server.
 *
 * @example
 * ```ts
 * const app = createServer({ tokens: [process.env.TOKEN!], limits: { maxRunningJobs: 2 } });
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 * process.on('SIGTERM', () => void app.close());
 * ```
 */
export function createServer(options: ServerOptions = {}): FastifyInstance {
  const limits: ServiceLimits = { ...defaultLimits(), ...options.limits };
  const auth = createAuthenticator(options.tokens ?? []);
  const jobs = new JobManager(limits, { ...THREAD_RUNNERS, ...options.runners });
  const app = Fastify({
    bodyLimit: limits.maxBodyBytes,
    // Pollers on open connections are answered while jobs stop, rather than refused with 503.
    return503OnClosing: false,
    ...(typeof options.logger === 'object'
      ? { loggerInstance: options.logger }
      : { logger: options.logger ?? false }),
  });
  const owners = new WeakMap<FastifyRequest, string>();
  const ownerOf = (request: FastifyRequest): string => {
    const owner = owners.get(request);
    if (owner === undefined) throw new Error('no owner recorded for this request');
    return owner;
  };

  app.addHook('onRequest', async (request) => {
    if (PUBLIC_ROUTES.has(request.routeOptions.url ?? '')) return;
    owners.set(request, auth.owner(request.headers.authorization));
  });
  app.addHook('preClose', () => jobs.close());
  lingerOnRefusedBodies(app, limits.maxBodyBytes);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request) => {
    throw new ServiceError(404, 'not-found', `there is no route ${request.method} ${request.url}`);
  });
  registerRoutes(app, { jobs, limits, ownerOf, openApi: openApiDocument(auth.enabled) });
  return app;
}

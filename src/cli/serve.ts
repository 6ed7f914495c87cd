/**
 * `care-roster serve`: the HTTP service (see `src/service/`) on a host and port, until SIGINT or
 * SIGTERM, which stop the running jobs (each keeps its best roster, its pollers are answered)
 * and close the server. A second signal quits at once.
 */
import type { Command } from 'commander';
import { createServer } from '../service/app.js';
import { TOKENS_ENV, loadTokens } from '../service/auth.js';
import {
  DEFAULT_MAX_BODY_MB,
  DEFAULT_MAX_FINISHED_JOBS,
  DEFAULT_MAX_QUEUED_JOBS,
  DEFAULT_MAX_TIME_LIMIT_MS,
  DEFAULT_RESULT_TTL_MS,
  defaultLimits,
} from '../service/limits.js';
import { redisConnection } from '../queue/connection.js';
import { JOBS_QUEUE } from '../queue/job-queue.js';
import type { QueueRunners } from '../queue/queue-runners.js';
import { queueRunners } from '../queue/queue-runners.js';
import { InputError, positiveNumber, wholeNumber } from './input.js';
import { signalExitCode } from './interrupt.js';

/** Where the service listens by default: this machine only, until a user opens it up. */
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 8080;

/** The serve command's options, as commander parses them. */
interface ServeCommandOptions {
  host: string;
  port: number;
  maxBodyMb: number;
  maxRunning?: number;
  maxQueued: number;
  maxTimeLimit: number;
  resultTtl: number;
  maxFinished: number;
  tokensFile?: string;
  log?: boolean;
  redis?: string;
  jobsQueue: string;
}

/** Adds `serve` to `program`; `done` receives the exit code once the server has closed. */
export function registerServeCommand(program: Command, done: (code: number) => void): void {
  program
    .command('serve')
    .description('serve the HTTP API: solve jobs, check, explain, schemas, /openapi.json')
    .option('--host <host>', 'address to listen on', DEFAULT_HOST)
    .option('--port <port>', 'port to listen on (0: any free one)', wholeNumber, DEFAULT_PORT)
    .option('--max-body-mb <n>', 'largest request body in MiB', positiveNumber, DEFAULT_MAX_BODY_MB)
    .option('--max-running <n>', 'jobs solving at once (default: cores)', wholeNumber)
    .option('--max-queued <n>', 'jobs waiting before 429', wholeNumber, DEFAULT_MAX_QUEUED_JOBS)
    .option(
      '--max-time-limit <seconds>',
      "cap on a job's time limit",
      positiveNumber,
      DEFAULT_MAX_TIME_LIMIT_MS / 1000,
    )
    .option(
      '--result-ttl <seconds>',
      'how long a finished job stays readable',
      positiveNumber,
      DEFAULT_RESULT_TTL_MS / 1000,
    )
    .option(
      '--max-finished <n>',
      'finished jobs kept at most (oldest evicted)',
      wholeNumber,
      DEFAULT_MAX_FINISHED_JOBS,
    )
    .option('--tokens-file <file>', `bearer tokens, one a line (also read from ${TOKENS_ENV})`)
    .option('--log', 'log each request as JSON lines on stdout')
    .option(
      '--redis <url>',
      'hand solve and replan jobs to the Redis queue that `care-roster worker` serves',
    )
    .option('--jobs-queue <name>', 'the queue of solve and replan jobs (with --redis)', JOBS_QUEUE)
    .action(async (options: ServeCommandOptions) => {
      done(await serveCommand(options));
    });
}

async function serveCommand(options: ServeCommandOptions): Promise<number> {
  if (options.maxRunning === 0) throw new InputError('--max-running must be 1 or more');
  let tokens: string[];
  try {
    tokens = loadTokens(options.tokensFile);
  } catch (error) {
    throw new InputError(`cannot read --tokens-file: ${(error as Error).message}`);
  }
  let runners: QueueRunners | undefined;
  if (options.redis !== undefined) {
    try {
      runners = queueRunners({
        connection: redisConnection(options.redis),
        queueName: options.jobsQueue,
      });
    } catch (error) {
      throw new InputError(`--redis ${(error as Error).message}`);
    }
    try {
      await runners.ready();
    } catch (error) {
      throw new InputError(`--redis: ${(error as Error).message}`);
    }
  }
  let app: ReturnType<typeof createServer>;
  try {
    app = createServer({
      tokens,
      ...(runners ? { runners } : {}),
      logger: options.log ?? false,
      limits: {
        maxBodyBytes: Math.round(options.maxBodyMb * 1024 * 1024),
        maxRunningJobs: options.maxRunning ?? defaultLimits().maxRunningJobs,
        maxQueuedJobs: options.maxQueued,
        maxTimeLimitMs: options.maxTimeLimit * 1000,
        resultTtlMs: options.resultTtl * 1000,
        maxFinishedJobs: options.maxFinished,
      },
    });
  } catch (error) {
    await runners?.close();
    throw new InputError((error as Error).message);
  }
  const address = await app.listen({ host: options.host, port: options.port });
  process.stderr.write(
    `care-roster serve: listening on ${address}` +
      (tokens.length > 0 ? ` (${tokens.length} bearer token(s))` : ' (no authentication)') +
      (runners ? `, jobs on queue ${options.jobsQueue}` : '') +
      '\n',
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals) => {
      for (const name of ['SIGINT', 'SIGTERM'] as const) process.off(name, stop);
      // A second signal while jobs stop: quit at once, as the shell expects.
      process.once(received, () => process.exit(signalExitCode(received)));
      resolve(received);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stderr.write(`care-roster serve: ${signal}: stopping jobs and closing\n`);
  await app.close();
  await runners?.close();
  return 0;
}

/**
 * `care-roster worker --redis URL`: serves neighbourhood jobs and the service's solve and replan
 * jobs (`care-roster serve --redis`) from Redis queues, on any machine, until SIGINT or SIGTERM,
 * then finishes the jobs it holds and exits 0.
 */
import type { Command } from 'commander';
import { redisConnection } from '../queue/connection.js';
import { AREA_QUEUE } from '../queue/area-queue.js';
import { serveAreaJobs } from '../queue/area-worker.js';
import { JOBS_QUEUE } from '../queue/job-queue.js';
import { serveServiceJobs } from '../queue/job-worker.js';
import { InputError, positiveNumber, wholeNumber } from './input.js';

interface WorkerCommandOptions {
  redis: string;
  queue: string;
  jobsQueue: string;
  concurrency: number;
  lockDuration?: number;
  stalledInterval?: number;
}

const log = (line: string) => void process.stderr.write(`care-roster worker: ${line}\n`);

async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  let connection;
  try {
    connection = redisConnection(options.redis);
  } catch (error) {
    throw new InputError(`--redis ${(error as Error).message}`);
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new InputError('--concurrency must be a whole number, 1 or more');
  }
  const served = {
    connection,
    concurrency: options.concurrency,
    lockDurationMs: options.lockDuration,
    stalledIntervalMs: options.stalledInterval,
  };
  const worker = serveAreaJobs({ ...served, queueName: options.queue });
  const jobs = serveServiceJobs({ ...served, queueName: options.jobsQueue });
  let lastError = '';
  const onError = (error: Error) => {
    // A Redis that is down is retried for ever; say so once, not on every retry.
    if (error.message !== lastError) log(`error: ${error.message}`);
    lastError = error.message;
  };
  worker.on('error', onError);
  jobs.on('error', onError);
  worker.on('completed', (job) => log(`solved neighbourhood ${job.data.job.index} (${job.id})`));
  jobs.on('completed', (job) => log(`finished ${job.data.kind} job ${job.id}`));
  for (const served of [worker, jobs]) {
    served.on('failed', (job, error) => log(`failed ${job?.id ?? 'a job'}: ${error.message}`));
  }
  await Promise.all([worker.waitUntilReady(), jobs.waitUntilReady()]);
  // Host and port only: the URL may hold a password.
  const where = `${connection.host ?? ''}:${connection.port ?? ''}`;
  log(
    `serving queue ${options.queue} and ${options.jobsQueue} on redis ${where} ` +
      `(concurrency ${options.concurrency})`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      log('stopping after the jobs in hand');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await Promise.all([worker.close(), jobs.close()]);
  return 0;
}

/** Registers `care-roster worker` on `program`; `setExitCode` receives the exit code. */
export function registerWorkerCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('worker')
    .description(
      'serve neighbourhood jobs (solveByNeighbourhood) and solve/replan jobs (serve --redis) from Redis queues',
    )
    .requiredOption('--redis <url>', 'the Redis to serve, e.g. redis://127.0.0.1:6379')
    .option('--queue <name>', 'the neighbourhood queue to serve', AREA_QUEUE)
    .option('--jobs-queue <name>', "the queue of serve's solve and replan jobs", JOBS_QUEUE)
    .option(
      '--concurrency <n>',
      'jobs run at once on each queue, one process or thread each',
      wholeNumber,
      1,
    )
    .option(
      '--lock-duration <ms>',
      "how long a job's lock lasts unless renewed; a dead worker's job is retried after it " +
        '(default 30000)',
      positiveNumber,
    )
    .option(
      '--stalled-interval <ms>',
      "how often to look for dead workers' jobs (default 30000)",
      positiveNumber,
    )
    .action(async (options: WorkerCommandOptions) => {
      setExitCode(await workerCommand(options));
    });
}

/**
 * `care-roster worker --redis URL`: serves neighbourhood jobs from a Redis queue, on any machine,
 * until SIGINT or SIGTERM, then finishes the jobs it holds and exits 0.
 */
import type { Command } from 'commander';
import { redisConnection } from '../queue/connection.js';
import { AREA_QUEUE } from '../queue/area-queue.js';
import { serveAreaJobs } from '../queue/area-worker.js';
import { InputError, positiveNumber, wholeNumber } from './input.js';

interface WorkerCommandOptions {
  redis: string;
  queue: string;
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
  const worker = serveAreaJobs({
    connection,
    queueName: options.queue,
    concurrency: options.concurrency,
    lockDurationMs: options.lockDuration,
    stalledIntervalMs: options.stalledInterval,
  });
  let lastError = '';
  worker.on('error', (error) => {
    // A Redis that is down is retried for ever; say so once, not on every retry.
    if (error.message !== lastError) log(`error: ${error.message}`);
    lastError = error.message;
  });
  worker.on('completed', (job) => log(`solved neighbourhood ${job.data.job.index} (${job.id})`));
  worker.on('failed', (job, error) => log(`failed ${job?.id ?? 'a job'}: ${error.message}`));
  await worker.waitUntilReady();
  // Host and port only: the URL may hold a password.
  const where = `${connection.host ?? ''}:${connection.port ?? ''}`;
  log(`serving queue ${options.queue} on redis ${where} (concurrency ${options.concurrency})`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      log('stopping after the jobs in hand');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await worker.close();
  return 0;
}

/** Registers `care-roster worker` on `program`; `setExitCode` receives the exit code. */
export function registerWorkerCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('worker')
    .description('serve neighbourhood jobs from a Redis queue (solveByNeighbourhood on the queue)')
    .requiredOption('--redis <url>', 'the Redis to serve, e.g. redis://127.0.0.1:6379')
    .option('--queue <name>', 'the queue to serve', AREA_QUEUE)
    .option('--concurrency <n>', 'neighbourhoods solved at once, one process each', wholeNumber, 1)
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

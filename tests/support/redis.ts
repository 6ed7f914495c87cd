/**
 * A real redis-server for the queue tests, on 127.0.0.1 at a free port, with nothing written to
 * disk, and `care-roster worker` processes serving it. A missing redis-server is a failure that
 * says how to install it, never a skipped test.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** How long redis-server or a worker process may take to say it is ready. */
const READY_TIMEOUT_MS = 20_000;

/** A process the tests started, and how to stop it. */
export interface Started {
  readonly process: ChildProcess;
  /** Stops it (SIGTERM, or the given signal to its whole process group) and waits for it. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Spawns a command in its own process group and waits until `ready` shows in its output. */
function startProcess(command: string, args: readonly string[], ready: RegExp): Promise<Started> {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started: Started = {
    process: child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          // Already gone.
        }
      }
      await exited;
    },
  };
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => {
      void started.stop('SIGKILL');
      reject(new Error(`${command} was not ready in ${READY_TIMEOUT_MS} ms:\n${output}`));
    }, READY_TIMEOUT_MS);
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(started);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** Starts redis-server; resolves with its URL and how to stop it. */
export async function startRedis(): Promise<Started & { readonly url: string }> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'redis-server is not installed: the queue tests need a real one. Install it with ' +
        '`apt-get update && apt-get install -y redis-server` (.ci/run does this)',
    );
  }
  const port = await freePort();
  const redis = await startProcess(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    /Ready to accept connections/,
  );
  return { ...redis, url: `redis://127.0.0.1:${port}` };
}

/** Starts `care-roster worker` from source on `url`, with extra options. */
export function startQueueWorker(url: string, args: readonly string[] = []): Promise<Started> {
  return startProcess(
    process.execPath,
    ['--import', 'tsx', 'src/bin.ts', 'worker', '--redis', url, ...args],
    /serving queue/,
  );
}

/**
 * Redis connections for the queue: a Redis URL (`redis://user:pass@host:port/db`, `rediss://`
 * for TLS) read into options, and one client per BullMQ object made from them (BullMQ's
 * blocking reads need a connection each, and under ES modules it takes clients, not options).
 */
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';

/** Redis's own port, when a URL names none. */
const DEFAULT_REDIS_PORT = 6379;

/**
 * Connection options for BullMQ from a Redis URL.
 *
 * @throws {Error} saying what is allowed when `url` is not a `redis://` or `rediss://` URL.
 * @example
 * ```ts
 * const connection = redisConnection('redis://127.0.0.1:6379/0');
 * ```
 */
export function redisConnection(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${url}: not a URL; give a Redis URL such as redis://127.0.0.1:6379`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`${url}: a Redis URL must start with redis:// or rediss:// (TLS)`);
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new Error(`${url}: the path must be a database number, e.g. redis://host:6379/0`);
  }
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : DEFAULT_REDIS_PORT,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's workers block on Redis and must not give up on a command.
    maxRetriesPerRequest: null,
  };
}

/** A new client on `options`, as BullMQ needs it (no retry limit on its blocking commands). */
export function redisClient(options: RedisOptions): Redis {
  return new Redis({ ...options, maxRetriesPerRequest: null });
}

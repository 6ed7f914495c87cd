/**
 * Fetching one block's table: from the cache when it holds it, else from the server under a
 * timeout, retrying 5xx, 429 and network failures with doubling waits (a timeout is not
 * retried), then cached.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TravelProviderError } from './travel-provider-error.js';
import type { Block, RequestContext } from './osrm-request.js';
import { describeRequest } from './osrm-request.js';
import type { OsrmTable } from './osrm-answer.js';
import { osrmError, decodeBody, excerpt } from './osrm-answer.js';

/** The block's table from the cache when possible, else from the server (then cached). */
export async function loadTable(context: RequestContext): Promise<OsrmTable> {
  const { settings, url } = context;
  const cacheFile =
    settings.cacheDir === undefined
      ? undefined
      : join(settings.cacheDir, `${createHash('sha256').update(url).digest('hex')}.json`);
  if (cacheFile !== undefined) {
    const cached = await readCachedTable(cacheFile, context.block);
    if (cached !== undefined) return cached;
  }
  const body = await fetchWithRetries(context);
  const decoded = decodeBody(body, context.block);
  if (decoded.kind === 'osrmError') throw osrmError(decoded.error, 200, context);
  if (decoded.kind === 'malformed') {
    throw new TravelProviderError(
      'MalformedResponse',
      `OSRM sent a body that is not a valid table: ${decoded.reason} (${describeRequest(context)}). ` +
        `Body starts: ${excerpt(body)}`,
      { status: 200, url },
    );
  }
  if (cacheFile !== undefined) await writeCache(settings.cacheDir as string, cacheFile, body);
  return decoded.table;
}

/** A missing or damaged cache file is a miss: the block is simply fetched again. */
async function readCachedTable(file: string, block: Block): Promise<OsrmTable | undefined> {
  let body: string;
  try {
    body = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const decoded = decodeBody(body, block);
  return decoded.kind === 'table' ? decoded.table : undefined;
}

/** Written to a temporary name and renamed, so a concurrent reader never sees half a file. */
async function writeCache(dir: string, file: string, body: string): Promise<void> {
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temporary, body, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    throw new TravelProviderError(
      'Cache',
      `Could not write the OSRM cache file ${file}: ${errorText(error)}. ` +
        `Check cacheDir is a writable directory, or leave it unset.`,
      { cause: error },
    );
  }
}

type Attempt =
  | { readonly kind: 'response'; readonly status: number; readonly body: string }
  | { readonly kind: 'network'; readonly error: unknown };

/** The body of a 200 answer, retrying 5xx, 429 and network failures with doubling waits. */
async function fetchWithRetries(context: RequestContext): Promise<string> {
  const { settings, signal } = context;
  for (let attempt = 0; ; attempt++) {
    const outcome = await attemptOnce(context);
    if (outcome.kind === 'response' && outcome.status === 200) return outcome.body;
    const retryable = outcome.kind === 'network' || outcome.status >= 500 || outcome.status === 429;
    if (!retryable || attempt >= settings.retries)
      throw failedAttemptError(outcome, attempt + 1, context);
    try {
      await sleep(settings.retryDelayMs * 2 ** attempt, undefined, { signal });
    } catch {
      throw signal.reason;
    }
  }
}

/**
 * One request under its own timeout. A timeout is not retried: a table that took the whole
 * allowance once will most likely do so again, and retrying would multiply the wait.
 */
async function attemptOnce(context: RequestContext): Promise<Attempt> {
  const timeout = AbortSignal.timeout(context.settings.timeoutMs);
  try {
    const response = await fetch(context.url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.any([context.signal, timeout]),
    });
    return { kind: 'response', status: response.status, body: await response.text() };
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason;
    if (timeout.aborted) {
      throw new TravelProviderError(
        'Timeout',
        `OSRM did not answer within ${context.settings.timeoutMs} ms (${describeRequest(context)}). ` +
          `Raise timeoutMs, or lower blockSize so each request is smaller.`,
        { url: context.url },
      );
    }
    return { kind: 'network', error };
  }
}

function failedAttemptError(outcome: Attempt, attempts: number, context: RequestContext): Error {
  const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
  if (outcome.kind === 'network') {
    return new TravelProviderError(
      'Network',
      `Could not reach OSRM at ${context.server.baseUrl}${tries}: ${errorText(outcome.error)} ` +
        `(${describeRequest(context)}).`,
      { url: context.url, cause: outcome.error },
    );
  }
  const decoded = decodeBody(outcome.body, context.block);
  if (decoded.kind === 'osrmError') return osrmError(decoded.error, outcome.status, context, tries);
  return new TravelProviderError(
    'HttpStatus',
    `OSRM answered HTTP ${outcome.status}${tries} (${describeRequest(context)}). ` +
      `Body starts: ${excerpt(outcome.body)}`,
    { status: outcome.status, url: context.url },
  );
}

/** Node's fetch hides the useful part ("ECONNREFUSED ...") in `cause`. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

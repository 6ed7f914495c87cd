/** Helpers for the service tests: a listening server, HTTP calls, event streams. */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Roster } from '../../src/index.js';
import { checkRoster, parseProblem } from '../../src/index.js';
import type { ServerOptions } from '../../src/service/app.js';
import { createServer } from '../../src/service/app.js';

/** A server listening on 127.0.0.1 on a free port, and its base URL. */
export async function listening(
  options: ServerOptions = {},
): Promise<{ app: FastifyInstance; base: string }> {
  const app = createServer(options);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base };
}

/** Every roster the service returns goes through the checker. */
export function expectChecked(problem: unknown, roster: Roster | null): asserts roster is Roster {
  expect(roster).not.toBeNull();
  expect(checkRoster(parseProblem(problem), roster!)).toEqual([]);
}

/** One server-sent event. */
export interface SentEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Reads a whole event stream from `url` with fetch (a real HTTP client) until it ends. */
export async function readEvents(
  url: string,
  headers: Record<string, string> = {},
): Promise<SentEvent[]> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return {
        event: eventLine!.slice('event: '.length),
        data: JSON.parse(dataLine!.slice('data: '.length)) as unknown,
      };
    });
}

/**
 * A body over the limit, sent whole before the client reads: the client's upload must not break
 * and the 413 must arrive. Raw sockets on loopback, because the failure (a broken pipe while the
 * server has closed early) lives below what `inject` or fetch show.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { LINGER_BYTES } from '../src/service/linger.js';
import { listening } from './support/service.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Four MiB: more than loopback socket buffers hold, so the upload needs the server to read. */
const BODY_BYTES = 4 * 1024 * 1024;

interface Exchange {
  /** Everything the server sent, as text. */
  readonly received: string;
  /** The code of the first socket error the client met, or null. */
  readonly error: string | null;
}

/**
 * Sends `head` (request line and headers) and then `bodyBytes` spaces, all before reading, then
 * `after` (a second request on the same connection), and collects what comes back until the
 * server closes or `settleMs` pass without news.
 */
function exchange(port: number, head: string, bodyBytes: number, after = ''): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let error: string | null = null;
    let quiet: NodeJS.Timeout | undefined;
    const done = (): void => {
      clearTimeout(quiet);
      socket.destroy();
      resolve({ received, error });
    };
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      clearTimeout(quiet);
      if (/HTTP\/1\.1 200/.test(received) || after === '') quiet = setTimeout(done, 300);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', done);
    socket.write(head);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < bodyBytes) {
        const part = chunk.subarray(0, Math.min(chunk.length, bodyBytes - sent));
        sent += part.length;
        if (!socket.write(part)) {
          socket.once('drain', pump);
          return;
        }
      }
      if (after !== '') socket.write(after);
    };
    pump();
  });
}

const post = (bytes: number): string =>
  `POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n`;

describe('care-roster serve: a body over the limit', () => {
  it('is read to its end before the 413, so the upload completes and the connection carries on', async () => {
    let base: string;
    ({ app, base } = await listening({ limits: { maxBodyBytes: 1024 } }));
    const port = Number(new URL(base).port);
    const answer = await exchange(
      port,
      post(BODY_BYTES),
      BODY_BYTES,
      'GET /health HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(answer.error).toBeNull();
    expect(answer.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.received).toContain('"code":"body-too-large"');
    expect(answer.received).toMatch(/HTTP\/1\.1 200 [^]*"ok"/);
  });

  it('past the bound, is refused at once and the connection closed', async () => {
    let base: string;
    ({ app, base } = await listening({ limits: { maxBodyBytes: 1024 } }));
    const port = Number(new URL(base).port);
    const answer = await exchange(port, post(LINGER_BYTES + 1), 0);
    expect(answer.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.received.toLowerCase()).toContain('connection: close');
  });
});

/**
 * Refusing a body that is too large without breaking the client's upload. Fastify answers 413 as
 * soon as the `content-length` header is over the limit and closes the connection while the
 * client is still sending, so a client that sends its whole body before it reads (as many do)
 * meets a broken pipe, and a reset can throw away the 413 it had not yet read. Like nginx's
 * lingering close, the rest of such a body is read and thrown away first, for a bounded time and
 * number of bytes, and only then answered 413; past either bound it is answered at once, as
 * before, so a slow or endless upload cannot hold the connection.
 */
import { errorCodes } from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';

/** How long the rest of a refused body is read, in ms: a 50 MiB upload on a slow link. */
export const LINGER_MS = 5_000;

/** Most bytes of a refused body read and thrown away: four times the default 50 MiB limit. */
export const LINGER_BYTES = 200 * 1024 * 1024;

/**
 * Reads a body whose `content-length` is over `bodyLimit` to its end (throwing it away, within
 * {@link LINGER_MS} and {@link LINGER_BYTES}) before the 413 is sent; larger or slower uploads
 * are refused at the bound.
 *
 * @example
 * ```ts
 * const app = Fastify({ bodyLimit: 1024 });
 * lingerOnRefusedBodies(app, 1024);
 * ```
 */
export function lingerOnRefusedBodies(app: FastifyInstance, bodyLimit: number): void {
  app.addHook('preParsing', async (request, reply, payload) => {
    const length = Number(request.headers['content-length']);
    if (!(length > bodyLimit)) return payload;
    const readToEnd = length <= LINGER_BYTES && (await drain(payload, length));
    // A body not read to its end may still be arriving: the connection cannot carry another request.
    if (!readToEnd) reply.header('connection', 'close');
    throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
  });
}

/**
 * Reads and throws away `payload`; true once `length` bytes have gone by or it ended, false when
 * it failed or LINGER_MS passed first.
 */
function drain(payload: Readable, length: number): Promise<boolean> {
  return new Promise((resolve) => {
    let read = 0;
    const finish = (whole: boolean): void => {
      clearTimeout(timer);
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onError);
      resolve(whole);
    };
    const onData = (chunk: Buffer): void => {
      read += chunk.length;
      if (read >= length) finish(true);
    };
    const onEnd = (): void => finish(true);
    const onError = (): void => finish(false);
    const timer = setTimeout(() => finish(false), LINGER_MS);
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}

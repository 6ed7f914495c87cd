/**
 * Every error the service answers with has one JSON shape, `{ error: { status, code, message,
 * issues? } }`, and never a stack trace: a client learns what was wrong, not how the server is
 * built.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ValidationIssue } from '../model/validate.js';

/** The body of every error answer. */
export interface ErrorBody {
  readonly error: {
    readonly status: number;
    /** A stable, machine-readable code, e.g. `invalid-body`, `not-found`, `queue-full`. */
    readonly code: string;
    readonly message: string;
    /** For 400 answers about the body: every issue, each with its JSON path. */
    readonly issues?: readonly ValidationIssue[];
  };
}

/** An error with its HTTP status, thrown by the routes and turned into an {@link ErrorBody}. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: readonly ValidationIssue[],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** Fastify's own client errors, mapped to the service's codes. */
const FASTIFY_CODES: ReadonlyMap<string, string> = new Map([
  ['FST_ERR_CTP_BODY_TOO_LARGE', 'body-too-large'],
  ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 'unsupported-media-type'],
  ['FST_ERR_CTP_EMPTY_JSON_BODY', 'invalid-json'],
  ['FST_ERR_CTP_INVALID_JSON_BODY', 'invalid-json'],
  ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 'invalid-content-length'],
]);

/** The error body and status for anything a route or fastify threw. */
export function errorBody(error: unknown): ErrorBody {
  if (error instanceof ServiceError) {
    return {
      error: {
        status: error.status,
        code: error.code,
        message: error.message,
        ...(error.issues ? { issues: error.issues } : {}),
      },
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // A JSON syntax error's message says where the text went wrong, which is what a client needs.
    const code =
      FASTIFY_CODES.get(fastifyError.code ?? '') ??
      (error instanceof SyntaxError ? 'invalid-json' : 'bad-request');
    return { error: { status, code, message: fastifyError.message ?? 'bad request' } };
  }
  return { error: { status: 500, code: 'internal', message: 'internal error' } };
}

/** The fastify error handler: logs what is unexpected, answers with an {@link ErrorBody}. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const body = errorBody(error);
  if (body.error.status >= 500) request.log.error({ err: error }, 'internal error');
  if (body.error.status === 429 || body.error.status === 503) {
    void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  }
  void reply.status(body.error.status).send(body);
}

/** What `Retry-After` tells a client turned away by a full queue or a closing server. */
export const RETRY_AFTER_SECONDS = 5;

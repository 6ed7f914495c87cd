/**
 * The one error type every road-travel provider throws, so a caller can catch travel failures
 * without caring whether the figures came from a server or a file.
 */

/**
 * What went wrong. OSRM's own codes (`NoSegment`, `InvalidQuery`, `InvalidOptions`, `TooBig`,
 * ...) are passed through unchanged; the others are raised by care-roster itself:
 *
 * - `HttpStatus`: the server answered with an HTTP error and no OSRM error body.
 * - `Timeout`: one request took longer than the per-request timeout.
 * - `Network`: the server could not be reached (refused, reset, DNS) after every retry.
 * - `MalformedResponse`: the body was not JSON, or not the shape of an OSRM table.
 * - `Unreachable`: the server found no route for at least one pair of locations.
 * - `SnapDistance`: a location lies further from the nearest road than allowed.
 * - `InvalidLocation`: a coordinate cannot be sent (not a finite number).
 * - `InvalidOptions`: the provider options are inconsistent (OSRM uses the same word).
 * - `UnknownMode`: a travel time was asked for a transport mode the matrix has no figures for.
 * - `InvalidMatrix`: user-supplied matrix data failed validation.
 * - `InvalidMatrixFile`: a binary matrix file is damaged or belongs to other locations.
 * - `Cache`: the on-disk cache could not be written.
 */
export type TravelProviderErrorCode =
  | 'HttpStatus'
  | 'Timeout'
  | 'Network'
  | 'MalformedResponse'
  | 'Unreachable'
  | 'SnapDistance'
  | 'InvalidLocation'
  | 'InvalidOptions'
  | 'UnknownMode'
  | 'InvalidMatrix'
  | 'InvalidMatrixFile'
  | 'Cache'
  | (string & {});

/** One problem found in user-supplied matrix data. */
export interface MatrixIssue {
  /** JSONPath of the value at fault, e.g. `$.minutes.car[3][7]`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Optional facts attached to a {@link TravelProviderError}, for programs that react to it. */
export interface TravelProviderErrorDetails {
  /** HTTP status of the failing response, when there was one. */
  readonly status?: number;
  /** The request URL that failed. */
  readonly url?: string;
  /** The caller's location index at fault (NoSegment, SnapDistance, InvalidLocation). */
  readonly location?: number;
  /** Every validation issue, for `InvalidMatrix`. */
  readonly issues?: readonly MatrixIssue[];
  /** The underlying error (network failure, file system error). */
  readonly cause?: unknown;
}

/** Thrown by the travel providers (OSRM, a given matrix, a matrix file). */
export class TravelProviderError extends Error {
  /** Machine-readable reason; see {@link TravelProviderErrorCode}. */
  readonly code: TravelProviderErrorCode;
  /** HTTP status of the failing response, when there was one. */
  readonly status: number | undefined;
  /** The request URL that failed, when a request failed. */
  readonly url: string | undefined;
  /** The caller's location index at fault, when one location is to blame. */
  readonly location: number | undefined;
  /** Every validation issue, for `InvalidMatrix`; empty otherwise. */
  readonly issues: readonly MatrixIssue[];

  constructor(
    code: TravelProviderErrorCode,
    message: string,
    details: TravelProviderErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'TravelProviderError';
    this.code = code;
    this.status = details.status;
    this.url = details.url;
    this.location = details.location;
    this.issues = details.issues ?? [];
  }
}

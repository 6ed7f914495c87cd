/**
 * Optional bearer-token authentication. With tokens configured, every route but `/health` needs
 * `Authorization: Bearer <token>`; each token is its own client, and a client sees only the jobs
 * it started. Tokens are compared by their SHA-256 digests in constant time, and a job records
 * only a digest prefix as its owner, never the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ServiceError } from './errors.js';

/** The environment variable `care-roster serve` reads tokens from (comma- or space-separated). */
export const TOKENS_ENV = 'CARE_ROSTER_TOKENS';

/** The owner of every job when authentication is off: all clients share one job space. */
export const ANONYMOUS_OWNER = 'anonymous';

/** Shortest token accepted: a shorter one could be guessed by trying. */
export const MIN_TOKEN_LENGTH = 16;

/** Checks the `Authorization` header of requests against a set of tokens. */
export interface Authenticator {
  /** Whether tokens are configured at all. */
  readonly enabled: boolean;
  /**
   * The owner id of the request's client.
   * @throws {ServiceError} 401 when authentication is on and the header holds no valid token.
   */
  owner(authorization: string | undefined): string;
}

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/**
 * An authenticator for `tokens`; with none, authentication is off.
 * @throws {Error} when a token is shorter than {@link MIN_TOKEN_LENGTH}.
 * @example
 * ```ts
 * const auth = createAuthenticator(['s3cret-token-for-agency-a']);
 * auth.owner('Bearer s3cret-token-for-agency-a'); // a digest prefix
 * ```
 */
export function createAuthenticator(tokens: readonly string[]): Authenticator {
  for (const token of tokens) {
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new Error(`a token must have at least ${MIN_TOKEN_LENGTH} characters`);
    }
  }
  const digests = tokens.map(digest);
  return {
    enabled: digests.length > 0,
    owner(authorization) {
      if (digests.length === 0) return ANONYMOUS_OWNER;
      const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
      if (match) {
        const given = digest(match[1]!);
        // Compare with every token, so the time taken says nothing about which one nearly matched.
        let found: Buffer | undefined;
        for (const known of digests) if (timingSafeEqual(known, given)) found = known;
        if (found) return found.subarray(0, 12).toString('hex');
      }
      throw new ServiceError(
        401,
        'unauthorized',
        'a valid bearer token is needed (Authorization: Bearer <token>)',
      );
    },
  };
}

/** Splits tokens written comma-, space- or line-separated; `#` starts a comment line. */
export function parseTokens(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .flatMap((line) => line.split(/[\s,]+/))
    .filter((token) => token.length > 0);
}

/**
 * The tokens from a file (one a line) and from {@link TOKENS_ENV}, together.
 *
 * @example
 * ```ts
 * const tokens = loadTokens(undefined, { [TOKENS_ENV]: 'token-of-agency-a, token-of-agency-b' });
 * console.log(tokens.length, 'tokens');
 * ```
 */
export function loadTokens(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const fromFile = file === undefined ? [] : parseTokens(readFileSync(file, 'utf8'));
  return [...fromFile, ...parseTokens(env[TOKENS_ENV] ?? '')];
}

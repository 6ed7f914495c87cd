/**
 * Keys of dated visits and of recurring visits. Ids are free strings, so the parts are escaped
 * before they are joined: a package `p/x` with visit `m` and a package `p` with visit `x/m` must
 * not share a key. Only `%` and `/` are escaped, so ordinary ids stay readable in a roster.
 */

/** Escapes the key separator `/` and the escape character `%` of one id. */
function escapePart(part: string): string {
  // Most ids hold neither character: a look is cheaper than two replacements.
  if (!part.includes('%') && !part.includes('/')) return part;
  return part.replace(/%/g, '%25').replace(/\//g, '%2F');
}

/**
 * The key of one dated visit: `packageId/visitId/YYYY-MM-DD`, with `/` and `%` inside the ids
 * percent-escaped so the key is unambiguous for any id strings.
 *
 * @example
 * visitKey('pkg-1', 'morning', '2026-03-23'); // 'pkg-1/morning/2026-03-23'
 * visitKey('p/x', 'm', '2026-03-23'); // 'p%2Fx/m/2026-03-23'
 */
export function visitKey(packageId: string, visitId: string, date: string): string {
  return `${escapePart(packageId)}/${escapePart(visitId)}/${date}`;
}

/**
 * The key of a recurring visit (a package's visit pattern over all its dates), escaped like
 * {@link visitKey}.
 *
 * @example
 * patternKey('pkg-1', 'morning'); // 'pkg-1/morning'
 */
export function patternKey(packageId: string, visitId: string): string {
  return `${escapePart(packageId)}/${escapePart(visitId)}`;
}

/**
 * A record keyed by user ids with no prototype, so that ids such as `__proto__` or
 * `constructor` are ordinary keys and never reach `Object.prototype`.
 *
 * @example
 * const byCarer = idRecord<number>();
 * byCarer['__proto__'] = 3; // an own key, Object.prototype untouched
 */
export function idRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * Reads `record[id]` only when it is the record's own key: a plain object given by a caller
 * would otherwise answer `constructor` or `toString` from its prototype.
 */
export function ownValue<T>(
  record: Readonly<Record<string, T>> | undefined,
  id: string,
): T | undefined {
  return record !== undefined && Object.hasOwn(record, id) ? record[id] : undefined;
}

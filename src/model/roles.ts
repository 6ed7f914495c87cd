/**
 * The roles of a dated visit: what each of its carers must hold and how long each stays. A
 * visit without roles has carers who are alike (the visit's qualifications, the whole visit).
 */
import type { VisitRole } from './schema.js';

/** One carer's part in a dated visit. */
export interface DatedRole {
  /** Qualifications this carer must hold, unexpired: the visit's own and the role's. */
  readonly qualifications: readonly string[];
  /** Minutes this carer stays, from the visit's start. */
  readonly duration: number;
}

/**
 * The dated roles of a visit pattern whose qualifications are `shared` and whose length on the
 * date is `duration`, or undefined when it states none.
 *
 * @example
 * ```ts
 * datedRoles([{ qualifications: ['nurse-delegated'], durationMinutes: 30 }, { qualifications: [] }], ['hoist'], 60);
 * // [{ qualifications: ['hoist', 'nurse-delegated'], duration: 30 }, { qualifications: ['hoist'], duration: 60 }]
 * ```
 */
export function datedRoles(
  roles: readonly VisitRole[] | undefined,
  shared: readonly string[],
  duration: number,
): readonly DatedRole[] | undefined {
  if (roles === undefined) return undefined;
  return roles.map((role) => ({
    qualifications: [...new Set([...shared, ...role.qualifications])],
    duration: role.durationMinutes ?? duration,
  }));
}

/**
 * What decides a role's carers: its qualifications (in order) and its length.
 *
 * @example
 * ```ts
 * roleKey({ qualifications: ['hoist'], duration: 45 }); // '45\u0000hoist'
 * ```
 */
export function roleKey(role: DatedRole): string {
  return [role.duration, ...role.qualifications].join('\u0000');
}

/**
 * A role in words, for messages: its qualifications and length.
 *
 * @example
 * ```ts
 * describeRole({ qualifications: ['nurse-delegated'], duration: 30 }); // 'nurse-delegated, 30 min'
 * ```
 */
export function describeRole(role: DatedRole): string {
  const holds = role.qualifications.length > 0 ? role.qualifications.join(' + ') : 'any carer';
  return `${holds}, ${role.duration} min`;
}

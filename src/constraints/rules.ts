/**
 * The names of the hard rules. A rule's name is the key in every violation, explanation and
 * KPI, so they are defined once, here.
 */
export const HARD_RULES = {
  /** Each visit is placed with exactly the carers it needs, or listed unplaced, never both. */
  coverage: 'visit-coverage',
  /** An unplaced visit says why. */
  unplacedReason: 'unplaced-reason',
  /** The carer holds each required qualification, unexpired on the visit's date. */
  qualification: 'qualification',
  /** The whole shift, travel included, lies inside the carer's availability. */
  availability: 'availability',
  /** The visit starts inside its window and lasts its duration. */
  visitWindow: 'visit-window',
  /** Stops do not overlap and the travel between them fits. */
  travel: 'travel-time',
  /** Shifts of one carer do not overlap. */
  overlap: 'overlap',
  /** Both carers of a double-up start together. */
  doubleUp: 'double-up',
  /** The carers of a visit with roles fill them one to one. */
  visitRoles: 'visit-roles',
  /** A client's refused carers are never sent. */
  refusedCarer: 'refused-carer',
  /** A carer's refused clients are never visited by that carer. */
  refusedClient: 'refused-client',
  /** Linked visits start within their gap of each other, done by different carers. */
  linkedVisits: 'linked-visits',
  /** A client's required carer gender is respected. */
  requiredGender: 'required-gender',
  /** A client's required language is spoken by the carer. */
  requiredLanguage: 'required-language',
  /** Paid work (visits plus travel) in a day stays within the contract's daily maximum. */
  maxHoursDay: 'max-hours-day',
  /** Paid work in an ISO week (Monday to Sunday) stays within the contract's weekly maximum. */
  maxHoursWeek: 'max-hours-week',
  /** Enough rest between the end of one working day and the start of the next. */
  restBetweenDays: 'rest-between-days',
  /** A shift with long working time contains an uninterrupted break. */
  break: 'break',
  /** No more working days in a row than the limit. */
  consecutiveDays: 'consecutive-days',
  /** The roster refers only to carers, clients and visits of the problem. */
  reference: 'unknown-reference',
} as const;

/** The name of a hard rule. */
export type HardRuleName = (typeof HARD_RULES)[keyof typeof HARD_RULES];

/** One broken hard rule. */
export interface Violation {
  readonly rule: HardRuleName;
  /** The dated visit's key (see `visitKey`). */
  readonly visitKey?: string;
  readonly carerId?: string;
  readonly message: string;
}

/**
 * What changed between two rosters of the same problem, in the words of the people who must be
 * told: per carer the visits gained, lost and re-timed; per client the new carers and new times;
 * and one plain sentence for each person with news.
 */
import type { Roster } from '../../model/roster.js';

/** One stop as the diff names it. */
export interface DiffStop {
  readonly visitKey: string;
  readonly clientId: string;
  readonly date: string;
  readonly start: string;
}

/** A visit that kept its carer but not its start. */
export interface RetimedStop extends DiffStop {
  /** The start before. */
  readonly before: string;
  /** Minutes later (negative: earlier). */
  readonly minutes: number;
}

/** What changed for one carer. */
export interface CarerDiff {
  readonly carerId: string;
  readonly gained: readonly DiffStop[];
  readonly lost: readonly DiffStop[];
  readonly retimed: readonly RetimedStop[];
}

/** What changed for one client. */
export interface ClientDiff {
  readonly clientId: string;
  /** Carers the client had no visit from before. */
  readonly newCarers: readonly string[];
  /** Visits whose carers changed: the visit, and its carers before and after. */
  readonly carersChanged: readonly {
    readonly visitKey: string;
    readonly before: readonly string[];
    readonly after: readonly string[];
  }[];
  /** Visits at a new time (whoever does them). */
  readonly retimed: readonly RetimedStop[];
  /** Visits no longer covered, and visits covered that were not. */
  readonly nowUnplaced: readonly string[];
  /** Visits of the roster before that the roster after neither places nor lists: cancelled. */
  readonly cancelled: readonly string[];
  readonly nowPlaced: readonly string[];
}

/** The differences between two rosters. */
export interface RosterDiff {
  readonly carers: readonly CarerDiff[];
  readonly clients: readonly ClientDiff[];
  /** Visits that changed carer, start or coverage. */
  readonly visitsChanged: number;
  readonly unplacedBefore: number;
  readonly unplacedAfter: number;
  /** Who must be told what, one plain sentence each: carers first, then clients. */
  readonly messages: readonly string[];
}

interface Seen {
  readonly stop: DiffStop;
  readonly carers: string[];
  readonly starts: Map<string, string>;
}

function index(roster: Pick<Roster, 'routes'>): Map<string, Seen> {
  const visits = new Map<string, Seen>();
  for (const route of roster.routes) {
    for (const stop of route.stops) {
      const entry = visits.get(stop.visitKey) ?? {
        stop: {
          visitKey: stop.visitKey,
          clientId: stop.clientId,
          date: stop.date,
          start: stop.start,
        },
        carers: [],
        starts: new Map<string, string>(),
      };
      entry.carers.push(route.carerId);
      entry.starts.set(route.carerId, stop.start);
      visits.set(stop.visitKey, entry);
    }
  }
  return visits;
}

/** Minutes between two ISO date-times with offsets. */
function minutesBetween(before: string, after: string): number {
  return Math.round((Date.parse(after) - Date.parse(before)) / 60_000);
}

/** `2026-03-23 09:00` from an ISO local date-time. */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byStart = (a: DiffStop, b: DiffStop) =>
  Date.parse(a.start) - Date.parse(b.start) || byId(a.visitKey, b.visitKey);

/**
 * The differences between `before` and `after`, two rosters of one problem.
 *
 * @example
 * const diff = diffRosters(previous, replanned);
 * for (const message of diff.messages) console.log(message);
 * // Tell carer bob: new visits cara 2026-03-23 08:00 (p1/morning/2026-03-23).
 */
export function diffRosters(
  before: Pick<Roster, 'routes' | 'unplaced'>,
  after: Pick<Roster, 'routes' | 'unplaced'>,
): RosterDiff {
  const old = index(before);
  const now = index(after);
  const carers = new Map<
    string,
    { gained: DiffStop[]; lost: DiffStop[]; retimed: RetimedStop[] }
  >();
  const carer = (id: string) => {
    let entry = carers.get(id);
    if (!entry) {
      entry = { gained: [], lost: [], retimed: [] };
      carers.set(id, entry);
    }
    return entry;
  };
  type ClientEntry = {
    newCarers: Set<string>;
    carersChanged: { visitKey: string; before: string[]; after: string[] }[];
    retimed: RetimedStop[];
    nowUnplaced: string[];
    cancelled: string[];
    nowPlaced: string[];
  };
  const clients = new Map<string, ClientEntry>();
  const client = (id: string) => {
    let entry = clients.get(id);
    if (!entry) {
      entry = {
        newCarers: new Set(),
        carersChanged: [],
        retimed: [],
        nowUnplaced: [],
        cancelled: [],
        nowPlaced: [],
      };
      clients.set(id, entry);
    }
    return entry;
  };
  const clientCarersBefore = new Map<string, Set<string>>();
  for (const seen of old.values()) {
    const set = clientCarersBefore.get(seen.stop.clientId) ?? new Set<string>();
    for (const id of seen.carers) set.add(id);
    clientCarersBefore.set(seen.stop.clientId, set);
  }
  const changed = new Set<string>();
  const listedAfter = new Set(after.unplaced.map((entry) => entry.visitKey));
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort(byId);
  for (const key of keys) {
    const a = old.get(key);
    const b = now.get(key);
    const clientId = (a ?? b)!.stop.clientId;
    for (const id of a?.carers ?? []) {
      if (!b?.carers.includes(id)) {
        carer(id).lost.push({ ...a!.stop, start: a!.starts.get(id)! });
        changed.add(key);
      }
    }
    for (const id of b?.carers ?? []) {
      const start = b!.starts.get(id)!;
      const previous = a?.starts.get(id);
      if (previous === undefined) {
        carer(id).gained.push({ ...b!.stop, start });
        changed.add(key);
        if (!clientCarersBefore.get(clientId)?.has(id)) client(clientId).newCarers.add(id);
      } else if (previous !== start) {
        carer(id).retimed.push({
          ...b!.stop,
          start,
          before: previous,
          minutes: minutesBetween(previous, start),
        });
        changed.add(key);
      }
    }
    if (a && b) {
      const beforeCarers = [...a.carers].sort(byId);
      const afterCarers = [...b.carers].sort(byId);
      if (beforeCarers.join('\u0000') !== afterCarers.join('\u0000')) {
        client(clientId).carersChanged.push({
          visitKey: key,
          before: beforeCarers,
          after: afterCarers,
        });
      }
      const startBefore = [...a.starts.values()].sort()[0]!;
      const startAfter = [...b.starts.values()].sort()[0]!;
      if (startBefore !== startAfter) {
        client(clientId).retimed.push({
          ...b.stop,
          start: startAfter,
          before: startBefore,
          minutes: minutesBetween(startBefore, startAfter),
        });
      }
    } else if (a) {
      if (listedAfter.has(key)) client(clientId).nowUnplaced.push(key);
      else client(clientId).cancelled.push(key);
    } else {
      client(clientId).nowPlaced.push(key);
    }
  }

  const carerDiffs: CarerDiff[] = [...carers]
    .sort(([x], [y]) => byId(x, y))
    .map(([carerId, entry]) => ({
      carerId,
      gained: entry.gained.sort(byStart),
      lost: entry.lost.sort(byStart),
      retimed: entry.retimed.sort(byStart),
    }));
  const clientDiffs: ClientDiff[] = [...clients]
    .sort(([x], [y]) => byId(x, y))
    .map(([clientId, entry]) => ({
      clientId,
      newCarers: [...entry.newCarers].sort(byId),
      carersChanged: entry.carersChanged,
      retimed: entry.retimed.sort(byStart),
      nowUnplaced: entry.nowUnplaced,
      cancelled: entry.cancelled,
      nowPlaced: entry.nowPlaced,
    }));
  return {
    carers: carerDiffs,
    clients: clientDiffs,
    visitsChanged: changed.size,
    unplacedBefore: before.unplaced.length,
    unplacedAfter: after.unplaced.length,
    messages: [...carerDiffs.map(carerMessage), ...clientDiffs.map(clientMessage)].filter(
      (message) => message !== '',
    ),
  };
}

const stopWords = (stop: DiffStop) => `${stop.clientId} ${when(stop.start)} (${stop.visitKey})`;
const retimedWords = (stop: RetimedStop) =>
  `${stop.clientId} ${when(stop.before)} now ${stop.start.slice(11, 16)} (${stop.visitKey})`;

function carerMessage(diff: CarerDiff): string {
  const parts: string[] = [];
  if (diff.gained.length > 0) parts.push(`new visits ${diff.gained.map(stopWords).join(', ')}`);
  if (diff.lost.length > 0) parts.push(`no longer ${diff.lost.map(stopWords).join(', ')}`);
  if (diff.retimed.length > 0) parts.push(`new times ${diff.retimed.map(retimedWords).join(', ')}`);
  return parts.length === 0 ? '' : `Tell carer ${diff.carerId}: ${parts.join('; ')}.`;
}

function clientMessage(diff: ClientDiff): string {
  const parts: string[] = [];
  for (const change of diff.carersChanged) {
    parts.push(
      `${change.visitKey} by ${change.after.join(' and ')} instead of ${change.before.join(' and ')}`,
    );
  }
  if (diff.newCarers.length > 0) parts.push(`new to them: ${diff.newCarers.join(', ')}`);
  if (diff.retimed.length > 0) parts.push(`new times ${diff.retimed.map(retimedWords).join(', ')}`);
  if (diff.nowUnplaced.length > 0) parts.push(`not covered: ${diff.nowUnplaced.join(', ')}`);
  if (diff.cancelled.length > 0) parts.push(`cancelled: ${diff.cancelled.join(', ')}`);
  if (diff.nowPlaced.length > 0) parts.push(`now covered: ${diff.nowPlaced.join(', ')}`);
  return parts.length === 0 ? '' : `Tell client ${diff.clientId}: ${parts.join('; ')}.`;
}

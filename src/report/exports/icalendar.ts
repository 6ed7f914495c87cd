/**
 * The roster as iCalendar (RFC 5545): one calendar per carer, an event per visit, in the
 * problem's time zone with its VTIMEZONE, so a carer's phone shows their week at the right
 * local times on clock-change days too.
 */
import { printedMinutes } from '../printed-minutes.js';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { ExpandedProblem } from '../../model/expand.js';
import { expandProblem } from '../../model/expand.js';
import type { LocalClock } from '../../model/time.js';
import type { Roster } from '../../model/roster.js';
import type { Problem } from '../../model/schema.js';
import type { ExportFile } from './export-file.js';
import { safeFileStems } from './export-file.js';
import type { StopContext } from './roster-stops.js';
import { displayName, rosterStops } from './roster-stops.js';

/** Options of {@link rosterCalendars}. */
export interface CalendarExportOptions {
  /** The problem's expansion, when the caller has it already. */
  readonly expanded?: ExpandedProblem;
  /** When the export is made (DTSTAMP and SEQUENCE); default now. */
  readonly stamp?: Date;
  /**
   * The right-hand side of every UID (`visit.carer@domain`): set it to your organisation's domain
   * so UIDs are unique across the rosters of different providers. Default `care-roster`.
   */
  readonly uidDomain?: string;
}

const DEFAULT_UID_DOMAIN = 'care-roster';
const PRODUCT_ID = { company: 'care-roster', product: 'roster', language: 'EN' } as const;
/**
 * SEQUENCE counts seconds since this instant: each later export is a later revision, so calendar
 * software that compares SEQUENCE (as RFC 5546 asks) takes the re-exported event over the old one,
 * and the number fits RFC 5545's 32-bit INTEGER until 2092.
 */
const SEQUENCE_EPOCH_MS = Date.UTC(2024, 0, 1);

/** The VTIMEZONE component of an IANA zone, or null when the zone library does not know it. */
function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && typeof block[0] === 'string' ? block[0] : null;
}

/**
 * Whether the local wall time of `iso` names that instant in RFC 5545's reading of a local time
 * with a TZID: a time that happens twice means its first occurrence. The second 01:30 of the
 * night UK clocks go back cannot be written that way, so such an event is written in UTC.
 */
function writableAsLocal(iso: string, clock: LocalClock): boolean {
  const instant = DateTime.fromISO(iso, { setZone: true });
  const local = instant.setZone(clock.zone);
  const date = local.toISODate();
  if (!instant.isValid || !local.isValid || date === null) return false;
  const minuteOfDay = local.hour * 60 + local.minute + local.second / 60;
  return clock.instantMs(date, minuteOfDay) === instant.toMillis();
}

/**
 * The stable UID of a carer's event for a dated visit: the same on every export.
 *
 * @example
 * ```ts
 * visitEventUid('p1/morning/2026-03-23', 'ann'); // the same UID on every export of that visit
 * ```
 */
export function visitEventUid(
  visitKey: string,
  carerId: string,
  domain = DEFAULT_UID_DOMAIN,
): string {
  return `${encodeURIComponent(visitKey)}.${encodeURIComponent(carerId)}@${domain}`;
}

/**
 * The stable UID of the break a carer's shift declares: the carer, the shift's date and its
 * place among that day's shifts (a carer may work a morning and an evening shift).
 *
 * @example
 * ```ts
 * breakEventUid('ann', '2026-03-23', 0); // the break of Ann's first shift that day
 * ```
 */
export function breakEventUid(
  carerId: string,
  date: string,
  shiftOfDay: number,
  domain = DEFAULT_UID_DOMAIN,
): string {
  return `break.${date}.${shiftOfDay}.${encodeURIComponent(carerId)}@${domain}`;
}

function describe(context: StopContext, travelHome: number | undefined): string {
  const { stop, visit, partners, lateMinutes, client } = context;
  const lines = [
    `Client: ${displayName(client, stop.clientId)} (${stop.clientId})`,
    `Visit: ${stop.visitId} of package ${stop.packageId} (${stop.visitKey})`,
    `Arrive: ${DateTime.fromISO(stop.arrival, { setZone: true }).toFormat('HH:mm')}`,
    `Travel here: ${printedMinutes(stop.travelMinutes)} min`,
  ];
  if (visit && visit.qualifications.length > 0) {
    lines.push(`Qualifications: ${visit.qualifications.join(', ')}`);
  }
  if (partners.length > 0) lines.push(`Double-up with: ${partners.join(', ')}`);
  if (visit && visit.priority !== 'normal') lines.push(`Priority: ${visit.priority}`);
  if (lateMinutes !== undefined && lateMinutes > 0) {
    lines.push(`Starts ${lateMinutes} min after its window`);
  }
  if (travelHome !== undefined) lines.push(`Then travel home: ${printedMinutes(travelHome)} min`);
  return lines.join('\n');
}

/**
 * One iCalendar file per carer (`<carerId>.ics`, the id made file-name safe by
 * {@link safeFileStems}), for every carer of the problem (an empty calendar for one with no
 * visits, so a re-import clears their old events) and any other carer the roster names.
 *
 * Each visit is a VEVENT with a UID made of the visit key and the carer
 * ({@link visitEventUid}), so re-importing a later export updates events instead of adding
 * copies. Summary: the client's name (or id) and the visit; location: the client's name with
 * the coordinates as GEO (the problem has no address field); description: visit, package,
 * qualifications, double-up partner, arrival and the travel before it (also as Apple's
 * X-APPLE-TRAVEL-DURATION, shown as a travel block before the event), and after the last visit
 * of a shift the travel home. A break a shift declares is an event of its own (summary `Break`,
 * UID from {@link breakEventUid}). Times are local with the problem's TZID and its VTIMEZONE; an event
 * whose start or end is the second occurrence of a repeated local time (after clocks go back),
 * or whose zone has no VTIMEZONE known, is written in UTC, the one form that names that instant.
 *
 * @example
 * ```ts
 * mkdirSync('calendars', { recursive: true });
 * for (const { fileName, content } of rosterCalendars(problem, roster)) {
 *   writeFileSync(join('calendars', fileName), content);
 * }
 * ```
 */
export function rosterCalendars(
  problem: Problem,
  roster: Pick<Roster, 'routes'>,
  options: CalendarExportOptions = {},
): ExportFile[] {
  const expanded = options.expanded ?? expandProblem(problem);
  const { clock } = expanded;
  const stamp = options.stamp ?? new Date();
  const sequence = Math.max(0, Math.floor((stamp.getTime() - SEQUENCE_EPOCH_MS) / 1000));
  const domain = options.uidDomain ?? DEFAULT_UID_DOMAIN;
  const zoneBlock = vtimezone(clock.zone);

  const carerIds = [
    ...new Set([
      ...problem.carers.map((carer) => carer.id),
      ...roster.routes.map((r) => r.carerId),
    ]),
  ];
  const stems = safeFileStems(carerIds);
  const stopsByCarer = new Map<string, StopContext[]>();
  for (const context of rosterStops(expanded, roster)) {
    const list = stopsByCarer.get(context.route.carerId) ?? [];
    list.push(context);
    stopsByCarer.set(context.route.carerId, list);
  }

  return carerIds.map((carerId) => {
    const carer = expanded.carers.get(carerId);
    const calendar = ical({
      prodId: PRODUCT_ID,
      method: ICalCalendarMethod.PUBLISH,
      name: `Visits: ${displayName(carer, carerId)}`,
      // No calendar-wide zone: each event names its own (TZID or UTC); the generator adds the
      // VTIMEZONE of every zone an event uses.
      timezone: { name: null, generator: () => zoneBlock },
    });
    for (const context of stopsByCarer.get(carerId) ?? []) {
      const { route, stop, order, client, partners } = context;
      const last = order === route.stops.length;
      const local =
        zoneBlock !== null &&
        writableAsLocal(stop.start, clock) &&
        writableAsLocal(stop.end, clock);
      const start = DateTime.fromISO(stop.start, { setZone: true });
      const end = DateTime.fromISO(stop.end, { setZone: true });
      const where = context.location;
      const name = displayName(client, stop.clientId);
      calendar.createEvent({
        id: visitEventUid(stop.visitKey, carerId, domain),
        sequence,
        stamp,
        start: local ? start.setZone(clock.zone) : start.toUTC(),
        end: local ? end.setZone(clock.zone) : end.toUTC(),
        timezone: local ? clock.zone : null,
        summary: `${name}: ${stop.visitId}${partners.length > 0 ? ` (with ${partners.join(', ')})` : ''}`,
        description: describe(context, last ? route.travelBackMinutes : undefined),
        location: where ? { title: name, geo: { lat: where.lat, lon: where.lon } } : name,
        ...(stop.travelMinutes > 0
          ? { travelTime: { seconds: Math.round(stop.travelMinutes * 60) } }
          : {}),
      });
    }
    const shiftsOfDay = new Map<string, number>();
    for (const route of roster.routes) {
      if (route.carerId !== carerId) continue;
      const shiftOfDay = shiftsOfDay.get(route.date) ?? 0;
      shiftsOfDay.set(route.date, shiftOfDay + 1);
      if (!route.break) continue;
      const { start: startIso, end: endIso } = route.break;
      const local =
        zoneBlock !== null && writableAsLocal(startIso, clock) && writableAsLocal(endIso, clock);
      const start = DateTime.fromISO(startIso, { setZone: true });
      const end = DateTime.fromISO(endIso, { setZone: true });
      const minutes = Math.round(end.diff(start, 'minutes').minutes);
      calendar.createEvent({
        id: breakEventUid(carerId, route.date, shiftOfDay, domain),
        sequence,
        stamp,
        start: local ? start.setZone(clock.zone) : start.toUTC(),
        end: local ? end.setZone(clock.zone) : end.toUTC(),
        timezone: local ? clock.zone : null,
        summary: 'Break',
        description: `Break of ${minutes} min in the shift from ${DateTime.fromISO(route.shiftStart, { setZone: true }).toFormat('HH:mm')}`,
      });
    }
    return { fileName: `${stems.get(carerId)!}.ics`, content: calendar.toString() };
  });
}

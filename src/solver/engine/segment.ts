/**
 * Duration segments (Vidal et al. 2013, "A hybrid genetic algorithm with adaptive diversity
 * management for a large class of vehicle routing problems with time windows").
 *
 * A segment summarises a run of consecutive stops by four numbers: the minimum duration `d`
 * (service, travel and unavoidable waiting), the time warp `tw` (how far some start must be
 * pulled back in time to meet its latest start), and the window `[e, l]` of start times of the
 * first stop that achieve them. Two segments joined by one arc combine in O(1), so a move that
 * rebuilds a route from a cached prefix, a few stops and a cached suffix is checked in O(1).
 * A route is time-feasible exactly when its whole segment has `tw == 0`.
 *
 * This file is the only place the concatenation is written: the route caches, insertion and the
 * local-search moves all go through {@link Segment.append} and the two start bounds below. A
 * `Segment` is a reusable scratch value, so the hot paths allocate nothing.
 */
export class Segment {
  d = 0;
  tw = 0;
  e = 0;
  l = 0;

  /**
   * Sets all four numbers; `set(service, 0, earliest, latest)` is the segment of one stop.
   *
   * @example
   * ```ts
   * const stop = new Segment().set(30, 0, 540, 600); // 30 min of care starting 09:00-10:00
   * ```
   */
  set(d: number, tw: number, e: number, l: number): this {
    this.d = d;
    this.tw = tw;
    this.e = e;
    this.l = l;
    return this;
  }

  /**
   * Appends the segment `(d2, tw2, e2, l2)` reached from this one's last stop in `travel`:
   * `this = this ⊕ (d2, tw2, e2, l2)`.
   *
   * @example
   * ```ts
   * // Leave the office (open 480-1020) and reach a 30 min visit (start 540-600) in 20 min:
   * const route = new Segment().set(0, 0, 480, 1020).append(20, 30, 0, 540, 600);
   * // d 50, tw 0, and leaving between e 520 and l 580 needs no waiting.
   * ```
   */
  append(travel: number, d2: number, tw2: number, e2: number, l2: number): this {
    const delta = this.d - this.tw + travel;
    const waitGap = e2 - delta - this.l;
    const wait = waitGap > 0 ? waitGap : 0;
    const warpGap = this.e + delta - l2;
    const warp = warpGap > 0 ? warpGap : 0;
    const e = e2 - delta > this.e ? e2 - delta : this.e;
    const l = l2 - delta < this.l ? l2 - delta : this.l;
    this.d = this.d + d2 + travel + wait;
    this.tw = this.tw + tw2 + warp;
    this.e = e - wait;
    this.l = l + warp;
    return this;
  }

  /**
   * Appends a single stop reached in `travel`.
   *
   * @example
   * ```ts
   * const seg = new Segment().set(0, 0, 480, 1020).appendStop(20, 30, 540, 600);
   * ```
   */
  appendStop(travel: number, service: number, earliest: number, latest: number): this {
    return this.append(travel, service, 0, earliest, latest);
  }
}

/**
 * Earliest start of a stop whose window opens at `earliest`, reached in `travel` after a
 * time-feasible segment of duration `d` and earliest start `e` (a cached prefix): the prefix's
 * earliest finish plus the travel, or the window's opening if later.
 *
 * @example
 * ```ts
 * earliestStartAfter(50, 520, 15, 540); // 585: the prefix ends at 570, then 15 min of travel
 * ```
 */
export function earliestStartAfter(d: number, e: number, travel: number, earliest: number): number {
  const arrive = e + d + travel;
  return arrive > earliest ? arrive : earliest;
}

/**
 * Latest start of a stop of `service` minutes whose window closes at `latest`, from which a
 * segment with latest start `l` (a cached suffix) is reached in `travel` without time warp.
 *
 * @example
 * ```ts
 * latestStartBefore(700, 30, 10, 720); // 660: the suffix must start by 700
 * ```
 */
export function latestStartBefore(
  l: number,
  service: number,
  travel: number,
  latest: number,
): number {
  const last = l - service - travel;
  return last < latest ? last : latest;
}

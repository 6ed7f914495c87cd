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
 */
export class Segment {
  d = 0;
  tw = 0;
  e = 0;
  l = 0;

  /** Sets this to the segment of a single stop. */
  setStop(service: number, earliest: number, latest: number): this {
    this.d = service;
    this.tw = 0;
    this.e = earliest;
    this.l = latest;
    return this;
  }

  set(d: number, tw: number, e: number, l: number): this {
    this.d = d;
    this.tw = tw;
    this.e = e;
    this.l = l;
    return this;
  }

  copy(other: Segment): this {
    return this.set(other.d, other.tw, other.e, other.l);
  }

  /** Appends the segment `(d2, tw2, e2, l2)` reached from this one's last stop in `travel`. */
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

  /** Appends a single stop reached in `travel`. */
  appendStop(travel: number, service: number, earliest: number, latest: number): this {
    return this.append(travel, service, 0, earliest, latest);
  }

  /** Appends another segment reached in `travel`. */
  appendSegment(travel: number, other: Segment): this {
    return this.append(travel, other.d, other.tw, other.e, other.l);
  }
}

/**
 * Time warp of `first ⊕ (travel) ⊕ (d2, tw2, e2, l2)` without building the joined segment; the
 * hot path of move evaluation.
 */
export function joinWarp(
  d1: number,
  tw1: number,
  e1: number,
  travel: number,
  tw2: number,
  l2: number,
): number {
  const warpGap = e1 + d1 - tw1 + travel - l2;
  return tw1 + tw2 + (warpGap > 0 ? warpGap : 0);
}

/**
 * Parts of hand-built engine instances that most small tests share: travel between places on a
 * line, and the empty tables of instances with no work limits, preferred hours or soft targets.
 */

/** Travel (time and cost alike) between places at positions `xs` on a line: |xs[a] - xs[b]|. */
export function travelOnLine(xs: readonly number[]): Float64Array {
  const n = xs.length;
  return Float64Array.from({ length: n * n }, (_, i) =>
    Math.abs(xs[Math.floor(i / n)]! - xs[i % n]!),
  );
}

/** The work-limit fields of an instance with no work limits. */
export function noLimits() {
  return {
    nLimits: 0,
    limitMax: new Float64Array(0),
    limitStart: Int32Array.from([0]),
    limitRoutes: new Int32Array(0),
  };
}

/** The soft-target fields of an instance with no targets. */
export function noTargets() {
  return {
    nTargets: 0,
    targetStart: Int32Array.from([0]),
    targetRoutes: new Int32Array(0),
    targetMeasure: new Uint8Array(0),
    targetValue: new Float64Array(0),
    targetUnderCost: new Float64Array(0),
    targetOverCost: new Float64Array(0),
  };
}

/** The preferred-hours fields of an instance whose `workers` carers state no preferred hours. */
export function noPreferredHours(workers: number) {
  return {
    workerHasPreferred: new Uint8Array(workers),
    workerPreferredStart: new Int32Array(workers + 1),
    preferredFrom: new Float64Array(0),
    preferredTo: new Float64Array(0),
    preferredCost: 0,
  };
}

/**
 * Independent feasibility check of Solomon routes, written apart from the engine: it recomputes
 * the schedule in floating point from the customer sequences alone (leave the depot at its
 * ready time, wait when early) and knows nothing of the engine's segments or caches.
 */
import type { SolomonInstance } from './solomon-instance.js';
import { distance } from './solomon-instance.js';

/** Allowed lateness / overload: rounding noise only. */
export const TOLERANCE = 1e-6;

export interface SolomonCheck {
  /** Total distance recomputed from the routes. */
  readonly distance: number;
  readonly vehicles: number;
  readonly served: number;
  readonly errors: readonly string[];
}

/**
 * Checks routes given as customer node numbers (1..n), one array per used vehicle. With `arc`,
 * each distance is transformed first (e.g. truncated to one decimal), in travel time as in length.
 */
export function checkSolomon(
  inst: SolomonInstance,
  routes: readonly (readonly number[])[],
  arc: (d: number) => number = (d) => d,
): SolomonCheck {
  const errors: string[] = [];
  const nodes = inst.nodes;
  const depot = nodes[0]!;
  const visits = new Array<number>(nodes.length).fill(0);
  let total = 0;
  let vehicles = 0;
  for (const [index, route] of routes.entries()) {
    if (route.length === 0) continue;
    vehicles++;
    let clock = depot.ready;
    let at = depot;
    let load = 0;
    for (const id of route) {
      const node = nodes[id];
      if (node === undefined || id === 0) {
        errors.push(`route ${index}: unknown customer ${id}`);
        continue;
      }
      visits[id]!++;
      const d = arc(distance(at, node));
      total += d;
      clock = Math.max(clock + d, node.ready);
      if (clock > node.due + TOLERANCE) {
        errors.push(`route ${index}: customer ${id} starts at ${clock} after ${node.due}`);
      }
      clock += node.service;
      load += node.demand;
      at = node;
    }
    const back = arc(distance(at, depot));
    total += back;
    if (clock + back > depot.due + TOLERANCE) {
      errors.push(`route ${index}: back at ${clock + back} after ${depot.due}`);
    }
    if (load > inst.capacity + TOLERANCE) errors.push(`route ${index}: load ${load}`);
  }
  if (vehicles > inst.vehicles) errors.push(`${vehicles} vehicles used of ${inst.vehicles}`);
  let served = 0;
  for (let id = 1; id < nodes.length; id++) {
    if (visits[id] === 1) served++;
    else if (visits[id]! > 1) errors.push(`customer ${id} served ${visits[id]} times`);
  }
  return { distance: total, vehicles, served, errors };
}

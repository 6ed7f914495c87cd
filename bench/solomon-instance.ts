/**
 * Reads Solomon VRPTW files and maps them straight onto the engine's instance form: one task per
 * customer, one route per vehicle from the depot, Euclidean distance unrounded as both travel
 * time and cost, the depot window as every route's window, capacity as given.
 */
import type { EngineInstance } from '../src/solver/engine/instance.js';
import { denseTravel } from '../src/solver/engine/travel-table.js';

export interface SolomonNode {
  readonly x: number;
  readonly y: number;
  readonly demand: number;
  readonly ready: number;
  readonly due: number;
  readonly service: number;
}

export interface SolomonInstance {
  readonly name: string;
  readonly vehicles: number;
  readonly capacity: number;
  /** Node 0 is the depot, nodes 1..n the customers. */
  readonly nodes: readonly SolomonNode[];
}

/** Parses a Solomon instance file's text. */
export function parseSolomon(name: string, text: string): SolomonInstance {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const vehicleHeader = lines.findIndex((line) => line.startsWith('NUMBER'));
  if (vehicleHeader < 0) throw new Error(`${name}: no VEHICLE section`);
  const fleet = (lines[vehicleHeader + 1] ?? '').split(/\s+/).map(Number);
  const vehicles = fleet[0];
  const capacity = fleet[1];
  if (vehicles === undefined || capacity === undefined || Number.isNaN(vehicles + capacity)) {
    throw new Error(`${name}: bad vehicle line`);
  }
  const customerHeader = lines.findIndex((line) => line.startsWith('CUST NO.'));
  if (customerHeader < 0) throw new Error(`${name}: no CUSTOMER section`);
  const nodes: SolomonNode[] = [];
  for (const line of lines.slice(customerHeader + 1)) {
    if (line === '') continue;
    const f = line.split(/\s+/).map(Number);
    if (f.length < 7 || f.some((v) => Number.isNaN(v))) throw new Error(`${name}: bad row ${line}`);
    if (f[0] !== nodes.length) throw new Error(`${name}: node ${f[0]} out of order`);
    nodes.push({ x: f[1]!, y: f[2]!, demand: f[3]!, ready: f[4]!, due: f[5]!, service: f[6]! });
  }
  return { name, vehicles, capacity, nodes };
}

/** Euclidean distance between two nodes, unrounded. */
export function distance(a: SolomonNode, b: SolomonNode): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/**
 * The engine instance of a Solomon instance: task i is customer i + 1, location = node. With
 * `arc`, each distance is transformed first (e.g. truncated to one decimal).
 */
export function toEngineInstance(
  inst: SolomonInstance,
  arc: (d: number) => number = (d) => d,
): EngineInstance {
  const nodes = inst.nodes;
  const nl = nodes.length;
  const depot = nodes[0]!;
  const matrix = new Float64Array(nl * nl);
  for (let i = 0; i < nl; i++) {
    for (let j = 0; j < nl; j++) matrix[i * nl + j] = arc(distance(nodes[i]!, nodes[j]!));
  }
  const n = nl - 1;
  const m = inst.vehicles;
  const customers = nodes.slice(1);
  const routeWords = Math.ceil(m / 32);
  const allowed = new Uint32Array(n * routeWords).fill(0xffffffff);
  return {
    nLocations: nl,
    travelTime: [denseTravel(matrix)],
    travelCost: [denseTravel(matrix)],
    nTasks: n,
    taskLocation: Int32Array.from({ length: n }, (_, i) => i + 1),
    taskService: Float64Array.from(customers, (c) => c.service),
    taskEarliest: Float64Array.from(customers, (c) => c.ready),
    taskLatest: Float64Array.from(customers, (c) => c.due),
    taskDemand: Float64Array.from(customers, (c) => c.demand),
    // Far above any route length, so serving every customer always comes first.
    taskUnplacedPenalty: new Float64Array(n).fill(1e6),
    nRoutes: m,
    routeProfile: new Int32Array(m),
    routeStartLocation: new Int32Array(m),
    routeEndLocation: new Int32Array(m),
    routeEarliestStart: new Float64Array(m).fill(depot.ready),
    routeLatestEnd: new Float64Array(m).fill(depot.due),
    routeCapacity: new Float64Array(m).fill(inst.capacity),
    routeWorker: Int32Array.from({ length: m }, (_, r) => r),
    nWorkers: m,
    allowed,
    routeWords,
    nLimits: 0,
    limitMax: new Float64Array(0),
    limitStart: new Int32Array(1),
    limitRoutes: new Int32Array(0),
    links: [],
    assignmentCost: null,
  };
}

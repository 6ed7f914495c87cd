/**
 * An exact solver for the transportation problem with unmet-demand slack, by successive
 * shortest paths (Dijkstra with node potentials). It returns the same optimum as the LP but
 * stays fast and small at county size, where the dense-tableau simplex of javascript-lp-solver
 * runs out of time and memory (see bench/results/allocation.md).
 */

/**
 * Suppliers (carers) send hours to consumers (areas). Arc `s * consumers + c` costs `cost[...]`
 * per unit and is absent when that cost is not finite. Demand may be left unmet at `unmetCost`
 * per unit.
 */
export interface TransportProblem {
  readonly supply: Float64Array;
  readonly demand: Float64Array;
  /** Cost per unit from supplier s to consumer c at `s * demand.length + c`. */
  readonly cost: Float64Array;
  readonly unmetCost: number;
}

/** An optimal flow. */
export interface TransportSolution {
  /** Units from supplier s to consumer c at `s * demand.length + c`. */
  readonly flow: Float64Array;
  /** Demand of each consumer left unmet. */
  readonly unmet: Float64Array;
  /** Sum of flow x cost plus unmet x unmetCost. */
  readonly cost: number;
}

/** Amounts below this are treated as zero (hours, so a fraction of a second). */
const EPS = 1e-7;

/**
 * Minimum-cost flow meeting every demand, from real suppliers or the unmet slack.
 *
 * Node layout: suppliers `0..S-1`, the slack supplier `S` (infinite supply at `unmetCost` to every
 * consumer), consumers `S+1..S+C`, then the source and the sink. Each augmentation saturates a
 * supplier, a consumer or a back arc, so there are about S + C of them; early exit at the sink
 * keeps each Dijkstra short.
 */
export function solveTransport(problem: TransportProblem): TransportSolution {
  const solver = new SuccessiveShortestPaths(problem);
  solver.run();
  return solver.solution();
}

class SuccessiveShortestPaths {
  private readonly suppliers: number;
  private readonly consumers: number;
  private readonly source: number;
  private readonly sink: number;
  private readonly supplyLeft: Float64Array;
  private readonly demandLeft: Float64Array;
  /** Flow per arc, one extra row for the slack supplier. */
  private readonly flow: Float64Array;
  private readonly arcCost: Float64Array;
  private readonly potential: Float64Array;
  private readonly distance: Float64Array;
  private readonly parent: Int32Array;
  private readonly done: Uint8Array;
  private readonly heap: MinHeap;

  constructor(private readonly problem: TransportProblem) {
    this.suppliers = problem.supply.length;
    this.consumers = problem.demand.length;
    const rows = this.suppliers + 1;
    this.source = rows + this.consumers;
    this.sink = this.source + 1;
    const nodes = this.sink + 1;
    this.supplyLeft = Float64Array.from([...problem.supply, Infinity]);
    this.demandLeft = Float64Array.from(problem.demand, (d) => Math.max(0, d));
    this.flow = new Float64Array(rows * this.consumers);
    this.arcCost = new Float64Array(rows * this.consumers);
    this.arcCost.set(problem.cost);
    this.arcCost.fill(problem.unmetCost, this.suppliers * this.consumers);
    this.potential = new Float64Array(nodes);
    this.distance = new Float64Array(nodes);
    this.parent = new Int32Array(nodes);
    this.done = new Uint8Array(nodes);
    this.heap = new MinHeap(nodes * 4);
  }

  run(): void {
    let remaining = 0;
    for (const d of this.demandLeft) remaining += d;
    while (remaining > EPS) {
      if (!this.shortestPath()) break;
      remaining -= this.augment();
    }
  }

  solution(): TransportSolution {
    const { suppliers, consumers, problem } = this;
    const flow = this.flow.slice(0, suppliers * consumers);
    const unmet = this.flow.slice(suppliers * consumers);
    let cost = 0;
    for (let i = 0; i < flow.length; i++) {
      if (flow[i]! > 0) cost += flow[i]! * problem.cost[i]!;
    }
    for (const u of unmet) cost += u * problem.unmetCost;
    return { flow, unmet, cost };
  }

  private consumerNode(c: number): number {
    return this.suppliers + 1 + c;
  }

  /** Dijkstra on reduced costs from the source, stopping when the sink is settled. */
  private shortestPath(): boolean {
    const { distance, parent, done, heap, potential } = this;
    distance.fill(Infinity);
    done.fill(0);
    heap.clear();
    distance[this.source] = 0;
    parent[this.source] = -1;
    heap.push(0, this.source);
    while (heap.size > 0) {
      const u = heap.pop();
      if (done[u]) continue;
      done[u] = 1;
      if (u === this.sink) break;
      const base = distance[u]! + potential[u]!;
      if (u === this.source) this.relaxFromSource(base);
      else if (u <= this.suppliers) this.relaxFromSupplier(u, base);
      else this.relaxFromConsumer(u, base);
    }
    if (!done[this.sink]) return false;
    // Early exit: nodes beyond the sink's distance are capped there, which keeps every residual
    // reduced cost non-negative for the next round.
    const cap = distance[this.sink]!;
    for (let v = 0; v < potential.length; v++) {
      potential[v] = potential[v]! + Math.min(distance[v]!, cap);
    }
    return true;
  }

  /** Offers `v` a tentative distance given the unreduced path cost `pathCost` to it. */
  private relax(u: number, v: number, pathCost: number): void {
    if (this.done[v]) return;
    // Round-off can make a reduced cost a hair negative; Dijkstra needs it clipped at zero.
    const d = Math.max(pathCost - this.potential[v]!, this.distance[u]!);
    if (d < this.distance[v]!) {
      this.distance[v] = d;
      this.parent[v] = u;
      this.heap.push(d, v);
    }
  }

  private relaxFromSource(base: number): void {
    for (let s = 0; s <= this.suppliers; s++) {
      if (this.supplyLeft[s]! > EPS) this.relax(this.source, s, base);
    }
  }

  private relaxFromSupplier(s: number, base: number): void {
    const row = s * this.consumers;
    for (let c = 0; c < this.consumers; c++) {
      const cost = this.arcCost[row + c]!;
      if (Number.isFinite(cost)) this.relax(s, this.consumerNode(c), base + cost);
    }
  }

  private relaxFromConsumer(node: number, base: number): void {
    const c = node - this.suppliers - 1;
    if (this.demandLeft[c]! > EPS) this.relax(node, this.sink, base);
    for (let s = 0; s <= this.suppliers; s++) {
      const arc = s * this.consumers + c;
      if (this.flow[arc]! > EPS) this.relax(node, s, base - this.arcCost[arc]!);
    }
  }

  /** Pushes the bottleneck amount along the path found; returns the demand it met. */
  private augment(): number {
    const path: number[] = [];
    for (let v = this.sink; v !== -1; v = this.parent[v]!) path.push(v);
    path.reverse(); // source, supplier, consumer, (supplier, consumer)*, sink
    const first = path[1]!;
    const last = path[path.length - 2]!;
    const lastConsumer = last - this.suppliers - 1;
    let amount = Math.min(this.supplyLeft[first]!, this.demandLeft[lastConsumer]!);
    for (let i = 2; i < path.length - 2; i += 2) {
      // Consumer back to supplier: undoing flow already on that arc.
      const consumer = path[i]! - this.suppliers - 1;
      amount = Math.min(amount, this.flow[path[i + 1]! * this.consumers + consumer]!);
    }
    this.supplyLeft[first] = this.supplyLeft[first]! - amount;
    this.demandLeft[lastConsumer] = this.demandLeft[lastConsumer]! - amount;
    for (let i = 1; i < path.length - 2; i++) {
      const from = path[i]!;
      const to = path[i + 1]!;
      if (from <= this.suppliers) this.addFlow(from, to - this.suppliers - 1, amount);
      else this.addFlow(to, from - this.suppliers - 1, -amount);
    }
    return amount;
  }

  private addFlow(supplier: number, consumer: number, amount: number): void {
    const arc = supplier * this.consumers + consumer;
    this.flow[arc] = Math.max(0, this.flow[arc]! + amount);
  }
}

/** Binary min-heap of (key, node) with lazy deletion: stale entries are skipped on pop. */
class MinHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(4, capacity));
    this.nodes = new Int32Array(Math.max(4, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.keys[up]! <= key) break;
      this.keys[i] = this.keys[up]!;
      this.nodes[i] = this.nodes[up]!;
      i = up;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  pop(): number {
    const top = this.nodes[0]!;
    const key = this.keys[--this.size]!;
    const node = this.nodes[this.size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) {
        child++;
      }
      if (this.keys[child]! >= key) break;
      this.keys[i] = this.keys[child]!;
      this.nodes[i] = this.nodes[child]!;
      i = child;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const nodes = new Int32Array(this.nodes.length * 2);
    keys.set(this.keys);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}

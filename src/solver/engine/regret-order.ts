/**
 * The order in which regret insertion takes its tasks, kept as an indexed binary heap: largest
 * regret first, then the dearer to leave out, then the cheaper best insertion, then the lower
 * index, which is the task a scan of every task in index order would pick. A scan costs the
 * number of tasks per insertion; the heap costs a logarithm per task whose best two changed.
 */
export class RegretOrder {
  private readonly heap: Int32Array;
  /** Each task's place in the heap, -1 when out of it. */
  private readonly at: Int32Array;
  private count = 0;

  /**
   * @param regret, penalty, cost each task's regret, unplaced penalty and best insertion
   *   cost, read whenever the order is consulted (callers {@link update} after a change).
   * @example
   * ```ts
   * const order = new RegretOrder(regret, penalty, best1);
   * order.update(3);
   * const first = order.first(); // -1 when empty
   * ```
   */
  constructor(
    private readonly regret: Float64Array,
    private readonly penalty: Float64Array,
    private readonly cost: Float64Array,
  ) {
    this.heap = new Int32Array(regret.length);
    this.at = new Int32Array(regret.length).fill(-1);
  }

  /** Tasks in the order. */
  get size(): number {
    return this.count;
  }

  /** The task to take next, or -1. */
  first(): number {
    return this.count === 0 ? -1 : this.heap[0]!;
  }

  /** Puts task `i` in (or back in) its place after its keys changed. */
  update(i: number): void {
    let k = this.at[i]!;
    if (k < 0) {
      k = this.count++;
      this.heap[k] = i;
      this.at[i] = k;
    }
    this.up(k);
    this.down(this.at[i]!);
  }

  /** Takes task `i` out (placed, or nowhere left to go). */
  remove(i: number): void {
    const k = this.at[i]!;
    if (k < 0) return;
    this.at[i] = -1;
    const last = this.heap[--this.count]!;
    if (k === this.count) return;
    this.heap[k] = last;
    this.at[last] = k;
    this.up(k);
    this.down(this.at[last]!);
  }

  /** Whether task `a` goes before task `b`. */
  private before(a: number, b: number): boolean {
    const ra = this.regret[a]!;
    const rb = this.regret[b]!;
    if (ra !== rb) return ra > rb;
    const pa = this.penalty[a]!;
    const pb = this.penalty[b]!;
    if (pa !== pb) return pa > pb;
    const ca = this.cost[a]!;
    const cb = this.cost[b]!;
    if (ca !== cb) return ca < cb;
    return a < b;
  }

  private up(k: number): void {
    const heap = this.heap;
    const i = heap[k]!;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const j = heap[parent]!;
      if (!this.before(i, j)) break;
      heap[k] = j;
      this.at[j] = k;
      k = parent;
    }
    heap[k] = i;
    this.at[i] = k;
  }

  private down(k: number): void {
    const heap = this.heap;
    const i = heap[k]!;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= this.count) break;
      if (child + 1 < this.count && this.before(heap[child + 1]!, heap[child]!)) child++;
      const j = heap[child]!;
      if (!this.before(j, i)) break;
      heap[k] = j;
      this.at[j] = k;
      k = child;
    }
    heap[k] = i;
    this.at[i] = k;
  }
}

import { describe, expect, it } from 'vitest';
import { answerCostMs, finishReserveMs } from '../src/solver/finish-reserve.js';

describe('the time a solve keeps back for its answer', () => {
  it('before the search: a share of the limit, at least a little per visit, capped', () => {
    expect(finishReserveMs(10_000, 19_105)).toBe(500);
    expect(finishReserveMs(3_000, 2_366)).toBe(150);
    expect(finishReserveMs(500, 2_366)).toBeCloseTo(35.49, 9);
    expect(finishReserveMs(10_000, 97_995)).toBeCloseTo(1_469.925, 9);
    expect(finishReserveMs(60_000, 166_344)).toBe(2_000);
  });

  it('once placed: grows with the placed tasks past what the share kept, with no cap', () => {
    // The 20,000-visit week nearly placed at 10 s: its answer took longer than the 500 ms kept.
    const week = answerCostMs({ placedTasks: 20_822, triedUnplacedTasks: 169, carers: 540 });
    expect(week).toBeGreaterThan(finishReserveMs(10_000, 19_105));
    const twice = answerCostMs({ placedTasks: 41_644, triedUnplacedTasks: 169, carers: 540 });
    expect(twice).toBeGreaterThan(week);
    const county = answerCostMs({ placedTasks: 182_683, triedUnplacedTasks: 0, carers: 4_655 });
    expect(county).toBeGreaterThan(finishReserveMs(60_000, 166_344));
  });

  it('counts each tried unplaced visit once for every carer asked about it', () => {
    const none = answerCostMs({ placedTasks: 5_000, triedUnplacedTasks: 0, carers: 540 });
    const some = answerCostMs({ placedTasks: 5_000, triedUnplacedTasks: 100, carers: 540 });
    const moreCarers = answerCostMs({ placedTasks: 5_000, triedUnplacedTasks: 100, carers: 1_080 });
    expect(some).toBeGreaterThan(none);
    expect(moreCarers - none).toBeCloseTo(2 * (some - none), 9);
    expect(answerCostMs({ placedTasks: 0, triedUnplacedTasks: 0, carers: 540 })).toBeGreaterThan(0);
  });
});

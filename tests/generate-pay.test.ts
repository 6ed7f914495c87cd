import { describe, expect, it } from 'vitest';
import { generateCouncil } from '../src/generate/council.js';
import { EMPLOYERS, drawPay } from '../src/generate/pay.js';
import { Random } from '../src/model/random.js';

describe('generated pay', () => {
  it('gives every carer the rate band and travel pay of one employer', () => {
    const { carers } = generateCouncil({ seed: 3, clients: 60 });
    for (const carer of carers) {
      const { hourlyPay = 0, travelPaid } = carer.contract ?? {};
      const employer = EMPLOYERS.find(
        (entry) =>
          entry.travelPaid === travelPaid &&
          hourlyPay >= entry.rate[0] &&
          hourlyPay <= entry.rate[1],
      );
      expect(employer, `${carer.id}: ${hourlyPay}, travel paid ${travelPaid}`).toBeDefined();
      // Nobody is generated below the 2026 National Living Wage.
      expect(hourlyPay).toBeGreaterThanOrEqual(12.71);
    }
    const paidTravel = carers.filter((carer) => carer.contract?.travelPaid).length;
    expect(paidTravel).toBeGreaterThan(0);
    expect(paidTravel).toBeLessThan(carers.length);
  });

  it('takes exactly two draws, so the carers generated after stay the same', () => {
    const drawn = new Random(11);
    drawPay(drawn);
    const skipped = new Random(11);
    skipped.next();
    skipped.next();
    expect(drawn.next()).toBe(skipped.next());
  });

  it('has employer shares that add up to one', () => {
    expect(EMPLOYERS.reduce((sum, entry) => sum + entry.share, 0)).toBeCloseTo(1, 12);
  });
});

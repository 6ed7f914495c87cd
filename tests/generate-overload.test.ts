import { describe, expect, it } from 'vitest';
import { generateCouncil } from '../src/generate/council.js';
import { OVERLOAD_LATENESS_MINUTES } from '../src/generate/overload.js';
import { validateProblem } from '../src/model/validate.js';

const BASE = { seed: 3, clients: 40, days: 2 } as const;

describe('generateCouncil overload', () => {
  it('takes a share of the carers away, keeps two holders of each qualification, allows lateness', () => {
    const full = generateCouncil(BASE);
    const short = generateCouncil({ ...BASE, overload: 0.3 });
    expect(validateProblem(short).ok).toBe(true);
    expect(short.packages.length).toBe(full.packages.length);
    const removed = full.carers.length - short.carers.length;
    expect(removed).toBeGreaterThan(0);
    expect(removed).toBeLessThanOrEqual(Math.round(0.3 * full.carers.length));
    const ids = new Set(full.carers.map((carer) => carer.id));
    for (const carer of short.carers) expect(ids.has(carer.id)).toBe(true);
    const holders = (carers: typeof full.carers, name: string) =>
      carers.filter((carer) => (carer.qualifications ?? []).some((q) => q.name === name)).length;
    const names = new Set(full.carers.flatMap((c) => (c.qualifications ?? []).map((q) => q.name)));
    for (const name of names) {
      expect(holders(short.carers, name)).toBeGreaterThanOrEqual(
        Math.min(2, holders(full.carers, name)),
      );
    }
    const allowed = short.packages.flatMap((p) =>
      (p.visits ?? []).map((v) => v.maxLatenessMinutes),
    );
    const before = full.packages.flatMap((p) => (p.visits ?? []).map((v) => v.maxLatenessMinutes));
    allowed.forEach((late, i) => {
      expect(late).toBe((before[i] ?? 0) > 0 ? OVERLOAD_LATENESS_MINUTES : before[i]);
    });
  });

  it('changes nothing at 0 and refuses a share outside 0-0.9', () => {
    expect(generateCouncil({ ...BASE, overload: 0 })).toEqual(generateCouncil(BASE));
    expect(() => generateCouncil({ ...BASE, overload: 0.95 })).toThrow(
      /overload must be between 0 and 0.9/,
    );
    expect(() => generateCouncil({ ...BASE, overload: -0.1 })).toThrow(RangeError);
  });
});

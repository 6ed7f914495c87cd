import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  inconsistentReferences,
  parseBks,
  parseTruncatedOptima,
  referenceCheckLines,
  truncateTenths,
} from '../bench/solomon-reference.js';

const optima = parseTruncatedOptima(
  readFileSync(new URL('../fixtures/solomon/truncated-optima.csv', import.meta.url), 'utf8'),
);
// distance_bks of three instances, as in the benchmark's bks.csv.
const bks = parseBks(
  'instance,distance_bks,vehicles_at_distance_bks\r\nr101,1642.88,20\r\nr109,1101.37,13\r\nc101,828.94,10\r\n',
);

describe('the Solomon reference check', () => {
  it('reads the published truncated optima, skipping the comment line', () => {
    expect(optima.size).toBe(9);
    expect(optima.get('r109')).toMatchObject({ distance: 1146.9, vehicles: 13 });
    expect(optima.get('r110')).toMatchObject({ distance: 1068, vehicles: 12 });
    expect(optima.get('r109')?.source).toMatch(/Solomon/);
    expect(optima.has('r104')).toBe(false);
  });

  it('rejects a malformed row', () => {
    expect(() => parseTruncatedOptima('instance,a,b,c\nr1,x,3,s')).toThrow(/bad row/);
  });

  it('flags a reference below the proven lower bound, and only that', () => {
    expect([...inconsistentReferences(bks, optima)]).toEqual([['r109', 1146.9]]);
    // A reference equal to the bound up to its two-decimal printing is not flagged.
    expect(inconsistentReferences(new Map([['r109', 1146.9]]), optima).size).toBe(0);
  });

  it('reports the gap to the bound and the worst gap without the flagged instance', () => {
    const rows = [
      { name: 'r101', distance: 1650, bks: 1642.88, gap: 100 * (1650 / 1642.88 - 1) },
      { name: 'r109', distance: 1151.84, bks: 1101.37, gap: 100 * (1151.84 / 1101.37 - 1) },
      { name: 'c101', distance: 828.94, bks: 828.94, gap: 0 },
    ];
    const lines = referenceCheckLines(rows, inconsistentReferences(bks, optima));
    expect(lines).toEqual([
      "Reference check: r109's distance_bks (1101.37) is below the proven optimum under " +
        'one-decimal truncation (1146.9), a lower bound for unrounded distances; against that ' +
        'bound r109 is +0.43 %.',
      'Worst gap excluding inconsistent references (2 instances, without r109): +0.43 % (r101); ' +
        'average +0.22 %.',
    ]);
    expect(referenceCheckLines(rows.slice(0, 1), new Map([['r109', 1146.9]]))).toEqual([]);
  });

  it('truncates to one decimal without losing a tenth to binary rounding', () => {
    expect(truncateTenths(14.3)).toBe(14.3);
    expect(truncateTenths(1.99)).toBe(1.9);
    expect(truncateTenths(Math.hypot(3, 4))).toBe(5);
    expect(truncateTenths(Math.hypot(1, 1))).toBe(1.4);
  });
});

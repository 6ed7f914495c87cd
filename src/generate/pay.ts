/**
 * Pay of generated carers. A council buys home care from several employers, and what a carer
 * earns for the same hour, and whether their travel between visits is paid at all, depends on
 * which one employs them. The figures are UK 2026 ones: the National Living Wage of 12.71 an hour
 * (the legal floor for workers 21 and over from April 2026) and the Real Living Wage of 13.45
 * outside London (Living Wage Foundation), which some employers pay as accredited employers.
 */
import type { Random } from '../model/random.js';

/** One employer's pay policy: the band its hourly rates fall in, and whether it pays travel. */
export interface EmployerPay {
  /** A made-up name, for the generator's documentation and tests; not written to the problem. */
  readonly employer: string;
  /** Share of the carers it employs. The shares add up to 1. */
  readonly share: number;
  /** Lowest and highest hourly rate it pays, in pounds. */
  readonly rate: readonly [number, number];
  readonly travelPaid: boolean;
}

/**
 * The employers behind a generated council. Many home-care workers are paid at or just above
 * the legal minimum and many are paid for contact time only, not for travel between visits, so
 * the largest employer here does both; the smallest pays the Real Living Wage and travel.
 */
export const EMPLOYERS: readonly EmployerPay[] = [
  // A large independent agency paying the National Living Wage and only for time with clients.
  { employer: 'Calder Homecare', share: 0.45, rate: [12.71, 12.95], travelPaid: false },
  // A regional provider paying a little over the floor, travel included.
  { employer: 'Brookside Care', share: 0.35, rate: [12.8, 13.3], travelPaid: true },
  // A care co-operative, an accredited Real Living Wage employer, travel included.
  {
    employer: 'Calderbridge Care Co-operative',
    share: 0.2,
    rate: [13.45, 13.85],
    travelPaid: true,
  },
];

/**
 * The hourly rate and travel pay of one carer, from two draws of `rng` (always two, so the draws
 * of every later carer stay where they were): the rate within the band, then the employer.
 */
export function drawPay(rng: Random): { hourlyPay: number; travelPaid: boolean } {
  const position = rng.next();
  const employer = rng.weighted(EMPLOYERS.map((entry) => [entry, entry.share] as const));
  const [low, high] = employer.rate;
  return {
    hourlyPay: Math.round((low + (high - low) * position) * 100) / 100,
    travelPaid: employer.travelPaid,
  };
}

/**
 * The fast parse of the valid case agrees with zod: on valid problems it gives zod's output
 * exactly (defaults, keys and their order), and on every input zod rejects it steps aside, so
 * that zod's issues are the ones reported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemSchema } from '../src/model/schema.js';
import type { FastParse } from '../src/model/fast-parse.js';
import { NOT_PLAINLY_VALID } from '../src/model/fast-parse.js';
import { problemFastParse, validateProblem } from '../src/model/validate.js';
import { generateCouncil } from '../src/generate/council.js';
import { smallProblem } from './support/problems.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The small problem with every optional field of the model given at least once. */
function richProblem(): Json {
  const problem = structuredClone(smallProblem()) as Json;
  problem.$schema = 'https://example.org/problem.schema.json';
  problem.name = 'rich';
  const ann = problem.carers[0];
  Object.assign(ann, {
    name: 'Ann',
    transport: 'bike',
    startLocation: { lat: 53.79, lon: -1.54 },
    endLocation: { lat: 53.78, lon: -1.53 },
    refusedClients: ['dev'],
    exceptions: [
      { type: 'unavailable', from: '2026-03-23T12:00', to: '2026-03-23T13:00', reason: 'dentist' },
      { type: 'available', date: '2026-03-23', from: '15:00', to: '17:00' },
    ],
    preferences: {
      preferredHours: [{ days: ['mon'], from: '07:00', to: '12:00' }],
      maxTravelMinutesPerDay: 60,
      preferredAreas: ['north'],
      tags: ['dogs'],
    },
  });
  ann.contract.hourlyPay = 12.5;
  ann.contract.travelPaid = false;
  Object.assign(problem.clients[0], {
    name: 'Cara',
    carerGender: { value: 'female', strength: 'required' },
    language: { value: 'en' },
    refusedCarers: [],
    area: 'north',
    tags: ['dogs'],
  });
  const morning = problem.packages[0].visits[0];
  Object.assign(morning, {
    maxLatenessMinutes: 0,
    from: '2026-03-01',
    until: '2026-04-30',
    skipDates: ['2026-03-30'],
    overrides: [
      { from: '2026-03-23', until: '2026-03-24', window: { from: '08:00', to: '08:30' } },
    ],
  });
  problem.packages[0].funding = 'direct-payment';
  problem.packages[0].visits.push({
    id: 'evening',
    days: ['mon'],
    window: { from: '11:00', to: '12:00' },
    durationMinutes: 20,
  });
  problem.packages[0].links = [
    { first: 'morning', second: 'evening', minGapMinutes: 60, maxGapMinutes: 240 },
  ];
  problem.packages[1].visits[0].roles = [
    { qualifications: ['hoist'], durationMinutes: 30 },
    { qualifications: [] },
  ];
  problem.settings = {
    travel: { detourFactor: 1.4, speedKmh: { car: 25 } },
    weights: { travelMinute: 2, worstLatenessMinute: 1 },
    change: { toleranceMinutes: 10 },
    workingTime: {
      minRestHours: 10,
      maxConsecutiveDays: 6,
      breakWindow: { fromHour: 3, toHour: 5 },
    },
    unpaidGapThresholdMinutes: 10,
    latenessCapMinutes: 300,
    livingWageHourly: 12,
  };
  return problem;
}

/** The same values, with the same keys in the same order, all the way down. */
function sameTree(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.join('\u0000') === keysB.join('\u0000') &&
    keysA.every((key) => sameTree((a as Json)[key], (b as Json)[key]))
  );
}

/** Where a fast parse and zod's `result` on `input` part: undefined when they agree. */
function disagreement(
  fast: FastParse,
  input: unknown,
  zod: ReturnType<typeof problemSchema.safeParse>,
): string | undefined {
  const parsed = fast(input);
  if (parsed === NOT_PLAINLY_VALID) return undefined;
  if (!zod.success) return 'accepted what zod rejects';
  return sameTree(parsed, zod.data) ? undefined : 'an output unlike zod’s';
}

/** Every place in `value` (paths of keys and indices), leaves and containers alike. */
function places(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [path];
  const below = Object.keys(value).flatMap((key) =>
    places((value as Json)[key], [...path, Array.isArray(value) ? Number(key) : key]),
  );
  return [path, ...below];
}

/** `input` with the value at `path` replaced (or removed, for `undefined`). */
function changed(input: Json, path: (string | number)[], value: unknown): Json {
  const copy = structuredClone(input);
  if (path.length === 0) return value as Json;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => node[key] as Json, copy) as Json;
  const last = path.at(-1)!;
  const keyed = parent as Record<string, unknown>;
  if (value === undefined && !Array.isArray(parent)) delete keyed[String(last)];
  else keyed[String(last)] = value;
  return copy;
}

/** Values no field accepts, or only some do: each tried at every place of a problem. */
const WRONG_VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  '24:01',
  '2026-02-30',
  0,
  -1,
  1.5,
  3,
  1441,
  Infinity,
  Number.NaN,
  true,
  [],
  {},
  { lat: 1 },
];

describe('the fast parse of a problem', () => {
  const fast = problemFastParse();

  it('is built for the problem schema (every kind and check it uses is understood)', () => {
    expect(fast).not.toBeNull();
  });

  const valid: [string, () => unknown][] = [
    ['the small problem', smallProblem],
    ['a problem with every optional field', richProblem],
    ['the demo council', () => JSON.parse(readFileSync('fixtures/demo-council.json', 'utf8'))],
    ...[1, 2, 3].map((seed): [string, () => unknown] => [
      `a generated council, seed ${seed}`,
      () => generateCouncil({ seed, clients: 30, days: 3 }),
    ]),
  ];

  it.each(valid)('gives exactly zod’s output for %s', (_, make) => {
    const input = make();
    const parsed = fast!(input);
    expect(parsed).not.toBe(NOT_PLAINLY_VALID);
    const zod = problemSchema.safeParse(input);
    expect(zod.success).toBe(true);
    expect(sameTree(parsed, zod.data)).toBe(true);
  });

  it('gives plain objects and arrays all the way down, like zod’s', () => {
    const parsed = fast!(richProblem());
    const plain = (value: unknown): boolean =>
      typeof value !== 'object' ||
      value === null ||
      (Array.isArray(value)
        ? value.every(plain)
        : Object.getPrototypeOf(value) === Object.prototype &&
          (value as Json).constructor === Object &&
          Object.values(value).every(plain));
    expect(parsed).not.toBe(NOT_PLAINLY_VALID);
    expect(plain(parsed)).toBe(true);
    expect(structuredClone(parsed)).toEqual(parsed);
  });

  it('never accepts what zod rejects, at any place of a problem', () => {
    const input = richProblem();
    const tried: string[] = [];
    let rejected = 0;
    for (const path of places(input)) {
      for (const value of WRONG_VALUES) {
        const wrong = changed(input, path, value);
        const zod = problemSchema.safeParse(wrong);
        const problem = disagreement(fast!, wrong, zod);
        if (problem !== undefined) tried.push(`${path.join('.')} = ${String(value)}: ${problem}`);
        if (!zod.success) rejected++;
      }
      // An unknown key in every object.
      const node = path.reduce<unknown>((at, key) => (at as Json)[key], input);
      if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
        const extra = changed(input, [...path, 'unexpected'], 1);
        expect(fast!(extra)).toBe(NOT_PLAINLY_VALID);
      }
    }
    expect(tried).toEqual([]);
    // The changes reach zod's rejections everywhere, not just at the top.
    expect(rejected).toBeGreaterThan(1_000);
  });

  it('leaves the messages to zod: a wrong value reads the same as without the fast parse', () => {
    const input = changed(richProblem(), ['packages', 0, 'visits', 0, 'carersNeeded'], 3);
    const result = validateProblem(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.path)).toContain(
      '$.packages[0].visits[0].carersNeeded',
    );
  });

  it('runs the schema’s refinements: break windows zod refuses are left to zod', () => {
    const settings = ['settings', 'workingTime'];
    const wrong: [string, Json][] = [
      // The window ends before it starts.
      [
        'backwards',
        changed(richProblem(), [...settings, 'breakWindow'], { fromHour: 5, toHour: 3 }),
      ],
      // One hour cannot hold a 90-minute break.
      [
        'too short',
        changed(
          changed(richProblem(), [...settings, 'breakMinutes'], 90),
          [...settings, 'breakWindow'],
          { fromHour: 3, toHour: 4 },
        ),
      ],
    ];
    for (const [, input] of wrong) {
      expect(problemSchema.safeParse(input).success).toBe(false);
      expect(fast!(input)).toBe(NOT_PLAINLY_VALID);
    }
    const fits = changed(richProblem(), [...settings, 'breakWindow'], { fromHour: 3, toHour: 4 });
    expect(disagreement(fast!, fits, problemSchema.safeParse(fits))).toBeUndefined();
    expect(fast!(fits)).not.toBe(NOT_PLAINLY_VALID);
  });

  it('counts code points as zod does for a least length', () => {
    const input = changed(richProblem(), ['carers', 1, 'id'], '\u{1F600}');
    expect(disagreement(fast!, input, problemSchema.safeParse(input))).toBeUndefined();
    expect(fast!(input)).not.toBe(NOT_PLAINLY_VALID);
  });
});

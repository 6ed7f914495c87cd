/** fast-check generators of small but awkward care problems. */
import fc from 'fast-check';
import type { ProblemInput, Weekday } from '../../src/model/schema.js';
import { WEEKDAYS } from '../../src/model/schema.js';

const QUALIFICATIONS = ['medication', 'hoist', 'insulin'] as const;

function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

const location = fc.record({
  lat: fc.double({ min: 53.7, max: 53.8, noNaN: true }),
  lon: fc.double({ min: -1.65, max: -1.5, noNaN: true }),
});

const days = fc.uniqueArray(fc.constantFrom<Weekday>(...WEEKDAYS), { minLength: 1, maxLength: 7 });

/** A window [from, to) inside a day, in whole 15-minute steps, at least `minLength` long. */
const window = (minLength: number, maxLength: number) =>
  fc
    .record({
      from: fc.integer({ min: 0, max: 88 }),
      length: fc.integer({ min: minLength / 15, max: maxLength / 15 }),
    })
    .map(({ from, length }) => {
      const start = from * 15;
      const end = Math.min(1440, start + length * 15);
      return { from: clock(start), to: clock(end) };
    })
    .filter((w) => w.from !== w.to);

const carer = (id: string) =>
  fc.record({
    id: fc.constant(id),
    home: location,
    transport: fc.constantFrom('car', 'car', 'walk', 'bike'),
    gender: fc.constantFrom('female', 'male'),
    languages: fc.subarray(['en', 'pl', 'pa']),
    qualifications: fc.uniqueArray(
      fc.record(
        {
          name: fc.constantFrom(...QUALIFICATIONS),
          expires: fc.constantFrom('2026-03-23', '2026-03-24', '2027-01-01'),
        },
        { requiredKeys: ['name'] },
      ),
      { selector: (q) => q.name, maxLength: 3 },
    ),
    availability: fc.array(
      fc.tuple(days, window(60, 600)).map(([d, w]) => ({ days: d, ...w })),
      { maxLength: 3 },
    ),
    contract: fc.record({
      maxHoursPerDay: fc.integer({ min: 1, max: 12 }),
      maxHoursPerWeek: fc.integer({ min: 4, max: 48 }),
    }),
  });

/** A random small problem: 0-5 carers, 1-6 clients, 1-3 days from Saturday 28 March 2026. */
export const careProblem: fc.Arbitrary<ProblemInput> = fc
  .record({
    carerCount: fc.integer({ min: 0, max: 5 }),
    clientCount: fc.integer({ min: 1, max: 6 }),
    dayCount: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ carerCount, clientCount, dayCount }) => {
    const carerIds = Array.from({ length: carerCount }, (_, i) => `carer-${i}`);
    const clientIds = Array.from({ length: clientCount }, (_, i) => `client-${i}`);
    const clients = fc.tuple(
      ...clientIds.map((id) =>
        fc.record(
          {
            id: fc.constant(id),
            location,
            refusedCarers: fc.subarray(carerIds, { maxLength: Math.min(1, carerIds.length) }),
            carerGender: fc.record({
              value: fc.constantFrom('female', 'male'),
              strength: fc.constantFrom('required', 'preferred'),
            }),
          },
          { requiredKeys: ['id', 'location', 'refusedCarers'] },
        ),
      ),
    );
    const pattern = (id: string) =>
      fc.record({
        id: fc.constant(id),
        days,
        window: window(0, 180).filter((w) => w.to !== '24:00'),
        durationMinutes: fc.integer({ min: 10, max: 90 }),
        carersNeeded: fc.constantFrom(1, 1, 1, 2),
        qualifications: fc.subarray([...QUALIFICATIONS], { maxLength: 1 }),
        priority: fc.constantFrom('time-critical', 'normal', 'flexible'),
        maxLatenessMinutes: fc.constantFrom(0, 0, 15, 45),
      });
    const packages = fc.tuple(
      ...clientIds.map((client, i) =>
        fc.record({
          id: fc.constant(`pkg-${i}`),
          client: fc.constant(client),
          visits: fc
            .integer({ min: 1, max: 3 })
            .chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => pattern(`v${k}`)))),
          // A link between the first two visits, kept only where the model allows one.
          link: fc.option(
            fc.record({
              minGapMinutes: fc.constantFrom(0, 30, 60),
              extra: fc.constantFrom(0, 30, 120),
            }),
          ),
        }),
      ),
    );
    return fc.record({
      horizon: fc.constant({
        start: '2026-03-28',
        end: ['2026-03-28', '2026-03-29', '2026-03-30'][dayCount - 1] as string,
      }),
      timeZone: fc.constant('Europe/London'),
      carers: carerCount === 0 ? fc.constant([]) : fc.tuple(...carerIds.map(carer)),
      clients,
      packages,
      settings: fc.record({
        workingTime: fc.record(
          {
            minRestHours: fc.constantFrom(0, 11, 14),
            maxConsecutiveDays: fc.constantFrom(1, 2),
            breakAfterHours: fc.constantFrom(2, 6),
          },
          { requiredKeys: ['minRestHours'] },
        ),
      }),
    });
  })
  .map((problem) => ({ ...problem, packages: problem.packages.map(withValidLink) }))
  .map((problem) => problem as unknown as ProblemInput)
  // A visit whose window and duration run past midnight is invalid input, not a test case here.
  .filter((problem) =>
    problem.packages.every((p) =>
      (p.visits ?? []).every((v) => {
        const [h, m] = v.window.from.split(':').map(Number);
        return (h ?? 0) * 60 + (m ?? 0) + v.durationMinutes <= 1440;
      }),
    ),
  );

interface GeneratedPackage {
  visits: { id: string; days: string[]; carersNeeded: number }[];
  link: { minGapMinutes: number; extra: number } | null;
}

/** Turns a package's drawn link into a model link, or drops it where the model would refuse it. */
function withValidLink(carePackage: GeneratedPackage) {
  const { link, ...rest } = carePackage;
  const [first, second] = carePackage.visits;
  const valid =
    link !== null &&
    first !== undefined &&
    second !== undefined &&
    first.carersNeeded === 1 &&
    second.carersNeeded === 1 &&
    first.days.some((day) => second.days.includes(day));
  if (!valid) return rest;
  return {
    ...rest,
    links: [
      {
        first: first.id,
        second: second.id,
        minGapMinutes: link.minGapMinutes,
        maxGapMinutes: link.minGapMinutes + link.extra,
      },
    ],
  };
}

/**
 * Seeded synthetic clients and carers for the neighbourhood and allocation tests: a market town
 * with villages around it, near Leeds. Kept apart from the council generator on purpose, so
 * these tests do not move when the generator does.
 */
import type { CarePackage, Carer, Client, Location, Problem } from '../../src/model/schema.js';
import { Random } from '../../src/model/random.js';

/** Seeded uniform numbers in [0, 1). */
export function prng(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

const TOWN: Location = { lat: 53.8, lon: -1.55 };
const KM_LAT = 1 / 111.2;
const KM_LON = 1 / (111.2 * Math.cos((TOWN.lat * Math.PI) / 180));

/** A point about `km` kilometres from `centre` with a normal-ish spread. */
function scatter(random: () => number, centre: Location, km: number): Location {
  const angle = random() * 2 * Math.PI;
  // Sum of uniforms: roughly normal, and bounded so no point lands absurdly far away.
  const radius = ((random() + random() + random()) / 3) * km * 2;
  return {
    lat: centre.lat + Math.sin(angle) * radius * KM_LAT,
    lon: centre.lon + Math.cos(angle) * radius * KM_LON,
  };
}

/** A client with every schema default filled in. */
export function makeClient(id: string, location: Location): Client {
  return { id, location, team: [], refusedCarers: [], tags: [] };
}

/** A package of `callsPerDay` daily visits of `minutes` minutes. */
export function makePackage(
  client: string,
  callsPerDay: number,
  minutes: number,
  carersNeeded: 1 | 2 = 1,
): CarePackage {
  return {
    id: `pkg-${client}`,
    client,
    funding: 'council',
    links: [],
    visits: Array.from({ length: callsPerDay }, (_, call) => ({
      id: `call${call}`,
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      window: { from: '08:00', to: '20:00' },
      durationMinutes: minutes,
      carersNeeded,
      qualifications: [],
      priority: 'normal',
      maxLatenessMinutes: 0,
    })),
  };
}

/**
 * `count` clients: 60 % in a town of about 4 km radius, the rest in eight villages 8-20 km out.
 * Packages range from one 30-minute call a day to four 45-minute calls, a few double-ups.
 */
export function townAndVillages(count: number, seed = 7): Pick<Problem, 'clients' | 'packages'> {
  const random = prng(seed);
  const villages = Array.from({ length: 8 }, (_, v) =>
    scatter(() => (v + random()) / 8, TOWN, 7 + random() * 6),
  );
  const clients: Client[] = [];
  const packages: CarePackage[] = [];
  for (let i = 0; i < count; i++) {
    const inTown = random() < 0.6;
    const centre = inTown ? TOWN : (villages[Math.floor(random() * villages.length)] as Location);
    const id = `c${i}`;
    clients.push(makeClient(id, scatter(random, centre, inTown ? 2 : 0.7)));
    const calls = 1 + Math.floor(random() * 4);
    packages.push(makePackage(id, calls, random() < 0.5 ? 30 : 45, random() < 0.08 ? 2 : 1));
  }
  return { clients, packages };
}

/** A carer with every schema default filled in. */
export function makeCarer(
  id: string,
  home: Location,
  contractedHoursPerWeek: number,
  availability: Carer['availability'] = [],
): Carer {
  return {
    id,
    home,
    transport: 'car',
    qualifications: [],
    availability,
    exceptions: [],
    contract: {
      contractedHoursPerWeek,
      maxHoursPerWeek: 48,
      maxHoursPerDay: 12,
      hourlyPay: 0,
      travelPaid: true,
    },
    languages: [],
    refusedClients: [],
    preferences: { preferredHours: [], preferredAreas: [], tags: [] },
  };
}

/** `count` carers living near the town and villages of {@link townAndVillages}, 16-40 h each. */
export function carersAround(count: number, seed = 11): Carer[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) =>
    makeCarer(`k${i}`, scatter(random, TOWN, 6), 16 + Math.floor(random() * 25)),
  );
}

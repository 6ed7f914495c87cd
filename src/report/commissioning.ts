/**
 * The commissioning what-if: the same clients and carers rostered two ways, so a council can see
 * what the way it commissions care costs carers and clients.
 *
 * - **Framework**: clients and carers dealt at random to K providers, each rostering only its
 *   own clients with its own carers over the whole area (how most councils buy home care).
 * - **Neighbourhoods**: clients grouped into neighbourhoods, each with a local team of carers.
 */
import type { Roster, RosterRoute } from '../model/roster.js';
import type { Problem, ProblemInput } from '../model/schema.js';
import { expandProblem } from '../model/expand.js';
import { parseProblem } from '../model/validate.js';
import { straightLineTravelMatrix } from '../geo/straight-line.js';
import { Random } from '../model/random.js';
import { computeKpis } from '../constraints/kpis.js';
import { unplacedVisits } from '../constraints/eligibility.js';
import { DEFAULT_TIME_LIMIT_MS } from '../solver/solve.js';
import { subProblem } from '../solver/subproblem.js';
import type { AreaJob } from '../solver/parallel/area-job.js';
import { runAreaJobs } from '../solver/parallel/pool.js';
import { solveByNeighbourhood } from '../solver/parallel/solve-by-neighbourhood.js';

/** Options of {@link compareCommissioningModels}. */
export interface CommissioningOptions {
  /** Number of providers in the framework model. Default 5. */
  readonly providers?: number;
  readonly seed?: number;
  /** Time budget of each model. Default 10 s. */
  readonly timeLimitMs?: number;
  /** Iteration budget of each solve instead of a time budget (deterministic). */
  readonly maxIterations?: number;
  /** Worker threads. Default: the machine's cores. */
  readonly threads?: number;
  /** People per neighbourhood. Default 200. */
  readonly targetPeople?: number;
}

/** The figures compared, for one model. */
export interface CommissioningRow {
  readonly model: string;
  readonly travelHours: number;
  readonly travelShareOfPaidTime: number;
  readonly distinctCarersPerClientMean: number;
  readonly distinctCarersPerClientMax: number;
  readonly visitsUnplaced: number;
  readonly visits: number;
  readonly roster: Roster;
}

/** The comparison: one row per model, and a Markdown table of them. */
export interface CommissioningComparison {
  readonly framework: CommissioningRow;
  readonly neighbourhoods: CommissioningRow;
  readonly table: string;
}

/**
 * Rosters the same problem as a framework of `providers` providers and as neighbourhoods, and
 * returns travel, travel share of paid time, continuity and unplaced visits for both.
 *
 * @example
 * ```ts
 * const council = generateCouncil({ seed: 3, clients: 30, days: 1 });
 * const comparison = await compareCommissioningModels(council, {
 *   providers: 2,
 *   maxIterations: 100, // or timeLimitMs (each model); threads: 0 solves in this thread
 *   threads: 0,
 * });
 * console.log(comparison.table);
 * ```
 */
export async function compareCommissioningModels(
  input: ProblemInput | Problem | unknown,
  options: CommissioningOptions = {},
): Promise<CommissioningComparison> {
  const problem = parseProblem(input);
  const providers = Math.max(1, Math.floor(options.providers ?? 5));
  const seed = options.seed ?? 1;
  const timeLimitMs =
    options.timeLimitMs ??
    (options.maxIterations === undefined ? DEFAULT_TIME_LIMIT_MS : undefined);
  const framework = await solveFramework(problem, providers, seed, timeLimitMs, options);
  const neighbourhoodRoster = await solveByNeighbourhood(problem, {
    seed,
    timeLimitMs,
    maxIterations: options.maxIterations,
    threads: options.threads,
    targetPeople: options.targetPeople,
  });
  const frameworkRow = row(`framework (${providers} providers)`, framework);
  const neighbourhoods = row(
    `neighbourhoods (${neighbourhoodRoster.areas.length} areas)`,
    neighbourhoodRoster,
  );
  return {
    framework: frameworkRow,
    neighbourhoods,
    table: markdownTable([frameworkRow, neighbourhoods]),
  };
}

async function solveFramework(
  problem: Problem,
  providers: number,
  seed: number,
  timeLimitMs: number | undefined,
  options: CommissioningOptions,
): Promise<Roster> {
  const random = Random.forStage(seed, 'commissioning');
  const clientSets = Array.from({ length: providers }, () => new Set<string>());
  const carerSets = Array.from({ length: providers }, () => new Set<string>());
  for (const client of problem.clients)
    clientSets[Math.floor(random.next() * providers)]?.add(client.id);
  for (const carer of problem.carers)
    carerSets[Math.floor(random.next() * providers)]?.add(carer.id);
  const lanes = Math.max(1, Math.min(options.threads ?? providers, providers));
  const jobs: AreaJob[] = clientSets.map((clients, index) => ({
    index,
    problem: subProblem(problem, clients, carerSets[index]!),
    seed: seed + index,
    timeLimitMs: timeLimitMs === undefined ? undefined : (timeLimitMs * lanes) / providers,
    maxIterations: options.maxIterations,
  }));
  const abort = new Int32Array(new SharedArrayBuffer(4));
  const results = await runAreaJobs(jobs, options.threads ?? providers, abort, () => {});
  const expanded = expandProblem(problem);
  const travel = straightLineTravelMatrix(expanded.locations, problem.settings.travel);
  const routes: RosterRoute[] = results.flatMap((result) => result?.roster.routes ?? []);
  const placed = new Set(routes.flatMap((route) => route.stops.map((stop) => stop.visitKey)));
  const unplaced = unplacedVisits(expanded, travel, (id) => placed.has(id));
  return {
    timeZone: problem.timeZone,
    horizon: problem.horizon,
    routes,
    unplaced,
    kpis: computeKpis(expanded, travel, routes, unplaced),
  };
}

function row(model: string, roster: Roster): CommissioningRow {
  const k = roster.kpis;
  return {
    model,
    travelHours: Math.round(k.travelMinutes / 6) / 10,
    travelShareOfPaidTime: k.travelShareOfPaidTime,
    distinctCarersPerClientMean: k.distinctCarersPerClientMean,
    distinctCarersPerClientMax: k.distinctCarersPerClientMax,
    visitsUnplaced: k.visitsUnplaced,
    visits: k.visits,
    roster,
  };
}

/**
 * The comparison as a Markdown table.
 *
 * @example
 * ```ts
 * const { framework, neighbourhoods } = comparison; // from compareCommissioningModels
 * writeFileSync('commissioning.md', commissioningTable([framework, neighbourhoods]));
 * ```
 */
export function markdownTable(rows: readonly CommissioningRow[]): string {
  return [
    '| model | travel (h) | travel share of paid time | distinct carers per client (mean / worst) | unplaced visits |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.model} | ${r.travelHours.toFixed(1)} | ${(r.travelShareOfPaidTime * 100).toFixed(1)}% | ` +
        `${r.distinctCarersPerClientMean.toFixed(2)} / ${r.distinctCarersPerClientMax} | ` +
        `${r.visitsUnplaced} of ${r.visits} |`,
    ),
  ].join('\n');
}

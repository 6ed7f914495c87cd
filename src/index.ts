/**
 * care-roster: home-care rosters that meet every hard rule, minimise travel and keep continuity.
 *
 * @packageDocumentation
 */
export * from './portable.js';
// What needs Node: files, hashing, HTTP travel providers with caches, worker threads.
export {
  osrmTravelMatrix,
  DEFAULT_OSRM_PROFILES,
  type OsrmOptions,
  type OsrmServer,
  type OsrmModeProfile,
} from './geo/osrm.js';
export {
  givenTravelMatrix,
  type GivenMatrixData,
  type MatrixRows,
  type MatrixByMode,
} from './geo/given-matrix.js';
export { readMatrixFile, writeMatrixFile } from './geo/matrix-file.js';
export { denseTravelMatrix, type DenseTravelMatrix, type ModeFigures } from './geo/dense-matrix.js';
export { solveAsync, type SolveAsyncOptions } from './solver/solve-async.js';
export { releaseSpareWorker } from './solver/spare-worker.js';
export {
  solveByNeighbourhood,
  type NeighbourhoodSolveOptions,
  type NeighbourhoodRoster,
  type NeighbourhoodProgress,
  type AreaOutcome,
} from './solver/parallel/solve-by-neighbourhood.js';
export type { AreaExecutor, AreaRun } from './solver/parallel/area-executor.js';
export type { AreaJob, AreaResult } from './solver/parallel/area-job.js';
export { threadExecutor } from './solver/parallel/pool.js';
export {
  queueExecutor,
  DEFAULT_QUEUE_LANES,
  type QueueExecutorOptions,
} from './queue/queue-executor.js';
export { serveAreaJobs, type AreaWorkerOptions } from './queue/area-worker.js';
export { redisConnection } from './queue/connection.js';
export { AREA_QUEUE } from './queue/area-queue.js';
export { JOBS_QUEUE } from './queue/job-queue.js';
export {
  queueRunners,
  type QueueRunners,
  type QueueRunnersOptions,
} from './queue/queue-runners.js';
export { serveServiceJobs, type ServiceJobWorkerOptions } from './queue/job-worker.js';
export {
  compareCommissioningModels,
  markdownTable as commissioningTable,
  type CommissioningOptions,
  type CommissioningComparison,
  type CommissioningRow,
} from './report/commissioning.js';
// Replanning, capacity and the HTTP service (Node: they are not in the browser entry yet).
export {
  replan,
  DEFAULT_REPLAN_TIME_LIMIT_MS,
  HISTORY_RULE,
  type ReplanOptions,
  type ReplanResult,
  type ReplanNote,
  type ReplanProgress,
} from './solver/replan/replan.js';
export { replanAsync, type ReplanAsyncOptions } from './solver/replan-async.js';
export type { ReplanAsyncProgress } from './solver/replan-worker-protocol.js';
export {
  changesSchema,
  changeSchema,
  changesJsonSchema,
  type Change,
  type Changes,
  type ChangesInput,
} from './solver/replan/changes.js';
export {
  parseChanges,
  applyChanges,
  ChangesValidationError,
} from './solver/replan/apply-changes.js';
export {
  diffRosters,
  type RosterDiff,
  type CarerDiff,
  type ClientDiff,
  type DiffStop,
  type RetimedStop,
} from './solver/replan/diff.js';
export {
  findCapacity,
  CAPACITY_REPAIR_ITERATIONS,
  CAPACITY_CANDIDATES,
  type CapacityOptions,
  type CapacityAnswer,
  type CapacityVisit,
  type CapacityCandidate,
} from './solver/capacity/find-capacity.js';
export {
  capacitySummary,
  capacityCsv,
  capacitySummarySchema,
  capacityRowSchema,
  DEFAULT_BANDS,
  ALL_AREAS,
  type CapacitySummary,
  type CapacityRow,
  type TimeBand,
} from './solver/capacity/capacity-summary.js';
export { createServer, type ServerOptions } from './service/app.js';
export {
  JobManager,
  type JobKind,
  type JobView,
  type JobStatus,
  type JobEvent,
} from './service/job-manager.js';
export {
  runOnWorkerThread,
  replanOnWorkerThread,
  THREAD_RUNNERS,
  StoppedBeforeStartError,
  type JobRunners,
  type SolveRunner,
  type ReplanRunner,
  type ReplanInput,
  type ReplanOutcome,
  type RunOptions,
  type JobBudget,
} from './service/job-runners.js';
export { defaultLimits, type ServiceLimits } from './service/limits.js';
export { createAuthenticator, loadTokens, TOKENS_ENV, type Authenticator } from './service/auth.js';
export { openApiDocument } from './service/openapi.js';
export { ServiceError, type ErrorBody } from './service/errors.js';

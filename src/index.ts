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
  readMatrixFile,
  writeMatrixFile,
  type GivenMatrixData,
  type MatrixRows,
  type MatrixByMode,
} from './geo/given-matrix.js';
export { denseTravelMatrix, type DenseTravelMatrix, type ModeFigures } from './geo/dense-matrix.js';
export { solveAsync, type SolveAsyncOptions } from './solver/solve-async.js';
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
export {
  compareCommissioningModels,
  markdownTable as commissioningTable,
  type CommissioningOptions,
  type CommissioningComparison,
  type CommissioningRow,
} from './report/commissioning.js';

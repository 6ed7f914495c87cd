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
export {
  compareCommissioningModels,
  markdownTable as commissioningTable,
  type CommissioningOptions,
  type CommissioningComparison,
  type CommissioningRow,
} from './report/commissioning.js';

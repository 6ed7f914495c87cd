/**
 * The part of the library that runs anywhere JavaScript does (no Node built-ins in its import
 * graph): the Node entry and the browser entry both export all of it.
 */
export * from './model/schema.js';
export {
  parseProblem,
  validateProblem,
  ProblemValidationError,
  formatPath,
  type ValidationIssue,
  type ValidationResult,
} from './model/validate.js';
export { LocalClock } from './model/time.js';
export {
  expandProblem,
  expandAvailability,
  expandedCarer,
  holdsQualification,
  weekStartOf,
  type ExpandedProblem,
  type ExpandedCarer,
  type Visit,
  type Shift,
} from './model/expand.js';
export type * from './model/roster.js';
export type { DatedRole } from './model/roles.js';
export type { TravelMatrix } from './geo/travel-matrix.js';
export {
  straightLineTravelMatrix,
  haversineMetres,
  type StraightLineOptions,
} from './geo/straight-line.js';
export { TravelProviderError, type TravelProviderErrorCode } from './geo/travel-provider-error.js';
export {
  buildNeighbourhoods,
  weeklyCareHoursByClient,
  DEFAULT_TARGET_PEOPLE,
  type Neighbourhoods,
  type NeighbourhoodArea,
  type NeighbourhoodBalance,
  type BuildNeighbourhoodsOptions,
  type BalanceBy,
} from './geo/neighbourhoods.js';
export {
  neighbourhoodsFromGeoJSON,
  neighbourhoodsToGeoJSON,
  NeighbourhoodGeoJSONError,
} from './geo/neighbourhood-geojson.js';
export {
  allocateCarers,
  type AllocateCarersOptions,
  type CarerAllocation,
  type AreaAllocation,
  type AllocationMethod,
} from './geo/allocation.js';
export { generateCouncil } from './generate/council.js';
export type { CouncilOptions } from './generate/options.js';
export { checkRoster, type CheckOptions } from './constraints/check-roster.js';
export { HARD_RULES, type HardRuleName, type Violation } from './constraints/rules.js';
export { explainUnplaced, CAPACITY_RULE, NOT_REACHED_RULE } from './constraints/eligibility.js';
export {
  explainRoster,
  type RosterExplanation,
  type CostShare,
  type ExplainOptions,
} from './constraints/explain.js';
export {
  SOFT_TERMS,
  UNPLACED_TERM,
  PRIORITY_FACTOR,
  UNPLACED_MINUTE_COST,
  type SoftTermName,
} from './constraints/soft-terms.js';
export {
  solve,
  solveExpanded,
  DEFAULT_TIME_LIMIT_MS,
  type SolveOptions,
  type SolveProgress,
} from './solver/solve.js';
export { summariseRoster } from './report/summary.js';
export { problemJsonSchema, rosterJsonSchema } from './model/json-schema.js';
export {
  parseRoster,
  validateRoster,
  RosterValidationError,
  rosterSchema,
  type RosterValidationResult,
} from './model/roster-schema.js';
export {
  importCsv,
  CARER_COLUMNS,
  CLIENT_COLUMNS,
  PACKAGE_COLUMNS,
  type CsvFiles,
  type CsvImportOptions,
  type CsvImportResult,
} from './io/csv-import.js';
export {
  issueLocation as csvIssueLocation,
  type CsvIssue,
  type CsvPosition,
  type CsvColumns,
} from './io/csv-table.js';
export { renderReport, jsonForScript } from './report/html/render.js';
export type { ReportOptions } from './report/html/report-model.js';
export {
  readCommissioning,
  type CommissioningInput,
  type CommissioningFigures,
} from './report/html/commissioning-input.js';
export {
  rosterFigures,
  type RosterFigures,
  type CarerFigures,
  type ClientFigures,
} from './constraints/kpis.js';
export { type ExportFile, safeFileStems } from './report/exports/export-file.js';
export { rosterCsvFiles, type RosterExportOptions } from './report/exports/csv.js';
export {
  rosterCalendars,
  visitEventUid,
  breakEventUid,
  type CalendarExportOptions,
} from './report/exports/icalendar.js';
export {
  rosterGeoJSON,
  type RosterFeature,
  type ShiftFeatureProperties,
  type StopFeatureProperties,
} from './report/exports/geojson.js';

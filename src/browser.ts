/**
 * care-roster in the browser (`care-roster/browser`): everything of the library that needs no
 * Node built-ins (parse, validate, solve, check, explain, KPIs, neighbourhoods, CSV, calendar and
 * GeoJSON exports, the HTML report), and `solveAsync` on a Web Worker.
 *
 * @packageDocumentation
 */
export * from './portable.js';
export { solveAsync, type BrowserSolveAsyncOptions } from './solver/solve-web-worker.js';

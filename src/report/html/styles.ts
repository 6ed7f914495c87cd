/**
 * The report's style sheet, inlined into the page. System fonts only, so the page asks for
 * nothing over the network; print-friendly colours; segment colours match the timeline legend.
 */
export const REPORT_CSS = `
:root { --ink: #1d2733; --muted: #5b6675; --line: #d8dde3; --panel: #f5f7f9; --accent: #0b5cad;
  --bad: #b3261e; --visit: #2f7d4f; --travel: #e0a526; --wait: #c9ced6; --break: #6a4fb3; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); background: #fff; }
header { padding: 18px 28px 10px; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 22px; }
h2 { margin: 0 0 10px; font-size: 17px; }
header p, .note { margin: 0; color: var(--muted); }
main { padding: 0 28px 40px; max-width: 1280px; }
section { margin-top: 26px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 10px; }
.kpi { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.kpi .value { font-size: 24px; font-weight: 650; }
.kpi .sub { color: var(--muted); font-size: 12.5px; }
.kpi.warn .value { color: var(--bad); }
.controls { display: flex; gap: 14px; align-items: center; margin-bottom: 8px; flex-wrap: wrap; }
select { font: inherit; padding: 3px 6px; }
.figure { border: 1px solid var(--line); border-radius: 6px; background: #fbfcfd; }
#map-svg { display: block; width: 100%; height: auto; max-height: 760px; }
.area { fill: #dfe9f5; fill-opacity: .45; stroke: #7c9cc4; stroke-width: 1.2; }
.area-label { font-size: 13px; fill: #3d5a80; text-anchor: middle; pointer-events: none; font-weight: 600; }
.client { fill: #fff; stroke: #334; stroke-width: 1; }
.home { fill: #334; }
.route polyline { fill: none; stroke-width: 2; stroke-opacity: .8; stroke-linejoin: round; }
.route circle { stroke: #fff; stroke-width: .8; }
.route .hover, .route polyline.hover { stroke-width: 4; stroke-opacity: 1; }
.scale-bar line { stroke: var(--ink); stroke-width: 2; }
.scale-bar text { font-size: 12px; fill: var(--ink); }
.legend { display: flex; gap: 16px; flex-wrap: wrap; color: var(--muted); font-size: 12.5px; margin-top: 6px; }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
#timeline-svg { display: block; width: 100%; height: auto; }
.tick { stroke: #e6e9ed; }
.tick-label { font-size: 10.5px; fill: var(--muted); text-anchor: middle; }
.row-label { font-size: 11.5px; fill: var(--ink); }
.seg-visit { fill: var(--visit); } .seg-travel { fill: var(--travel); }
.seg-wait { fill: var(--wait); } .seg-break { fill: var(--break); }
.seg.hover { stroke: var(--ink); stroke-width: 1; }
.table-wrap { max-height: 520px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 5px 9px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
thead th { position: sticky; top: 0; background: var(--panel); z-index: 1; }
th button { all: unset; cursor: pointer; font-weight: 650; }
th button::after { content: " \\2195"; color: #9aa3ad; }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--accent); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--accent); }
tr.warn td.flag { color: var(--bad); font-weight: 600; }
td ul { margin: 0; padding-left: 16px; }
#tooltip { position: fixed; z-index: 10; max-width: 360px; white-space: pre-line; pointer-events: none;
  background: #1d2733; color: #fff; padding: 6px 9px; border-radius: 5px; font-size: 12.5px;
  box-shadow: 0 2px 8px rgba(0,0,0,.25); }
`;

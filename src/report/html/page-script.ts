/// <reference lib="dom" />
/**
 * The report page's own script: hover details, the day picker that redraws the routes on the map
 * and the carers' timeline, and sortable tables. It runs in the browser, so {@link reportPage}
 * uses nothing from outside its body but the DOM and the page's JSON data block; it is inlined
 * into the page as its source text (see {@link pageScriptSource}).
 */
import type { PageData, ShiftView } from './report-model.js';

/** The page's behaviour; called once when the page has loaded. Self-contained by design. */
export function reportPage(): void {
  const SVG = 'http://www.w3.org/2000/svg';
  // Timeline geometry in SVG units: label column, row height, plot width.
  const LABEL_WIDTH = 170;
  const ROW_HEIGHT = 20;
  const PLOT_WIDTH = 830;
  const AXIS_HEIGHT = 22;

  const dataBlock = document.getElementById('report-data');
  const data = JSON.parse(dataBlock?.textContent ?? '{}') as PageData;

  const svgElement = (name: string, attributes: Record<string, string | number>) => {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) {
      element.setAttribute(key, String(value));
    }
    return element;
  };

  // Hover details: any element with data-tip shows it in one floating box.
  const tooltip = document.getElementById('tooltip');
  const tipTarget = (event: Event) =>
    event.target instanceof Element ? event.target.closest('[data-tip]') : null;
  document.addEventListener('pointerover', (event) => {
    const target = tipTarget(event);
    if (!tooltip || !target) return;
    tooltip.textContent = target.getAttribute('data-tip');
    tooltip.hidden = false;
    target.classList.add('hover');
  });
  document.addEventListener('pointerout', (event) => {
    const target = tipTarget(event);
    if (!tooltip || !target) return;
    tooltip.hidden = true;
    target.classList.remove('hover');
  });
  document.addEventListener('pointermove', (event) => {
    if (!tooltip || tooltip.hidden) return;
    const x = Math.min(event.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8);
    tooltip.style.left = `${Math.max(8, x)}px`;
    tooltip.style.top = `${event.clientY + 14}px`;
  });

  const shiftsOf = (day: string): ShiftView[] =>
    data.shifts
      .filter((shift) => shift.date === day)
      .sort((a, b) => (a.segments[0]?.from ?? 0) - (b.segments[0]?.from ?? 0));

  const drawRoutes = (shifts: readonly ShiftView[]) => {
    const layer = document.getElementById('route-layer');
    if (!layer) return;
    layer.replaceChildren();
    for (const shift of shifts) {
      const group = svgElement('g', {
        class: 'route',
        'data-carer': shift.carerId,
        'data-date': shift.date,
      });
      const points: string[] = [];
      for (let i = 0; i + 1 < shift.path.length; i += 2) {
        points.push(`${shift.path[i]},${shift.path[i + 1]}`);
      }
      const line = svgElement('polyline', {
        points: points.join(' '),
        stroke: shift.colour,
        'data-tip': shift.tip,
      });
      group.append(line);
      // The path holds the start, each stop, then the end: stops are the inner points.
      shift.stopTips.forEach((tip, index) => {
        const x = shift.path[2 * (index + 1)];
        const y = shift.path[2 * (index + 1) + 1];
        if (x === undefined || y === undefined) return;
        group.append(
          svgElement('circle', { cx: x, cy: y, r: 3.2, fill: shift.colour, 'data-tip': tip }),
        );
      });
      layer.append(group);
    }
  };

  const drawTimeline = (shifts: readonly ShiftView[]) => {
    const svg = document.getElementById('timeline-svg');
    if (!svg) return;
    svg.replaceChildren();
    const from = Math.min(...shifts.map((shift) => shift.segments[0]?.from ?? Infinity));
    const to = Math.max(...shifts.map((shift) => shift.segments.at(-1)?.to ?? -Infinity));
    const startHour = Number.isFinite(from) ? Math.floor(from / 60) : 7;
    const endHour = Number.isFinite(to) ? Math.max(startHour + 1, Math.ceil(to / 60)) : 22;
    const scale = PLOT_WIDTH / ((endHour - startHour) * 60);
    const x = (minutes: number) => LABEL_WIDTH + (minutes - startHour * 60) * scale;
    const height = AXIS_HEIGHT + Math.max(1, shifts.length) * ROW_HEIGHT;
    svg.setAttribute('viewBox', `0 0 ${LABEL_WIDTH + PLOT_WIDTH + 10} ${height}`);
    for (let hour = startHour; hour <= endHour; hour++) {
      svg.append(
        svgElement('line', {
          class: 'tick',
          x1: x(hour * 60),
          x2: x(hour * 60),
          y1: 16,
          y2: height,
        }),
      );
      const label = svgElement('text', { class: 'tick-label', x: x(hour * 60), y: 12 });
      label.textContent = `${String(hour % 24).padStart(2, '0')}:00`;
      svg.append(label);
    }
    if (shifts.length === 0) {
      const none = svgElement('text', { class: 'row-label', x: 8, y: AXIS_HEIGHT + 14 });
      none.textContent = 'No shifts on this day';
      svg.append(none);
    }
    shifts.forEach((shift, row) => {
      const top = AXIS_HEIGHT + row * ROW_HEIGHT;
      const group = svgElement('g', {
        class: 'timeline-row',
        'data-carer': shift.carerId,
        'data-date': shift.date,
      });
      const label = svgElement('text', {
        class: 'row-label',
        x: 8,
        y: top + 14,
        'data-tip': shift.tip,
      });
      label.textContent = shift.carerName;
      group.append(
        svgElement('rect', {
          class: 'swatch',
          x: 0,
          y: top + 4,
          width: 4,
          height: 12,
          fill: shift.colour,
        }),
        label,
      );
      for (const segment of shift.segments) {
        group.append(
          svgElement('rect', {
            class: `seg seg-${segment.kind}`,
            x: x(segment.from),
            y: top + 3,
            width: Math.max(0.5, (segment.to - segment.from) * scale),
            height: ROW_HEIGHT - 6,
            'data-kind': segment.kind,
            'data-tip': segment.tip,
          }),
        );
      }
      svg.append(group);
    });
  };

  const show = (day: string) => {
    const shifts = shiftsOf(day);
    drawRoutes(shifts);
    drawTimeline(shifts);
    for (const id of ['map', 'timeline'])
      document.getElementById(id)?.setAttribute('data-day', day);
    const count = document.getElementById('day-count');
    if (count) {
      const visits = shifts.reduce((sum, shift) => sum + shift.stopTips.length, 0);
      count.textContent = `${shifts.length} shifts, ${visits} carer-visits`;
    }
  };

  const picker = document.getElementById('day-picker');
  if (picker instanceof HTMLSelectElement) {
    picker.value = data.day;
    picker.addEventListener('change', () => show(picker.value));
  }
  show(data.day);

  // Sortable tables: a header button sorts its column by the cells' data-value.
  for (const table of Array.from(document.querySelectorAll('table.sortable'))) {
    const headers = Array.from(table.querySelectorAll('thead th'));
    headers.forEach((header, column) => {
      const button = header.querySelector('button');
      button?.addEventListener('click', () => {
        const ascending = header.getAttribute('aria-sort') !== 'ascending';
        for (const other of headers) other.removeAttribute('aria-sort');
        header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        const body = table.querySelector('tbody');
        if (!body) return;
        const value = (row: Element) => row.children[column]?.getAttribute('data-value') ?? '';
        const rows = Array.from(body.querySelectorAll('tr'));
        const numeric = rows.every((row) => value(row) === '' || !Number.isNaN(Number(value(row))));
        rows.sort((a, b) => {
          // A cell with no value (no team, say) goes last whichever way the column sorts.
          if (value(a) === '' || value(b) === '')
            return (value(a) === '' ? 1 : 0) - (value(b) === '' ? 1 : 0);
          const order = numeric
            ? Number(value(a)) - Number(value(b))
            : value(a).localeCompare(value(b), undefined, { numeric: true });
          return ascending ? order : -order;
        });
        body.append(...rows);
      });
    });
  }
}

/**
 * The page script as source text for an inline `<script>`. esbuild (through tsx) may wrap
 * functions in a `__name` helper that lives outside the function, so the page defines it.
 */
export function pageScriptSource(): string {
  return `const __name = (target) => target;\n(${reportPage.toString()})();\n`;
}

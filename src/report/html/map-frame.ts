/**
 * The report map's frame: WGS84 points to SVG user units through the local flat projection, so
 * the map needs no tiles and no mapping library and keeps true proportions across a council.
 */
import type { Location } from '../../model/schema.js';
import { LocalProjection } from '../../geo/local-projection.js';

/** Width of the map's SVG view box; the height follows the area's shape. */
export const MAP_WIDTH = 1000;
/** Tallest the view box gets, so a long thin council still fits on a screen. */
const MAP_MAX_HEIGHT = 800;
/** Margin around the outermost point, so markers at the edge are drawn whole. */
const MAP_MARGIN = 20;

/** Projects points into a view box `0 0 width height`, north up. */
export class MapFrame {
  readonly width: number;
  readonly height: number;
  private readonly projection: LocalProjection;
  private readonly scale: number;
  private readonly west: number;
  private readonly north: number;
  private readonly offsetX: number;

  /** A frame around every one of `locations` (a nominal square when there are none). */
  constructor(locations: readonly Location[]) {
    this.projection = LocalProjection.around(locations);
    const xs = locations.map((location) => this.projection.x(location));
    const ys = locations.map((location) => this.projection.y(location));
    // One kilometre across when there is nothing, or one point, to frame.
    const spanX = Math.max(1000, Math.max(...xs, 0) - Math.min(...xs, 0));
    const spanY = Math.max(1000, Math.max(...ys, 0) - Math.min(...ys, 0));
    const inner = MAP_WIDTH - 2 * MAP_MARGIN;
    this.scale = Math.min(inner / spanX, (MAP_MAX_HEIGHT - 2 * MAP_MARGIN) / spanY);
    this.width = MAP_WIDTH;
    this.height = Math.ceil(spanY * this.scale + 2 * MAP_MARGIN);
    this.west = xs.length === 0 ? -spanX / 2 : Math.min(...xs);
    this.north = ys.length === 0 ? spanY / 2 : Math.max(...ys);
    this.offsetX = (MAP_WIDTH - spanX * this.scale) / 2;
  }

  /** SVG coordinates of a point, rounded to a tenth of a unit to keep the file small. */
  point(location: Location): [number, number] {
    return [
      tenth(this.offsetX + (this.projection.x(location) - this.west) * this.scale),
      tenth(MAP_MARGIN + (this.north - this.projection.y(location)) * this.scale),
    ];
  }

  /** Metres per view-box unit, for the scale bar. */
  get metresPerUnit(): number {
    return 1 / this.scale;
  }
}

function tenth(value: number): number {
  return Math.round(value * 10) / 10;
}

import { pixelShapes, values, type Artist, type Extent, type Layer, type LayerContext, type Mappable } from '../artist';
import { colormap, resolveColor } from '../../color/colormaps';
import { contourBands, contourLines, type Path } from '../contour_geometry';
import { finiteExtent } from '../data';
import { niceLevels } from '../ticks';
import { dashFor } from '../style';

/** Options of `ax.contour` / `ax.contourf`. */
export interface ContourOptions {
  /** Number of levels (nice values are chosen, like matplotlib) or the level values themselves. */
  levels?: number | number[];
  cmap?: string;
  /** One colour for every level (overrides `cmap`), or one per level. */
  colors?: string | string[];
  alpha?: number;
  vmin?: number;
  vmax?: number;
  /** Line width in points for `contour` (default 1.5). */
  linewidths?: number;
  linestyles?: string;
}

/**
 * Filled or line contours of a grid of values Z over coordinates X (columns) and Y (rows), computed with
 * d3-contour as polygons and drawn as shapes in pixel space.
 */
export class ContourSet implements Artist {
  readonly mappable: Mappable;
  readonly levels: number[];
  /** Set by `ax.clabel(cs)`: label each level on its longest line. */
  labels?: { fontsize: number; format: (v: number) => string };

  /**
   * @param xs  the column coordinates (length cols), increasing or decreasing evenly
   * @param ys  the row coordinates (length rows)
   * @param z   row-major values, `rows * cols`
   */
  constructor(readonly filled: boolean, readonly xs: number[], readonly ys: number[], readonly z: number[], readonly options: ContourOptions) {
    const rows = ys.length;
    const cols = xs.length;
    const name = filled ? 'contourf' : 'contour';
    if (z.length !== rows * cols) throw new Error(`${name}: Z has ${z.length} values but X, Y describe a ${rows}x${cols} grid`);
    if (rows < 2 || cols < 2) throw new Error(`${name}: Z must be at least 2x2, got ${rows}x${cols}`);
    const [zmin, zmax] = finiteExtent(z);
    const lv = options.levels;
    if (Array.isArray(lv)) {
      if (lv.length < (filled ? 2 : 1)) throw new Error(`${name}: levels needs at least ${filled ? 2 : 1} values`);
      this.levels = [...lv].sort((a, b) => a - b);
    } else {
      const all = niceLevels(zmin, zmax, lv ?? 7);
      this.levels = filled ? all : all.filter((v) => v >= zmin && v <= zmax);
      if (this.levels.length === 0) this.levels = [zmin];
    }
    const lo = this.levels[0];
    const hi = this.levels[this.levels.length - 1];
    this.mappable = { cmap: options.cmap ?? 'viridis', vmin: options.vmin ?? lo, vmax: options.vmax ?? hi, levels: this.levels };
  }

  extent(): Extent | null {
    const x = finiteExtent(this.xs);
    const y = finiteExtent(this.ys);
    return { x, y, stickyX: x, stickyY: y };
  }

  /** Colour of each band (filled) or level (lines). */
  colors(): string[] {
    const n = this.filled ? this.levels.length - 1 : this.levels.length;
    const c = this.options.colors;
    if (typeof c === 'string') return new Array(n).fill(resolveColor(c));
    if (Array.isArray(c)) return Array.from({ length: n }, (_, i) => resolveColor(c[i % c.length]));
    const cm = colormap(this.mappable.cmap);
    const { vmin, vmax } = this.mappable;
    const span = vmax !== vmin ? vmax - vmin : 1;
    return Array.from({ length: n }, (_, i) => {
      const v = this.filled ? (this.levels[i] + this.levels[i + 1]) / 2 : this.levels[i];
      return cm.hex((v - vmin) / span);
    });
  }

  layers(ctx: LayerContext): Layer[] {
    const rows = this.ys.length;
    const cols = this.xs.length;
    // d3-contour puts the value of cell (i, j) at (i + 0.5, j + 0.5); map that back onto the coordinates.
    const at = (coords: number[], t: number): number => {
      const i = Math.max(0, Math.min(coords.length - 1, t - 0.5));
      const k = Math.min(coords.length - 2, Math.floor(i));
      return coords[k] + (coords[k + 1] - coords[k]) * (i - k);
    };
    const toPixel = (u: number, v: number): [number, number] => ctx.px(at(this.xs, u), at(this.ys, v));
    const colors = this.colors();
    const alpha = this.options.alpha ?? 1;
    if (this.filled) {
      const bands = contourBands(this.z, rows, cols, this.levels, toPixel);
      const features = bands
        .map((rings, k) => ({ geometry: multiPolygon(rings), color: colors[k] }))
        .filter((f, k) => bands[k].length > 0);
      if (features.length === 0) return [];
      // Opaque bands get a hairline stroke in their own colour, which hides the anti-aliasing seams between them.
      return alpha < 1
        ? [pixelShapes(features, { opacity: alpha }, 'fill')]
        : [pixelShapes(features, { strokeWidth: 0.6 }, ['fill', 'stroke'])];
    }
    const lines = contourLines(this.z, rows, cols, this.levels, toPixel);
    const lw = (this.options.linewidths ?? 1.5) * ctx.pt;
    const dash = dashFor(this.options.linestyles, lw);
    const features = lines
      .map((paths, k) => ({ geometry: { type: 'MultiLineString', coordinates: paths }, color: colors[k] }))
      .filter((_, k) => lines[k].length > 0);
    const out: Layer[] = [];
    if (features.length) {
      out.push(pixelShapes(features, { filled: false, fill: null, strokeWidth: lw, opacity: alpha, ...(dash ? { strokeDash: dash } : {}) }, 'stroke'));
    }
    if (this.labels) out.push(...this.labelLayers(lines, colors));
    return out;
  }

  private labelLayers(lines: Path[][], colors: string[]): Layer[] {
    const rows: Record<string, unknown>[] = [];
    lines.forEach((paths, k) => {
      if (paths.length === 0) return;
      const longest = paths.reduce((a, b) => (pathLength(b) > pathLength(a) ? b : a));
      const mid = longest[Math.floor(longest.length / 2)];
      rows.push({ px: mid[0], py: mid[1], text: this.labels!.format(this.levels[k]), c: colors[k] });
    });
    const encoding = {
      x: { field: 'px', type: 'quantitative', scale: null }, y: { field: 'py', type: 'quantitative', scale: null },
      text: { field: 'text' },
    };
    const mark = { type: 'text', fontSize: this.labels!.fontsize, align: 'center', baseline: 'middle' };
    return [
      // A white halo first, so the label reads clearly over its line (matplotlib cuts the line instead).
      { data: values(rows), mark: { ...mark, stroke: '#ffffff', strokeWidth: 4, fill: '#ffffff', strokeJoin: 'round' }, encoding },
      { data: values(rows), mark, encoding: { ...encoding, fill: { field: 'c', type: 'nominal', scale: null, legend: null } } },
    ];
  }
}

function multiPolygon(rings: Path[]): Record<string, unknown> {
  return { type: 'MultiPolygon', coordinates: rings.map((ring) => [ring]) };
}

function pathLength(p: Path): number {
  let s = 0;
  for (let i = 1; i < p.length; i++) s += Math.hypot(p[i][0] - p[i - 1][0], p[i][1] - p[i - 1][1]);
  return s;
}

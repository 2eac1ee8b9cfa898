import { minPositive, pixelSpanLayer, values, type Artist, type Extent, type Layer, type LayerContext } from '../artist';
import { dashFor, isNoLine, isStrokeMarker, vegaShape } from '../style';
import { finiteExtent } from '../data';

/** Options of `ax.plot` (matplotlib's Line2D properties). */
export interface LineOptions {
  color?: string;
  label?: string;
  /** Line width in points (default 1.5). */
  linewidth?: number;
  /** `'-'`, `'--'`, `':'`, `'-.'` or `'None'`. */
  linestyle?: string;
  /** Marker symbol (`'o'`, `'s'`, `'^'`, `'x'`, `'+'`, `'.'`, `'*'`, `'D'`...). */
  marker?: string;
  /** Marker diameter in points (default 6). */
  markersize?: number;
  markerfacecolor?: string;
  markeredgecolor?: string;
  alpha?: number;
  zorder?: number;
}

/** A polyline with optional markers: what `ax.plot` draws. Points keep their order (not sorted by x). */
export class Line2D implements Artist {
  readonly legendKind;
  constructor(readonly xs: number[], readonly ys: number[], readonly color: string, readonly options: LineOptions) {
    if (xs.length !== ys.length) throw new Error(`plot: x and y must have the same length, got ${xs.length} and ${ys.length}`);
    this.legendKind = isNoLine(options.linestyle) ? 'marker' as const : 'line' as const;
  }

  get label(): string | undefined { return this.options.label; }

  extent(): Extent | null {
    if (this.xs.length === 0) return null;
    return { x: finiteExtent(this.xs), y: finiteExtent(this.ys), xMinPositive: minPositive(this.xs), yMinPositive: minPositive(this.ys) };
  }

  layers(ctx: LayerContext): Layer[] {
    const o = this.options;
    const rows = this.xs.map((x, i) => ({ x, y: this.ys[i], i })).filter((r) => Number.isFinite(r.x) && Number.isFinite(r.y));
    const lw = (o.linewidth ?? 1.5) * ctx.pt;
    const legend = ctx.legendColor(o.label);
    const out: Layer[] = [];
    if (!isNoLine(o.linestyle)) {
      const mark: Record<string, unknown> = { type: 'line', color: this.color, strokeWidth: lw, clip: true, strokeCap: 'butt' };
      const dash = dashFor(o.linestyle, lw);
      if (dash) mark.strokeDash = dash;
      if (o.alpha !== undefined) mark.opacity = o.alpha;
      out.push({
        data: values(rows),
        mark,
        encoding: { x: { field: 'x', ...ctx.x }, y: { field: 'y', ...ctx.y }, order: { field: 'i' }, ...(legend ? { color: legend } : {}) },
      });
    }
    if (o.marker) {
      const d = (o.markersize ?? 6) * ctx.pt;
      const strokeOnly = isStrokeMarker(o.marker);
      const face = o.markerfacecolor ?? this.color;
      const mark: Record<string, unknown> = {
        type: 'point', shape: vegaShape(o.marker), size: d * d * (o.marker === '.' ? 0.25 : 1), clip: true,
        filled: !strokeOnly, opacity: o.alpha ?? 1,
        ...(strokeOnly ? { stroke: this.color, strokeWidth: lw } : { fill: face, stroke: o.markeredgecolor ?? face, strokeWidth: 1 }),
      };
      out.push({
        data: values(rows),
        mark,
        encoding: { x: { field: 'x', ...ctx.x }, y: { field: 'y', ...ctx.y }, ...(legend && isNoLine(o.linestyle) ? { color: legend } : {}) },
      });
    }
    return out;
  }
}

/**
 * Where a line or band across the axes starts and ends, as fractions of the axes (default 0 and 1):
 * `xmin`/`xmax` for horizontal ones (`axhline`, `axhspan`), `ymin`/`ymax` for vertical ones.
 */
export interface AxesFractionExtent {
  xmin?: number;
  xmax?: number;
  ymin?: number;
  ymax?: number;
}

/** Options of `axhline` / `axvline`. */
export interface RefLineOptions extends AxesFractionExtent {
  color?: string;
  linestyle?: string;
  linewidth?: number;
  alpha?: number;
  label?: string;
}

/** A horizontal or vertical line across the axes at a data value (`axhline` / `axvline`). */
export class ReferenceLine implements Artist {
  readonly legendKind = 'line' as const;
  constructor(readonly orientation: 'h' | 'v', readonly value: number, readonly color: string, readonly options: RefLineOptions) {
    if (!Number.isFinite(value)) throw new Error(`ax${orientation}line: position must be a finite number, got ${value}`);
  }

  get label(): string | undefined { return this.options.label; }

  extent(): Extent | null {
    // Like matplotlib, a reference line only widens the limits along its own coordinate.
    return this.orientation === 'h'
      ? { x: [NaN, NaN], y: [this.value, this.value] }
      : { x: [this.value, this.value], y: [NaN, NaN] };
  }

  layers(ctx: LayerContext): Layer[] {
    const o = this.options;
    const lw = (o.linewidth ?? 1.5) * ctx.pt;
    const mark: Record<string, unknown> = { type: 'rule', color: this.color, strokeWidth: lw, clip: true };
    const dash = dashFor(o.linestyle, lw);
    if (dash) mark.strokeDash = dash;
    if (o.alpha !== undefined) mark.opacity = o.alpha;
    const legend = ctx.legendColor(o.label);
    let px: Record<string, number>;
    if (this.orientation === 'h') {
      const [, y] = ctx.px(ctx.xDomain[0], this.value);
      px = { x: (o.xmin ?? 0) * ctx.width, x2: (o.xmax ?? 1) * ctx.width, y, y2: y };
    } else {
      const [x] = ctx.px(this.value, ctx.yDomain[0]);
      px = { x, x2: x, y: (1 - (o.ymin ?? 0)) * ctx.height, y2: (1 - (o.ymax ?? 1)) * ctx.height };
    }
    return [pixelSpanLayer([px], mark, legend)];
  }
}

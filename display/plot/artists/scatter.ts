import { minPositive, values, type Artist, type Extent, type Layer, type LayerContext, type Mappable } from '../artist';
import { colormap } from '../../color/colormaps';
import { finiteExtent } from '../data';
import { isStrokeMarker, vegaShape } from '../style';

/** Options of `ax.scatter`. */
export interface ScatterOptions {
  /** One colour for all points, or per-point values mapped through `cmap` (use `c` for values). */
  color?: string;
  /** Per-point values coloured by `cmap` (or a single colour string). */
  c?: number[] | string;
  /** Marker area in points² (matplotlib's `s`, default 36); a number or one per point. */
  s?: number | number[];
  marker?: string;
  cmap?: string;
  vmin?: number;
  vmax?: number;
  alpha?: number;
  /** Marker edge colour (`'black'`, `'none'`; default: same as face). */
  edgecolor?: string;
  linewidths?: number;
  label?: string;
}

/** Points with optional per-point colour (through a colormap) and size: what `ax.scatter` draws. */
export class Scatter implements Artist {
  readonly legendKind = 'marker' as const;
  readonly mappable?: Mappable;
  constructor(
    readonly xs: number[], readonly ys: number[], readonly color: string, readonly options: ScatterOptions,
    readonly cValues?: number[], readonly colors?: string[],
  ) {
    if (xs.length !== ys.length) throw new Error(`scatter: x and y must have the same length, got ${xs.length} and ${ys.length}`);
    if (cValues && cValues.length !== xs.length) {
      throw new Error(`scatter: c must have one value per point (${xs.length}), got ${cValues.length}`);
    }
    if (colors && colors.length !== xs.length) throw new Error(`scatter: c must have one colour per point (${xs.length}), got ${colors.length}`);
    const s = options.s;
    if (Array.isArray(s) && s.length !== xs.length) throw new Error(`scatter: s must be a number or have ${xs.length} values, got ${s.length}`);
    if (cValues) {
      const [lo, hi] = finiteExtent(cValues);
      this.mappable = { cmap: options.cmap ?? 'viridis', vmin: options.vmin ?? lo, vmax: options.vmax ?? hi };
    }
  }

  get label(): string | undefined { return this.options.label; }

  extent(): Extent | null {
    if (this.xs.length === 0) return null;
    return { x: finiteExtent(this.xs), y: finiteExtent(this.ys), xMinPositive: minPositive(this.xs), yMinPositive: minPositive(this.ys) };
  }

  layers(ctx: LayerContext): Layer[] {
    const o = this.options;
    const m = this.mappable;
    const cmap = m ? colormap(m.cmap) : undefined;
    const span = m && m.vmax !== m.vmin ? m.vmax - m.vmin : 1;
    const area = (i: number): number => (Array.isArray(o.s) ? o.s[i] : o.s ?? 36) * ctx.pt * ctx.pt;
    const rows = this.xs.map((x, i) => ({
      x, y: this.ys[i],
      c: cmap && m ? cmap.hex((this.cValues![i] - m.vmin) / span) : this.colors?.[i] ?? this.color,
      s: area(i),
    }));
    const marker = o.marker ?? 'o';
    const strokeOnly = isStrokeMarker(marker);
    const legend = ctx.legendColor(o.label);
    const mark: Record<string, unknown> = {
      type: 'point', shape: vegaShape(marker), filled: !strokeOnly, opacity: o.alpha ?? 1, clip: true,
      strokeWidth: (o.linewidths ?? (strokeOnly ? 1.5 : 1)) * ctx.pt,
    };
    const edge = o.edgecolor && o.edgecolor !== 'face' && o.edgecolor !== 'none' ? o.edgecolor : undefined;
    if (edge) mark.stroke = edge;
    const colorChannel = strokeOnly ? 'stroke' : 'fill';
    const encoding: Record<string, unknown> = {
      x: { field: 'x', ...ctx.x },
      y: { field: 'y', ...ctx.y },
      size: { field: 's', type: 'quantitative', scale: null, legend: null },
      [colorChannel]: { field: 'c', type: 'nominal', scale: null, legend: null },
    };
    if (legend) encoding.color = legend;
    if (legend && !strokeOnly) delete encoding.fill;
    return [{ data: values(rows), mark, encoding }];
  }
}

import { minPositive, values, type Artist, type Extent, type Layer, type LayerContext } from '../artist';

/** Options of `ax.bar` / `ax.barh` / `ax.hist` patches. */
export interface BarOptions {
  color?: string | string[];
  edgecolor?: string;
  linewidth?: number;
  alpha?: number;
  label?: string;
}

/** One rectangle per value; vertical (`bar`, `hist`) or horizontal (`barh`). */
export class Bars implements Artist {
  readonly legendKind = 'patch' as const;
  /**
   * @param lo,hi  the rectangles' extent along the category axis (x for vertical bars)
   * @param base,top  their extent along the value axis
   */
  constructor(
    readonly orientation: 'v' | 'h',
    readonly lo: number[], readonly hi: number[], readonly base: number[], readonly top: number[],
    readonly color: string, readonly options: BarOptions,
  ) {}

  get label(): string | undefined { return this.options.label; }

  extent(): Extent | null {
    if (this.lo.length === 0) return null;
    const cat: [number, number] = [Math.min(...this.lo), Math.max(...this.hi)];
    const val: [number, number] = [Math.min(...this.base, ...this.top), Math.max(...this.base, ...this.top)];
    const sticky = [...new Set(this.base)];
    const positive = minPositive(this.top);
    return this.orientation === 'v' ? { x: cat, y: val, stickyY: sticky, yMinPositive: positive } : { x: val, y: cat, stickyX: sticky, xMinPositive: positive };
  }

  layers(ctx: LayerContext): Layer[] {
    const o = this.options;
    const colors = Array.isArray(o.color) ? o.color : undefined;
    // On a log value axis, bars start at the bottom of the axes instead of at 0 (which has no position).
    const valueScale = ((this.orientation === 'v' ? ctx.y : ctx.x).scale ?? {}) as { type?: string };
    const floor = Math.min(...(this.orientation === 'v' ? ctx.yDomain : ctx.xDomain));
    const base = (v: number): number => (valueScale.type === 'log' && v <= 0 ? floor : v);
    const rows = this.lo.map((lo, i) => {
      const c = colors ? colors[i % colors.length] : this.color;
      return this.orientation === 'v'
        ? { x: lo, x2: this.hi[i], y: base(this.base[i]), y2: base(this.top[i]), c }
        : { x: base(this.base[i]), x2: base(this.top[i]), y: lo, y2: this.hi[i], c };
    });
    const legend = ctx.legendColor(o.label);
    const mark: Record<string, unknown> = { type: 'rect', opacity: o.alpha ?? 1, clip: true };
    if (o.edgecolor && o.edgecolor !== 'none') Object.assign(mark, { stroke: o.edgecolor, strokeWidth: (o.linewidth ?? 1) * ctx.pt });
    return [{
      data: values(rows),
      mark,
      encoding: {
        x: { field: 'x', ...ctx.x }, x2: { field: 'x2' }, y: { field: 'y', ...ctx.y }, y2: { field: 'y2' },
        ...(legend ? { color: legend } : { fill: { field: 'c', type: 'nominal', scale: null, legend: null } }),
      },
    }];
  }
}

/** Options of `ax.hist`. */
export interface HistOptions extends BarOptions {
  /** Number of equal-width bins (default 10) or the bin edges. */
  bins?: number | number[];
  /** Lower and upper range of the bins (default: min and max of the data). */
  range?: [number, number];
  /** Normalise so the area under the histogram is 1. */
  density?: boolean;
  /** Cumulative counts. */
  cumulative?: boolean;
  /** `'bar'` (filled, default) or `'step'` (outline only). */
  histtype?: 'bar' | 'step' | 'stepfilled';
  /** Relative bar width within a bin (default 1). */
  rwidth?: number;
  orientation?: 'vertical' | 'horizontal';
}

/** Bin counts and edges, as returned by `np.histogram` / `plt.hist`. */
export interface Histogram {
  counts: number[];
  edges: number[];
}

/** Counts values into bins like `np.histogram` (last bin includes its right edge; NaNs ignored). */
export function histogram(data: number[], bins: number | number[] = 10, range?: [number, number], density = false): Histogram {
  const finite = data.filter(Number.isFinite);
  let edges: number[];
  if (Array.isArray(bins)) {
    if (bins.length < 2) throw new Error(`hist: bins needs at least 2 edges, got ${bins.length}`);
    edges = [...bins];
  } else {
    if (!Number.isInteger(bins) || bins < 1) throw new Error(`hist: bins must be a positive integer, got ${bins}`);
    let lo = range ? range[0] : finite.length ? Math.min(...finite) : 0;
    let hi = range ? range[1] : finite.length ? Math.max(...finite) : 1;
    if (lo === hi) { lo -= 0.5; hi += 0.5; }
    edges = Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
  }
  const n = edges.length - 1;
  const counts = new Array<number>(n).fill(0);
  const first = edges[0];
  const last = edges[n];
  const uniform = !Array.isArray(bins);
  for (const v of finite) {
    if (v < first || v > last) continue;
    let k: number;
    if (uniform) k = Math.min(n - 1, Math.floor(((v - first) / (last - first)) * n));
    else {
      k = n - 1;
      for (let j = 0; j < n; j++) if (v < edges[j + 1]) { k = j; break; }
    }
    counts[k]++;
  }
  if (density) {
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    for (let k = 0; k < n; k++) counts[k] = counts[k] / total / (edges[k + 1] - edges[k]);
  }
  return { counts, edges };
}

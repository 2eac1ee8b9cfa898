import { pixelSpanLayer, type Artist, type Extent, type Layer, type LayerContext } from '../artist';
import type { AxesFractionExtent } from './line';

/** Options of `axvspan` / `axhspan`. */
export interface SpanOptions extends AxesFractionExtent {
  color?: string;
  facecolor?: string;
  edgecolor?: string;
  linewidth?: number;
  /** Opacity (matplotlib draws spans opaque by default; `alpha: 0.2` is the usual choice). */
  alpha?: number;
  label?: string;
}

/**
 * A band across the axes between two data values: vertical (`axvspan(x0, x1)`, full height) or horizontal
 * (`axhspan(y0, y1)`, full width). Like a reference line it widens the limits only along its own axis.
 */
export class Span implements Artist {
  readonly legendKind = 'patch' as const;
  constructor(readonly orientation: 'h' | 'v', readonly from: number, readonly to: number, readonly color: string, readonly options: SpanOptions) {
    const name = orientation === 'v' ? 'axvspan' : 'axhspan';
    if (!Number.isFinite(from) || !Number.isFinite(to)) throw new Error(`${name}: limits must be finite numbers, got ${from} and ${to}`);
  }

  get label(): string | undefined { return this.options.label; }

  extent(): Extent | null {
    const range: [number, number] = [Math.min(this.from, this.to), Math.max(this.from, this.to)];
    return this.orientation === 'v' ? { x: range, y: [NaN, NaN] } : { x: [NaN, NaN], y: range };
  }

  layers(ctx: LayerContext): Layer[] {
    const o = this.options;
    let px: Record<string, number>;
    if (this.orientation === 'v') {
      const [x] = ctx.px(this.from, ctx.yDomain[0]);
      const [x2] = ctx.px(this.to, ctx.yDomain[0]);
      px = { x, x2, y: (1 - (o.ymin ?? 0)) * ctx.height, y2: (1 - (o.ymax ?? 1)) * ctx.height };
    } else {
      const [, y] = ctx.px(ctx.xDomain[0], this.from);
      const [, y2] = ctx.px(ctx.xDomain[0], this.to);
      px = { x: (o.xmin ?? 0) * ctx.width, x2: (o.xmax ?? 1) * ctx.width, y, y2 };
    }
    const mark: Record<string, unknown> = { type: 'rect', color: this.color, opacity: o.alpha ?? 1, clip: true };
    if (o.edgecolor) Object.assign(mark, { stroke: o.edgecolor, strokeWidth: (o.linewidth ?? 1) * ctx.pt });
    const legend = ctx.legendColor(o.label);
    return [pixelSpanLayer([px], mark, legend)];
  }
}

import { values, type Artist, type Extent, type Layer, type LayerContext } from '../artist';
import { finiteExtent } from '../data';

/** Options of `fillBetween`. */
export interface FillOptions {
  color?: string;
  alpha?: number;
  label?: string;
  /** Edge colour (none by default). */
  edgecolor?: string;
  linewidth?: number;
}

/** The area between two curves y1(x) and y2(x) (`fillBetween`). */
export class FillBetween implements Artist {
  readonly legendKind = 'patch' as const;
  constructor(readonly xs: number[], readonly y1: number[], readonly y2: number[], readonly color: string, readonly options: FillOptions) {
    if (xs.length !== y1.length || xs.length !== y2.length) {
      throw new Error(`fillBetween: x, y1 and y2 must have the same length, got ${xs.length}, ${y1.length}, ${y2.length}`);
    }
  }

  get label(): string | undefined { return this.options.label; }

  extent(): Extent | null {
    if (this.xs.length === 0) return null;
    const [a, b] = finiteExtent(this.y1);
    const [c, d] = finiteExtent(this.y2);
    return { x: finiteExtent(this.xs), y: [Math.min(a, c), Math.max(b, d)] };
  }

  layers(ctx: LayerContext): Layer[] {
    const o = this.options;
    const legend = ctx.legendColor(o.label);
    const mark: Record<string, unknown> = { type: 'area', color: this.color, opacity: o.alpha ?? 1, clip: true };
    if (o.edgecolor) Object.assign(mark, { stroke: o.edgecolor, strokeWidth: (o.linewidth ?? 1) * ctx.pt });
    return [{
      data: values(this.xs.map((x, i) => ({ x, y: this.y1[i], y2: this.y2[i], i }))),
      mark,
      encoding: {
        x: { field: 'x', ...ctx.x }, y: { field: 'y', ...ctx.y }, y2: { field: 'y2' },
        ...(legend ? { color: legend } : {}),
      },
    }];
  }
}

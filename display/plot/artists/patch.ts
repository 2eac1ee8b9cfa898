import { pixelShapes, type Artist, type Extent, type Layer, type LayerContext } from '../artist';
import { resolveColor } from '../../color/colormaps';

/** Options shared by patches (`Circle`, `Rectangle`, `Polygon`). */
export interface PatchOptions {
  /** Face and edge colour at once. */
  color?: string;
  /** Face colour (`fc`). */
  fc?: string;
  facecolor?: string;
  /** Edge colour (`ec`). */
  ec?: string;
  edgecolor?: string;
  linewidth?: number;
  alpha?: number;
  /** Whether to fill (default true). */
  fill?: boolean;
  label?: string;
}

/**
 * A polygon in data coordinates; `Circle`, `Rectangle` and `Polygon` build one. Add it with `ax.addPatch(p)`.
 *
 * Example:
 * ```ts
 * ax.addPatch(new plt.Circle([0.5, 0.5], 0.1, { color: 'lightblue', ec: 'black' }));
 * ```
 */
export class Patch implements Artist {
  readonly legendKind = 'patch' as const;
  constructor(readonly points: [number, number][], readonly options: PatchOptions = {}) {
    if (points.length < 2) throw new Error(`Patch: needs at least 2 points, got ${points.length}`);
  }

  get label(): string | undefined { return this.options.label; }

  extent(): Extent | null {
    const xs = this.points.map((p) => p[0]);
    const ys = this.points.map((p) => p[1]);
    return { x: [Math.min(...xs), Math.max(...xs)], y: [Math.min(...ys), Math.max(...ys)] };
  }

  layers(ctx: LayerContext): Layer[] {
    const o = this.options;
    const face = resolveColor(o.fc ?? o.facecolor ?? o.color ?? '#1f77b4');
    const edge = resolveColor(o.ec ?? o.edgecolor ?? o.color ?? face);
    const ring = this.points.map(([x, y]) => ctx.px(x, y));
    ring.push(ring[0]);
    const filled = o.fill ?? true;
    return [pixelShapes(
      [{ geometry: { type: 'Polygon', coordinates: [ring] }, color: face }],
      { opacity: o.alpha ?? 1, stroke: edge, strokeWidth: (o.linewidth ?? 1) * ctx.pt, ...(filled ? {} : { fill: null, filled: false }) },
      filled ? 'fill' : [],
    )];
  }
}

/** A circle patch: `new Circle([x, y], radius, options)` (a 96-gon in data coordinates). */
export class Circle extends Patch {
  constructor(center: [number, number], radius: number, options: PatchOptions = {}) {
    if (!(radius > 0)) throw new Error(`Circle: radius must be positive, got ${radius}`);
    const n = 96;
    super(Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / n;
      return [center[0] + radius * Math.cos(a), center[1] + radius * Math.sin(a)] as [number, number];
    }), options);
  }
}

/** An axis-aligned rectangle patch: `new Rectangle([x, y], width, height, options)`. */
export class Rectangle extends Patch {
  constructor(xy: [number, number], width: number, height: number, options: PatchOptions = {}) {
    const [x, y] = xy;
    super([[x, y], [x + width, y], [x + width, y + height], [x, y + height]], options);
  }
}

/** A closed polygon patch from its vertices: `new Polygon([[0, 0], [1, 0], [0, 1]], options)`. */
export class Polygon extends Patch {}

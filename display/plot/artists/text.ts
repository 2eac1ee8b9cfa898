import { pixelShapes, values, type Artist, type Extent, type Layer, type LayerContext } from '../artist';
import { resolveColor } from '../../color/colormaps';

/** Options of `ax.text`. */
export interface TextOptions {
  fontsize?: number;
  color?: string;
  /** Horizontal alignment: `'left'` (default), `'center'`, `'right'`. */
  ha?: 'left' | 'center' | 'right';
  /** Vertical alignment: `'baseline'` (default), `'bottom'`, `'center'`, `'top'`. */
  va?: 'baseline' | 'bottom' | 'center' | 'top' | 'center_baseline';
  fontweight?: 'normal' | 'bold';
  rotation?: number;
  alpha?: number;
  /** `'data'` (default) or `'axes'`: coordinates as fractions of the axes (matplotlib's `transform=ax.transAxes`). */
  transform?: 'data' | 'axes';
  /** Draw a white rounded box behind the text (matplotlib's `bbox=dict(...)`, simplified). */
  bbox?: { facecolor?: string; edgecolor?: string; alpha?: number } | boolean;
}

/** A text label at a data (or axes-fraction) position. */
export class TextArtist implements Artist {
  constructor(readonly x: number, readonly y: number, readonly text: string, readonly options: TextOptions) {}

  extent(): Extent | null {
    return null; // matplotlib does not autoscale to text either
  }

  layers(ctx: LayerContext): Layer[] {
    const o = this.options;
    const [px, py] = o.transform === 'axes' ? [this.x * ctx.width, (1 - this.y) * ctx.height] : ctx.px(this.x, this.y);
    const fontSize = (o.fontsize ?? 10) * ctx.pt;
    const baseline = { baseline: 'alphabetic', bottom: 'bottom', center: 'middle', top: 'top', center_baseline: 'middle' }[o.va ?? 'baseline'];
    const lines = this.text.split('\n');
    const out: Layer[] = [];
    if (o.bbox) {
      const box = typeof o.bbox === 'object' ? o.bbox : {};
      const w = Math.max(...lines.map((l) => l.length)) * fontSize * 0.6 + 8;
      const h = lines.length * fontSize * 1.2 + 6;
      const left = (o.ha ?? 'left') === 'left' ? px - 4 : (o.ha === 'right' ? px - w + 4 : px - w / 2);
      const top = baseline === 'top' ? py - 3 : baseline === 'middle' ? py - h / 2 : py - h + 6;
      out.push({
        data: values([{ x: left, x2: left + w, y: top, y2: top + h }]),
        mark: { type: 'rect', fill: resolveColor(box.facecolor ?? 'white'), stroke: resolveColor(box.edgecolor ?? '#000'), opacity: box.alpha ?? 1, cornerRadius: 3 },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: null }, x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', scale: null }, y2: { field: 'y2' },
        },
      });
    }
    out.push({
      data: values([{ px, py, text: lines.length > 1 ? lines : this.text }]),
      mark: {
        type: 'text', fontSize, align: o.ha ?? 'left', baseline, color: resolveColor(o.color ?? '#000'),
        angle: -(o.rotation ?? 0), fontWeight: o.fontweight ?? 'normal', opacity: o.alpha ?? 1, lineHeight: fontSize * 1.2,
      },
      encoding: { x: { field: 'px', type: 'quantitative', scale: null }, y: { field: 'py', type: 'quantitative', scale: null }, text: { field: 'text' } },
    });
    return out;
  }
}

/** Options of `ax.arrow` (sizes in data units, like matplotlib's FancyArrow). */
export interface ArrowOptions {
  /** Width of the arrow head (default 3 × width). */
  headWidth?: number;
  headLength?: number;
  /** Width of the tail (default: a 1.5 pt line). */
  width?: number;
  color?: string;
  fc?: string;
  ec?: string;
  alpha?: number;
  /** When true (default false) the head is added beyond (x + dx, y + dy) instead of ending there. */
  lengthIncludesHead?: boolean;
}

/** A straight arrow from (x, y) to (x + dx, y + dy) with a triangular head, drawn as polygons in pixels. */
export class ArrowArtist implements Artist {
  constructor(readonly x: number, readonly y: number, readonly dx: number, readonly dy: number, readonly options: ArrowOptions) {}

  extent(): Extent | null {
    return { x: [Math.min(this.x, this.x + this.dx), Math.max(this.x, this.x + this.dx)], y: [Math.min(this.y, this.y + this.dy), Math.max(this.y, this.y + this.dy)] };
  }

  layers(ctx: LayerContext): Layer[] {
    const o = this.options;
    const fill = resolveColor(o.fc ?? o.color ?? '#000');
    const [x0, y0] = ctx.px(this.x, this.y);
    let [x1, y1] = ctx.px(this.x + this.dx, this.y + this.dy);
    // Head sizes are in data units: measure them along x in pixels.
    const unit = Math.abs(ctx.px(1, 0)[0] - ctx.px(0, 0)[0]) || 1;
    const hw = (o.headWidth ?? (o.width ?? 0.001) * 3) * unit;
    const hl = (o.headLength ?? (o.headWidth ?? (o.width ?? 0.001) * 3) * 1.5) * unit;
    const len = Math.hypot(x1 - x0, y1 - y0) || 1;
    const ux = (x1 - x0) / len;
    const uy = (y1 - y0) / len;
    if (!o.lengthIncludesHead) { x1 += ux * hl; y1 += uy * hl; }
    const bx = x1 - ux * hl;
    const by = y1 - uy * hl;
    const head: [number, number][] = [[x1, y1], [bx - uy * hw / 2, by + ux * hw / 2], [bx + uy * hw / 2, by - ux * hw / 2], [x1, y1]];
    const tailWidth = o.width !== undefined ? Math.max(1, o.width * unit) : 1.5 * ctx.pt;
    return [
      {
        data: values([{ x: x0, y: y0, x2: bx, y2: by }]),
        mark: { type: 'rule', color: resolveColor(o.ec ?? fill), strokeWidth: tailWidth, opacity: o.alpha ?? 1 },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: null }, x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', scale: null }, y2: { field: 'y2' },
        },
      },
      pixelShapes([{ geometry: { type: 'Polygon', coordinates: [head] }, color: fill }], { opacity: o.alpha ?? 1 }, 'fill'),
    ];
  }
}

/** Options of `ax.annotate`. */
export interface AnnotateOptions extends TextOptions {
  /** Where the text goes (default: at `xy`). */
  xytext?: [number, number];
  /** Draw an arrow from the text to `xy` (any object turns it on; `color` and `width` are used). */
  arrowprops?: { color?: string; facecolor?: string; width?: number; headwidth?: number; arrowstyle?: string };
}

/** Text with an optional arrow pointing at a data position. */
export class Annotation implements Artist {
  constructor(readonly text: string, readonly xy: [number, number], readonly options: AnnotateOptions) {}

  extent(): Extent | null {
    return null;
  }

  layers(ctx: LayerContext): Layer[] {
    const o = this.options;
    const at = o.xytext ?? this.xy;
    const out: Layer[] = [];
    if (o.arrowprops) {
      const a = o.arrowprops;
      const color = resolveColor(a.color ?? a.facecolor ?? '#000');
      const [x0, y0] = ctx.px(at[0], at[1]);
      const [x1, y1] = ctx.px(this.xy[0], this.xy[1]);
      const len = Math.hypot(x1 - x0, y1 - y0) || 1;
      const ux = (x1 - x0) / len;
      const uy = (y1 - y0) / len;
      const hl = 8 * ctx.pt;
      const hw = (a.headwidth ?? 8) * ctx.pt * 0.6;
      const bx = x1 - ux * hl;
      const by = y1 - uy * hl;
      const sx = x0 + ux * 6; // leave a little room around the text
      const sy = y0 + uy * 6;
      out.push({
        data: values([{ x: sx, y: sy, x2: bx, y2: by }]),
        mark: { type: 'rule', color, strokeWidth: (a.width ?? 1.2) * ctx.pt },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: null }, x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', scale: null }, y2: { field: 'y2' },
        },
      });
      const head: [number, number][] = [[x1, y1], [bx - uy * hw / 2, by + ux * hw / 2], [bx + uy * hw / 2, by - ux * hw / 2], [x1, y1]];
      out.push(pixelShapes([{ geometry: { type: 'Polygon', coordinates: [head] }, color }], {}, 'fill'));
    }
    const ha = o.ha ?? (o.arrowprops ? 'center' : 'left');
    out.push(...new TextArtist(at[0], at[1], this.text, { ...o, ha, va: o.va ?? (o.arrowprops ? 'center' : 'baseline') }).layers(ctx));
    return out;
  }
}

import { values, type Artist, type Extent, type Layer, type LayerContext, type Mappable } from '../artist';
import { colormap } from '../../color/colormaps';
import { encodePng } from '../../png/encode_png';
import { finiteExtent } from '../data';

/** Options of `ax.imshow`. */
export interface ImshowOptions {
  cmap?: string;
  vmin?: number;
  vmax?: number;
  /** `[left, right, bottom, top]` in data coordinates (default: pixel centres at integers). */
  extent?: [number, number, number, number];
  /** Where row 0 goes: `'upper'` (default, like a picture) or `'lower'` (like a matrix plotted as y-up). */
  origin?: 'upper' | 'lower';
  /** `'equal'` (default: square pixels) or `'auto'` (fill the axes). */
  aspect?: 'equal' | 'auto';
  alpha?: number;
  /** `'nearest'` (default) or `'bilinear'`: how the picture is scaled up. */
  interpolation?: 'nearest' | 'bilinear' | 'antialiased' | 'none';
}

/**
 * A raster image placed in data coordinates: a 2-D array through a colormap, or RGB(A) pixels.
 * Encoded as a PNG data URL in an image mark, so even a 1000x1000 grid costs one mark.
 */
export class ImageArtist implements Artist {
  readonly mappable?: Mappable;
  readonly extentBox: [number, number, number, number];
  private readonly rgba: Uint8Array;

  /**
   * @param rows,cols  image size in pixels
   * @param channels  1 for scalar data (colormapped), 3 for RGB, 4 for RGBA
   * @param data  row-major values; RGB(A) either in [0, 1] or 0..255
   */
  constructor(readonly rows: number, readonly cols: number, readonly channels: 1 | 3 | 4, readonly values: number[], readonly options: ImshowOptions) {
    const data = values;
    if (data.length !== rows * cols * channels) {
      throw new Error(`imshow: expected ${rows}x${cols}x${channels} values, got ${data.length}`);
    }
    const upper = (options.origin ?? 'upper') === 'upper';
    this.extentBox = options.extent ?? (upper ? [-0.5, cols - 0.5, rows - 0.5, -0.5] : [-0.5, cols - 0.5, -0.5, rows - 0.5]);
    this.rgba = new Uint8Array(rows * cols * 4);
    if (channels === 1) {
      const [lo, hi] = finiteExtent(data);
      const vmin = options.vmin ?? lo;
      const vmax = options.vmax ?? hi;
      const cm = colormap(options.cmap ?? 'viridis');
      this.mappable = { cmap: cm.name, vmin, vmax };
      const span = vmax !== vmin ? vmax - vmin : 1;
      for (let i = 0; i < rows * cols; i++) {
        const v = data[i];
        const [r, g, b] = cm.rgb((v - vmin) / span);
        this.rgba.set([r, g, b, Number.isFinite(v) ? 255 : 0], i * 4);
      }
    } else {
      const max = finiteExtent(data)[1];
      const scale = max > 1 ? 1 : 255;
      for (let i = 0; i < rows * cols; i++) {
        for (let k = 0; k < 4; k++) {
          const v = k < channels ? data[i * channels + k] * scale : 255;
          this.rgba[i * 4 + k] = Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
  }

  extent(): Extent | null {
    const [l, r, b, t] = this.extentBox;
    return { x: [Math.min(l, r), Math.max(l, r)], y: [Math.min(b, t), Math.max(b, t)], stickyX: [l, r], stickyY: [b, t] };
  }

  /** Whether the axes should keep the y axis inverted (row 0 at the top) when limits are automatic. */
  get invertsY(): boolean {
    return this.extentBox[3] < this.extentBox[2];
  }

  layers(ctx: LayerContext): Layer[] {
    const [l, r, b, t] = this.extentBox;
    const [x0, y0] = ctx.px(l, t);
    const [x1, y1] = ctx.px(r, b);
    const boxW = Math.abs(x1 - x0);
    const boxH = Math.abs(y1 - y0);
    // Row 0 sits at `top` for origin 'upper' and at `bottom` for 'lower'; flip the rows when that edge is lower on screen.
    const upper = (this.options.origin ?? 'upper') === 'upper';
    const flip = upper ? y0 > y1 : y1 > y0;
    const nearest = (this.options.interpolation ?? 'nearest') !== 'bilinear';
    // Upscale small images with nearest-neighbour so every renderer shows crisp pixels.
    const longest = Math.max(this.rows, this.cols);
    const factor = nearest ? Math.max(1, Math.min(Math.ceil((2 * Math.max(boxW, boxH)) / longest), Math.floor(2048 / longest))) : 1;
    const url = 'data:image/png;base64,' + this.png(factor, flip).toString('base64');
    return [{
      data: values([{ x: l, x2: r, y: t, y2: b, url }]),
      mark: { type: 'image', aspect: false, opacity: this.options.alpha ?? 1, clip: true },
      encoding: { x: { field: 'x', ...ctx.x }, x2: { field: 'x2' }, y: { field: 'y', ...ctx.y }, y2: { field: 'y2' }, url: { field: 'url' } },
    }];
  }

  private png(factor: number, flip: boolean): Buffer {
    const w = this.cols * factor;
    const h = this.rows * factor;
    const out = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) {
      const srcRow = Math.floor(y / factor);
      const row = flip ? this.rows - 1 - srcRow : srcRow;
      for (let x = 0; x < w; x++) {
        const src = (row * this.cols + Math.floor(x / factor)) * 4;
        out.set(this.rgba.subarray(src, src + 4), (y * w + x) * 4);
      }
    }
    return encodePng(w, h, out, 4);
  }
}

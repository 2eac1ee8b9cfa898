import { colormap } from '../color/colormaps';
import { isTensorLike, shapeOf, toNumbers, type TensorLike } from '../plot/data';

/** 8-bit pixels ready for PNG encoding. */
export interface Pixels {
  width: number;
  height: number;
  /** 1 gray, 3 RGB, 4 RGBA. */
  channels: 1 | 3 | 4;
  data: Uint8Array;
}

/** An image input: a tensor or nested array shaped `[H, W]`, `[H, W, C]`, `[C, H, W]` or `[1, C, H, W]`. */
export type ImageInput = TensorLike | number[][] | number[][][] | number[][][][] | { data: ArrayLike<number>; shape: number[] };

/** How values become pixel intensities. */
export interface ToPixelsOptions {
  /** Value mapped to black (default: 0, or the minimum when values fall outside [0, 1] / [0, 255]). */
  vmin?: number;
  /** Value mapped to white (default: 1 for floats in [0, 1], 255 for larger values). */
  vmax?: number;
  /** Stretch each image to its own min..max (good for feature maps and filters). */
  normalize?: boolean;
  /** Colormap for single-channel images (default: gray). */
  cmap?: string;
  /** `'CHW'` or `'HWC'` when the layout is ambiguous (default: guessed; channels are 1, 3 or 4). */
  layout?: 'CHW' | 'HWC';
}

/**
 * Converts an image tensor/array to 8-bit pixels. Accepts grayscale `[H, W]`, `[H, W, 1|3|4]` (HWC),
 * `[1|3|4, H, W]` (CHW, PyTorch's layout) and a batch of one `[1, C, H, W]`. Floats in [0, 1] map to
 * 0..255; larger values are taken as 0..255; anything else is stretched from min to max.
 */
export function toPixels(input: ImageInput, options: ToPixelsOptions = {}): Pixels {
  let shape: number[];
  let values: number[];
  if (isTensorLike(input)) { shape = [...input.shape]; values = toNumbers(input, 'image'); }
  else if (!Array.isArray(input) && typeof input === 'object' && input !== null && 'shape' in input) {
    shape = [...input.shape]; values = Array.from(input.data, Number);
  } else { shape = shapeOf(input as number[][]); values = toNumbers(input as number[][], 'image'); }
  while (shape.length > 3 && shape[0] === 1) shape = shape.slice(1);
  if (shape.length < 2 || shape.length > 3) throw new Error(`image: expected [H, W], [H, W, C] or [C, H, W], got shape [${shape.join(', ')}]`);
  let height: number; let width: number; let channels: number;
  let chw = false;
  if (shape.length === 2) { [height, width] = shape; channels = 1; }
  else {
    const first = shape[0];
    const last = shape[2];
    const isChan = (c: number): boolean => c === 1 || c === 3 || c === 4;
    chw = options.layout ? options.layout === 'CHW' : isChan(first) && !isChan(last);
    if (!options.layout && !isChan(first) && !isChan(last)) {
      throw new Error(`image: cannot tell the channels in shape [${shape.join(', ')}]; channels must be 1, 3 or 4`);
    }
    [channels, height, width] = chw ? [first, shape[1], shape[2]] : [last, shape[0], shape[1]];
    if (!isChan(channels)) throw new Error(`image: ${channels} channels in shape [${shape.join(', ')}]; expected 1, 3 or 4`);
  }
  const n = height * width;
  const at = (c: number, i: number): number => (chw ? values[c * n + i] : values[i * channels + c]);
  let lo = options.vmin;
  let hi = options.vmax;
  if (lo === undefined || hi === undefined) {
    let mn = Infinity;
    let mx = -Infinity;
    for (const v of values) if (Number.isFinite(v)) { if (v < mn) mn = v; if (v > mx) mx = v; }
    if (!Number.isFinite(mn)) { mn = 0; mx = 1; }
    if (options.normalize) { lo ??= mn; hi ??= mx; }
    // [0, 1] up to float32 rounding (tf.linspace(0, 1, 784) ends at 1.000005).
    else if (mn >= -1e-3 && mx <= 1 + 1e-3) { lo ??= 0; hi ??= 1; }
    else if (mn >= 0 && mx <= 255) { lo ??= 0; hi ??= 255; }
    else { lo ??= mn; hi ??= mx; }
  }
  const span = hi! - lo! || 1;
  const unit = (v: number): number => Math.max(0, Math.min(1, (v - lo!) / span));
  if (channels === 1 && options.cmap && options.cmap !== 'gray' && options.cmap !== 'grey') {
    const cm = colormap(options.cmap);
    const data = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) data.set(cm.rgb(unit(at(0, i))), i * 3);
    return { width, height, channels: 3, data };
  }
  const outChannels = channels as 1 | 3 | 4;
  const data = new Uint8Array(n * outChannels);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < outChannels; c++) data[i * outChannels + c] = Math.round(unit(at(c, i)) * 255);
  }
  return { width, height, channels: outChannels, data };
}

/** Enlarges pixels by an integer factor with nearest-neighbour sampling (crisp MNIST digits). */
export function upscale(p: Pixels, factor: number): Pixels {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`upscale: factor must be a positive integer, got ${factor}`);
  if (factor === 1) return p;
  const width = p.width * factor;
  const height = p.height * factor;
  const data = new Uint8Array(width * height * p.channels);
  for (let y = 0; y < height; y++) {
    const sy = Math.floor(y / factor);
    for (let x = 0; x < width; x++) {
      const src = (sy * p.width + Math.floor(x / factor)) * p.channels;
      data.set(p.data.subarray(src, src + p.channels), (y * width + x) * p.channels);
    }
  }
  return { width, height, channels: p.channels, data };
}

/** Pixel-level geometry on float planes (see `../image.ts`), shared by the image transforms. */
import { Planes } from '../image';

export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

/** Index into [0, n) for a coordinate outside it, by padding mode (-1 means "use the fill value"). */
function sourceIndex(i: number, n: number, mode: PaddingMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'edge':
      return i < 0 ? 0 : n - 1;
    case 'reflect': {
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      let k = ((i % period) + period) % period;
      return k < n ? k : period - k;
    }
    case 'symmetric': {
      const period = 2 * n;
      const k = ((i % period) + period) % period;
      return k < n ? k : period - 1 - k;
    }
  }
}

/** Pads by `[left, top, right, bottom]` pixels. */
export function pad(p: Planes, [left, top, right, bottom]: number[], fill: number, mode: PaddingMode): Planes {
  const height = p.height + top + bottom;
  const width = p.width + left + right;
  const data = new Float32Array(p.channels * height * width);
  for (let c = 0; c < p.channels; c++) {
    for (let y = 0; y < height; y++) {
      const sy = sourceIndex(y - top, p.height, mode);
      for (let x = 0; x < width; x++) {
        const sx = sourceIndex(x - left, p.width, mode);
        data[(c * height + y) * width + x] = sy < 0 || sx < 0 ? fill : p.data[(c * p.height + sy) * p.width + sx];
      }
    }
  }
  return { data, channels: p.channels, height, width };
}

/** The `h x w` window whose top-left corner is at (`top`, `left`); outside pixels are `fill`. */
export function crop(p: Planes, top: number, left: number, h: number, w: number, fill = 0): Planes {
  const data = new Float32Array(p.channels * h * w).fill(fill);
  for (let c = 0; c < p.channels; c++) {
    for (let y = 0; y < h; y++) {
      const sy = y + top;
      if (sy < 0 || sy >= p.height) continue;
      for (let x = 0; x < w; x++) {
        const sx = x + left;
        if (sx < 0 || sx >= p.width) continue;
        data[(c * h + y) * w + x] = p.data[(c * p.height + sy) * p.width + sx];
      }
    }
  }
  return { data, channels: p.channels, height: h, width: w };
}

/** Mirrors left-right. */
export function flipHorizontal(p: Planes): Planes {
  const data = new Float32Array(p.data.length);
  for (let c = 0; c < p.channels; c++) {
    for (let y = 0; y < p.height; y++) {
      const row = (c * p.height + y) * p.width;
      for (let x = 0; x < p.width; x++) data[row + x] = p.data[row + p.width - 1 - x];
    }
  }
  return { ...p, data };
}

/** Mirrors top-bottom. */
export function flipVertical(p: Planes): Planes {
  const data = new Float32Array(p.data.length);
  for (let c = 0; c < p.channels; c++) {
    for (let y = 0; y < p.height; y++) {
      const src = (c * p.height + (p.height - 1 - y)) * p.width;
      data.set(p.data.subarray(src, src + p.width), (c * p.height + y) * p.width);
    }
  }
  return { ...p, data };
}

/**
 * Rotates counter-clockwise by `degrees` about the image centre, same size, nearest-neighbour
 * sampling; uncovered pixels get `fill` (torchvision's default `rotate`).
 */
export function rotate(p: Planes, degrees: number, fill: number): Planes {
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cx = p.width / 2;
  const cy = p.height / 2;
  const data = new Float32Array(p.data.length);
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const xo = x + 0.5 - cx;
      const yo = y + 0.5 - cy;
      const sx = Math.floor(xo * cos - yo * sin + cx);
      const sy = Math.floor(xo * sin + yo * cos + cy);
      const inside = sx >= 0 && sx < p.width && sy >= 0 && sy < p.height;
      for (let c = 0; c < p.channels; c++) {
        data[(c * p.height + y) * p.width + x] = inside ? p.data[(c * p.height + sy) * p.width + sx] : fill;
      }
    }
  }
  return { ...p, data };
}

/** Bilinear resize to `h x w` (pixel centres aligned, `align_corners=False`, no antialiasing). */
export function resizeBilinear(p: Planes, h: number, w: number): Planes {
  const data = new Float32Array(p.channels * h * w);
  const sy = p.height / h;
  const sx = p.width / w;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), p.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, p.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), p.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, p.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < p.channels; c++) {
        const base = c * p.height * p.width;
        const top = p.data[base + y0 * p.width + x0] * (1 - wx) + p.data[base + y0 * p.width + x1] * wx;
        const bottom = p.data[base + y1 * p.width + x0] * (1 - wx) + p.data[base + y1 * p.width + x1] * wx;
        data[(c * h + y) * w + x] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return { data, channels: p.channels, height: h, width: w };
}

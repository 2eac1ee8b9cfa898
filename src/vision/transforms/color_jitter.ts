import { ImageLike, Planes, fromPlanes, maxValue, toPlanes } from '../image';
import { makeGenerator, permutation, uniform } from '../../data/generator';
import { Transform, makeTransform } from './transform';

function factorRange(value: number, name: string, center: number, lowest: number, highest: number): [number, number] | null {
  if (!Number.isFinite(value) || value < 0) throw new Error(`ColorJitter: ${name} should be a non-negative number, got ${value}`);
  if (value === 0) return null;
  const range: [number, number] = [Math.max(lowest, center - value), Math.min(highest, center + value)];
  return range;
}

/** Grey level of pixel i (ITU-R 601-2 luma, as torchvision). */
function grey(p: Planes, i: number): number {
  const n = p.height * p.width;
  return p.channels === 1 ? p.data[i] : 0.299 * p.data[i] + 0.587 * p.data[n + i] + 0.114 * p.data[2 * n + i];
}

function blendWith(p: Planes, other: (c: number, i: number) => number, f: number, bound: number): void {
  const n = p.height * p.width;
  for (let c = 0; c < p.channels; c++) {
    for (let i = 0; i < n; i++) {
      const k = c * n + i;
      p.data[k] = Math.min(bound, Math.max(0, f * p.data[k] + (1 - f) * other(c, i)));
    }
  }
}

function shiftHue(p: Planes, shift: number, bound: number): void {
  const n = p.height * p.width;
  for (let i = 0; i < n; i++) {
    const r = p.data[i] / bound;
    const g = p.data[n + i] / bound;
    const b = p.data[2 * n + i] / bound;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const delta = max - min;
    let h = 0;
    if (delta > 0) {
      if (max === r) h = ((g - b) / delta) / 6;
      else if (max === g) h = ((b - r) / delta + 2) / 6;
      else h = ((r - g) / delta + 4) / 6;
    }
    h = (((h + shift) % 1) + 1) % 1;
    const s = max === 0 ? 0 : delta / max;
    const v = max;
    const sector = Math.floor(h * 6) % 6;
    const f = h * 6 - Math.floor(h * 6);
    const pp = v * (1 - s);
    const q = v * (1 - s * f);
    const t = v * (1 - s * (1 - f));
    const [rr, gg, bb] = [[v, t, pp], [q, v, pp], [pp, v, t], [pp, q, v], [t, pp, v], [v, pp, q]][sector];
    p.data[i] = rr * bound;
    p.data[n + i] = gg * bound;
    p.data[2 * n + i] = bb * bound;
  }
}

/** Options of {@link ColorJitter}: each a non-negative strength (0 = unchanged). */
export interface ColorJitterOptions {
  /** Brightness factor drawn from [max(0, 1 - b), 1 + b]. */
  brightness?: number;
  /** Contrast factor drawn from [max(0, 1 - c), 1 + c]. */
  contrast?: number;
  /** Saturation factor drawn from [max(0, 1 - s), 1 + s]. */
  saturation?: number;
  /** Hue shift drawn from [-h, h], h <= 0.5 (fraction of the colour wheel). */
  hue?: number;
  seed?: number;
}

/**
 * Randomly changes brightness, contrast, saturation and hue, in a random order (torchvision's
 * `ColorJitter`). Saturation and hue leave 1-channel images unchanged. Values are clamped to the
 * valid range (0-255 for RawImage, [0, 1] for float tensors).
 * ```ts
 * vision.transforms.ColorJitter({ brightness: 0.2, contrast: 0.2, saturation: 0.2, hue: 0.1 });
 * ```
 */
export function ColorJitter(options: ColorJitterOptions = {}): Transform<ImageLike, ImageLike> {
  const brightness = factorRange(options.brightness ?? 0, 'brightness', 1, 0, Infinity);
  const contrast = factorRange(options.contrast ?? 0, 'contrast', 1, 0, Infinity);
  const saturation = factorRange(options.saturation ?? 0, 'saturation', 1, 0, Infinity);
  const hueValue = options.hue ?? 0;
  if (!(hueValue >= 0 && hueValue <= 0.5)) throw new Error(`ColorJitter: hue should be in [0, 0.5], got ${hueValue}`);
  const hue: [number, number] | null = hueValue > 0 ? [-hueValue, hueValue] : null;
  const gen = makeGenerator(options.seed);
  const description = `ColorJitter(brightness=${options.brightness ?? 0}, contrast=${options.contrast ?? 0}, saturation=${options.saturation ?? 0}, hue=${hueValue})`;
  return makeTransform(description, (img: ImageLike) => {
    const p = toPlanes(img, 'ColorJitter');
    const bound = maxValue(img);
    const n = p.height * p.width;
    for (const op of permutation(gen, 4)) {
      if (op === 0 && brightness) {
        const f = uniform(gen, brightness[0], brightness[1]);
        blendWith(p, () => 0, f, bound);
      } else if (op === 1 && contrast) {
        const f = uniform(gen, contrast[0], contrast[1]);
        let mean = 0;
        for (let i = 0; i < n; i++) mean += grey(p, i);
        mean /= n;
        blendWith(p, () => mean, f, bound);
      } else if (op === 2 && saturation && p.channels === 3) {
        const f = uniform(gen, saturation[0], saturation[1]);
        const greys = Float32Array.from({ length: n }, (_, i) => grey(p, i));
        blendWith(p, (_c, i) => greys[i], f, bound);
      } else if (op === 3 && hue && p.channels === 3) {
        shiftHue(p, uniform(gen, hue[0], hue[1]), bound);
      }
    }
    return fromPlanes(p, img);
  });
}

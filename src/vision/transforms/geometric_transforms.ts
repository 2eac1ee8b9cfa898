import { ImageLike, fromPlanes, toPlanes } from '../image';
import { makeGenerator, randint, uniform } from '../../data/generator';
import { Transform, makeTransform, sizePair } from './transform';
import { PaddingMode, crop, flipHorizontal, flipVertical, pad, resizeBilinear, rotate } from './geometry';

/**
 * The image transforms below take a {@link RawImage} or a tensor `[C, H, W]` and return the same kind.
 * Random ones draw from their own generator, seeded by `seed` or, without it, from the global seed
 * (`tsdl.manualSeed`) when the transform is created.
 */

/**
 * Resizes with bilinear interpolation (torchvision's `Resize`). `size` a number matches the smaller
 * edge to it keeping the aspect ratio; `[h, w]` gives the exact output size.
 */
export function Resize(size: number | [number, number]): Transform<ImageLike, ImageLike> {
  if (typeof size === 'number') sizePair(size, 'Resize');
  else sizePair(size, 'Resize');
  return makeTransform(`Resize(size=${JSON.stringify(size)})`, (img: ImageLike) => {
    const p = toPlanes(img, 'Resize');
    let h: number;
    let w: number;
    if (typeof size === 'number') {
      if (p.height <= p.width) [h, w] = [size, Math.floor((size * p.width) / p.height)];
      else [h, w] = [Math.floor((size * p.height) / p.width), size];
    } else [h, w] = size;
    return fromPlanes(resizeBilinear(p, h, w), img);
  });
}

/** Crops the centre `size` (number or `[h, w]`); pads with 0 if the image is smaller (torchvision's `CenterCrop`). */
export function CenterCrop(size: number | [number, number]): Transform<ImageLike, ImageLike> {
  const [h, w] = sizePair(size, 'CenterCrop');
  return makeTransform(`CenterCrop(size=[${h}, ${w}])`, (img: ImageLike) => {
    const p = toPlanes(img, 'CenterCrop');
    const top = Math.round((p.height - h) / 2);
    const left = Math.round((p.width - w) / 2);
    return fromPlanes(crop(p, top, left, h, w), img);
  });
}

function paddingBox(padding: number | number[], who: string): number[] {
  const box = typeof padding === 'number' ? [padding, padding, padding, padding]
    : padding.length === 2 ? [padding[0], padding[1], padding[0], padding[1]] : padding;
  if (box.length !== 4 || box.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new Error(`${who}: padding should be a non-negative integer, [left/right, top/bottom] or [left, top, right, bottom], got ${JSON.stringify(padding)}`);
  }
  return box;
}

/** Options of {@link RandomCrop}. */
export interface RandomCropOptions {
  /** Border added before cropping: n, [lr, tb] or [l, t, r, b] pixels. */
  padding?: number | number[];
  /** Pad when the image is smaller than the crop (default false). */
  padIfNeeded?: boolean;
  /** Fill value for `constant` padding (default 0). */
  fill?: number;
  /** 'constant' (default), 'edge', 'reflect' or 'symmetric'. */
  paddingMode?: PaddingMode;
  seed?: number;
}

/**
 * Crops a random `size` window, after optional padding (torchvision's `RandomCrop`).
 * ```ts
 * vision.transforms.RandomCrop(32, { padding: 4 });   // CIFAR-10 augmentation
 * ```
 */
export function RandomCrop(size: number | [number, number], options: RandomCropOptions = {}): Transform<ImageLike, ImageLike> {
  const [h, w] = sizePair(size, 'RandomCrop');
  const box = options.padding !== undefined ? paddingBox(options.padding, 'RandomCrop') : [0, 0, 0, 0];
  const fill = options.fill ?? 0;
  const mode = options.paddingMode ?? 'constant';
  const gen = makeGenerator(options.seed);
  return makeTransform(`RandomCrop(size=[${h}, ${w}], padding=${JSON.stringify(options.padding ?? null)})`, (img: ImageLike) => {
    let p = toPlanes(img, 'RandomCrop');
    if (box.some((v) => v > 0)) p = pad(p, box, fill, mode);
    if (options.padIfNeeded && (p.height < h || p.width < w)) {
      const dh = Math.max(0, h - p.height);
      const dw = Math.max(0, w - p.width);
      p = pad(p, [dw, dh, dw, dh], fill, mode);
    }
    if (p.height < h || p.width < w) {
      throw new Error(`RandomCrop: required crop size [${h}, ${w}] is larger than the (padded) image [${p.height}, ${p.width}]`);
    }
    const top = randint(gen, p.height - h + 1);
    const left = randint(gen, p.width - w + 1);
    return fromPlanes(crop(p, top, left, h, w), img);
  });
}

function checkProbability(p: number, who: string): void {
  if (!(p >= 0 && p <= 1)) throw new Error(`${who}: p should be a probability in [0, 1], got ${p}`);
}

/** Mirrors left-right with probability `p` (default 0.5) (torchvision's `RandomHorizontalFlip`). */
export function RandomHorizontalFlip(p = 0.5, options: { seed?: number } = {}): Transform<ImageLike, ImageLike> {
  checkProbability(p, 'RandomHorizontalFlip');
  const gen = makeGenerator(options.seed);
  return makeTransform(`RandomHorizontalFlip(p=${p})`, (img: ImageLike) =>
    gen.random() < p ? fromPlanes(flipHorizontal(toPlanes(img, 'RandomHorizontalFlip')), img) : img,
  );
}

/** Mirrors top-bottom with probability `p` (default 0.5) (torchvision's `RandomVerticalFlip`). */
export function RandomVerticalFlip(p = 0.5, options: { seed?: number } = {}): Transform<ImageLike, ImageLike> {
  checkProbability(p, 'RandomVerticalFlip');
  const gen = makeGenerator(options.seed);
  return makeTransform(`RandomVerticalFlip(p=${p})`, (img: ImageLike) =>
    gen.random() < p ? fromPlanes(flipVertical(toPlanes(img, 'RandomVerticalFlip')), img) : img,
  );
}

/**
 * Rotates by an angle drawn uniformly from `[-degrees, degrees]` (or `[min, max]`), counter-clockwise
 * for positive angles, nearest-neighbour, uncovered pixels `fill` (torchvision's `RandomRotation`).
 */
export function RandomRotation(degrees: number | [number, number], options: { fill?: number; seed?: number } = {}): Transform<ImageLike, ImageLike> {
  const range = typeof degrees === 'number' ? [-degrees, degrees] : degrees;
  if (typeof degrees === 'number' && degrees < 0) throw new Error(`RandomRotation: degrees should be non-negative when a single number, got ${degrees}`);
  if (range.length !== 2 || !(range[0] <= range[1])) throw new Error(`RandomRotation: degrees should be a number or [min, max] with min <= max, got ${JSON.stringify(degrees)}`);
  const gen = makeGenerator(options.seed);
  const fill = options.fill ?? 0;
  return makeTransform(`RandomRotation(degrees=[${range[0]}, ${range[1]}])`, (img: ImageLike) =>
    fromPlanes(rotate(toPlanes(img, 'RandomRotation'), uniform(gen, range[0], range[1]), fill), img),
  );
}

/**
 * `F.interpolate` (and `nn.Upsample`): resizing of (N, C, L) / (N, C, H, W) tensors by 'nearest',
 * 'linear' / 'bilinear' interpolation, with PyTorch's coordinate rules (alignCorners).
 */
import * as tf from '@tensorflow/tfjs';
import { expectFloat, shapeText } from './args';
import { applySeparable, linearInterpMatrix, nearestInterpMatrix } from './resample_matrices';

export type InterpolateMode = 'nearest' | 'linear' | 'bilinear';

export interface InterpolateOptions {
  /** Output spatial size (one number for every spatial dimension, or one per dimension). */
  size?: number | number[] | null;
  /** Multiplier for the spatial size (one number, or one per dimension). */
  scaleFactor?: number | number[] | null;
  /** Default 'nearest'. */
  mode?: InterpolateMode;
  /** For linear modes: align the centres of the corner pixels. Default false. */
  alignCorners?: boolean | null;
}

/**
 * Resizes the spatial dimensions of `input`. Give exactly one of `size` and `scaleFactor`.
 *
 * Shapes: (N, C, L) with 'nearest' / 'linear', (N, C, H, W) with 'nearest' / 'bilinear'.
 *
 * ```ts
 * const big = F.interpolate(x, { scaleFactor: 2, mode: 'bilinear', alignCorners: false });
 * ```
 */
export function interpolate(input: tf.Tensor, options: InterpolateOptions): tf.Tensor {
  const where = 'F.interpolate';
  expectFloat(input, where);
  const mode = options.mode ?? 'nearest';
  const spatial = input.rank - 2;
  if (spatial !== 1 && spatial !== 2) {
    throw new Error(`${where}: expected a 3-d (N, C, L) or 4-d (N, C, H, W) input, got shape ${shapeText(input.shape)}`);
  }
  if (mode !== 'nearest' && mode !== 'linear' && mode !== 'bilinear') {
    throw new Error(`${where}: mode must be 'nearest', 'linear' or 'bilinear', got '${mode as string}'`);
  }
  if ((mode === 'linear' && spatial !== 1) || (mode === 'bilinear' && spatial !== 2)) {
    throw new Error(`${where}: mode '${mode}' expects a ${mode === 'linear' ? '3' : '4'}-d input, got shape ${shapeText(input.shape)}`);
  }
  const alignCorners = options.alignCorners ?? null;
  if (mode === 'nearest' && alignCorners !== null) {
    throw new Error(`${where}: alignCorners option can only be set with the interpolating modes: linear | bilinear`);
  }
  const hasSize = options.size !== undefined && options.size !== null;
  const hasScale = options.scaleFactor !== undefined && options.scaleFactor !== null;
  if (hasSize === hasScale) throw new Error(`${where}: give exactly one of size and scaleFactor`);
  const inSizes = input.shape.slice(2);
  const expand = (v: number | number[], name: string): number[] => {
    const arr = typeof v === 'number' ? inSizes.map(() => v) : v;
    if (arr.length !== spatial) throw new Error(`${where}: ${name} must have ${spatial} value(s), got ${JSON.stringify(v)}`);
    return arr;
  };
  let outSizes: number[];
  let scales: Array<number | null>;
  if (hasSize) {
    outSizes = expand(options.size as number | number[], 'size');
    scales = outSizes.map(() => null);
  } else {
    const sf = expand(options.scaleFactor as number | number[], 'scaleFactor');
    outSizes = inSizes.map((d, i) => Math.floor(d * sf[i]));
    scales = sf;
  }
  if (!outSizes.every((d) => Number.isInteger(d) && d >= 1)) throw new Error(`${where}: output size must be positive integers, got ${JSON.stringify(outSizes)}`);
  const matrix = (i: number): number[][] | null =>
    mode === 'nearest'
      ? nearestInterpMatrix(inSizes[i], outSizes[i], scales[i])
      : linearInterpMatrix(inSizes[i], outSizes[i], alignCorners ?? false, alignCorners ? null : scales[i]);
  return tf.tidy(() => {
    if (spatial === 1) {
      const x4 = tf.expandDims(input, 2) as tf.Tensor4D;
      return tf.squeeze(applySeparable(x4, null, matrix(0)), [2]);
    }
    return applySeparable(input as tf.Tensor4D, matrix(0), matrix(1));
  });
}

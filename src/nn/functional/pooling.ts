/**
 * Pooling on NCHW / NCL tensors: max, average and adaptive average/max pooling, with PyTorch's
 * padding, ceil-mode and count-include-pad rules.
 */
import * as tf from '@tensorflow/tfjs';
import { simdKernels } from '../../backend/simd/simd_kernels';
import { maxPool2x2NchwKernel } from './max_pool_2x2_kernel';
import { expectFloat, pair, shapeText, single, Size1, Size2 } from './args';
import { fastPoolAndConvGradients } from '../../backend/gradient_kernels';
import { adaptiveBins, adaptivePoolMatrix, applySeparable } from './resample_matrices';

export interface MaxPool2dOptions {
  /** Window step; defaults to kernelSize. */
  stride?: Size2 | null;
  /** Implicit -∞ padding on both sides (at most half the kernel). Default 0. */
  padding?: Size2;
  /** Only 1 is supported. */
  dilation?: Size2;
  /** Use ceil instead of floor for the output size. Default false. */
  ceilMode?: boolean;
}

export interface AvgPool2dOptions {
  stride?: Size2 | null;
  padding?: Size2;
  ceilMode?: boolean;
  /** Count the zero padding in the average. Default true. */
  countIncludePad?: boolean;
  /** Divide by this instead of the window size. */
  divisorOverride?: number | null;
}

export interface MaxPool1dOptions {
  stride?: Size1 | null;
  padding?: Size1;
  dilation?: Size1;
  ceilMode?: boolean;
}

export interface AvgPool1dOptions {
  stride?: Size1 | null;
  padding?: Size1;
  ceilMode?: boolean;
  countIncludePad?: boolean;
}

/** PyTorch's pooling output length along one axis. */
function pooledSize(size: number, k: number, s: number, p: number, ceilMode: boolean): number {
  let out = Math.floor((size + 2 * p - k + (ceilMode ? s - 1 : 0)) / s) + 1;
  if (ceilMode && (out - 1) * s >= size + p) out -= 1;
  return out;
}

interface PoolGeometry {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  out: [number, number];
  /** Extra bottom/right padding that ceil mode needs beyond `padding`. */
  extra: [number, number];
}

function poolGeometry(
  x: tf.Tensor,
  kernelSize: Size2,
  stride: Size2 | null | undefined,
  padding: Size2 | undefined,
  ceilMode: boolean,
  where: string,
): PoolGeometry {
  const kernel = pair(kernelSize, 'kernelSize');
  const st = stride === null || stride === undefined ? kernel : pair(stride, 'stride');
  const pad = pair(padding ?? 0, 'padding', true);
  if (pad[0] > kernel[0] / 2 || pad[1] > kernel[1] / 2) {
    throw new Error(`${where}: padding (${pad}) should be at most half of kernelSize (${kernel})`);
  }
  const [h, w] = [x.shape[x.rank - 2], x.shape[x.rank - 1]];
  const out: [number, number] = [pooledSize(h, kernel[0], st[0], pad[0], ceilMode), pooledSize(w, kernel[1], st[1], pad[1], ceilMode)];
  if (out[0] < 1 || out[1] < 1) {
    throw new Error(`${where}: input of shape ${shapeText(x.shape)} is too small for kernelSize ${kernel} (output would be ${out[0]}x${out[1]})`);
  }
  const extra: [number, number] = [
    Math.max(0, (out[0] - 1) * st[0] + kernel[0] - (h + 2 * pad[0])),
    Math.max(0, (out[1] - 1) * st[1] + kernel[1] - (w + 2 * pad[1])),
  ];
  return { kernel, stride: st, padding: pad, out, extra };
}

function as4d(input: tf.Tensor, where: string): tf.Tensor4D {
  if (input.rank !== 3 && input.rank !== 4) {
    throw new Error(`${where}: expected a 3-d (C, H, W) or 4-d (N, C, H, W) input, got shape ${shapeText(input.shape)}`);
  }
  return (input.rank === 3 ? tf.expandDims(input, 0) : input) as tf.Tensor4D;
}

/**
 * 'valid' NHWC max pooling. The wasm backend's MaxPoolGrad kernel drops the gradient of windows whose
 * values are all negative (tfjs 4.22); `fastPoolAndConvGradients` replaces it (also when the wasm backend
 * was set directly rather than by `tsdl.ready()`), so tf.maxPool's own gradient is right everywhere.
 */
function maxPoolValid(x: tf.Tensor4D, kernel: [number, number], stride: [number, number]): tf.Tensor4D {
  if (tf.getBackend() === 'wasm') fastPoolAndConvGradients('wasm');
  return tf.maxPool(x, kernel, stride, 'valid');
}

/**
 * 2-d max pooling.
 *
 * Shapes: (N, C, H, W) or (C, H, W) → (N, C, H_out, W_out), H_out = ⌊(H + 2p − k) / s⌋ + 1.
 *
 * ```ts
 * const y = F.maxPool2d(x, 2);            // halves H and W
 * ```
 */
export function maxPool2d(input: tf.Tensor, kernelSize: Size2, options: MaxPool2dOptions = {}): tf.Tensor {
  const where = 'F.maxPool2d';
  expectFloat(input, where);
  const dil = pair(options.dilation ?? 1, 'dilation');
  if (dil[0] !== 1 || dil[1] !== 1) throw new Error(`${where}: only dilation=1 is supported, got ${dil}`);
  const g = poolGeometry(input, kernelSize, options.stride, options.padding, options.ceilMode ?? false, where);
  const plain2x2 = g.kernel.every((k) => k === 2) && g.stride.every((s) => s === 2) && g.padding.every((p) => p === 0)
    && g.extra.every((e) => e === 0) && input.dtype === 'float32';
  if (plain2x2 && simdKernels('maxPoolNchw') !== null) {
    // On wasm: pooled where the planes are, no transposes (max_pool_2x2_kernel.ts).
    return tf.tidy(() => {
      const y = maxPool2x2NchwKernel({ x: as4d(input, where) }, {});
      return input.rank === 3 ? tf.squeeze(y, [0]) : y;
    });
  }
  return tf.tidy(() => {
    let x = tf.transpose(as4d(input, where), [0, 2, 3, 1]) as tf.Tensor4D;
    const [ph, pw] = g.padding;
    if (ph || pw || g.extra[0] || g.extra[1]) {
      x = tf.pad(x, [[0, 0], [ph, ph + g.extra[0]], [pw, pw + g.extra[1]], [0, 0]], -Infinity);
    }
    // Crop rows/columns no window reaches (wasm's MaxPoolGrad mis-routes gradients when they exist).
    const usedH = (g.out[0] - 1) * g.stride[0] + g.kernel[0];
    const usedW = (g.out[1] - 1) * g.stride[1] + g.kernel[1];
    if (usedH < x.shape[1] || usedW < x.shape[2]) x = tf.slice(x, [0, 0, 0, 0], [x.shape[0], usedH, usedW, x.shape[3]]);
    const y = tf.transpose(maxPoolValid(x, g.kernel, g.stride), [0, 3, 1, 2]);
    return input.rank === 3 ? tf.squeeze(y, [0]) : y;
  });
}

/**
 * 2-d average pooling. With countIncludePad (default) the zero padding counts in each window's
 * divisor; windows that ceil mode adds past the padding never count.
 *
 * Shapes: (N, C, H, W) or (C, H, W) → (N, C, H_out, W_out).
 */
export function avgPool2d(input: tf.Tensor, kernelSize: Size2, options: AvgPool2dOptions = {}): tf.Tensor {
  const where = 'F.avgPool2d';
  expectFloat(input, where);
  const g = poolGeometry(input, kernelSize, options.stride, options.padding, options.ceilMode ?? false, where);
  const countIncludePad = options.countIncludePad ?? true;
  const divisorOverride = options.divisorOverride ?? null;
  return tf.tidy(() => {
    const x4 = as4d(input, where);
    const [, h, w] = [0, x4.shape[2], x4.shape[3]];
    const [ph, pw] = g.padding;
    const [kh, kw] = g.kernel;
    const padSpec: Array<[number, number]> = [[0, 0], [ph, ph + g.extra[0]], [pw, pw + g.extra[1]], [0, 0]];
    let x = tf.transpose(x4, [0, 2, 3, 1]) as tf.Tensor4D;
    const padded = ph || pw || g.extra[0] || g.extra[1];
    if (padded) x = tf.pad(x, padSpec);
    const mean = tf.avgPool(x, g.kernel, g.stride, 'valid');
    let y: tf.Tensor;
    if (divisorOverride !== null) {
      y = tf.div(tf.mul(mean, kh * kw), divisorOverride);
    } else if (!padded || (countIncludePad && !g.extra[0] && !g.extra[1])) {
      y = mean;
    } else {
      // Divisor per window = number of counted positions it covers.
      const ones = countIncludePad
        ? tf.pad(tf.ones([1, h + 2 * ph, w + 2 * pw, 1]), [[0, 0], [0, g.extra[0]], [0, g.extra[1]], [0, 0]])
        : tf.pad(tf.ones([1, h, w, 1]), padSpec);
      const counts = tf.mul(tf.avgPool(ones as tf.Tensor4D, g.kernel, g.stride, 'valid'), kh * kw);
      y = tf.div(tf.mul(mean, kh * kw), counts);
    }
    const out = tf.transpose(y, [0, 3, 1, 2]);
    return input.rank === 3 ? tf.squeeze(out, [0]) : out;
  });
}

function to2dPool(input: tf.Tensor, where: string): tf.Tensor {
  if (input.rank !== 2 && input.rank !== 3) {
    throw new Error(`${where}: expected a 2-d (C, L) or 3-d (N, C, L) input, got shape ${shapeText(input.shape)}`);
  }
  return tf.expandDims(input, input.rank - 1);
}

/** 1-d max pooling: (N, C, L) or (C, L) → (N, C, L_out). */
export function maxPool1d(input: tf.Tensor, kernelSize: Size1, options: MaxPool1dOptions = {}): tf.Tensor {
  const where = 'F.maxPool1d';
  expectFloat(input, where);
  const k = single(kernelSize, 'kernelSize');
  return tf.tidy(() =>
    tf.squeeze(
      maxPool2d(to2dPool(input, where), [1, k], {
        stride: [1, options.stride === null || options.stride === undefined ? k : single(options.stride, 'stride')],
        padding: [0, single(options.padding ?? 0, 'padding', true)],
        dilation: [1, single(options.dilation ?? 1, 'dilation')],
        ceilMode: options.ceilMode,
      }),
      [input.rank - 1],
    ),
  );
}

/** 1-d average pooling: (N, C, L) or (C, L) → (N, C, L_out). */
export function avgPool1d(input: tf.Tensor, kernelSize: Size1, options: AvgPool1dOptions = {}): tf.Tensor {
  const where = 'F.avgPool1d';
  expectFloat(input, where);
  const k = single(kernelSize, 'kernelSize');
  return tf.tidy(() =>
    tf.squeeze(
      avgPool2d(to2dPool(input, where), [1, k], {
        stride: [1, options.stride === null || options.stride === undefined ? k : single(options.stride, 'stride')],
        padding: [0, single(options.padding ?? 0, 'padding', true)],
        ceilMode: options.ceilMode,
        countIncludePad: options.countIncludePad,
      }),
      [input.rank - 1],
    ),
  );
}

/** An adaptive output size: one number for both axes, or [h, w] where null keeps the input's size. */
export type AdaptiveSize2 = number | [number | null, number | null];

function adaptiveTarget(x: tf.Tensor4D, outputSize: AdaptiveSize2, where: string): [number, number] {
  const [h, w] = [x.shape[2], x.shape[3]];
  const o = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize;
  if (!Array.isArray(o) || o.length !== 2) throw new Error(`${where}: outputSize must be a number or [h, w], got ${JSON.stringify(outputSize)}`);
  const out: [number, number] = [o[0] ?? h, o[1] ?? w];
  if (!out.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new Error(`${where}: outputSize must hold positive integers, got ${JSON.stringify(outputSize)}`);
  }
  return out;
}

/**
 * Adaptive average pooling to a fixed output size, with PyTorch's bins
 * [⌊i·H/out⌋, ⌈(i+1)·H/out⌉).
 *
 * Shapes: (N, C, H, W) or (C, H, W) → (N, C, outH, outW).
 *
 * ```ts
 * const pooled = F.adaptiveAvgPool2d(features, 1);   // global average pooling
 * ```
 */
export function adaptiveAvgPool2d(input: tf.Tensor, outputSize: AdaptiveSize2): tf.Tensor {
  const where = 'F.adaptiveAvgPool2d';
  expectFloat(input, where);
  return tf.tidy(() => {
    const x4 = as4d(input, where);
    const [oh, ow] = adaptiveTarget(x4, outputSize, where);
    const [h, w] = [x4.shape[2], x4.shape[3]];
    let y: tf.Tensor;
    if (oh === 1 && ow === 1) y = tf.mean(x4, [2, 3], true);
    else y = applySeparable(x4, oh === h ? null : adaptivePoolMatrix(h, oh), ow === w ? null : adaptivePoolMatrix(w, ow));
    return input.rank === 3 ? tf.squeeze(y, [0]) : y;
  });
}

/** Adaptive max pooling: the maximum of each adaptive bin. Shapes as `adaptiveAvgPool2d`. */
export function adaptiveMaxPool2d(input: tf.Tensor, outputSize: AdaptiveSize2): tf.Tensor {
  const where = 'F.adaptiveMaxPool2d';
  expectFloat(input, where);
  return tf.tidy(() => {
    const x4 = as4d(input, where);
    const [oh, ow] = adaptiveTarget(x4, outputSize, where);
    const [n, c, h, w] = x4.shape;
    const rows = adaptiveBins(h, oh).map(([h0, h1]) =>
      tf.stack(adaptiveBins(w, ow).map(([w0, w1]) => tf.max(tf.slice(x4, [0, 0, h0, w0], [n, c, h1 - h0, w1 - w0]), [2, 3])), 2),
    );
    const y = tf.stack(rows, 2);
    return input.rank === 3 ? tf.squeeze(y, [0]) : y;
  });
}

/** Adaptive average pooling of (N, C, L) or (C, L) to (N, C, outputSize). */
export function adaptiveAvgPool1d(input: tf.Tensor, outputSize: number): tf.Tensor {
  const where = 'F.adaptiveAvgPool1d';
  expectFloat(input, where);
  return tf.tidy(() => tf.squeeze(adaptiveAvgPool2d(to2dPool(input, where), [1, outputSize]), [input.rank - 1]));
}

/**
 * Convolutions on NCHW / NCL tensors with PyTorch's weight layouts: `F.conv1d`, `F.conv2d`,
 * `F.convTranspose2d`.
 *
 * TensorFlow.js convolves NHWC tensors with HWIO filters, has no `groups`, and cannot differentiate a
 * dilated convolution; so the input is transposed to NHWC, padded explicitly, the filter is dilated by
 * inserting zeros, and groups are convolved one by one. On backends without a filter-gradient kernel
 * (wasm) the filter gradient is computed as a convolution of the input with the output gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGrad, conv2dInputGrad, dilateAxis } from '../../backend/conv_gradient_math';
import { fastPoolAndConvGradients } from '../../backend/gradient_kernels';
import { conv2dNative } from './conv2d_native_kernel';
import { CustomGradientFunc, backendHasKernel, expectFloat, pair, shapeText, single, Size1, Size2 } from './args';

export { dilateAxis };

/** Padding: a number (both sides), a pair [h, w], or PyTorch's strings 'same' / 'valid'. */
export type ConvPadding2d = Size2 | 'same' | 'valid';
export type ConvPadding1d = Size1 | 'same' | 'valid';

export interface Conv2dOptions {
  /** Step of the sliding window. Default 1. */
  stride?: Size2;
  /** Zero padding on both sides, or 'same' / 'valid'. Default 0. */
  padding?: ConvPadding2d;
  /** Spacing between kernel elements. Default 1. */
  dilation?: Size2;
  /** Number of blocked connections from input to output channels. Default 1. */
  groups?: number;
}

/** As Conv2dOptions, one value per option. */
export interface Conv1dOptions {
  /** Default 1. */
  stride?: Size1;
  /** Default 0; or 'same' / 'valid'. */
  padding?: ConvPadding1d;
  /** Default 1. */
  dilation?: Size1;
  /** Default 1. */
  groups?: number;
}

export interface ConvTranspose2dOptions {
  /** Default 1. */
  stride?: Size2;
  /** `dilation · (kernel − 1) − padding` zero padding is added to both sides of the input (PyTorch's meaning). Default 0. */
  padding?: Size2;
  /** Extra size added to one side of the output. Default 0. */
  outputPadding?: Size2;
  /** Default 1. */
  groups?: number;
  /** Default 1. */
  dilation?: Size2;
}

/** Pads (positive) or crops (negative) the H and W axes of an NHWC tensor: [top, bottom, left, right]. */
function padOrCropNHWC(x: tf.Tensor4D, pads: [number, number, number, number], value = 0): tf.Tensor4D {
  const [t, b, l, r] = pads;
  let y = x;
  if (t < 0 || b < 0 || l < 0 || r < 0) {
    const [n, h, w, c] = y.shape;
    const ct = Math.max(0, -t), cb = Math.max(0, -b), cl = Math.max(0, -l), cr = Math.max(0, -r);
    y = tf.slice(y, [0, ct, cl, 0], [n, h - ct - cb, w - cl - cr, c]);
  }
  if (t > 0 || b > 0 || l > 0 || r > 0) {
    y = tf.pad(y, [[0, 0], [Math.max(0, t), Math.max(0, b)], [Math.max(0, l), Math.max(0, r)], [0, 0]], value);
  }
  return y;
}

/** Backends whose own convolution-gradient kernels are fast (native TensorFlow, GPU). */
const NATIVE_CONV_GRADIENT_BACKENDS = new Set(['tensorflow', 'webgl', 'webgpu']);

/**
 * An NHWC convolution (dilation 1) of `x` zero-padded (or, for negative entries, cropped) by `pads`
 * ([top, bottom, left, right]), whose gradients every backend computes, and fast. tf.conv2d's own gradient is
 * used where its kernels are fast: the native/GPU backends, and wasm once `fastPoolAndConvGradients` has
 * replaced wasm's missing or slow ones (it is lazy, so the input gradient of a first layer, whose input needs
 * none, is never computed). On wasm the padding goes to the convolution itself: XNNPACK reads the border as
 * zeros, so there is no padded copy of x, and the input gradient needs no padded copy of dy nor a crop
 * (a 'same' 3×3 layer's input gradient: 24 → 13 ms for 32×8×8×128 → 64 channels). On the pure-JS backend,
 * whose filter-gradient kernel takes ~100 s for an MNIST-sized batch, the filter gradient is itself a
 * convolution (~4 s).
 */
function conv2dPadded(x: tf.Tensor4D, filter: tf.Tensor4D, strides: [number, number], pads: [number, number, number, number]): tf.Tensor4D {
  const backend = tf.getBackend();
  if (backend === 'wasm' && fastPoolAndConvGradients('wasm')) {
    const [t, b, l, r] = pads.map((p) => Math.max(0, p));
    const cropped = padOrCropNHWC(x, pads.map((p) => Math.min(0, p)) as [number, number, number, number]);
    return tf.conv2d(cropped, filter, strides, t || b || l || r ? [[0, 0], [t, b], [l, r], [0, 0]] : 'valid');
  }
  const padded = padOrCropNHWC(x, pads);
  if (NATIVE_CONV_GRADIENT_BACKENDS.has(backend) && backendHasKernel('Conv2DBackpropFilter')) {
    return tf.conv2d(padded, filter, strides, 'valid');
  }
  const inputGradByConv = !backendHasKernel('Conv2DBackpropInput');
  const op = tf.customGrad(((a: tf.Tensor4D, f: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([a, f]);
    return {
      value: tf.conv2d(a, f, strides, 'valid'),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [sa, sf] = saved as [tf.Tensor4D, tf.Tensor4D];
        return [
          inputGradByConv ? conv2dInputGrad(dy, sf, sa.shape, strides) : tf.conv2dTranspose(dy, sf, sa.shape, strides, 'valid'),
          conv2dFilterGrad(sa, dy, sf.shape, strides),
        ];
      },
    };
  }) as unknown as CustomGradientFunc);
  return op(padded, filter) as tf.Tensor4D;
}

/** Grouped padded NHWC convolution with an HWIO filter whose O axis holds all groups' outputs. */
function groupedConvNHWC(x: tf.Tensor4D, filter: tf.Tensor4D, strides: [number, number], groups: number,
  pads: [number, number, number, number] = [0, 0, 0, 0]): tf.Tensor4D {
  if (groups === 1) return conv2dPadded(x, filter, strides, pads);
  const xs = tf.split(x, groups, 3) as tf.Tensor4D[];
  const fs = tf.split(filter, groups, 3) as tf.Tensor4D[];
  return tf.concat(xs.map((xi, i) => conv2dPadded(xi, fs[i], strides, pads)), 3) as tf.Tensor4D;
}

/** Explicit [top, bottom, left, right] padding for a PyTorch padding argument. */
function resolvePadding2d(
  padding: ConvPadding2d,
  kernel: [number, number],
  dilation: [number, number],
  stride: [number, number],
  where: string,
): [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) throw new Error(`${where}: padding='same' is not supported for strided convolutions`);
    const th = dilation[0] * (kernel[0] - 1);
    const tw = dilation[1] * (kernel[1] - 1);
    return [Math.floor(th / 2), th - Math.floor(th / 2), Math.floor(tw / 2), tw - Math.floor(tw / 2)];
  }
  if (typeof padding === 'string') throw new Error(`${where}: padding must be a number, a pair, 'same' or 'valid', got '${padding}'`);
  const [ph, pw] = pair(padding, 'padding', true);
  return [ph, ph, pw, pw];
}

/** Shared NCHW convolution with explicit padding; weight is PyTorch's (out, in/groups, kh, kw). */
function conv2dNCHW(
  input: tf.Tensor4D,
  weight: tf.Tensor4D,
  bias: tf.Tensor | null | undefined,
  stride: [number, number],
  pads: [number, number, number, number],
  dilation: [number, number],
  groups: number,
  where: string,
): tf.Tensor4D {
  const [, , kh, kw] = weight.shape;
  const [, h, w] = [input.shape[0], input.shape[2], input.shape[3]];
  const effH = dilation[0] * (kh - 1) + 1;
  const effW = dilation[1] * (kw - 1) + 1;
  const ph = h + pads[0] + pads[1];
  const pw = w + pads[2] + pads[3];
  if (ph < effH || pw < effW) {
    throw new Error(
      `${where}: padded input size (${ph}x${pw}) is smaller than the (dilated) kernel size (${effH}x${effW}); input shape ${shapeText(input.shape)}`,
    );
  }
  const native = conv2dNative(input, weight, bias, {
    inChannels: input.shape[1], height: h, width: w, outChannels: weight.shape[0], kernel: [kh, kw], strides: stride, dilations: dilation, pads,
    groups, out: [Math.floor((ph - effH) / stride[0]) + 1, Math.floor((pw - effW) / stride[1]) + 1],
  });
  if (native) return native;
  const x = tf.transpose(input, [0, 2, 3, 1]) as tf.Tensor4D;
  let filter = tf.transpose(weight, [2, 3, 1, 0]) as tf.Tensor4D; // [kh, kw, in/g, out]
  filter = dilateAxis(dilateAxis(filter, 0, dilation[0]), 1, dilation[1]) as tf.Tensor4D;
  let y = groupedConvNHWC(x, filter, stride, groups, pads);
  if (bias) y = tf.add(y, bias);
  return tf.transpose(y, [0, 3, 1, 2]) as tf.Tensor4D;
}

function checkGroups(inC: number, weight: tf.Tensor, groups: number, where: string, transposed = false): void {
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`${where}: groups must be a positive integer, got ${groups}`);
  if (transposed) {
    if ((weight.shape as number[])[0] !== inC) {
      throw new Error(`${where}: expected input with ${(weight.shape as number[])[0]} channels (weight shape ${shapeText(weight.shape)}), got ${inC} channels`);
    }
    return;
  }
  if ((weight.shape as number[])[1] * groups !== inC) {
    throw new Error(
      `${where}: expected input with ${(weight.shape as number[])[1] * groups} channels (weight shape ${shapeText(weight.shape)}, groups=${groups}), got ${inC} channels`,
    );
  }
  if ((weight.shape as number[])[0] % groups !== 0) throw new Error(`${where}: out channels (${(weight.shape as number[])[0]}) must be divisible by groups (${groups})`);
}

/**
 * 2-d convolution (cross-correlation, as in PyTorch).
 *
 * Shapes: input (N, C_in, H, W) or (C_in, H, W); weight (C_out, C_in / groups, kH, kW); bias (C_out)
 * → output (N, C_out, H_out, W_out) with H_out = ⌊(H + 2·pad − dilation·(kH − 1) − 1) / stride⌋ + 1.
 *
 * ```ts
 * const y = F.conv2d(x, w, b, { stride: 2, padding: 1 });
 * ```
 */
export function conv2d(input: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor | null, options: Conv2dOptions = {}): tf.Tensor {
  const where = 'F.conv2d';
  expectFloat(input, where);
  if (input.rank !== 3 && input.rank !== 4) {
    throw new Error(`${where}: expected a 3-d (C, H, W) or 4-d (N, C, H, W) input, got shape ${shapeText(input.shape)}`);
  }
  if (weight.rank !== 4) throw new Error(`${where}: weight must be 4-d (out, in/groups, kH, kW), got shape ${shapeText(weight.shape)}`);
  const groups = options.groups ?? 1;
  const stride = pair(options.stride ?? 1, 'stride');
  const dilation = pair(options.dilation ?? 1, 'dilation');
  const x4 = input.rank === 3 ? input.expandDims(0) : input;
  checkGroups((x4.shape as number[])[1], weight, groups, where);
  const pads = resolvePadding2d(options.padding ?? 0, [(weight.shape as number[])[2], (weight.shape as number[])[3]], dilation, stride, where);
  return tf.tidy(() => {
    const y = conv2dNCHW(x4 as tf.Tensor4D, weight as tf.Tensor4D, bias, stride, pads, dilation, groups, where);
    return input.rank === 3 ? tf.squeeze(y, [0]) : y;
  });
}

/**
 * 1-d convolution.
 *
 * Shapes: input (N, C_in, L) or (C_in, L); weight (C_out, C_in / groups, k); bias (C_out)
 * → output (N, C_out, L_out).
 */
export function conv1d(input: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor | null, options: Conv1dOptions = {}): tf.Tensor {
  const where = 'F.conv1d';
  expectFloat(input, where);
  if (input.rank !== 2 && input.rank !== 3) {
    throw new Error(`${where}: expected a 2-d (C, L) or 3-d (N, C, L) input, got shape ${shapeText(input.shape)}`);
  }
  if (weight.rank !== 3) throw new Error(`${where}: weight must be 3-d (out, in/groups, k), got shape ${shapeText(weight.shape)}`);
  const groups = options.groups ?? 1;
  const stride = single(options.stride ?? 1, 'stride');
  const dilation = single(options.dilation ?? 1, 'dilation');
  const padding = options.padding ?? 0;
  const x3 = input.rank === 2 ? input.expandDims(0) : input;
  checkGroups((x3.shape as number[])[1], weight, groups, where);
  let pads: [number, number, number, number];
  if (padding === 'same' || padding === 'valid') {
    const p = resolvePadding2d(padding, [1, (weight.shape as number[])[2]], [1, dilation], [1, stride], where);
    pads = [0, 0, p[2], p[3]];
  } else {
    const p = single(padding as Size1, 'padding', true);
    pads = [0, 0, p, p];
  }
  return tf.tidy(() => {
    const x4 = tf.expandDims(x3, 2) as tf.Tensor4D;
    const w4 = tf.expandDims(weight, 2) as tf.Tensor4D;
    const y = tf.squeeze(conv2dNCHW(x4, w4, bias, [1, stride], pads, [1, dilation], groups, where), [2]);
    return input.rank === 2 ? tf.squeeze(y, [0]) : y;
  });
}

/**
 * 2-d transposed convolution ("deconvolution"), the gradient of `conv2d` with respect to its input.
 *
 * Shapes: input (N, C_in, H, W); weight (C_in, C_out / groups, kH, kW); bias (C_out) → output
 * (N, C_out, H_out, W_out) with H_out = (H − 1)·stride − 2·padding + dilation·(kH − 1) + outputPadding + 1.
 *
 * ```ts
 * const up = F.convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1 });
 * ```
 */
export function convTranspose2d(
  input: tf.Tensor,
  weight: tf.Tensor,
  bias?: tf.Tensor | null,
  options: ConvTranspose2dOptions = {},
): tf.Tensor {
  const where = 'F.convTranspose2d';
  expectFloat(input, where);
  if (input.rank !== 3 && input.rank !== 4) {
    throw new Error(`${where}: expected a 3-d (C, H, W) or 4-d (N, C, H, W) input, got shape ${shapeText(input.shape)}`);
  }
  if (weight.rank !== 4) throw new Error(`${where}: weight must be 4-d (in, out/groups, kH, kW), got shape ${shapeText(weight.shape)}`);
  const groups = options.groups ?? 1;
  const stride = pair(options.stride ?? 1, 'stride');
  const padding = pair(options.padding ?? 0, 'padding', true);
  const outputPadding = pair(options.outputPadding ?? 0, 'outputPadding', true);
  const dilation = pair(options.dilation ?? 1, 'dilation');
  for (let i = 0; i < 2; i++) {
    if (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]) {
      throw new Error(`${where}: outputPadding (${outputPadding}) must be smaller than either stride (${stride}) or dilation (${dilation})`);
    }
  }
  const x4 = input.rank === 3 ? input.expandDims(0) : input;
  checkGroups((x4.shape as number[])[1], weight, groups, where, true);
  const [inC, outPerGroup, kh, kw] = weight.shape;
  return tf.tidy(() => {
    // Insert (stride − 1) zeros between input pixels, then convolve with the flipped, transposed kernel.
    const x = dilateAxis(dilateAxis(tf.transpose(x4, [0, 2, 3, 1]), 1, stride[0]), 2, stride[1]) as tf.Tensor4D;
    const eh = dilation[0] * (kh - 1);
    const ew = dilation[1] * (kw - 1);
    const pads: [number, number, number, number] = [
      eh - padding[0], eh - padding[0] + outputPadding[0], ew - padding[1], ew - padding[1] + outputPadding[1],
    ];
    const w5 = tf.reshape(weight, [groups, inC / groups, outPerGroup, kh, kw]);
    const wConv = tf.reverse(tf.reshape(tf.transpose(w5, [0, 2, 1, 3, 4]), [groups * outPerGroup, inC / groups, kh, kw]), [2, 3]);
    let filter = tf.transpose(wConv, [2, 3, 1, 0]) as tf.Tensor4D;
    filter = dilateAxis(dilateAxis(filter, 0, dilation[0]), 1, dilation[1]) as tf.Tensor4D;
    let y = groupedConvNHWC(x, filter, [1, 1], groups, pads);
    if (bias) y = tf.add(y, bias);
    const out = tf.transpose(y, [0, 3, 1, 2]);
    return input.rank === 3 ? tf.squeeze(out, [0]) : out;
  });
}

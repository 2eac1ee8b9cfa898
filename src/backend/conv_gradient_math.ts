import * as tf from '@tensorflow/tfjs';

/**
 * Convolution gradients written as forward convolutions, so they run on a backend's fast Conv2D kernel
 * (XNNPACK on wasm) instead of its slow or missing backprop kernels. All tensors are NHWC, filters HWIO,
 * dilation 1; the convolution they differentiate is 'valid' unless a padding is given (the filter gradient wants
 * the padded input).
 */

/** Inserts `d - 1` zeros between the entries of `axis` (the stride dilation of a gradient). */
export function dilateAxis(t: tf.Tensor, axis: number, d: number): tf.Tensor {
  if (d === 1) return t;
  const s = t.shape;
  const pre = s.slice(0, axis).reduce((a, b) => a * b, 1);
  const post = s.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = s[axis];
  const r = tf.reshape(t, [pre, n, 1, post]);
  const padded = tf.pad(r, [[0, 0], [0, 0], [0, d - 1], [0, 0]]);
  const length = (n - 1) * d + 1;
  const cut = tf.slice(tf.reshape(padded, [pre, n * d, post]), [0, 0, 0], [pre, length, post]);
  const out = s.slice();
  out[axis] = length;
  return tf.reshape(cut, out);
}

/** Largest im2col matrix (elements) `conv2dFilterGrad` builds at once: 8M floats, 32 MB. */
export const IM2COL_MAX_ELEMENTS = 8 * 1024 * 1024;
/** Up to this many input channels the im2col form is the faster one on wasm (measured; see below). */
export const IM2COL_MAX_CHANNELS = 4;
/** From this many output channels a one-channel layer's product is taken swapped (see `conv2dFilterGrad`). */
const SWAPPED_MIN_OUT_CHANNELS = 16;

/**
 * Filter gradient of a 'valid' convolution: x `[N, H, W, Ci]`, dy `[N, Ho, Wo, Co]` → `[kh, kw, Ci, Co]`.
 *
 * For few input channels and stride 1 (a network's first layer: grey or RGB images) it is one matrix product: the
 * windows of x each filter tap sees, stacked tap-major into `[kh·kw·Ci, N·Ho·Wo]` (im2col), times dy as
 * `[N·Ho·Wo, Co]`, over batch chunks within `IM2COL_MAX_ELEMENTS`. XNNPACK runs the convolution form
 * (`conv2dFilterGradByConv`) there as a convolution with a huge kernel, 1–3 channels and a 3×3 output,
 * slowly: MNIST's first layer (64×28×28×1 → 32) takes 17–31 ms that way and ~6 ms this way, an RGB one
 * (64×32×32×3 → 32) 40 and 23 ms. With many input channels the im2col matrix needs a transpose as large
 * as itself, and strided windows a slow strided slice, so there the convolution form wins (measured:
 * 5×5 stride 2 on RGB, 10 vs 28 ms; 8 channels, equal).
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], strides: [number, number]): tf.Tensor4D {
  const [kh, kw, ci, co] = filterShape;
  const [n, oh, ow] = dy.shape;
  const perImage = oh * ow * kh * kw * ci;
  const strided = strides[0] !== 1 || strides[1] !== 1;
  if (strided || ci > IM2COL_MAX_CHANNELS || perImage > IM2COL_MAX_ELEMENTS) return conv2dFilterGradByConv(x, dy, filterShape, strides);
  const chunk = Math.max(1, Math.min(n, Math.floor(IM2COL_MAX_ELEMENTS / perImage)));
  let total: tf.Tensor | null = null;
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const xs = m === n ? x : tf.slice(x, [start, 0, 0, 0], [m, -1, -1, -1]);
    const dys = m === n ? dy : tf.slice(dy, [start, 0, 0, 0], [m, -1, -1, -1]);
    const taps: tf.Tensor[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        taps.push(tf.slice(xs, [0, i, j, 0], [m, oh, ow, ci]));
      }
    }
    // Stacking on a new first axis copies whole blocks (stacking on an inner axis copies element by element).
    const byTap = tf.reshape(tf.stack(taps, 0), [kh * kw, m * oh * ow, ci]);
    const rows = ci === 1 ? tf.reshape(byTap, [kh * kw, m * oh * ow]) : tf.reshape(tf.transpose(byTap, [0, 2, 1]), [kh * kw * ci, m * oh * ow]);
    const dyRows = tf.reshape(dys, [m * oh * ow, co]);
    // One input channel and many outputs: (dyᵀ · windowsᵀ)ᵀ. XNNPACK repacks a product's right operand on
    // every call (~3 ns per value), which is then the windows (N·Ho·Wo × kh·kw) instead of dy (N·Ho·Wo × Co),
    // for two transposes (~0.7 ns per value). MNIST CNN step 49.7 → 47.9 ms (medians of 7 paired runs of 40 steps).
    const part = ci === 1 && co >= SWAPPED_MIN_OUT_CHANNELS
      ? tf.transpose(tf.matMul(tf.transpose(dyRows), tf.transpose(rows)))
      : tf.matMul(rows, dyRows);
    total = total === null ? part : tf.add(total, part);
  }
  return tf.reshape(total as tf.Tensor, [kh, kw, ci, co]) as tf.Tensor4D;
}

/**
 * `conv2dFilterGrad` as a convolution: the correlation of x with dy over the batch, i.e. x (batch as
 * channels) convolved with dy as the filter, dilated by the stride. No large intermediate; used when one
 * image's im2col matrix alone would exceed `IM2COL_MAX_ELEMENTS`.
 */
export function conv2dFilterGradByConv(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], strides: [number, number]): tf.Tensor4D {
  const [kh, kw, ci, co] = filterShape;
  const xT = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D; // [ci, H, W, N]
  const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [oh, ow, N, co]
  const g = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', strides); // [ci, H', W', co]
  return tf.transpose(tf.slice(g, [0, 0, 0, 0], [ci, kh, kw, co]), [1, 2, 0, 3]) as tf.Tensor4D;
}

/** Rows and columns a convolution's input was padded with (tfjs's `padInfo`). */
export interface HWPadding { top: number; bottom: number; left: number; right: number }

/**
 * Input gradient of a convolution: dy `[N, Ho, Wo, Co]`, filter `[kh, kw, Ci, Co]` → `inputShape`, for an input
 * the forward convolution padded by `inputPad` (default none: 'valid'). The output gradient, dilated by the
 * stride, is correlated with the flipped filter (in/out swapped) over a border of kernel − 1 minus the forward
 * padding, given to the convolution itself: no padded copy of dy, no cropped copy of the result. Rows and
 * columns the strided convolution never read get zero gradient.
 */
export function conv2dInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: [number, number, number, number], strides: [number, number],
  inputPad: HWPadding = { top: 0, bottom: 0, left: 0, right: 0 }): tf.Tensor4D {
  const [kh, kw] = filter.shape;
  const [, h, w] = inputShape;
  const d = dilateAxis(dilateAxis(dy, 1, strides[0]), 2, strides[1]) as tf.Tensor4D;
  // Padded input rows/columns the dilated dy does not reach (strided convolutions that skip the last ones).
  const extraH = h + inputPad.top + inputPad.bottom - (d.shape[1] + kh - 1);
  const extraW = w + inputPad.left + inputPad.right - (d.shape[2] + kw - 1);
  const border = [kh - 1 - inputPad.top, kh - 1 + extraH - inputPad.bottom, kw - 1 - inputPad.left, kw - 1 + extraW - inputPad.right];
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  if (border.every((b) => b >= 0)) {
    const [t, b, l, r] = border;
    return tf.conv2d(d, flipped, 1, [[0, 0], [t, b], [l, r], [0, 0]]);
  }
  // A forward padding wider than kernel − 1 (rare): the gradient of the padded input, then its inner part.
  const padded = tf.pad(d, [[0, 0], [kh - 1, kh - 1 + extraH], [kw - 1, kw - 1 + extraW], [0, 0]]);
  const g = tf.conv2d(padded as tf.Tensor4D, flipped, 1, 'valid');
  return tf.slice(g, [0, inputPad.top, inputPad.left, 0], inputShape);
}

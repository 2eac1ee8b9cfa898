import * as tf from '@tensorflow/tfjs';
import { dilateAxis } from './conv_gradient_math';

/**
 * Max-pooling gradients from slices and comparisons, so they run on any backend's elementwise kernels.
 * Needed on wasm, whose MaxPoolGrad kernel (tfjs 4.22) sends the gradient of a window whose values are all
 * negative to its first position, and whose cpu fallback takes seconds per batch. NHWC, 'valid' windows
 * (pad the input with -Infinity first for other paddings).
 */

/** The gradient of `y = maxPool(a, kernel, stride, 'valid')` for the output gradient `dy`. */
export function maxPoolGrad(a: tf.Tensor4D, y: tf.Tensor4D, dy: tf.Tensor4D, kernel: [number, number], stride: [number, number]): tf.Tensor4D {
  const tiled = stride[0] === kernel[0] && stride[1] === kernel[1] && a.shape[1] % kernel[0] === 0 && a.shape[2] % kernel[1] === 0;
  return tiled ? maxPoolGradTiled(a, y, dy, kernel) : maxPoolGradBySlices(a, y, dy, kernel, stride);
}

/**
 * Gradient of 'valid' NHWC max pooling built from slices: each window's gradient goes to the first
 * position holding the window's maximum (PyTorch's rule for ties).
 */
export function maxPoolGradBySlices(a: tf.Tensor4D, y: tf.Tensor4D, dy: tf.Tensor4D, kernel: [number, number], stride: [number, number]): tf.Tensor4D {
  const [n, h, w, c] = a.shape;
  const [, oh, ow] = y.shape;
  const spanH = (oh - 1) * stride[0] + 1;
  const spanW = (ow - 1) * stride[1] + 1;
  let dx: tf.Tensor = tf.zeros(a.shape);
  let taken: tf.Tensor = tf.zeros(y.shape);
  for (let i = 0; i < kernel[0]; i++) {
    for (let j = 0; j < kernel[1]; j++) {
      const xs = tf.stridedSlice(a, [0, i, j, 0], [n, i + spanH, j + spanW, c], [1, stride[0], stride[1], 1]);
      const hit = tf.mul(tf.cast(tf.equal(xs, y), 'float32'), tf.sub(1, taken));
      taken = tf.add(taken, hit);
      const placed = dilateAxis(dilateAxis(tf.mul(dy, hit), 1, stride[0]), 2, stride[1]);
      dx = tf.add(dx, tf.pad(placed, [[0, 0], [i, h - i - spanH], [j, w - j - spanW], [0, 0]]));
    }
  }
  return dx as tf.Tensor4D;
}

/**
 * `maxPoolGradBySlices` for the common case of windows that tile the input exactly (stride = kernel,
 * size a multiple of it, e.g. `maxPool2d(x, 2)`): viewing the input as [n, oh, kh, ow, kw, c], window
 * position (i, j) is one contiguous slice, and the positions' gradients are concatenated back in place.
 * About half the operations and no full-size padded intermediates.
 */
export function maxPoolGradTiled(a: tf.Tensor4D, y: tf.Tensor4D, dy: tf.Tensor4D, kernel: [number, number]): tf.Tensor4D {
  const [n, h, w, c] = a.shape;
  const [kh, kw] = kernel;
  const oh = h / kh;
  const ow = w / kw;
  const a6 = tf.reshape(a, [n, oh, kh, ow, kw, c]);
  const y6 = tf.reshape(y, [n, oh, 1, ow, 1, c]);
  const dy6 = tf.reshape(dy, [n, oh, 1, ow, 1, c]);
  let taken: tf.Tensor | null = null;
  const rows: tf.Tensor[] = [];
  for (let i = 0; i < kh; i++) {
    const cols: tf.Tensor[] = [];
    for (let j = 0; j < kw; j++) {
      const xs = tf.slice(a6, [0, 0, i, 0, j, 0], [n, oh, 1, ow, 1, c]);
      let hit = tf.cast(tf.equal(xs, y6), 'float32');
      if (taken !== null) hit = tf.mul(hit, tf.sub(1, taken));
      taken = taken === null ? hit : tf.add(taken, hit);
      cols.push(tf.mul(dy6, hit));
    }
    rows.push(kw === 1 ? cols[0] : tf.concat(cols, 4));
  }
  return tf.reshape(kh === 1 ? rows[0] : tf.concat(rows, 2), [n, h, w, c]) as tf.Tensor4D;
}

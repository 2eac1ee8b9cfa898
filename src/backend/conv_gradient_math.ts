import * as tf from '@tensorflow/tfjs';

/**
 * Convolution gradients written as forward convolutions, so they run on a backend's fast Conv2D kernel
 * (XNNPACK on wasm) instead of its slow or missing backprop kernels. All tensors are NHWC, filters HWIO,
 * dilation 1, and the convolution they differentiate is 'valid' (pad the input first for other paddings).
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

/**
 * Filter gradient of a 'valid' convolution: x `[N, H, W, Ci]`, dy `[N, Ho, Wo, Co]` → `[kh, kw, Ci, Co]`.
 * It is the correlation of x with dy over the batch, i.e. a convolution of x (batch as channels) with dy
 * as the filter, dilated by the stride.
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], strides: [number, number]): tf.Tensor4D {
  const [kh, kw, ci, co] = filterShape;
  const xT = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D; // [ci, H, W, N]
  const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [oh, ow, N, co]
  const g = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', strides); // [ci, H', W', co]
  return tf.transpose(tf.slice(g, [0, 0, 0, 0], [ci, kh, kw, co]), [1, 2, 0, 3]) as tf.Tensor4D;
}

/**
 * Input gradient of a 'valid' convolution: dy `[N, Ho, Wo, Co]`, filter `[kh, kw, Ci, Co]` → `inputShape`.
 * The output gradient, dilated by the stride and padded by kernel − 1, correlated with the flipped filter
 * (in/out swapped); rows and columns the strided convolution never read get zero gradient.
 */
export function conv2dInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: [number, number, number, number], strides: [number, number]): tf.Tensor4D {
  const [kh, kw] = filter.shape;
  const [, h, w] = inputShape;
  const d = dilateAxis(dilateAxis(dy, 1, strides[0]), 2, strides[1]) as tf.Tensor4D;
  const extraH = h - (d.shape[1] + kh - 1);
  const extraW = w - (d.shape[2] + kw - 1);
  const padded = tf.pad(d, [[0, 0], [kh - 1, kh - 1 + extraH], [kw - 1, kw - 1 + extraW], [0, 0]]);
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  return tf.conv2d(padded as tf.Tensor4D, flipped, 1, 'valid');
}

import * as tf from '@tensorflow/tfjs';

/**
 * Cuts a series into overlapping input windows and the value that follows each window, for
 * one-step-ahead forecasting.
 *
 * Shapes: `series` of length `T` → `X [T - windowSize, windowSize, 1]`, `y [T - windowSize, 1]`
 * (float32), with `X[i] = series[i .. i+windowSize-1]` and `y[i] = series[i + windowSize]`.
 * ```ts
 * const [X, y] = data.slidingWindows(series, 50);
 * ```
 */
export function slidingWindows(series: ArrayLike<number> | tf.Tensor, windowSize: number): [tf.Tensor3D, tf.Tensor2D] {
  const values = series instanceof tf.Tensor ? Array.from(series.dataSync()) : Array.from(series);
  if (!Number.isInteger(windowSize) || windowSize <= 0) {
    throw new Error(`slidingWindows: windowSize should be a positive integer, got ${windowSize}`);
  }
  const count = values.length - windowSize;
  if (count <= 0) {
    throw new Error(`slidingWindows: the series (length ${values.length}) must be longer than windowSize=${windowSize}`);
  }
  const X = new Float32Array(count * windowSize);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < windowSize; j++) X[i * windowSize + j] = values[i + j];
    y[i] = values[i + windowSize];
  }
  return [tf.tensor3d(X, [count, windowSize, 1]), tf.tensor2d(y, [count, 1])];
}

/**
 * `F.oneHot`: class indices to one-hot rows.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * One-hot encoding, like PyTorch's `F.one_hot` (the result is int32 here; `.toFloat()` it for losses).
 * `numClasses = -1` uses max(input) + 1.
 *
 * Shapes: (*) int32 → (*, numClasses) int32.
 *
 * ```ts
 * F.oneHot(tf.tensor1d([0, 2], 'int32'), 3);   // [[1, 0, 0], [0, 0, 1]]
 * ```
 */
export function oneHot(input: tf.Tensor, numClasses = -1): tf.Tensor {
  const where = 'F.oneHot';
  if (input.dtype !== 'int32') throw new Error(`${where}: expected int32 class indices, got dtype ${input.dtype} (use x.toInt())`);
  const values = input.dataSync();
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (values.length > 0 && lo < 0) throw new Error(`${where}: class values must be non-negative, got ${lo}`);
  const n = numClasses === -1 ? (values.length > 0 ? hi + 1 : 0) : numClasses;
  if (values.length > 0 && hi >= n) throw new Error(`${where}: class values must be smaller than numClasses (${n}), got ${hi}`);
  return tf.tidy(() => tf.reshape(tf.oneHot(tf.reshape(input, [-1]), n), [...input.shape, n]));
}

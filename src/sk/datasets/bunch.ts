import * as tf from '@tensorflow/tfjs';

/**
 * A loaded data set (sklearn's `Bunch`).
 *
 * `data` is a float32 tensor `[n, d]`, `target` an int32 tensor `[n]` (both new tensors owned by
 * the caller), `frame` the same table as records `{ <feature name>: value, ..., target }` for a rich
 * table display.
 */
export interface Bunch {
  data: tf.Tensor2D;
  target: tf.Tensor1D;
  featureNames: string[];
  targetNames: string[];
  frame: Record<string, number>[];
  /** A short description: what the data is, where it comes from, its licence. */
  DESCR: string;
}

export function makeBunch(rows: number[][], target: number[], featureNames: string[], targetNames: string[], descr: string): Bunch {
  const d = featureNames.length;
  return {
    data: tf.tensor2d(rows.flat(), [rows.length, d], 'float32'),
    target: tf.tensor1d(target, 'int32'),
    featureNames,
    targetNames,
    frame: rows.map((r, i) => {
      const rec: Record<string, number> = {};
      featureNames.forEach((f, j) => (rec[f] = r[j]));
      rec.target = target[i];
      return rec;
    }),
    DESCR: descr,
  };
}

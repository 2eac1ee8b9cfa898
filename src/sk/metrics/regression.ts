import * as tf from '@tensorflow/tfjs';
import { MatrixLike, VectorLike, checkConsistentLength, toMatrix, toNumberVector } from '../array_like';

/** Targets as columns: `[n]` → one column, `[n, k]` → k columns. */
function columns(y: VectorLike | MatrixLike, name: string): number[][] {
  const is2d = (y instanceof tf.Tensor && y.rank === 2 && y.shape[1] !== 1) || (Array.isArray(y) && Array.isArray(y[0]) && (y[0] as number[]).length !== 1);
  if (is2d) {
    const rows = toMatrix(y as MatrixLike, name);
    return rows[0].map((_, j) => rows.map((r) => r[j]));
  }
  return [toNumberVector(y as VectorLike, name)];
}

type Multioutput = 'uniform_average' | 'raw_values';

function regressionTargets(yTrue: VectorLike | MatrixLike, yPred: VectorLike | MatrixLike): [number[][], number[][]] {
  const t = columns(yTrue, 'yTrue');
  const p = columns(yPred, 'yPred');
  checkConsistentLength([['yTrue', t[0].length], ['yPred', p[0].length]]);
  if (t.length !== p.length) throw new Error(`yTrue and yPred have different number of output (${t.length}!=${p.length})`);
  if (t[0].length === 0) throw new Error('yTrue and yPred are empty; regression metrics need at least one sample');
  return [t, p];
}

function combine(perOutput: number[], multioutput: Multioutput): number | number[] {
  if (multioutput === 'raw_values') return perOutput;
  if (multioutput !== 'uniform_average') throw new Error(`multioutput should be 'uniform_average' or 'raw_values', got ${JSON.stringify(multioutput)}`);
  return perOutput.reduce((a, b) => a + b, 0) / perOutput.length;
}

/**
 * Mean squared error, or its square root with `squared: false` (sklearn's `mean_squared_error`).
 * Inputs `[n]` or `[n, k]`; k outputs are averaged unless `multioutput: 'raw_values'`.
 * ```ts
 * sk.metrics.meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);  // 0.375
 * ```
 */
export function meanSquaredError(
  yTrue: VectorLike | MatrixLike,
  yPred: VectorLike | MatrixLike,
  options: { squared?: boolean; multioutput?: Multioutput } = {},
): number {
  const [t, p] = regressionTargets(yTrue, yPred);
  const per = t.map((col, j) => {
    const mse = col.reduce((a, v, i) => a + (v - p[j][i]) ** 2, 0) / col.length;
    return options.squared === false ? Math.sqrt(mse) : mse;
  });
  return combine(per, options.multioutput ?? 'uniform_average') as number;
}

/** Mean absolute error (sklearn's `mean_absolute_error`). */
export function meanAbsoluteError(yTrue: VectorLike | MatrixLike, yPred: VectorLike | MatrixLike, options: { multioutput?: Multioutput } = {}): number {
  const [t, p] = regressionTargets(yTrue, yPred);
  const per = t.map((col, j) => col.reduce((a, v, i) => a + Math.abs(v - p[j][i]), 0) / col.length);
  return combine(per, options.multioutput ?? 'uniform_average') as number;
}

/**
 * Coefficient of determination R² = 1 - SS_res / SS_tot (sklearn's `r2_score`). A constant `yTrue`
 * gives 1 for a perfect prediction and 0 otherwise (sklearn's `force_finite`).
 * ```ts
 * sk.metrics.r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);  // 0.9486
 * ```
 */
export function r2Score(yTrue: VectorLike | MatrixLike, yPred: VectorLike | MatrixLike, options: { multioutput?: Multioutput } = {}): number {
  const [t, p] = regressionTargets(yTrue, yPred);
  if (t[0].length < 2) console.warn('R^2 score is not well-defined with less than two samples.');
  const per = t.map((col, j) => {
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const ssRes = col.reduce((a, v, i) => a + (v - p[j][i]) ** 2, 0);
    const ssTot = col.reduce((a, v) => a + (v - mean) ** 2, 0);
    if (ssTot === 0) return ssRes === 0 ? 1 : 0;
    return 1 - ssRes / ssTot;
  });
  return combine(per, options.multioutput ?? 'uniform_average') as number;
}

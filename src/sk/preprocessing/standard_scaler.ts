import * as tf from '@tensorflow/tfjs';
import { MatrixLike, likeInput, toMatrix } from '../array_like';
import { checkFeatureCount, checkFitted } from './fitted';

/**
 * Standardizes features: `z = (x - mean_) / scale_` per column (sklearn's `StandardScaler`).
 *
 * `fit` learns `mean_`, `var_` (population variance) and `scale_` (= sqrt(var_), 1 where the
 * variance is 0) from `X [n, d]`. `transform` returns the same kind it gets: a float32 tensor for a
 * tensor, `number[][]` for arrays.
 * ```ts
 * const scaler = new sk.preprocessing.StandardScaler();
 * const Xtr = scaler.fitTransform(XTrain);
 * const Xte = scaler.transform(XTest);   // uses the training mean and scale
 * ```
 */
export class StandardScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  mean_: number[] | null = null;
  var_: number[] | null = null;
  scale_: number[] | null = null;
  nSamplesSeen_ = 0;
  nFeaturesIn_ = 0;

  constructor(options: { withMean?: boolean; withStd?: boolean } = {}) {
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  /** Learns per-column mean and standard deviation of `X [n, d]`. */
  fit(X: MatrixLike): this {
    const rows = toMatrix(X, 'X');
    if (rows.length === 0) throw new Error('Found array with 0 sample(s) (shape=(0, d)) while a minimum of 1 is required by StandardScaler.');
    const d = rows[0].length;
    const n = rows.length;
    const mean = new Array<number>(d).fill(0);
    for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j];
    for (let j = 0; j < d; j++) mean[j] /= n;
    const variance = new Array<number>(d).fill(0);
    for (const r of rows) for (let j = 0; j < d; j++) variance[j] += (r[j] - mean[j]) ** 2;
    for (let j = 0; j < d; j++) variance[j] /= n;
    this.mean_ = this.withMean ? mean : null;
    this.var_ = this.withStd ? variance : null;
    // sklearn's _is_constant_feature: a variance within rounding error of 0 counts as 0 (scale 1).
    const eps = Number.EPSILON;
    const isConstant = (v: number, m: number) => v <= n * eps * v + (n * m * eps) ** 2;
    this.scale_ = this.withStd
      ? variance.map((v, j) => (isConstant(v, mean[j]) || Math.sqrt(v) < 10 * eps ? 1 : Math.sqrt(v)))
      : null;
    this.nSamplesSeen_ = n;
    this.nFeaturesIn_ = d;
    return this;
  }

  private apply(X: MatrixLike, forward: boolean): number[][] | tf.Tensor2D {
    checkFitted(this.nFeaturesIn_ > 0, 'StandardScaler');
    const rows = toMatrix(X, 'X');
    checkFeatureCount(rows, this.nFeaturesIn_, 'StandardScaler');
    const mean = this.mean_;
    const scale = this.scale_;
    const out = rows.map((r) =>
      r.map((v, j) => {
        const m = mean ? mean[j] : 0;
        const s = scale ? scale[j] : 1;
        return forward ? (v - m) / s : v * s + m;
      }),
    );
    return likeInput(out, X);
  }

  /** `(X - mean_) / scale_`. */
  transform(X: MatrixLike): number[][] | tf.Tensor2D {
    return this.apply(X, true);
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: MatrixLike): number[][] | tf.Tensor2D {
    return this.fit(X).transform(X);
  }

  /** `X * scale_ + mean_`, undoing `transform`. */
  inverseTransform(X: MatrixLike): number[][] | tf.Tensor2D {
    return this.apply(X, false);
  }
}

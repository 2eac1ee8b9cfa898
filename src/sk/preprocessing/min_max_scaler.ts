import * as tf from '@tensorflow/tfjs';
import { MatrixLike, likeInput, toMatrix } from '../array_like';
import { checkFeatureCount, checkFitted } from './fitted';

/**
 * Scales each feature to `featureRange` (default [0, 1]) using the training minimum and maximum
 * (sklearn's `MinMaxScaler`): `x * scale_ + min_` with `scale_ = (hi - lo) / (max - min)`.
 * ```ts
 * const scaler = new sk.preprocessing.MinMaxScaler();
 * const scaled = scaler.fitTransform(series);   // [n, 1] in [0, 1]
 * const back = scaler.inverseTransform(predictions);
 * ```
 */
export class MinMaxScaler {
  readonly featureRange: [number, number];
  readonly clip: boolean;
  dataMin_: number[] | null = null;
  dataMax_: number[] | null = null;
  dataRange_: number[] | null = null;
  scale_: number[] | null = null;
  min_: number[] | null = null;
  nSamplesSeen_ = 0;
  nFeaturesIn_ = 0;

  constructor(options: { featureRange?: [number, number]; clip?: boolean } = {}) {
    const range = options.featureRange ?? [0, 1];
    if (!Array.isArray(range) || range.length !== 2 || !(range[0] < range[1])) {
      throw new Error(`Minimum of desired feature range must be smaller than maximum. Got featureRange=${JSON.stringify(range)}.`);
    }
    this.featureRange = range;
    this.clip = options.clip ?? false;
  }

  /** Learns per-column minimum and maximum of `X [n, d]`. */
  fit(X: MatrixLike): this {
    const rows = toMatrix(X, 'X');
    if (rows.length === 0) throw new Error('Found array with 0 sample(s) while a minimum of 1 is required by MinMaxScaler.');
    const d = rows[0].length;
    const lo = new Array<number>(d).fill(Infinity);
    const hi = new Array<number>(d).fill(-Infinity);
    for (const r of rows) for (let j = 0; j < d; j++) {
      lo[j] = Math.min(lo[j], r[j]);
      hi[j] = Math.max(hi[j], r[j]);
    }
    const [a, b] = this.featureRange;
    this.dataMin_ = lo;
    this.dataMax_ = hi;
    this.dataRange_ = hi.map((h, j) => h - lo[j]);
    this.scale_ = this.dataRange_.map((r) => (b - a) / (r < 10 * Number.EPSILON ? 1 : r));
    this.min_ = lo.map((m, j) => a - m * this.scale_![j]);
    this.nSamplesSeen_ = rows.length;
    this.nFeaturesIn_ = d;
    return this;
  }

  /** `X * scale_ + min_` (clipped to featureRange when `clip`). */
  transform(X: MatrixLike): number[][] | tf.Tensor2D {
    checkFitted(this.nFeaturesIn_ > 0, 'MinMaxScaler');
    const rows = toMatrix(X, 'X');
    checkFeatureCount(rows, this.nFeaturesIn_, 'MinMaxScaler');
    const [a, b] = this.featureRange;
    const out = rows.map((r) => r.map((v, j) => {
      const s = v * this.scale_![j] + this.min_![j];
      return this.clip ? Math.min(b, Math.max(a, s)) : s;
    }));
    return likeInput(out, X);
  }

  fitTransform(X: MatrixLike): number[][] | tf.Tensor2D {
    return this.fit(X).transform(X);
  }

  /** `(X - min_) / scale_`, undoing `transform`. */
  inverseTransform(X: MatrixLike): number[][] | tf.Tensor2D {
    checkFitted(this.nFeaturesIn_ > 0, 'MinMaxScaler');
    const rows = toMatrix(X, 'X');
    checkFeatureCount(rows, this.nFeaturesIn_, 'MinMaxScaler');
    return likeInput(rows.map((r) => r.map((v, j) => (v - this.min_![j]) / this.scale_![j])), X);
  }
}

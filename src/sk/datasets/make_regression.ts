import * as tf from '@tensorflow/tfjs';
import { normal, permutation } from '../../data/generator';
import { checkCount, makeGenerator } from './synthetic_common';

/** Options of {@link makeRegression}. */
export interface MakeRegressionOptions {
  nSamples?: number;
  /** Features (default 100). */
  nFeatures?: number;
  /** Features with a non-zero coefficient (default 10). */
  nInformative?: number;
  /** Outputs (default 1). */
  nTargets?: number;
  bias?: number;
  /** Standard deviation of Gaussian noise on y (default 0). */
  noise?: number;
  shuffle?: boolean;
  /** Also return the true coefficients. */
  coef?: boolean;
  randomState?: number;
}

/**
 * A random linear regression problem (sklearn's `make_regression`): `X ~ N(0, 1)`,
 * `y = X · w + bias + noise`, where only `nInformative` coefficients (uniform in [0, 100)) are non-zero.
 *
 * Returns `[X float32 [n, d], y float32 [n]]` (`[n, nTargets]` when nTargets > 1), plus `w` with `coef`.
 * ```ts
 * const [X, y] = sk.datasets.makeRegression({ nSamples: 200, nFeatures: 1, noise: 10, randomState: 0 });
 * ```
 */
export function makeRegression(options: MakeRegressionOptions = {}): [tf.Tensor2D, tf.Tensor] | [tf.Tensor2D, tf.Tensor, tf.Tensor] {
  const { nSamples = 100, nFeatures = 100, nTargets = 1, bias = 0, noise = 0 } = options;
  checkCount(nSamples, 'nSamples');
  checkCount(nFeatures, 'nFeatures');
  checkCount(nTargets, 'nTargets');
  if (!(noise >= 0)) throw new Error(`noise should be a non-negative number, got noise=${noise}`);
  const nInformative = Math.min(nFeatures, options.nInformative ?? 10);
  const gen = makeGenerator(options.randomState);
  let X = Array.from({ length: nSamples }, () => Array.from({ length: nFeatures }, () => normal(gen)));
  let w = Array.from({ length: nFeatures }, (_, j) => Array.from({ length: nTargets }, () => (j < nInformative ? 100 * gen.random() : 0)));
  let y = X.map((r) => w[0].map((_, t) => r.reduce((a, v, j) => a + v * w[j][t], 0) + bias));
  if (noise > 0) y = y.map((r) => r.map((v) => v + normal(gen, 0, noise)));
  if (options.shuffle ?? true) {
    const rows = permutation(gen, nSamples);
    X = rows.map((i) => X[i]);
    y = rows.map((i) => y[i]);
    const cols = permutation(gen, nFeatures);
    X = X.map((r) => cols.map((j) => r[j]));
    w = cols.map((j) => w[j]);
  }
  const Xt = tf.tensor2d(X.flat(), [nSamples, nFeatures], 'float32');
  const yt = nTargets === 1 ? tf.tensor1d(y.map((r) => r[0]), 'float32') : tf.tensor2d(y.flat(), [nSamples, nTargets], 'float32');
  if (!options.coef) return [Xt, yt];
  const wt = nTargets === 1 ? tf.tensor1d(w.map((r) => r[0]), 'float32') : tf.tensor2d(w.flat(), [nFeatures, nTargets], 'float32');
  return [Xt, yt, wt];
}

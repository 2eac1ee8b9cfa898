import * as tf from '@tensorflow/tfjs';
import { normal } from '../../data/generator';
import { checkCount, linspace, makeGenerator, shuffleRows, toTensors } from './synthetic_common';

/** Options of {@link makeMoons} and {@link makeCircles}. */
export interface TwoShapeOptions {
  /** Total points (default 100), or `[outer, inner]` counts. */
  nSamples?: number | [number, number];
  /** Shuffle the rows (default true). */
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to every coordinate (default none). */
  noise?: number | null;
  /** Seed for repeatable data (default: the global seed). */
  randomState?: number;
}

function splitCounts(n: number | [number, number], who: string): [number, number] {
  if (Array.isArray(n)) {
    if (n.length !== 2) throw new Error(`${who}: nSamples can be either an int or a two-element array, got ${JSON.stringify(n)}`);
    n.forEach((v) => checkCount(v, 'nSamples', 0));
    return n;
  }
  checkCount(n, 'nSamples');
  return [Math.floor(n / 2), n - Math.floor(n / 2)];
}

function finish(X: number[][], y: number[], options: TwoShapeOptions): [tf.Tensor2D, tf.Tensor1D] {
  const gen = makeGenerator(options.randomState);
  if (options.shuffle ?? true) [X, y] = shuffleRows(gen, X, y);
  const noise = options.noise ?? null;
  if (noise !== null) {
    if (!(noise >= 0)) throw new Error(`noise should be a non-negative number, got noise=${noise}`);
    X = X.map((r) => r.map((v) => v + normal(gen, 0, noise)));
  }
  return toTensors(X, y);
}

/**
 * Two interleaving half circles (sklearn's `make_moons`): class 0 on the upper arc
 * `(cos t, sin t)`, class 1 on `(1 - cos t, 0.5 - sin t)`, `t` in [0, π].
 *
 * Returns `[X float32 [n, 2], y int32 [n]]`.
 * ```ts
 * const [X, y] = sk.datasets.makeMoons({ nSamples: 1000, noise: 0.1, randomState: 42 });
 * ```
 */
export function makeMoons(options: TwoShapeOptions = {}): [tf.Tensor2D, tf.Tensor1D] {
  const [nOut, nIn] = splitCounts(options.nSamples ?? 100, 'makeMoons');
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  const X = [...tOut.map((t) => [Math.cos(t), Math.sin(t)]), ...tIn.map((t) => [1 - Math.cos(t), 1 - Math.sin(t) - 0.5])];
  const y = [...tOut.map(() => 0), ...tIn.map(() => 1)];
  return finish(X, y, options);
}

/**
 * A large circle containing a smaller one (sklearn's `make_circles`): class 0 on the unit circle,
 * class 1 on a circle of radius `factor` (default 0.8).
 *
 * Returns `[X float32 [n, 2], y int32 [n]]`.
 * ```ts
 * const [X, y] = sk.datasets.makeCircles({ nSamples: 1000, noise: 0.1, factor: 0.5, randomState: 0 });
 * ```
 */
export function makeCircles(options: TwoShapeOptions & { factor?: number } = {}): [tf.Tensor2D, tf.Tensor1D] {
  const factor = options.factor ?? 0.8;
  if (!(factor >= 0 && factor < 1)) throw new Error(`'factor' has to be between 0 and 1, got factor=${factor}`);
  const [nOut, nIn] = splitCounts(options.nSamples ?? 100, 'makeCircles');
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  const X = [...tOut.map((t) => [Math.cos(t), Math.sin(t)]), ...tIn.map((t) => [Math.cos(t) * factor, Math.sin(t) * factor])];
  const y = [...tOut.map(() => 0), ...tIn.map(() => 1)];
  return finish(X, y, options);
}

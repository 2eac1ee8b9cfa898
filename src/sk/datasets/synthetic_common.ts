import * as tf from '@tensorflow/tfjs';
import { Generator, makeGenerator, permutation } from '../../data/generator';

export { makeGenerator };
export type { Generator };

/** Checks a sample count. */
export function checkCount(n: number, name: string, min = 1): void {
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} should be an integer >= ${min}, got ${name}=${n}`);
}

/** `n` evenly spaced numbers from `start` to `stop` (numpy's `linspace`). */
export function linspace(start: number, stop: number, n: number, endpoint = true): number[] {
  if (n === 1) return [start];
  const step = (stop - start) / (endpoint ? n - 1 : n);
  return Array.from({ length: n }, (_, i) => start + i * step);
}

/** Shuffles rows of X and entries of y together (sklearn's `util.shuffle`). */
export function shuffleRows(gen: Generator, X: number[][], y: number[]): [number[][], number[]] {
  const order = permutation(gen, X.length);
  return [order.map((i) => X[i]), order.map((i) => y[i])];
}

/** `[X float32 [n, d], y int32 [n]]`. */
export function toTensors(X: number[][], y: number[], yDtype: 'int32' | 'float32' = 'int32'): [tf.Tensor2D, tf.Tensor1D] {
  const d = X.length > 0 ? X[0].length : 0;
  return [tf.tensor2d(X.flat(), [X.length, d], 'float32'), tf.tensor1d(y, yDtype)];
}

/**
 * Reshaping layers: `nn.Flatten` and `nn.Unflatten`.
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { normalizeDim, shapeText } from '../functional/args';
import { moduleLabel, pyTuple } from './repr';

export interface FlattenOptions {
  /** First dimension to flatten. Default 1 (keeps the batch). */
  startDim?: number;
  /** Last dimension to flatten. Default -1. */
  endDim?: number;
}

/**
 * Flattens dimensions startDim..endDim into one.
 *
 * Shapes: (N, *) → (N, ∏*) with the defaults.
 *
 * ```ts
 * new nn.Flatten().forward(tf.zeros([32, 1, 5, 5])).shape;  // [32, 25]
 * ```
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(options: FlattenOptions | number = {}, endDim?: number) {
    super();
    const o = typeof options === 'number' ? { startDim: options, endDim } : options;
    this.startDim = o.startDim ?? 1;
    this.endDim = o.endDim ?? -1;
  }

  override forward(input: tf.Tensor): tf.Tensor {
    if (input.rank === 0) return tf.reshape(input, [1]);
    let start: number;
    let end: number;
    try {
      start = normalizeDim(this.startDim, input.rank, 'startDim');
      end = normalizeDim(this.endDim, input.rank, 'endDim');
    } catch (e) {
      throw new Error(`${moduleLabel(this)}: ${(e as Error).message} (input shape ${shapeText(input.shape)})`);
    }
    if (start > end) throw new Error(`${moduleLabel(this)}: startDim cannot come after endDim (input shape ${shapeText(input.shape)})`);
    const s = input.shape;
    const merged = s.slice(start, end + 1).reduce((a, b) => a * b, 1);
    return tf.reshape(input, [...s.slice(0, start), merged, ...s.slice(end + 1)]);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * Splits dimension `dim` into `unflattenedSize`.
 *
 * ```ts
 * new nn.Unflatten(1, [2, 5]).forward(tf.zeros([4, 10])).shape;  // [4, 2, 5]
 * ```
 */
export class Unflatten extends Module {
  readonly dim: number;
  readonly unflattenedSize: number[];

  constructor(dim: number, unflattenedSize: number[]) {
    super();
    if (!Array.isArray(unflattenedSize) || unflattenedSize.length === 0) {
      throw new Error(`Unflatten: unflattenedSize must be a non-empty list of sizes, got ${JSON.stringify(unflattenedSize)}`);
    }
    this.dim = dim;
    this.unflattenedSize = unflattenedSize;
  }

  override forward(input: tf.Tensor): tf.Tensor {
    const d = normalizeDim(this.dim, input.rank);
    const sizes = this.unflattenedSize.slice();
    const known = sizes.filter((v) => v !== -1).reduce((a, b) => a * b, 1);
    const target = input.shape[d];
    const inferred = sizes.map((v) => (v === -1 ? target / known : v));
    if (inferred.reduce((a, b) => a * b, 1) !== target || !inferred.every(Number.isInteger)) {
      throw new Error(`${moduleLabel(this)}: cannot split dimension ${d} of size ${target} into ${pyTuple(sizes)} (input shape ${shapeText(input.shape)})`);
    }
    return tf.reshape(input, [...input.shape.slice(0, d), ...inferred, ...input.shape.slice(d + 1)]);
  }

  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}

import * as tf from '@tensorflow/tfjs';

/**
 * A map-style data set: `length` items, item `i` read with `get(i)` (PyTorch's `__len__` /
 * `__getitem__`).
 *
 * Subclass it and implement both members:
 * ```ts
 * class Squares extends data.Dataset<[number, number]> {
 *   get length() { return 10; }
 *   get(i: number): [number, number] { return [i, i * i]; }
 * }
 * ```
 * A data set may also implement `getBatch(indices)` returning an already collated batch; the
 * {@link DataLoader} then uses it instead of `get` + collate (TensorDataset does, with one gather).
 */
export abstract class Dataset<T = unknown> {
  abstract get length(): number;
  abstract get(index: number): T;
  /** Optional fast path: the collated batch for `indices` (see class doc). */
  getBatch?(indices: number[]): unknown;

  /** Iterates over the items in order. */
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

/** Throws a clear error unless `index` is an integer in [-length, length); returns it made non-negative. */
export function checkIndex(index: number, length: number, what = 'index'): number {
  if (!Number.isInteger(index)) throw new Error(`${what} must be an integer, got ${index}`);
  if (index < -length || index >= length) {
    throw new RangeError(`${what} ${index} is out of range for a data set of length ${length}`);
  }
  return index < 0 ? index + length : index;
}

/**
 * Wraps tensors that share their first dimension; item `i` is the array of their `i`-th rows
 * (PyTorch's `TensorDataset`).
 *
 * Shapes: each tensor `[N, ...]`; `get(i)` returns `[row of tensor 0, row of tensor 1, ...]` with the
 * first dimension removed (new tensors, owned by the caller). The data set does not own the input
 * tensors: dispose them yourself when done. Batches (see `getBatch`) are cut from a copy of the
 * values read on first use, so do not change the tensors (e.g. variables) afterwards.
 * ```ts
 * const ds = new data.TensorDataset(X, y);   // X [100, 2], y [100]
 * const [x0, y0] = ds.get(0);                // x0 [2], y0 []
 * ```
 */
export class TensorDataset extends Dataset<tf.Tensor[]> {
  readonly tensors: tf.Tensor[];

  constructor(...tensors: tf.Tensor[]) {
    super();
    if (tensors.length === 0) throw new Error('TensorDataset needs at least one tensor');
    tensors.forEach((t, k) => {
      if (!(t instanceof tf.Tensor)) throw new Error(`TensorDataset: argument ${k} is not a tensor`);
      if (t.rank === 0) throw new Error(`TensorDataset: tensor ${k} is a scalar; tensors need a first (sample) dimension`);
    });
    const sizes = tensors.map((t) => t.shape[0]);
    if (sizes.some((s) => s !== sizes[0])) {
      throw new Error(`TensorDataset: size mismatch between tensors, first dimensions are [${sizes.join(', ')}]`);
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0].shape[0];
  }

  get(index: number): tf.Tensor[] {
    const i = checkIndex(index, this.length);
    return this.tensors.map((t) => tf.tidy(() => tf.squeeze(tf.slice(t, i, 1), [0])));
  }

  /** Host copies of the tensors' values, made on the first batch (see getBatch). */
  private hostValues: Array<ArrayLike<number> | null> | null = null;

  /**
   * `[tensor0[indices], tensor1[indices], ...]`. Rows are copied from a host copy of each tensor's
   * values (read once, then one tensor creation per batch: ~10x faster than `tf.gather` on the WASM
   * and CPU backends); tensors above 2^26 elements use `tf.gather` instead of a host copy.
   */
  override getBatch(indices: number[]): tf.Tensor[] {
    if (!this.hostValues) {
      this.hostValues = this.tensors.map((t) => (t.dtype === 'string' || t.dtype === 'complex64' || t.size > 1 << 26 ? null : (t.dataSync() as ArrayLike<number>)));
    }
    return this.tensors.map((t, k) => {
      const values = this.hostValues![k];
      if (values === null || t.isDisposed) return tf.tidy(() => tf.gather(t, tf.tensor1d(indices, 'int32')));
      const row = t.size / t.shape[0];
      const out = t.dtype === 'float32' ? new Float32Array(row * indices.length) : t.dtype === 'bool' ? new Uint8Array(row * indices.length) : new Int32Array(row * indices.length);
      indices.forEach((i, j) => {
        const at = checkIndex(i, t.shape[0]) * row;
        if (ArrayBuffer.isView(values) && (values as Float32Array).constructor === out.constructor) {
          out.set((values as Float32Array).subarray(at, at + row), j * row);
        } else for (let e = 0; e < row; e++) out[j * row + e] = values[at + e];
      });
      return tf.tensor(out, [indices.length, ...t.shape.slice(1)], t.dtype);
    });
  }
}

/**
 * The items of `dataset` at `indices`, in that order (PyTorch's `Subset`).
 * ```ts
 * const firstTen = new data.Subset(ds, [...Array(10).keys()]);
 * ```
 */
export class Subset<T> extends Dataset<T> {
  constructor(readonly dataset: Dataset<T>, readonly indices: number[]) {
    super();
    indices.forEach((i) => checkIndex(i, dataset.length, 'Subset index'));
    if (dataset.getBatch) {
      this.getBatch = (batch: number[]) => {
        const mapped = batch.map((b) => this.indices[checkIndex(b, this.length)]);
        return dataset.getBatch!(mapped);
      };
    }
  }

  get length(): number {
    return this.indices.length;
  }

  get(index: number): T {
    return this.dataset.get(this.indices[checkIndex(index, this.length)]);
  }
}

/**
 * Several data sets one after another (PyTorch's `ConcatDataset`).
 * ```ts
 * const all = new data.ConcatDataset([trainSet, extraSet]);  // all.length = sum of lengths
 * ```
 */
export class ConcatDataset<T> extends Dataset<T> {
  readonly datasets: Dataset<T>[];
  /** Running totals of the lengths: `cumulativeSizes[k]` = items in datasets 0..k. */
  readonly cumulativeSizes: number[];

  constructor(datasets: Dataset<T>[]) {
    super();
    if (datasets.length === 0) throw new Error('ConcatDataset: datasets should not be an empty array');
    this.datasets = datasets;
    let total = 0;
    this.cumulativeSizes = datasets.map((d) => (total += d.length));
  }

  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1];
  }

  get(index: number): T {
    const i = checkIndex(index, this.length);
    const k = this.cumulativeSizes.findIndex((end) => i < end);
    const start = k === 0 ? 0 : this.cumulativeSizes[k - 1];
    return this.datasets[k].get(i - start);
  }
}

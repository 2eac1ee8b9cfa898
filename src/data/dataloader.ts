import * as tf from '@tensorflow/tfjs';
import { Dataset } from './dataset';
import { defaultCollate } from './collate';
import { Generator, makeGenerator, permutation } from './generator';

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions<B> {
  /** Items per batch (default 1). A positive integer. */
  batchSize?: number;
  /** Reshuffle the items at the start of every epoch (default false). */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Turns a list of items into a batch (default {@link defaultCollate}). */
  collateFn?: (items: any[]) => B;
  /**
   * Seed of the shuffling generator. With a seed the sequence of epochs is repeatable; without one
   * the generator is seeded from the global seed (`tsdl.manualSeed`) when the loader is created.
   */
  generator?: number;
  /**
   * Dispose a batch's tensors when the loop moves on to the next batch or ends (default true), so an
   * epoch never leaks. Set false to keep batches after the loop (you then dispose them yourself).
   */
  autoDispose?: boolean;
}

/**
 * Iterates over a data set in (optionally shuffled) mini-batches (PyTorch's `DataLoader`).
 *
 * `length` is the number of batches: `ceil(n / batchSize)`, or `floor(n / batchSize)` with `dropLast`.
 * Works with plain `for...of` and with `for await...of`; the async form prepares the next batch while
 * the loop body awaits (prefetch of one batch).
 *
 * Memory: batches belong to the loader. A batch's tensors stay valid during its loop iteration and
 * are disposed when the next batch is requested or the loop ends (also on `break`), so a whole epoch
 * leaves `tf.memory().numTensors` unchanged. Keep a tensor beyond its iteration with `tf.clone(t)`,
 * or pass `autoDispose: false`. Per-item tensors created by `dataset.get` are disposed once stacked.
 *
 * Shapes with the default collate: items `[x, y]` with `x` of shape `[...s]` give batches
 * `[X [B, ...s], Y [B]]`.
 * ```ts
 * const loader = new data.DataLoader(new data.TensorDataset(X, y), { batchSize: 32, shuffle: true });
 * for (const [xb, yb] of loader) { ... }          // loader.length batches per epoch
 * ```
 */
export class DataLoader<T = unknown, B = any> implements Iterable<B>, AsyncIterable<B> {
  readonly dataset: Dataset<T>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly collateFn: (items: any[]) => B;
  readonly autoDispose: boolean;
  private readonly gen: Generator | null;

  constructor(dataset: Dataset<T>, options: DataLoaderOptions<B> = {}) {
    if (!dataset || typeof (dataset as Dataset<T>).get !== 'function' || typeof dataset.length !== 'number') {
      throw new Error('DataLoader: dataset must be a data.Dataset (with length and get(i))');
    }
    const { batchSize = 1, shuffle = false, dropLast = false, autoDispose = true } = options;
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new Error(`DataLoader: batchSize should be a positive integer, got batchSize=${batchSize}`);
    }
    if (dataset.length === 0) throw new Error('DataLoader: the data set is empty (length 0); there is nothing to load');
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.autoDispose = autoDispose;
    this.collateFn = options.collateFn ?? (defaultCollate as (items: any[]) => B);
    this.gen = shuffle ? makeGenerator(options.generator) : null;
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The index lists of one epoch's batches (draws a new order when shuffling). */
  batchIndices(): number[][] {
    const n = this.dataset.length;
    const order = this.gen ? permutation(this.gen, n) : Array.from({ length: n }, (_, i) => i);
    const batches: number[][] = [];
    for (let start = 0; start < n; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize);
      if (batch.length < this.batchSize && this.dropLast) break;
      batches.push(batch);
    }
    return batches;
  }

  /** Builds the batch for `indices`; every intermediate tensor is disposed. */
  private makeBatch(indices: number[]): B {
    const ds = this.dataset;
    const useFastPath = ds.getBatch !== undefined && this.collateFn === (defaultCollate as unknown);
    return tf.tidy(() =>
      (useFastPath ? ds.getBatch!(indices) : this.collateFn(indices.map((i) => ds.get(i)))) as tf.TensorContainer,
    ) as unknown as B;
  }

  private release(batch: B | undefined): void {
    if (this.autoDispose && batch !== undefined) tf.dispose(batch as unknown as tf.TensorContainer);
  }

  *[Symbol.iterator](): Iterator<B> {
    let current: B | undefined;
    try {
      for (const indices of this.batchIndices()) {
        this.release(current);
        current = undefined;
        current = this.makeBatch(indices);
        yield current;
      }
    } finally {
      this.release(current);
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    const plan = this.batchIndices();
    const prepare = (k: number): Promise<B> =>
      new Promise<B>((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(this.makeBatch(plan[k]));
          } catch (err) {
            reject(err);
          }
        }),
      );
    let current: B | undefined;
    let next: Promise<B> | undefined = plan.length > 0 ? prepare(0) : undefined;
    try {
      for (let k = 0; k < plan.length; k++) {
        this.release(current);
        current = undefined;
        current = await next!;
        next = k + 1 < plan.length ? prepare(k + 1) : undefined;
        yield current;
      }
    } finally {
      this.release(current);
      if (next) {
        const pending = next;
        next = undefined;
        // A prefetched batch nobody will read (the loop stopped early): dispose it.
        await pending.then((b) => this.autoDispose && tf.dispose(b as unknown as tf.TensorContainer), () => undefined);
      }
    }
  }

  toString(): string {
    return `DataLoader(dataset of ${this.dataset.length}, batchSize=${this.batchSize}, shuffle=${this.shuffle}, dropLast=${this.dropLast}, batches=${this.length})`;
  }
}

import * as tf from '@tensorflow/tfjs';

function normDim(dim: number, rank: number, where: string): number {
  const d = dim < 0 ? dim + rank : dim;
  if (!Number.isInteger(d) || d < 0 || d >= rank) throw new RangeError(`${where}: dim ${dim} is out of range for rank ${rank}`);
  return d;
}

function toIndexTensor(index: tf.Tensor | number[], where: string): tf.Tensor1D {
  if (Array.isArray(index)) return tf.tensor1d(index, 'int32');
  if (!(index instanceof tf.Tensor)) throw new TypeError(`${where}: index must be a 1-D int32 tensor or an array of integers`);
  if (index.dtype !== 'int32') throw new TypeError(`${where}: index must have dtype int32, got ${index.dtype}`);
  if (index.rank !== 1) throw new Error(`${where}: index must be 1-D, got shape [${index.shape}]`);
  return index as tf.Tensor1D;
}

/**
 * The entries at positions `index` along `dim`, like `torch.index_select(x, dim, index)` / `x[index]`.
 * Gradients flow to `x`.
 *
 * ```ts
 * tsdl.indexSelect(X, 0, [0, 2]);   // rows 0 and 2
 * ```
 */
export function indexSelect(x: tf.Tensor, dim: number, index: tf.Tensor | number[]): tf.Tensor {
  const d = normDim(dim, x.rank, 'indexSelect');
  return tf.tidy(() => {
    const idx = toIndexTensor(index, 'indexSelect');
    const values = idx.dataSync();
    for (const v of values) {
      if (v < 0 || v >= x.shape[d]) throw new RangeError(`indexSelect: index ${v} is out of range for dimension ${dim} of size ${x.shape[d]}`);
    }
    return tf.gather(x, idx, d);
  });
}

/**
 * The slices along `dim` where the 1-D boolean `mask` is true, like `x[mask]` for a mask over rows.
 * When `mask` has the full shape of `x`, returns the selected elements as a 1-D tensor
 * (`torch.masked_select`). Synchronous (reads the mask).
 */
export function booleanMask(x: tf.Tensor, mask: tf.Tensor, dim = 0): tf.Tensor {
  if (!(mask instanceof tf.Tensor)) throw new TypeError('booleanMask: mask must be a tensor');
  if (mask.dtype !== 'bool') throw new TypeError(`booleanMask: mask must have dtype bool, got ${mask.dtype} (compare, e.g. x.greater(0))`);
  const full = tf.util.arraysEqual(mask.shape, x.shape) && x.rank > 1;
  const d = full ? 0 : normDim(dim, x.rank, 'booleanMask');
  if (!full && (mask.rank !== 1 || mask.shape[0] !== x.shape[d])) {
    throw new Error(`booleanMask: mask of shape [${mask.shape}] does not match dimension ${dim} of x, shape [${x.shape}]`);
  }
  return tf.tidy(() => {
    const flatMask = full ? mask.reshape([-1]) : mask;
    const bits = flatMask.dataSync();
    const picks: number[] = [];
    bits.forEach((b, i) => {
      if (b) picks.push(i);
    });
    const source = full ? x.reshape([-1]) : x;
    return tf.gather(source, tf.tensor1d(picks, 'int32'), d);
  });
}

/**
 * Elements `start` to `end` (exclusive) by `step` along `dim`, like Python's `x[:, start:end:step]`.
 * Negative `start`/`end` count from the end; omitted ones mean the whole range.
 * Differentiable (uses slice or gather; tfjs's stridedSlice has no gradient).
 */
export function sliceDim(x: tf.Tensor, dim: number, start?: number, end?: number, step = 1): tf.Tensor {
  const d = normDim(dim, x.rank, 'sliceDim');
  if (!Number.isInteger(step) || step <= 0) throw new RangeError(`sliceDim: step must be a positive integer, got ${step}`);
  const size = x.shape[d];
  const fix = (v: number | undefined, dflt: number) =>
    v === undefined ? dflt : Math.min(size, Math.max(0, v < 0 ? v + size : v));
  const s = fix(start, 0);
  const e = Math.max(s, fix(end, size));
  if (step === 1) {
    // tf.slice has a gradient (tf.stridedSlice does not).
    return tf.slice(x, x.shape.map((_, k) => (k === d ? s : 0)), x.shape.map((n, k) => (k === d ? e - s : n)));
  }
  const picks: number[] = [];
  for (let i = s; i < e; i += step) picks.push(i);
  return tf.tidy(() => tf.gather(x, tf.tensor1d(picks, 'int32'), d));
}

/** `length` elements from `start` along `dim`, like `torch.narrow`. */
export function narrow(x: tf.Tensor, dim: number, start: number, length: number): tf.Tensor {
  const d = normDim(dim, x.rank, 'narrow');
  if (start < 0) start += x.shape[d];
  if (start < 0 || length < 0 || start + length > x.shape[d]) {
    throw new RangeError(`narrow: start ${start} + length ${length} exceeds dimension ${dim} of size ${x.shape[d]}`);
  }
  const begin = x.shape.map((_, k) => (k === d ? start : 0));
  const size = x.shape.map((n, k) => (k === d ? length : n));
  return tf.slice(x, begin, size);
}

/** The slice at `index` along `dim`, with that dimension removed, like `x.select(dim, index)` / `x[:, i]`. */
export function select(x: tf.Tensor, dim: number, index: number): tf.Tensor {
  const d = normDim(dim, x.rank, 'select');
  const i = index < 0 ? index + x.shape[d] : index;
  if (!Number.isInteger(i) || i < 0 || i >= x.shape[d]) {
    throw new RangeError(`select: index ${index} is out of range for dimension ${dim} of size ${x.shape[d]}`);
  }
  return tf.tidy(() => tf.squeeze(narrow(x, d, i, 1), [d]));
}

import * as tf from '@tensorflow/tfjs';

/** Options of `std` / `variance`. */
export interface VarianceOptions {
  /** Divide by n - 1 (Bessel's correction) as PyTorch does by default; false divides by n (NumPy's default). */
  unbiased?: boolean;
  /** Keep the reduced dimensions with size 1. Default false. */
  keepdim?: boolean;
}

function reducedCount(x: tf.Tensor, dim: number | number[] | undefined): number {
  if (dim === undefined) return x.size;
  const dims = (Array.isArray(dim) ? dim : [dim]).map((d) => (d < 0 ? d + x.rank : d));
  dims.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d >= x.rank) {
      throw new RangeError(`dim ${(Array.isArray(dim) ? dim : [dim])[i]} is out of range for a tensor of rank ${x.rank}`);
    }
  });
  return dims.reduce((n, d) => n * x.shape[d], 1);
}

/**
 * Variance over `dim` (all elements when omitted), unbiased (n - 1) by default like `torch.var`.
 * Exported as `tsdl.var` too.
 *
 * ```ts
 * tsdl.var(tf.tensor([1, 2, 3, 4]));                  // 1.6667 (PyTorch); NumPy's x.var() is 1.25
 * tsdl.var(x, 0, { unbiased: false, keepdim: true });
 * ```
 */
export function variance(x: tf.Tensor, dim?: number | number[], options: VarianceOptions = {}): tf.Tensor {
  const { unbiased = true, keepdim = false } = options;
  if (!(x instanceof tf.Tensor)) throw new TypeError('var: expected a tensor');
  const n = reducedCount(x, dim);
  return tf.tidy(() => {
    const xf = x.dtype === 'float32' ? x : x.toFloat();
    const mean = tf.mean(xf, dim, true);
    const sq = tf.sum(tf.square(tf.sub(xf, mean)), dim, keepdim);
    const divisor = unbiased ? n - 1 : n;
    return divisor > 0 ? tf.div(sq, divisor) : tf.mul(sq, NaN);
  });
}

/** Standard deviation, unbiased by default like `torch.std`; see `variance`. */
export function std(x: tf.Tensor, dim?: number | number[], options: VarianceOptions = {}): tf.Tensor {
  return tf.tidy(() => tf.sqrt(variance(x, dim, options)));
}

/**
 * Limits values to [min, max] like `torch.clamp`; either bound may be omitted (`undefined`/`null`).
 *
 * ```ts
 * tsdl.clamp(x, 0);          // like relu
 * tsdl.clamp(x, -1, 1);
 * ```
 */
export function clamp(x: tf.Tensor, min?: number | null, max?: number | null): tf.Tensor {
  if (!(x instanceof tf.Tensor)) throw new TypeError('clamp: expected a tensor');
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if (lo > hi) throw new RangeError(`clamp: min (${lo}) is larger than max (${hi})`);
  return tf.clipByValue(x, lo, hi);
}

/** Same as `clamp` (PyTorch's `torch.clip`). */
export const clip = clamp;

/**
 * Elementwise choice: `condition ? a : b`, with broadcasting and numbers allowed, like `torch.where`.
 */
export function where(condition: tf.Tensor, a: tf.Tensor | number, b: tf.Tensor | number): tf.Tensor {
  if (!(condition instanceof tf.Tensor)) throw new TypeError('where: condition must be a (boolean) tensor');
  return tf.tidy(() => {
    const cond = condition.dtype === 'bool' ? condition : tf.notEqual(condition, 0);
    const dtype = typeof a === 'number' && typeof b === 'number' ? 'float32' : undefined;
    let ta = a instanceof tf.Tensor ? a : tf.scalar(a, dtype ?? (b as tf.Tensor).dtype);
    let tb = b instanceof tf.Tensor ? b : tf.scalar(b, ta.dtype);
    if (ta.dtype !== tb.dtype) {
      ta = ta.toFloat();
      tb = tb.toFloat();
    }
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(
      tf.broadcast_util.assertAndGetBroadcastShape(cond.shape, ta.shape),
      tb.shape,
    );
    return tf.where(tf.broadcastTo(cond, shape), tf.broadcastTo(ta, shape), tf.broadcastTo(tb, shape));
  });
}

/**
 * Index of the largest value (int32), like `torch.argmax`: over all elements (flattened) when `dim` is
 * omitted, else along `dim`.
 */
export function argmax(x: tf.Tensor, dim?: number, keepdim = false): tf.Tensor {
  if (!(x instanceof tf.Tensor)) throw new TypeError('argmax: expected a tensor');
  return tf.tidy(() => {
    if (dim === undefined) return tf.argMax(tf.reshape(x, [-1]));
    const out = tf.argMax(x, dim);
    return keepdim ? tf.expandDims(out, dim < 0 ? dim + x.rank : dim) : out;
  });
}

/** Index of the smallest value (int32), like `torch.argmin`. */
export function argmin(x: tf.Tensor, dim?: number, keepdim = false): tf.Tensor {
  if (!(x instanceof tf.Tensor)) throw new TypeError('argmin: expected a tensor');
  return tf.tidy(() => {
    if (dim === undefined) return tf.argMin(tf.reshape(x, [-1]));
    const out = tf.argMin(x, dim);
    return keepdim ? tf.expandDims(out, dim < 0 ? dim + x.rank : dim) : out;
  });
}

/** Joins tensors along an existing dimension, like `torch.cat`. */
export function cat(tensors: tf.Tensor[], dim = 0): tf.Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new TypeError('cat: expected a non-empty array of tensors');
  const rank = tensors[0].rank;
  tensors.forEach((t, i) => {
    if (!(t instanceof tf.Tensor)) throw new TypeError(`cat: tensors[${i}] is not a tensor`);
    if (t.rank !== rank) throw new Error(`cat: tensors[${i}] has rank ${t.rank} but tensors[0] has rank ${rank}`);
  });
  const d = dim < 0 ? dim + rank : dim;
  tensors.forEach((t, i) => {
    t.shape.forEach((s, k) => {
      if (k !== d && s !== tensors[0].shape[k]) {
        throw new Error(
          `cat: sizes must match except in dimension ${dim}: tensors[0] has shape [${tensors[0].shape}], tensors[${i}] has [${t.shape}]`,
        );
      }
    });
  });
  return tf.concat(tensors, d);
}

/** Same as `cat` (NumPy's `concatenate`). */
export const concat = cat;

/** Stacks same-shaped tensors along a new dimension, like `torch.stack`. */
export function stack(tensors: tf.Tensor[], dim = 0): tf.Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new TypeError('stack: expected a non-empty array of tensors');
  tensors.forEach((t, i) => {
    if (!(t instanceof tf.Tensor)) throw new TypeError(`stack: tensors[${i}] is not a tensor`);
    if (!tf.util.arraysEqual(t.shape, tensors[0].shape)) {
      throw new Error(`stack: all tensors must have the same shape: tensors[0] is [${tensors[0].shape}], tensors[${i}] is [${t.shape}]`);
    }
  });
  return tf.stack(tensors, dim);
}

/** The value of a one-element tensor as a number, like `tensor.item()` (a synchronous read). */
export function item(x: tf.Tensor): number {
  if (!(x instanceof tf.Tensor)) throw new TypeError('item: expected a tensor');
  if (x.size !== 1) throw new Error(`item: only one-element tensors can be converted to a number, got shape [${x.shape}]`);
  return x.dataSync()[0] as number;
}

/**
 * Largest values along `dim` and where they are, like `torch.max(x, dim)`: returns `[values, indices]`
 * (indices int32). Without `dim`, use `tf.max(x)`.
 *
 * ```ts
 * const [, predicted] = tsdl.max(outputs, 1);   // class predictions, like `_, predicted = torch.max(outputs, 1)`
 * ```
 */
export function max(x: tf.Tensor, dim: number, keepdim = false): [tf.Tensor, tf.Tensor] {
  if (!(x instanceof tf.Tensor)) throw new TypeError('max: expected a tensor');
  if (!Number.isInteger(dim) || dim < -x.rank || dim >= x.rank) throw new RangeError(`max: dim ${dim} is out of range for rank ${x.rank}`);
  return [tf.max(x, dim, keepdim), argmax(x, dim, keepdim)];
}

/** Smallest values along `dim` and where they are, like `torch.min(x, dim)`: `[values, indices]`. */
export function min(x: tf.Tensor, dim: number, keepdim = false): [tf.Tensor, tf.Tensor] {
  if (!(x instanceof tf.Tensor)) throw new TypeError('min: expected a tensor');
  if (!Number.isInteger(dim) || dim < -x.rank || dim >= x.rank) throw new RangeError(`min: dim ${dim} is out of range for rank ${x.rank}`);
  return [tf.min(x, dim, keepdim), argmin(x, dim, keepdim)];
}

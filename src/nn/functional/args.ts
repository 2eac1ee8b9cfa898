/**
 * Argument normalisation shared by the functional ops: PyTorch accepts `3` or `[3, 3]` for a 2-d size,
 * negative dimensions, and so on. These helpers turn such arguments into one canonical form and raise
 * errors that name the argument.
 */
import * as tf from '@tensorflow/tfjs';

/** A size given as one number for every spatial dimension, or one per dimension (PyTorch's `_pair`). */
export type Size2 = number | [number, number];
/** A size for 1-d ops: a number or a one-element array. */
export type Size1 = number | [number];

/** Expands `3` to `[3, 3]`; checks `[a, b]` is two positive integers (or non-negative when `allowZero`). */
export function pair(value: Size2 | number[], name: string, allowZero = false): [number, number] {
  const v = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(v) || v.length !== 2) {
    throw new Error(`${name} must be a number or a pair [h, w], got ${JSON.stringify(value)}`);
  }
  for (const x of v) {
    if (!Number.isInteger(x) || x < (allowZero ? 0 : 1)) {
      throw new Error(`${name} must hold ${allowZero ? 'non-negative' : 'positive'} integers, got ${JSON.stringify(value)}`);
    }
  }
  return [v[0], v[1]];
}

/** Expands `3` or `[3]` to `3` after validating it. */
export function single(value: Size1 | number[], name: string, allowZero = false): number {
  const v = Array.isArray(value) ? value : [value];
  if (v.length !== 1) throw new Error(`${name} must be a number or a one-element array, got ${JSON.stringify(value)}`);
  return pair([v[0], v[0]], name, allowZero)[0];
}

/** Turns a possibly negative dimension into an index in [0, rank). */
export function normalizeDim(dim: number, rank: number, name = 'dim'): number {
  if (!Number.isInteger(dim) || dim < -rank || dim >= Math.max(rank, 1)) {
    throw new Error(`${name}=${dim} is out of range for a tensor of rank ${rank} (expected in [${-rank}, ${rank - 1}])`);
  }
  return dim < 0 ? dim + rank : dim;
}

/** Formats a shape as PyTorch users read it: `[8,3]`. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Throws unless `x` is a floating-point tensor (the ops with gradients need float32). */
export function expectFloat(x: tf.Tensor, where: string, argName = 'input'): void {
  if (!(x instanceof tf.Tensor)) throw new Error(`${where}: ${argName} must be a tf.Tensor, got ${typeof x}`);
  if (x.dtype !== 'float32') {
    throw new Error(`${where}: expected ${argName} of dtype float32, got ${x.dtype} (use x.toFloat())`);
  }
}

/** Throws unless `x` has one of the given ranks. */
export function expectRank(x: tf.Tensor, ranks: number[], where: string, what: string): void {
  if (!ranks.includes(x.rank)) {
    throw new Error(`${where}: expected ${what}, got shape ${shapeText(x.shape)}`);
  }
}

/**
 * Returns its input unchanged in the forward pass and a zero gradient in the backward pass
 * (PyTorch's `tensor.detach()` inside a computation).
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  const f = tf.customGrad(((a: tf.Tensor) => ({ value: a.clone(), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) })) as unknown as CustomGradientFunc);
  return f(x) as T;
}

/** The function type `tf.customGrad` takes (not exported by the tfjs package). */
export type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/** True when the active backend registers a kernel (wasm lacks some gradient kernels). */
export function backendHasKernel(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

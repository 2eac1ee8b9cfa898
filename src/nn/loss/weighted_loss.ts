import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import type { Reduction } from '../functional/loss';

/**
 * Base of the losses that hold an optional `weight` (PyTorch's `_WeightedLoss`): the weight is copied
 * into a buffer owned by the module, so it moves with `stateDict()` and is freed by `dispose()`.
 */
export abstract class WeightedLoss extends Module {
  declare weight: tf.Tensor | null;
  readonly reduction: Reduction;

  constructor(weight: tf.Tensor | number[] | null | undefined, reduction: Reduction, where: string, bufferName = 'weight') {
    super();
    this.reduction = reduction;
    this.registerBuffer(bufferName, toOwnedTensor(weight, where, bufferName));
  }

  override extraRepr(): string {
    return this.reduction === 'mean' ? '' : `reduction='${this.reduction}'`;
  }
}

/** A float32 copy of a weight given as a tensor or an array (the caller's tensor stays theirs). */
export function toOwnedTensor(
  value: tf.Tensor | number[] | null | undefined,
  where: string,
  name: string,
): tf.Tensor | null {
  if (value === null || value === undefined) return null;
  if (value instanceof tf.Tensor) {
    if (value.dtype !== 'float32') throw new TypeError(`${where}: ${name} must be float32, got dtype ${value.dtype}`);
    return tf.clone(value);
  }
  if (!Array.isArray(value)) throw new TypeError(`${where}: ${name} must be a tf.Tensor or an array of numbers`);
  return tf.tensor1d(value, 'float32');
}

/** Throws a clear error for an unknown reduction at construction time. */
export function checkReductionOption(reduction: string, where: string, allowed = ['mean', 'sum', 'none']): void {
  if (!allowed.includes(reduction)) {
    throw new Error(`${where}: reduction must be one of ${allowed.map((r) => `'${r}'`).join(', ')}, got '${reduction}'`);
  }
}

/**
 * Creation of parameters for layers: a zero-filled `nn.Parameter` that `resetParameters()` then
 * initialises with `nn.init`.
 */
import * as tf from '@tensorflow/tfjs';
import { Parameter } from '../parameter';

/** A new float32 parameter of `shape` filled with zeros (no temporary tensor is left behind). */
export function emptyParameter(shape: number[], requiresGrad = true): Parameter {
  return tf.tidy(() => new Parameter(tf.zeros(shape), requiresGrad));
}

/** Checks that a constructor argument is a positive integer. */
export function positiveInt(value: number, name: string, where: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${where}: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

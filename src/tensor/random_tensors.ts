import * as tf from '@tensorflow/tfjs';
import { nextSeed, randomGenerator } from '../random';

function checkShape(shape: number[], where: string): void {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
}

/** Samples of N(0, 1) with the given shape, like `torch.randn`; repeatable after `tsdl.manualSeed`. */
export function randn(shape: number[]): tf.Tensor {
  checkShape(shape, 'randn');
  return tf.randomNormal(shape, 0, 1, 'float32', nextSeed());
}

/** Samples of N(mean, std²), like `torch.normal(mean, std, size)`. */
export function normal(mean: number, std: number, shape: number[]): tf.Tensor {
  checkShape(shape, 'normal');
  if (!(std >= 0)) throw new RangeError(`normal: std must be non-negative, got ${std}`);
  return tf.randomNormal(shape, mean, std, 'float32', nextSeed());
}

/** Uniform samples in [0, 1), like `torch.rand`. */
export function rand(shape: number[]): tf.Tensor {
  checkShape(shape, 'rand');
  return tf.randomUniform(shape, 0, 1, 'float32', nextSeed());
}

/** Uniform integers in [low, high), int32, like `torch.randint(low, high, size)`. */
export function randint(low: number, high: number, shape: number[]): tf.Tensor {
  checkShape(shape, 'randint');
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new RangeError(`randint: need integers low < high, got low=${low}, high=${high}`);
  }
  return tf.tidy(() => tf.clipByValue(tf.floor(tf.randomUniform(shape, low, high, 'float32', nextSeed())), low, high - 1).toInt());
}

/** A random permutation of 0..n-1 (int32), like `torch.randperm`. */
export function randperm(n: number): tf.Tensor1D {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randperm: n must be a non-negative integer, got ${n}`);
  return tf.tensor1d(randomGenerator().permutation(n), 'int32');
}

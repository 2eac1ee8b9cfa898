/**
 * Normalisation: batch, layer, group and instance norm. Each subtracts a mean, divides by
 * √(var + eps) (biased variance) and applies an optional per-channel / per-element affine map.
 */
import * as tf from '@tensorflow/tfjs';
import { expectFloat, shapeText } from './args';
import { batchNormTraining } from './batch_norm_training';

export interface BatchNormOptions {
  /** Per-channel scale γ (C). */
  weight?: tf.Tensor | null;
  /** Per-channel shift β (C). */
  bias?: tf.Tensor | null;
  /** Use batch statistics (true) or the running ones (false). Default false, as in PyTorch. */
  training?: boolean;
  /** Running-average factor: new = (1 − momentum)·old + momentum·batch. Default 0.1. */
  momentum?: number;
  /** Added to the variance. Default 1e-5. */
  eps?: number;
}

/** Result of a batch-norm forward pass in training mode: the output and the batch statistics. */
export interface BatchNormResult {
  output: tf.Tensor;
  /** Batch mean per channel (C). */
  mean: tf.Tensor;
  /** Biased batch variance per channel (C), the one the output is normalised with. */
  variance: tf.Tensor;
  /**
   * m / (m − 1) for the m values per channel: `variance` times this is the unbiased variance PyTorch folds
   * into running_var (kept as a number so that the running update folds it into its factor).
   */
  unbiasedScale: number;
}

function channelShape(x: tf.Tensor): number[] {
  return x.shape.map((d, i) => (i === 1 ? d : 1));
}

/** A (C) vector shaped to broadcast over dimension 1 of `x`; for (N, C) input it already does. */
function perChannel(v: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return x.rank === 2 && v.rank === 1 ? v : tf.reshape(v, channelShape(x));
}

/**
 * Batch normalisation over every dimension but the channel one (dimension 1), returning the batch
 * statistics as well (used by `nn.BatchNorm*d` to update its running buffers). The caller disposes them.
 */
export function batchNormWithStats(input: tf.Tensor, weight: tf.Tensor | null | undefined, bias: tf.Tensor | null | undefined, eps: number): BatchNormResult {
  const n = input.size / (input.shape as number[])[1];
  if (n <= 1) {
    throw new Error(`BatchNorm: expected more than 1 value per channel when training, got input shape ${shapeText(input.shape)}`);
  }
  const unbiasedScale = n / (n - 1);
  if (!weight === !bias) return { ...batchNormTraining(input, weight ?? null, bias ?? null, eps), unbiasedScale };
  // Only one of weight and bias: the composition of ops, differentiated op by op.
  return tf.tidy(() => {
    const axes = input.shape.map((_, i) => i).filter((i) => i !== 1);
    const { mean, variance } = tf.moments(input, axes, true);
    let y = tf.mul(tf.sub(input, mean), tf.rsqrt(tf.add(variance, eps)));
    if (weight) y = tf.mul(y, perChannel(weight, input));
    if (bias) y = tf.add(y, perChannel(bias, input));
    return { output: y, mean: tf.reshape(mean, [-1]), variance: tf.reshape(variance, [-1]), unbiasedScale };
  });
}

/**
 * Batch normalisation (PyTorch's `F.batch_norm`). In training mode it normalises with the batch
 * statistics and, when `runningMean`/`runningVar` are `tf.Variable`s, updates them in place with
 * `momentum`; in eval mode it uses the running statistics.
 *
 * Shapes: input (N, C), (N, C, L) or (N, C, H, W); running stats, weight, bias (C) → output like input.
 */
export function batchNorm(
  input: tf.Tensor,
  runningMean: tf.Tensor | null,
  runningVar: tf.Tensor | null,
  options: BatchNormOptions = {},
): tf.Tensor {
  const where = 'F.batchNorm';
  expectFloat(input, where);
  if (input.rank < 2) throw new Error(`${where}: expected input of shape (N, C, ...), got shape ${shapeText(input.shape)}`);
  const training = options.training ?? false;
  const eps = options.eps ?? 1e-5;
  const momentum = options.momentum ?? 0.1;
  const c = input.shape[1];
  for (const [name, t] of [['runningMean', runningMean], ['runningVar', runningVar], ['weight', options.weight], ['bias', options.bias]] as const) {
    if (t && t.size !== c) throw new Error(`${where}: ${name} has shape ${shapeText(t.shape)}, expected ${c} values (channels of input ${shapeText(input.shape)})`);
  }
  if (training) {
    const r = batchNormWithStats(input, options.weight, options.bias, eps);
    if (runningMean instanceof tf.Variable && runningVar instanceof tf.Variable) {
      tf.tidy(() => {
        runningMean.assign(tf.add(tf.mul(runningMean, 1 - momentum), tf.mul(r.mean, momentum)));
        runningVar.assign(tf.add(tf.mul(runningVar, 1 - momentum), tf.mul(r.variance, momentum * r.unbiasedScale)));
      });
    }
    r.mean.dispose();
    r.variance.dispose();
    return r.output;
  }
  if (!runningMean || !runningVar) throw new Error(`${where}: runningMean and runningVar are required when training is false`);
  return tf.tidy(() => {
    let y = tf.mul(tf.sub(input, perChannel(runningMean, input)), perChannel(tf.rsqrt(tf.add(runningVar, eps)), input));
    if (options.weight) y = tf.mul(y, perChannel(options.weight, input));
    if (options.bias) y = tf.add(y, perChannel(options.bias, input));
    return y;
  });
}

export interface LayerNormOptions {
  weight?: tf.Tensor | null;
  bias?: tf.Tensor | null;
  eps?: number;
}

/**
 * Layer normalisation over the trailing `normalizedShape` dimensions.
 *
 * Shapes: input (*, ...normalizedShape); weight, bias normalizedShape → output like input.
 *
 * ```ts
 * const y = F.layerNorm(x, [16]);
 * ```
 */
export function layerNorm(input: tf.Tensor, normalizedShape: number | number[], options: LayerNormOptions = {}): tf.Tensor {
  const where = 'F.layerNorm';
  expectFloat(input, where);
  const ns = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  const tail = input.shape.slice(input.rank - ns.length);
  if (input.rank < ns.length || tail.some((d, i) => d !== ns[i])) {
    throw new Error(`${where}: expected input with trailing dimensions ${shapeText(ns)}, got shape ${shapeText(input.shape)}`);
  }
  const eps = options.eps ?? 1e-5;
  return tf.tidy(() => {
    const axes = ns.map((_, i) => input.rank - ns.length + i);
    const { mean, variance } = tf.moments(input, axes, true);
    let y = tf.mul(tf.sub(input, mean), tf.rsqrt(tf.add(variance, eps)));
    if (options.weight) y = tf.mul(y, options.weight);
    if (options.bias) y = tf.add(y, options.bias);
    return y;
  });
}

/**
 * Group normalisation: channels are split into `numGroups` groups, each normalised over its channels and
 * all spatial positions, then an optional per-channel affine map.
 *
 * Shapes: input (N, C, *) with C divisible by numGroups; weight, bias (C) → output like input.
 */
export function groupNorm(input: tf.Tensor, numGroups: number, options: LayerNormOptions = {}): tf.Tensor {
  const where = 'F.groupNorm';
  expectFloat(input, where);
  if (input.rank < 2) throw new Error(`${where}: expected input of shape (N, C, ...), got shape ${shapeText(input.shape)}`);
  const [n, c] = input.shape;
  if (c % numGroups !== 0) throw new Error(`${where}: channels (${c}) must be divisible by numGroups (${numGroups})`);
  const eps = options.eps ?? 1e-5;
  return tf.tidy(() => {
    const g = tf.reshape(input, [n, numGroups, -1]);
    const { mean, variance } = tf.moments(g, 2, true);
    let y = tf.reshape(tf.mul(tf.sub(g, mean), tf.rsqrt(tf.add(variance, eps))), input.shape);
    const cs = channelShape(input);
    if (options.weight) y = tf.mul(y, tf.reshape(options.weight, cs));
    if (options.bias) y = tf.add(y, tf.reshape(options.bias, cs));
    return y;
  });
}

/**
 * Instance normalisation: each (sample, channel) is normalised over its spatial positions (batch
 * statistics always; running statistics are not kept).
 *
 * Shapes: input (N, C, *); weight, bias (C) → output like input.
 */
export function instanceNorm(input: tf.Tensor, options: LayerNormOptions = {}): tf.Tensor {
  const where = 'F.instanceNorm';
  expectFloat(input, where);
  if (input.rank < 3) throw new Error(`${where}: expected input of shape (N, C, L) or (N, C, H, W), got shape ${shapeText(input.shape)}`);
  const eps = options.eps ?? 1e-5;
  return tf.tidy(() => {
    const [n, c] = input.shape;
    const flat = tf.reshape(input, [n, c, -1]);
    const { mean, variance } = tf.moments(flat, 2, true);
    let y = tf.reshape(tf.mul(tf.sub(flat, mean), tf.rsqrt(tf.add(variance, eps))), input.shape);
    const cs = channelShape(input);
    if (options.weight) y = tf.mul(y, tf.reshape(options.weight, cs));
    if (options.bias) y = tf.add(y, tf.reshape(options.bias, cs));
    return y;
  });
}

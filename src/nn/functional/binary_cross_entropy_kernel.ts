import * as tf from '@tensorflow/tfjs';
import { defineCompositeKernel } from '../../backend/composite_kernel';

/** `log(v)` clamped below at -100, as PyTorch's BCE does so that a probability of exactly 0 or 1 costs 100. */
function clampedLog(v: tf.Tensor): tf.Tensor {
  return tf.maximum(tf.log(v), -100);
}

/** Multiplies a gradient by `dy`, and by 1 / n for a mean (dy is then a scalar: one small op instead of a full-size one). */
function scaled(dy: tf.Tensor, g: tf.Tensor, reduction: string, n: number): tf.Tensor {
  return tf.mul(reduction === 'mean' ? tf.div(dy, n) : dy, g);
}

/**
 * Binary cross-entropy `-(t log x + (1 - t) log(1 - x))` of probabilities `x` and targets `t` (same shape), each
 * log clamped at -100, reduced by `reduction` ('mean' | 'sum' | 'none'), as one kernel with PyTorch's gradients:
 * - d/dx = (x - t) / max(x (1 - x), 1e-12), finite where x is exactly 0 or 1 (the chained gradient of a
 *   clamped log would give 0 * Infinity = NaN there, e.g. when a sigmoid saturates);
 * - d/dt = log(1 - x) - log(x) (clamped logs), computed only when the target needs a gradient.
 *
 * One kernel instead of ~35 chained ops per training step (the XOR and breast-cancer workloads of
 * `npm run bench`). Inputs are checked by `F.binaryCrossEntropy`.
 */
export const binaryCrossEntropyKernel = defineCompositeKernel({
  name: 'TsdlBinaryCrossEntropy',
  inputsToSave: ['x', 'target'] as const,
  forward: ({ x, target }, { reduction }: { reduction: string }) => {
    const logX = clampedLog(x);
    const log1mX = clampedLog(tf.sub(1, x));
    // -(t log x + (1 - t) log(1 - x)) = t (log(1 - x) - log x) - log(1 - x)
    const losses = tf.sub(tf.mul(target, tf.sub(log1mX, logX)), log1mX);
    if (reduction === 'mean') return tf.mean(losses);
    if (reduction === 'sum') return tf.sum(losses);
    return losses;
  },
  gradient: (dy, [x, target], { reduction }) => ({
    x: () => scaled(dy, tf.div(tf.sub(x, target), tf.maximum(tf.mul(x, tf.sub(1, x)), 1e-12)), reduction, x.size),
    target: () => scaled(dy, tf.sub(clampedLog(tf.sub(1, x)), clampedLog(x)), reduction, x.size),
  }),
});

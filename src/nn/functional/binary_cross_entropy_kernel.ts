import * as tf from '@tensorflow/tfjs';
import { defineCompositeKernel } from '../../backend/composite_kernel';
import { hostFloat32Views, onHostMemory, recordingGradients, uninitializedLike } from '../../backend/host_memory';

/**
 * Up to this many elements, on backends with host memory, the loss and its gradients are one JavaScript
 * loop each instead of ~9 and ~7 kernel calls (a training step's loss is usually (N, 1): a batch's worth).
 */
const HOST_LOOP_MAX = 4096;

const fr = Math.fround;

/** `log(v)` clamped below at -100, as PyTorch's BCE does so that a probability of exactly 0 or 1 costs 100. */
function clampedLog(v: tf.Tensor): tf.Tensor {
  return tf.maximum(tf.log(v), -100);
}

function hostClampedLog(v: number): number {
  return Math.max(fr(Math.log(v)), -100);
}

/** Multiplies a gradient by `dy`, and by 1 / n for a mean (dy is then a scalar: one small op instead of a full-size one). */
function scaled(dy: tf.Tensor, g: tf.Tensor, reduction: string, n: number): tf.Tensor {
  return tf.mul(reduction === 'mean' ? tf.div(dy, n) : dy, g);
}

/** Whether `tensors` are on host memory and small enough for a loop to beat kernel calls. */
function smallOnHost(tensors: tf.Tensor[]): boolean {
  return tensors[0].size <= HOST_LOOP_MAX && onHostMemory(tensors);
}

/**
 * A gradient computed by `perElement(i)` (times dy, and 1 / n for a mean) as one loop, or null when the
 * tensors are not small host tensors or an outer gradient is recording (a gradient of this gradient).
 */
function hostGradient(dy: tf.Tensor, x: tf.Tensor, target: tf.Tensor, reduction: string, perElement: (x: number, t: number) => number): tf.Tensor | null {
  if (recordingGradients() || !smallOnHost([x, target, dy])) return null;
  const out = uninitializedLike(x);
  const [xs, ts, dys, os] = hostFloat32Views([x, target, dy, out]) as Float32Array[];
  const reduced = reduction !== 'none';
  const scale = reduction === 'mean' ? fr(dys[0] / xs.length) : dys[0];
  for (let i = 0; i < xs.length; i++) os[i] = fr((reduced ? scale : dys[i]) * perElement(xs[i], ts[i]));
  return out;
}

const inputGradient = (x: number, t: number): number => fr(fr(x - t) / Math.max(fr(x * fr(1 - x)), 1e-12));
const targetGradient = (x: number): number => fr(hostClampedLog(fr(1 - x)) - hostClampedLog(x));

/**
 * Binary cross-entropy `-(t log x + (1 - t) log(1 - x))` of probabilities `x` and targets `t` (same shape), each
 * log clamped at -100, reduced by `reduction` ('mean' | 'sum' | 'none'), as one kernel with PyTorch's gradients:
 * - d/dx = (x - t) / max(x (1 - x), 1e-12), finite where x is exactly 0 or 1 (the chained gradient of a
 *   clamped log would give 0 * Infinity = NaN there, e.g. when a sigmoid saturates);
 * - d/dt = log(1 - x) - log(x) (clamped logs), computed only when the target needs a gradient.
 *
 * One kernel instead of ~35 chained ops per training step (the XOR and breast-cancer workloads of
 * `npm run bench`); for small tensors on wasm or cpu, a loop over host memory. Inputs are checked by
 * `F.binaryCrossEntropy`.
 */
export const binaryCrossEntropyKernel = defineCompositeKernel({
  name: 'TsdlBinaryCrossEntropy',
  inputs: ['x', 'target'] as const,
  inputsToSave: ['x', 'target'] as const,
  forward: ({ x, target }, { reduction }: { reduction: string }) => {
    if (smallOnHost([x, target])) {
      const losses = reduction === 'none' ? uninitializedLike(x) : null; // allocated before the views are taken
      const [xv, tv, out] = hostFloat32Views(losses === null ? [x, target] : [x, target, losses]) as Float32Array[];
      let total = 0;
      for (let i = 0; i < xv.length; i++) {
        const logX = hostClampedLog(xv[i]);
        const log1mX = hostClampedLog(fr(1 - xv[i]));
        const loss = fr(fr(tv[i] * fr(log1mX - logX)) - log1mX);
        if (out !== undefined) out[i] = loss;
        else total += loss;
      }
      if (losses !== null) return losses;
      return tf.scalar(reduction === 'mean' ? total / xv.length : total);
    }
    const logX = clampedLog(x);
    const log1mX = clampedLog(tf.sub(1, x));
    // -(t log x + (1 - t) log(1 - x)) = t (log(1 - x) - log x) - log(1 - x)
    const losses = tf.sub(tf.mul(target, tf.sub(log1mX, logX)), log1mX);
    if (reduction === 'mean') return tf.mean(losses);
    if (reduction === 'sum') return tf.sum(losses);
    return losses;
  },
  gradient: (dy, [x, target], { reduction }) => ({
    x: () => hostGradient(dy, x, target, reduction, inputGradient)
      ?? scaled(dy, tf.div(tf.sub(x, target), tf.maximum(tf.mul(x, tf.sub(1, x)), 1e-12)), reduction, x.size),
    target: () => hostGradient(dy, x, target, reduction, targetGradient)
      ?? scaled(dy, tf.sub(clampedLog(tf.sub(1, x)), clampedLog(x)), reduction, x.size),
  }),
});

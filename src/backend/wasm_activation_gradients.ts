import * as tf from '@tensorflow/tfjs';
import { hostFloat32Views, recordingGradients, uninitializedLike } from './host_memory';
import { simdKernels, type ActivationGradKernels } from './simd/simd_kernels';

/** tfjs kernels whose gradient gets tsdl's SIMD form, and the export of `simd/activation_grads.wat` it uses. */
const GRADIENTS: Record<string, keyof ActivationGradKernels> = {
  Relu: 'reluGrad',
  LeakyRelu: 'leakyReluGrad',
  Tanh: 'tanhGrad',
  Sigmoid: 'sigmoidGrad',
};

const originals = new Map<string, tf.GradConfig>();

/**
 * Replaces the gradients of ReLU, leaky ReLU, tanh and sigmoid, on wasm, by one pass of tsdl's SIMD kernel
 * (`simd/activation_grads.wat`) instead of tfjs's two or three element-wise kernels (leaky ReLU: a comparison, a
 * product and a select) — the same float32 arithmetic. Everywhere else (other backends, the multithreaded wasm
 * build, other dtypes, gradients of gradients) the gradient is tfjs's own. Returns whether it replaced them (once per process;
 * `restoreActivationGradients` undoes it).
 */
export function speedUpActivationGradients(): boolean {
  if (originals.size > 0) return false;
  for (const [kernelName, exportName] of Object.entries(GRADIENTS)) {
    const original = tf.getGradient(kernelName);
    if (!original) continue;
    originals.set(kernelName, original);
    tf.registerGradient({
      ...original,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
        const d = dy as tf.Tensor;
        const kernels = simdKernels('activationGrads');
        if (kernels === null || recordingGradients() || d.dtype !== 'float32' || saved[0].dtype !== 'float32' || saved[0].size !== d.size) {
          return original.gradFunc(dy, saved, attrs);
        }
        return {
          x: () => simdActivationGradient(exportName, d, saved[0], (attrs?.alpha as number | undefined) ?? 0) ?? original.gradFunc(dy, saved, attrs).x(),
        };
      },
    });
  }
  return true;
}

/** Puts tfjs's own activation gradients back (for A/B benchmarks and tests). */
export function restoreActivationGradients(): void {
  for (const config of originals.values()) tf.registerGradient(config);
  originals.clear();
}

/**
 * One pass of `simd/activation_grads.wat`'s `kernel` over `dy` and `saved` (the activation's input for ReLU and
 * leaky ReLU, its output for tanh and sigmoid; float32, dy's size) into a new tensor, or null when the kernels are
 * not available (not wasm, or switched off) or the tensors have no views. Not for gradients being differentiated
 * (callers check `recordingGradients()`).
 */
export function simdActivationGradient(kernel: keyof ActivationGradKernels, dy: tf.Tensor, saved: tf.Tensor, alpha = 0): tf.Tensor | null {
  const kernels = simdKernels('activationGrads');
  if (kernels === null) return null;
  const out = uninitializedLike(dy); // before the views: an allocation may move the wasm heap
  const views = hostFloat32Views([dy, saved, out]);
  if (views === null) {
    out.dispose();
    return null;
  }
  const [dv, sv, ov] = views;
  kernels[kernel](dv.byteOffset, sv.byteOffset, ov.byteOffset, dy.size, alpha);
  return out;
}

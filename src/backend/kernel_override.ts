import * as tf from '@tensorflow/tfjs';

/** What a kernel function receives (tfjs's `KernelFunc` argument), typed by the caller. */
export type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * Puts `kernelFunc` in place of a backend's registered kernel. It gets the arguments and the kernel it
 * replaces, to hand on the cases it does not cover. Returns the function that puts the replaced kernel back
 * (for A/B benchmarks and tests), or null when the backend has no such kernel.
 *
 * ```ts
 * const restore = overrideKernel('Transpose', 'wasm', (args, previous) => fastPath(args) ?? previous(args));
 * ```
 */
export function overrideKernel<A = KernelArgs>(
  kernelName: string,
  backendName: string,
  kernelFunc: (args: A, previous: (args: A) => ReturnType<tf.KernelFunc>) => ReturnType<tf.KernelFunc> | tf.Tensor,
): (() => void) | null {
  const original = tf.getKernel(kernelName, backendName);
  if (!original) return null;
  const previous = original.kernelFunc as unknown as (args: A) => ReturnType<tf.KernelFunc>;
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ ...original, kernelFunc: ((args: A) => kernelFunc(args, previous)) as unknown as tf.KernelFunc });
  return () => {
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel(original);
  };
}

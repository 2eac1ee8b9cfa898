import * as tf from '@tensorflow/tfjs';

/** Backends a composite kernel is registered for up front (others get it at their first call). */
const KNOWN_BACKENDS = ['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow'];

type Attrs = Record<string, number | string | boolean | number[]>;

/** What `defineCompositeKernel` needs: the kernel's name, its inputs, how to compute it and its gradient. */
export interface CompositeKernelConfig<I extends string, A extends Attrs> {
  /** A name no tfjs kernel has, e.g. `TsdlBinaryCrossEntropy`; it is what `tf.profile` lists. */
  name: string;
  /** The names of the inputs. */
  inputs: readonly I[];
  /** The inputs the gradient needs, in the order it receives them in `saved`. */
  inputsToSave: readonly I[];
  /** The value, from tfjs ops (run without recording: the kernel is one entry on the gradient tape). */
  forward(inputs: Record<I, tf.Tensor>, attrs: A): tf.Tensor;
  /**
   * One function per input giving that input's gradient from `dy` (shaped like the output) and the saved
   * inputs. tfjs calls only the functions of inputs the loss depends on through a trainable tensor.
   */
  gradient(dy: tf.Tensor, saved: tf.Tensor[], attrs: A): Record<I, () => tf.Tensor>;
}

/**
 * Defines an operation made of other tfjs ops as a kernel of its own with a hand-written gradient, and
 * returns the function that runs it.
 *
 * Why not `tf.customGrad`: a custom gradient computes the gradients of all its inputs at once, while a
 * kernel's gradient is one function per input and tfjs runs only those on the path from the trainable
 * tensors to the loss (a loss's target, a batch of data, gets no gradient computed). Compared with the
 * plain composition of ops, the tape holds one node instead of one per op, and the backward pass is the
 * closed form instead of the ops' chained gradients: far fewer kernel calls, which is what small models'
 * training steps pay for on the WebAssembly backend (each call costs a few microseconds whatever its size).
 *
 * The kernel is registered for every backend: its forward only calls tfjs ops.
 *
 * ```ts
 * const square = defineCompositeKernel({
 *   name: 'MySquare', inputs: ['x'], inputsToSave: ['x'],
 *   forward: ({ x }) => tf.mul(x, x),
 *   gradient: (dy, [x]) => ({ x: () => tf.mul(dy, tf.mul(x, 2)) }),
 * });
 * square({ x: tf.tensor([3]) }, {});   // [9]
 * ```
 */
export function defineCompositeKernel<I extends string, A extends Attrs>(
  config: CompositeKernelConfig<I, A>,
): (inputs: Record<I, tf.Tensor>, attrs: A) => tf.Tensor {
  // The engine takes a Tensor returned by a kernel as the output itself; the ops inside run at kernel depth > 0,
  // so they are not recorded for gradients, and the tidy frees their intermediates.
  const register = kernelOnEveryBackend(config.name, () => ((args: { inputs: Record<I, tf.Tensor>; attrs: A }) =>
    tf.tidy(() => config.forward(args.inputs, args.attrs))) as unknown as tf.KernelFunc);
  tf.registerGradient({
    kernelName: config.name,
    inputsToSave: [...config.inputsToSave],
    gradFunc: ((dy: tf.Tensor, saved: tf.Tensor[], attrs: A) => config.gradient(dy, saved, attrs)) as unknown as tf.GradFunc,
  });
  return (inputs, attrs) => {
    register(tf.getBackend());
    return tf.engine().runKernel(config.name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  };
}

/**
 * Registers kernel `kernelName` for the backends tfjs ships (cpu, wasm, webgl, webgpu, tensorflow) with the
 * function `kernelFor(backendName)` gives, and returns the function that registers it for another backend (call it
 * with `tf.getBackend()` before running the kernel). A backend that already has the kernel keeps it.
 */
export function kernelOnEveryBackend(kernelName: string, kernelFor: (backendName: string) => tf.KernelFunc): (backendName: string) => void {
  const registered = new Set<string>();
  const register = (backendName: string): void => {
    if (registered.has(backendName)) return;
    registered.add(backendName);
    if (tf.getKernel(kernelName, backendName)) return;
    tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFor(backendName) });
  };
  KNOWN_BACKENDS.forEach(register);
  return register;
}

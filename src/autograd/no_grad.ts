import * as tf from '@tensorflow/tfjs';
import { recordingGradients } from '../backend/host_memory';

/** Whether `backward` is recording operations right now. */
export function isGradEnabled(): boolean {
  return recordingGradients();
}

/**
 * A copy of `x` through which no gradient flows (PyTorch's `x.detach()`); the caller owns it.
 */
export function detach<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const stop = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => ({
      value: tf.clone(inputs[0] as tf.Tensor),
      gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
    }));
    return stop(x) as T;
  });
}

/**
 * Runs `fn` for inference, like `with torch.no_grad():`. Every tensor `fn` creates is freed except those it
 * returns (it runs in `tf.tidy`), and inside `tsdl.backward` the returned tensors carry no gradient.
 * `fn` must be synchronous (tfjs scopes cannot span an `await`).
 *
 * ```ts
 * model.eval();
 * const pred = tsdl.noGrad(() => model.forward(xTest).argMax(1));   // dispose pred when done
 * ```
 */
export function noGrad<T extends tf.TensorContainer>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError('noGrad: expected a function');
  const result = tf.tidy(fn);
  if (result instanceof Promise) {
    throw new TypeError('noGrad: the function returned a Promise; it must be synchronous');
  }
  if (!isGradEnabled()) return result;
  return detachAll(result) as T;
}

function detachAll(value: tf.TensorContainer): tf.TensorContainer {
  if (value instanceof tf.Tensor) {
    const d = detach(value);
    value.dispose();
    return d;
  }
  if (Array.isArray(value)) return value.map((v) => detachAll(v as tf.TensorContainer)) as tf.TensorContainer;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, tf.TensorContainer> = {};
    for (const [k, v] of Object.entries(value)) out[k] = detachAll(v as tf.TensorContainer);
    return out as tf.TensorContainer;
  }
  return value;
}

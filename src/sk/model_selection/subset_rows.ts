import * as tf from '@tensorflow/tfjs';

/** Rows `indices` of an array or tensor, returned in the same kind (tensor → new tensor via gather). */
export function takeRows<T>(data: T, indices: number[]): T {
  if (data instanceof tf.Tensor) {
    return tf.tidy(() => tf.gather(data, tf.tensor1d(indices, 'int32'))) as unknown as T;
  }
  if (ArrayBuffer.isView(data)) {
    const src = data as unknown as ArrayLike<number> & { constructor: new (n: number) => { [k: number]: number } };
    const out = new src.constructor(indices.length);
    indices.forEach((i, k) => (out[k] = src[i]));
    return out as unknown as T;
  }
  const arr = data as unknown as unknown[];
  return indices.map((i) => arr[i]) as unknown as T;
}

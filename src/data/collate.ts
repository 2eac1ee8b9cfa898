import * as tf from '@tensorflow/tfjs';

/** Below this many elements a batch is stacked by copying values in JS (one tensor op instead of B + 1). */
const JS_STACK_LIMIT = 1 << 22;

/** `tf.stack`, done with one tensor creation for small numeric batches (much faster on the CPU/WASM backends). */
function stackTensors(items: tf.Tensor[]): tf.Tensor {
  const first = items[0];
  const size = first.size;
  if (first.dtype === 'string' || first.dtype === 'complex64' || size * items.length > JS_STACK_LIMIT) return tf.stack(items);
  const out = first.dtype === 'float32' ? new Float32Array(size * items.length) : new Int32Array(size * items.length);
  items.forEach((t, k) => out.set(t.dataSync() as ArrayLike<number>, k * size));
  return tf.tensor(out, [items.length, ...first.shape], first.dtype);
}

/**
 * Turns a list of items into a batch (PyTorch's `default_collate`):
 * - tensors of equal shape `[...s]` are stacked into `[B, ...s]`;
 * - numbers become a 1-D tensor (`int32` if all are integers, else `float32`), booleans a `bool` tensor;
 * - strings stay an array of strings;
 * - arrays/tuples are collated position by position, plain objects key by key.
 * ```ts
 * data.defaultCollate([[tf.tensor([1, 2]), 0], [tf.tensor([3, 4]), 1]]);  // [Tensor [2,2], Tensor [2]]
 * ```
 */
export function defaultCollate(items: unknown[]): unknown {
  if (items.length === 0) throw new Error('defaultCollate: cannot collate an empty list of items');
  const first = items[0];
  if (first instanceof tf.Tensor) {
    const shapes = items.map((t) => (t instanceof tf.Tensor ? `[${t.shape.join(',')}]` : typeof t));
    if (shapes.some((s) => s !== shapes[0])) {
      throw new Error(`defaultCollate: items in a batch must have the same shape, got ${[...new Set(shapes)].join(' and ')}`);
    }
    return stackTensors(items as tf.Tensor[]);
  }
  if (typeof first === 'number') {
    const nums = items as number[];
    return tf.tensor1d(nums, nums.every(Number.isInteger) ? 'int32' : 'float32');
  }
  if (typeof first === 'boolean') return tf.tensor1d(items as boolean[], 'bool');
  if (typeof first === 'string') return items.slice();
  if (ArrayBuffer.isView(first)) {
    return tf.stack(items.map((a) => tf.tensor(Array.from(a as unknown as ArrayLike<number>))));
  }
  if (Array.isArray(first)) {
    const width = first.length;
    items.forEach((it, k) => {
      if (!Array.isArray(it) || it.length !== width) {
        throw new Error(`defaultCollate: item ${k} does not have the same structure as item 0 (an array of ${width})`);
      }
    });
    return first.map((_, j) => defaultCollate(items.map((it) => (it as unknown[])[j])));
  }
  if (first !== null && typeof first === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      out[key] = defaultCollate(items.map((it) => (it as Record<string, unknown>)[key]));
    }
    return out;
  }
  throw new Error(`defaultCollate: cannot collate items of type ${first === null ? 'null' : typeof first}`);
}

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/backend';
import { copyBox } from '../../src/backend/wasm_slice_view';

/** Runs `f` on the cpu backend (the reference) and on wasm; returns both results as nested arrays. */
async function onBoth<T extends tf.TensorContainer>(f: () => T): Promise<[unknown, unknown]> {
  const read = (r: T) => (Array.isArray(r) ? (r as tf.Tensor[]).map((t) => t.arraySync()) : (r as unknown as tf.Tensor).arraySync());
  await tf.setBackend('cpu');
  const ref = tf.tidy(() => read(f()));
  await tf.setBackend('wasm');
  const got = tf.tidy(() => read(f()));
  return [got, ref];
}

describe('wasm slices that read the input in place', () => {
  beforeAll(async () => {
    await ready({ forced: 'wasm' });
  });

  it('copyBox copies boxes of every rank, merging whole trailing dimensions', () => {
    const src = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const out = new Float32Array(2 * 2 * 2);
    copyBox(src, [2, 3, 4], [0, 1, 2], [2, 2, 2], out);
    expect(Array.from(out)).toEqual([6, 7, 10, 11, 18, 19, 22, 23]);
    const whole = new Float32Array(12);
    copyBox(src, [2, 3, 4], [1, 0, 0], [1, 3, 4], whole);
    expect(Array.from(whole)).toEqual(Array.from(src.subarray(12)));
    const empty = new Float32Array(0);
    copyBox(src, [2, 3, 4], [0, 0, 0], [0, 3, 4], empty);
    expect(empty.length).toBe(0);
  });

  it('tf.slice matches the cpu backend (contiguous, strided rows, 5-d, int32, bool)', async () => {
    const cases = await onBoth(() => {
      const x = tf.reshape(tf.range(0, 2 * 3 * 4 * 5 * 6), [2, 3, 4, 5, 6]);
      return [
        tf.slice(x, [1, 0, 0, 0, 0], [1, 3, 4, 5, 6]),
        tf.slice(x, [0, 1, 1, 2, 3], [2, 2, 3, 2, 3]),
        tf.slice(tf.reshape(x, [24, 30]), [5, 7], [10, 1]),
        tf.slice(tf.cast(x, 'int32'), [0, 2, 0, 0, 0], [-1, 1, -1, -1, 2]),
        tf.slice(tf.greater(x, 300), [1, 1, 1, 1, 1], [1, 1, 1, 2, 2]),
      ];
    });
    expect(cases[0]).toEqual(cases[1]);
  });

  it('tf.unstack and tf.split match the cpu backend on every axis', async () => {
    const [got, ref] = await onBoth(() => {
      const x = tf.reshape(tf.range(0, 5 * 4 * 3), [5, 4, 3]);
      return [...tf.unstack(x, 0), ...tf.unstack(x, 1), ...tf.unstack(x, 2), ...tf.split(x, [1, 3], 1), ...tf.split(x, 3, -1), ...tf.split(x, 5, 0)];
    });
    expect(got).toEqual(ref);
  });

  it('tf.stridedSlice matches the cpu backend (steps, negative steps, masks, int32)', async () => {
    const [got, ref] = await onBoth(() => {
      const x = tf.reshape(tf.range(0, 4 * 6 * 6 * 3), [4, 6, 6, 3]);
      return [
        tf.stridedSlice(x, [0, 1, 0, 0], [4, 6, 5, 3], [1, 2, 2, 1]),
        tf.stridedSlice(x, [3, 5, 5, 2], [0, 0, 0, 0], [-1, -2, -3, -1]),
        tf.stridedSlice(x, [1, 0, 2, 0], [2, 6, 3, 3], [1, 1, 1, 1], 0, 0, 0, 0, 0b0101),
        tf.stridedSlice(x, [0, 0], [2, 4], [1, 3], 0, 0, 0, 0b10, 0),
        tf.stridedSlice(tf.cast(x, 'int32'), [0, 0, 0, 1], [4, 6, 6, 3], [2, 1, 1, 1]),
        tf.stridedSlice(x, [0], [4], [2], 0, 0, 0b1, 0, 0),
        tf.stridedSlice(x, [2, 0, 0, 0], [2, 6, 6, 3], [1, 1, 1, 1]),
      ];
    });
    expect(got).toEqual(ref);
  });

  it('gradients through slice, unstack and split are unchanged', async () => {
    const [got, ref] = await onBoth(() => {
      const x = tf.reshape(tf.range(0, 24, 1, 'float32'), [2, 3, 4]);
      const g = tf.grad((a: tf.Tensor) => {
        const [p, q] = tf.split(a, [1, 3], 2);
        const parts = tf.unstack(tf.slice(a, [0, 1, 0], [2, 2, 4]), 1);
        return tf.add(tf.add(tf.sum(tf.mul(p, 2)), tf.sum(tf.square(q))), tf.sum(tf.mul(parts[1], 3)));
      });
      return g(x);
    });
    expect(got).toEqual(ref);
  });

  it('a training-sized slice loop leaks no tensor', () => {
    const x = tf.randomNormal([50, 8, 16]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.unstack(x);
      tf.split(x, 10, 0);
      tf.slice(x, [3, 0, 0], [1, 8, 16]);
    });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('restoreWasmSlices', () => {
  it("puts tfjs's kernels back and speedUpWasmSlices installs them again", async () => {
    const { restoreWasmSlices, speedUpWasmSlices } = await import('../../src/backend/wasm_slice_view');
    await ready({ forced: 'wasm' });
    await tf.setBackend('wasm');
    const patched = tf.getKernel('Slice', 'wasm')!.kernelFunc;
    restoreWasmSlices();
    const original = tf.getKernel('Slice', 'wasm')!.kernelFunc;
    expect(original).not.toBe(patched);
    const x = tf.reshape(tf.range(0, 12), [3, 4]);
    expect(tf.slice(x, [1, 1], [2, 2]).arraySync()).toEqual([[5, 6], [9, 10]]);
    expect(speedUpWasmSlices()).toBe(true);
    expect(tf.getKernel('Slice', 'wasm')!.kernelFunc).not.toBe(original);
    expect(tf.slice(x, [1, 1], [2, 2]).arraySync()).toEqual([[5, 6], [9, 10]]);
    expect(speedUpWasmSlices()).toBe(false);
  });
});

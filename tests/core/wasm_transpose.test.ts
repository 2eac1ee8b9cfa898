import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultLoaders } from '../../src/backend/loaders';
import { selectBackend } from '../../src/backend';
import { asBatchedTranspose } from '../../src/backend/wasm_simd_transpose';
import { useSimdKernels } from '../../src/backend/simd/simd_kernels';

describe('wasm transposes by the SIMD kernel', () => {
  it('recognises the permutations that are batches of matrix transposes', () => {
    expect(asBatchedTranspose([64, 26, 26, 32], [0, 3, 1, 2])).toEqual({ batch: 64, rows: 676, cols: 32 });
    expect(asBatchedTranspose([64, 32, 26, 26], [0, 2, 3, 1])).toEqual({ batch: 64, rows: 32, cols: 676 });
    expect(asBatchedTranspose([5, 7], [1, 0])).toEqual({ batch: 1, rows: 5, cols: 7 });
    expect(asBatchedTranspose([2, 5, 7], [0, 2, 1])).toEqual({ batch: 2, rows: 5, cols: 7 });
    expect(asBatchedTranspose([2, 3, 4], [2, 1, 0])).toBeNull();
    expect(asBatchedTranspose([2, 3, 4, 5], [1, 0, 3, 2])).toBeNull();
    expect(asBatchedTranspose([2, 3], [0, 1])).toBeNull();
  });

  it("gives the cpu backend's transposes for every such shape, edges included, and the others by tfjs's kernel", async () => {
    const cases: [number[], number[]][] = [
      [[8, 26, 26, 32], [0, 3, 1, 2]], [[3, 5, 7, 6], [0, 2, 3, 1]], [[9, 13], [1, 0]], [[4, 4], [1, 0]], [[2, 1, 3], [0, 2, 1]],
      [[3, 8, 5], [2, 0, 1]], [[2, 3, 4], [2, 1, 0]], [[1, 7, 1, 9], [0, 3, 1, 2]],
    ];
    const fill = (shape: number[]) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i * 0.5 - 3), shape);
    const run = () => cases.map(([shape, perm]) => tf.tidy(() => {
      const y = tf.transpose(fill(shape), perm);
      return { shape: y.shape, values: Array.from(y.dataSync()) };
    }));
    await tf.setBackend('cpu');
    const onCpu = run();
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    const before = tf.memory().numTensors;
    const onWasm = run();
    expect(tf.memory().numTensors).toBe(before);
    onCpu.forEach((c, k) => expect(onWasm[k], `case ${k}`).toEqual(c));
    useSimdKernels(false);
    try {
      onCpu.forEach((c, k) => expect(run()[k], `case ${k} without SIMD`).toEqual(c));
    } finally {
      useSimdKernels(true);
    }
  });
});

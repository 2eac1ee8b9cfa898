import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultLoaders } from '../../src/backend/loaders';
import { selectBackend } from '../../src/backend';
import { swapTransposedProduct } from '../../src/backend/wasm_matmul_transpose';

describe('wasm matrix products with transposed operands', () => {
  it('swaps x @ wᵀ only when the batch is smaller than the weight', () => {
    expect(swapTransposedProduct(64, 1024, 784)).toBe(true); // a GAN layer: batch 64, weight 784×1024
    expect(swapTransposedProduct(64, 784, 128)).toBe(true); // MNIST MLP's first layer
    expect(swapTransposedProduct(4, 2, 8)).toBe(false); // XOR: too small to pay for an extra kernel
    expect(swapTransposedProduct(1024, 64, 64)).toBe(false); // more rows than the weight has
  });

  it('gives the cpu backend\'s products for every transpose flag, swapped or not, and frees its copies', async () => {
    // [M, K, N] and a batch size: the first two take the swapped form for x @ wᵀ, the batched one cannot
    const cases: [number, number, number, number][] = [[64, 300, 200, 1], [8, 64, 96, 1], [5, 7, 3, 1], [6, 40, 50, 3]];
    const fill = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.61 + k)), shape);
    const run = () => cases.flatMap(([m, k, n, batch]) => [[false, false], [false, true], [true, false], [true, true]].map(([ta, tb]) => tf.tidy(() => {
      const lead = batch === 1 ? [] : [batch];
      const a = fill([...lead, ...(ta ? [k, m] : [m, k])], 1);
      const b = fill([...lead, ...(tb ? [n, k] : [k, n])], 2);
      const y = tf.matMul(a, b, ta, tb);
      return { shape: y.shape, values: Array.from(y.dataSync()) };
    })));
    await tf.setBackend('cpu');
    const onCpu = run();
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    expect(tf.getBackend()).toBe('wasm');
    run();
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const [tensors, data] = [tf.memory().numTensors, backend.numDataIds()];
    const onWasm = run();
    expect([tf.memory().numTensors, backend.numDataIds()]).toEqual([tensors, data]);
    onCpu.forEach((r, c) => {
      expect(onWasm[c].shape, `case ${c}`).toEqual(r.shape);
      r.values.forEach((v, i) => expect(Math.abs(onWasm[c].values[i] - v), `case ${c}, entry ${i}`).toBeLessThan(1e-4 * (1 + Math.abs(v))));
    });
  });
});

describe('small wasm matrix products as one loop (a tsdl kernel)', () => {
  it('give the kernel\'s products for every transpose flag, on both sides of the size limit, and leave nothing behind', async () => {
    const { MAX_SMALL_PRODUCT_MACS, smallProductsComputed, useSmallMatMul } = await import('../../src/backend/wasm_small_matmul');
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    const fill = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.73 + k) * 2), shape);
    // [M, K, N]: XOR's products, a 1×1, rows and columns of one, and products of 4,096 and 4,100 multiply-adds
    const cases: [number, number, number][] = [[4, 2, 4], [4, 4, 1], [1, 1, 1], [1, 9, 1], [7, 3, 5], [16, 16, 16], [5, 20, 41]];
    expect(16 * 16 * 16).toBe(MAX_SMALL_PRODUCT_MACS);
    const run = () => cases.flatMap(([m, k, n]) => [[false, false], [false, true], [true, false], [true, true]].map(([ta, tb]) => tf.tidy(() => {
      const y = tf.matMul(fill(ta ? [k, m] : [m, k], 1), fill(tb ? [n, k] : [k, n], 2), ta, tb);
      return { shape: y.shape, values: Array.from(y.dataSync()) };
    })));
    const [tensors, data] = [tf.memory().numTensors, tf.backend().numDataIds()];
    useSmallMatMul(true);
    const before = smallProductsComputed();
    const loop = run();
    expect(smallProductsComputed() - before, 'products by the loop: all but the 4,100-multiply-add case').toBe((cases.length - 1) * 4);
    expect([tf.memory().numTensors, tf.backend().numDataIds()]).toEqual([tensors, data]);
    // with tsdl's WebAssembly kernels off, every product is tfjs's
    const { useSimdKernels } = await import('../../src/backend/simd/simd_kernels');
    useSimdKernels(false);
    try {
      const counted = smallProductsComputed();
      run();
      expect(smallProductsComputed()).toBe(counted);
    } finally {
      useSimdKernels(true);
    }
    useSmallMatMul(false);
    const kernel = run();
    useSmallMatMul(true);
    kernel.forEach((r, c) => {
      expect(loop[c].shape, `case ${c}`).toEqual(r.shape);
      r.values.forEach((v, i) => expect(Math.abs(loop[c].values[i] - v), `case ${c}, entry ${i}`).toBeLessThan(2e-6 * (1 + Math.abs(v))));
    });
    // mismatched inner sizes: tfjs's message
    expect(() => tf.tidy(() => tf.matMul(fill([2, 3], 1), fill([4, 2], 2)))).toThrow(/inner shapes/);
  });
});

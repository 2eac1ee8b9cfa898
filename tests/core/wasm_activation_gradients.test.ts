import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultLoaders } from '../../src/backend/loaders';
import { selectBackend } from '../../src/backend';
import { simdKernels } from '../../src/backend/simd/simd_kernels';
import { restoreActivationGradients, speedUpActivationGradients } from '../../src/backend/wasm_activation_gradients';
import { registerComparisonGradients } from '../../src/autograd/comparison_gradients';

describe('activation gradients by the SIMD kernel on wasm', () => {
  it("give tfjs's gradients of relu, leaky relu, tanh and sigmoid, tails and edge values included", async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    expect(simdKernels('activationGrads')).not.toBeNull();
    // 0 and -0 (not > 0), a large value, and sizes with 0–3 values after the last group of four.
    const fill = (n: number, k: number) => tf.tensor(Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? -0 : i % 13 === 0 ? 40 : Math.sin(i * 1.7 + k) * 3)));
    const activations: [string, (x: tf.Tensor) => tf.Tensor][] = [
      ['relu', (x) => tf.relu(x)], ['leakyRelu', (x) => tf.leakyRelu(x, 0.2)], ['tanh', (x) => tf.tanh(x)], ['sigmoid', (x) => tf.sigmoid(x)],
    ];
    const gradients = () => activations.flatMap(([name, f]) => [5, 8, 1027].map((n) => tf.tidy(() => {
      const x = fill(n, 1);
      const w = tf.tensor(Array.from({ length: n }, (_, i) => Math.cos(i * 0.9) - 0.3)); // nonzero where x is 0
      return { name, n, g: Array.from(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(f(a), w)))(x).dataSync()) };
    })));
    const before = tf.memory().numTensors;
    const simd = gradients();
    expect(tf.memory().numTensors).toBe(before);
    restoreActivationGradients();
    try {
      const ops = gradients();
      // (+ 0: tfjs's relu gradient multiplies dy by 0 where x <= 0, giving -0 for negative dy; the kernel gives 0.)
      ops.forEach((o, i) => expect(simd[i].g.map((v) => v + 0), `${o.name}, ${o.n} values`).toEqual(o.g.map((v) => v + 0)));
    } finally {
      speedUpActivationGradients();
    }
  });

  it('leave gradients of gradients to tfjs: a Hessian-vector product through leaky ReLU equals tfjs\'s', async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    registerComparisonGradients(); // (leaky ReLU's own gradient compares x with 0: tsdl gives comparisons a zero gradient)
    // d/dw (∂L/∂w · v) for L = Σ leakyRelu(x w)²: the inner gradient's ops must be recorded for the outer one.
    const hvp = () => tf.tidy(() => {
      const w = tf.tensor2d([[0.5, -1.2], [0.8, 0.3]]);
      const x = tf.tensor2d([[1, -2], [0.5, 1.5], [-1, 0.25]]);
      const loss = (a: tf.Tensor) => tf.sum(tf.square(tf.leakyRelu(tf.matMul(x, a), 0.1)));
      return Array.from(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.grad(loss)(a), tf.onesLike(a))))(w).dataSync());
    });
    const withSimd = hvp();
    restoreActivationGradients();
    try {
      expect(withSimd).toEqual(hvp());
    } finally {
      speedUpActivationGradients();
    }
    expect(withSimd.some((v) => v !== 0)).toBe(true);
  });
});

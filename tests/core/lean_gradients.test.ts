import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLoaders } from '../../src/backend/loaders';
import { selectBackend } from '../../src/backend';
import { useLeanGradients } from '../../src/backend/lean_gradients';

const fill = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.7 + k)), shape);

type Outcome = { value: number[]; grads: (number[] | null)[] } | { error: string };

/** engine.gradients of `f` with respect to `xs`, as arrays (or the error message), with tfjs's method or tsdl's. */
function gradientsOf(lean: boolean, f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allowNoGradients = false): Outcome {
  useLeanGradients(lean);
  return tf.tidy(() => {
    try {
      const { value, grads } = (tf.engine() as unknown as {
        gradients(f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allow?: boolean): { value: tf.Tensor; grads: (tf.Tensor | undefined)[] };
      }).gradients(f, xs, dy, allowNoGradients);
      return { value: Array.from(value.dataSync()), grads: grads.map((g) => (g ? Array.from(g.dataSync()) : null)) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  });
}

/**
 * Both ways give the same outcome and leave as many tensors behind: none after a gradient, and after an error
 * those tfjs leaves too (the tape's saved tensors when no parameter is on a path to the value).
 */
function expectSameBothWays(label: string, f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allowNoGradients = false): Outcome {
  const before = tf.memory().numTensors;
  const lean = gradientsOf(true, f, xs, dy, allowNoGradients);
  const leanLeft = tf.memory().numTensors - before;
  const original = gradientsOf(false, f, xs, dy, allowNoGradients);
  const originalLeft = tf.memory().numTensors - before - leanLeft;
  expect(lean, label).toEqual(original);
  expect(leanLeft, `${label}: tensors left behind`).toBe(originalLeft);
  if (!('error' in lean)) expect(leanLeft, `${label}: tensors left behind`).toBe(0);
  return lean;
}

describe('lean Engine.gradients', () => {
  afterAll(() => useLeanGradients(true));

  it('gives tfjs\'s values, gradients and errors, on wasm and cpu', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await selectBackend({ forced: backend, loaders: defaultLoaders });
      const x = fill([4, 3], 1);
      const w1 = fill([3, 5], 2);
      const b1 = fill([5], 3);
      const w2 = fill([5, 1], 4);
      const t = tf.tensor2d([[0], [1], [1], [0]]);
      // an MLP with broadcast bias, tanh, sigmoid and binary cross-entropy
      const mlp = () => tf.losses.sigmoidCrossEntropy(t, tf.matMul(tf.tanh(tf.add(tf.matMul(x, w1), b1)), w2));
      expectSameBothWays(`${backend} MLP`, mlp, [w1, b1, w2]);
      expectSameBothWays(`${backend} MLP, x too`, mlp, [x, w1, b1, w2]);
      // a tensor used three times: gradients accumulate
      expectSameBothWays(`${backend} reuse`, () => tf.sum(tf.mul(tf.add(x, x), tf.exp(x))), [x]);
      // an int32 input off the path from the parameters (its gradient would fail the float32 check): pruned
      expectSameBothWays(`${backend} gather`, () => tf.sum(tf.mul(tf.gather(w1, tf.tensor1d([0, 2, 2], 'int32')), 2)), [w1]);
      // a branch from a parameter that does not lead to the value: left out
      const deadBranch = () => { tf.square(w1); return tf.sum(tf.mul(w1, 2)); };
      expectSameBothWays(`${backend} dead branch`, deadBranch, [w1]);
      const kernels = async (lean: boolean) => (await tf.profile(() => { gradientsOf(lean, deadBranch, [w1]); })).kernels.map((k) => k.name);
      expect(await kernels(true), `${backend} dead branch`).toEqual(await kernels(false));
      // a convolution, pooling and reshape
      const img = fill([2, 6, 6, 2], 5);
      const k = fill([3, 3, 2, 4], 6);
      expectSameBothWays(`${backend} conv`, () => tf.sum(tf.square(tf.reshape(tf.maxPool(tf.relu(tf.conv2d(img as tf.Tensor4D, k as tf.Tensor4D, 1, 'same')), 2, 2, 'valid'), [2, -1]))), [img, k]);
      // a given dy, and a non-scalar y
      expectSameBothWays(`${backend} dy`, () => tf.mul(x, w1.slice([0, 0], [1, 3])), [x, w1], fill([4, 3], 7));
      // one x the value does not depend on: undefined gradient, and with no path at all the error (or allowed)
      const unused = fill([2], 8);
      const some = expectSameBothWays(`${backend} one unused`, () => tf.sum(tf.square(x)), [x, unused]);
      expect('grads' in some && some.grads[1]).toBeNull();
      const none = expectSameBothWays(`${backend} no path`, () => tf.sum(tf.square(x)), [unused]);
      expect('error' in none && none.error).toMatch(/Cannot compute gradient of y=f\(x\)/);
      expectSameBothWays(`${backend} no path, allowed`, () => tf.sum(tf.square(x)), [unused], undefined, true);
      // bad arguments
      expect('error' in expectSameBothWays(`${backend} int dy`, () => tf.sum(x), [x], tf.scalar(1, 'int32'))).toBe(true);
      expect('error' in expectSameBothWays(`${backend} not a tensor`, (() => 3) as unknown as () => tf.Tensor, [x])).toBe(true);
      tf.dispose([x, w1, b1, w2, t, img, k, unused]);
    }
  });

  it('keeps gradients of gradients: d²/dx² of x³ sin x', async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    const second = (lean: boolean) => {
      useLeanGradients(lean);
      return tf.tidy(() => Array.from(tf.grad(tf.grad((x: tf.Tensor) => tf.mul(tf.pow(x, 3), tf.sin(x))))(tf.tensor([0.5, -1.2, 2])).dataSync()));
    };
    const lean = second(true);
    expect(lean).toEqual(second(false));
    // 6x sin x + 6x² cos x − x³ sin x
    [0.5, -1.2, 2].forEach((v, i) => expect(lean[i]).toBeCloseTo(6 * v * Math.sin(v) + 6 * v * v * Math.cos(v) - v ** 3 * Math.sin(v), 4));
  });

  it('is what tf.variableGrads uses after selectBackend, and can be switched off', async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    const engine = tf.engine() as unknown as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(engine, 'gradients')).toBe(true);
    useLeanGradients(false);
    expect(Object.prototype.hasOwnProperty.call(engine, 'gradients')).toBe(false);
    useLeanGradients(true);
    expect(Object.prototype.hasOwnProperty.call(engine, 'gradients')).toBe(true);
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLoaders } from '../../src/backend/loaders';
import { selectBackend } from '../../src/backend';
import * as F from '../../src/nn/functional';
import { useFusedLinear } from '../../src/nn/functional/linear_kernel';

/** Deterministic, irregular values (no two alike, mixed signs). */
const fill = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.3 + k) * 2), shape);

/** F.linear's value and the gradients of a weighted sum of it with respect to x, W and b, as arrays. */
function valueAndGradients(xShape: number[], out: number): number[][] {
  return tf.tidy(() => {
    const x = fill(xShape, 1);
    const w = fill([out, xShape[xShape.length - 1]], 2);
    const b = fill([out], 3);
    const mix = fill([...xShape.slice(0, -1), out], 4);
    const y = F.linear(x, w, b);
    const grads = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(tf.mul(F.linear(a, c, d), mix)))([x, w, b]);
    return [y, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

function expectClose(actual: number[][], expected: number[][], label: string): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    expect(a.length, `${label}, output ${i}`).toBe(expected[i].length);
    a.forEach((v, j) => expect(Math.abs(v - expected[i][j]), `${label}, output ${i}[${j}]`).toBeLessThan(1e-5 * (1 + Math.abs(expected[i][j]))));
  });
}

describe('F.linear as one kernel (TsdlLinear)', () => {
  afterAll(() => useFusedLinear(true));

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`on ${backend}: value and gradients equal the matMul + add composition, for 2-d and 3-d input`, async () => {
      await selectBackend({ forced: backend, loaders: defaultLoaders });
      for (const [xShape, out] of [[[4, 2], 4], [[32, 30], 64], [[3, 5, 7], 6], [[1, 1], 1]] as [number[], number][]) {
        useFusedLinear(false);
        const composed = valueAndGradients(xShape, out);
        // the bias added in place (host memory), and by the backend's Add kernel (as on webgl or tfjs-node)
        for (const inPlace of [true, false]) {
          useFusedLinear(true, { inPlace });
          const tensors = tf.memory().numTensors;
          const dataIds = tf.backend().numDataIds();
          const fused = valueAndGradients(xShape, out);
          expect(tf.memory().numTensors, 'tensors left behind').toBe(tensors);
          expect(tf.backend().numDataIds(), 'backend data left behind').toBe(dataIds);
          expectClose(fused, composed, `${backend} x [${xShape}] out ${out}${inPlace ? '' : ', Add kernel'}`);
        }
      }
    });
  }

  it('is one kernel forward and two backward (dW, db), where the composition takes two and five', async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    const kernels = async (on: boolean) => {
      useFusedLinear(on);
      const x = fill([8, 3], 1);
      const w = tf.variable(fill([5, 3], 2));
      const b = tf.variable(fill([5], 3));
      const forward = (await tf.profile(() => { tf.dispose(F.linear(x, w, b)); })).kernels.map((k) => k.name);
      const all = (await tf.profile(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(F.linear(x, w, b)) as tf.Scalar, [w, b]);
        tf.dispose([value, ...Object.values(grads)]);
      })).kernels.map((k) => k.name);
      tf.dispose([x, w, b]);
      return { forward, all };
    };
    // The loss (Sum) and its gradient (Reshape, Multiply) are the same in both.
    const fused = await kernels(true);
    expect(fused.forward).toEqual(['TsdlLinear']);
    expect(fused.all).toEqual(['TsdlLinear', 'Sum', 'Reshape', 'Multiply', 'BatchMatMul', 'Sum']);
    const composed = await kernels(false);
    expect(composed.forward).toEqual(['BatchMatMul', 'Add']);
    expect(composed.all.length).toBe(fused.all.length + 3);
  });

  it('keeps gradients of gradients: d/dx of |∂L/∂W|² equals the composition\'s', async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    const secondOrder = () => tf.tidy(() => {
      const x = fill([3, 4], 1);
      const w = fill([2, 4], 2);
      const b = fill([2], 3);
      return Array.from(tf.grad((a: tf.Tensor) => {
        const dW = tf.grad((c: tf.Tensor) => tf.sum(tf.square(F.linear(a, c, b))))(w);
        return tf.sum(tf.square(dW));
      })(x).dataSync());
    });
    useFusedLinear(true);
    const fused = secondOrder();
    useFusedLinear(false);
    expectClose([fused], [secondOrder()], 'second order');
  });

  it('leaves a bias that is not a (out) vector to the composition (broadcast as before)', async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    useFusedLinear(true);
    const y = tf.tidy(() => F.linear(tf.ones([2, 3]), tf.ones([4, 3]), tf.ones([1, 4])));
    expect(y.shape).toEqual([2, 4]);
    expect(Array.from(y.dataSync())).toEqual(Array(8).fill(4));
    y.dispose();
  });
});

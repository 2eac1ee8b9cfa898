import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLoaders } from '../../src/backend/loaders';
import { selectBackend } from '../../src/backend';
import * as F from '../../src/nn/functional';
import { useFusedLinear, type LinearActivation } from '../../src/nn/functional/linear_kernel';
import { linearThen } from '../../src/nn/functional/linear';
import * as nn from '../../src/nn';

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

describe('a Linear and its activation as one kernel', () => {
  afterAll(() => useFusedLinear(true));

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`on ${backend}: relu, tanh and sigmoid after the product give the composition's values and gradients`, async () => {
      await selectBackend({ forced: backend, loaders: defaultLoaders });
      const activations: [LinearActivation, (t: tf.Tensor) => tf.Tensor][] = [['relu', tf.relu], ['tanh', tf.tanh], ['sigmoid', tf.sigmoid]];
      // 24 outputs, and 4,480: more than the in-place loop takes (the backend's activation kernel then)
      for (const [activation, op] of activations) for (const [n, k, out] of [[6, 5, 4], [70, 8, 64]]) {
        const both = (fused: boolean, inPlace: boolean) => tf.tidy(() => {
          useFusedLinear(fused, { inPlace });
          const x = fill([n, k], 1);
          const w = fill([out, k], 2);
          // outputs of both signs (ReLU zeroes some)
          const b = out === 4 ? tf.tensor([-8, 0.5, 2, -5]) : tf.mul(fill([out], 3), 4);
          const mix = fill([n, out], 4);
          const f = (a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => (fused ? linearThen(a, c, d, activation) : op(tf.add(tf.matMul(a, c, false, true), d)));
          const grads = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(tf.mul(f(a, c, d), mix)))([x, w, b]);
          return [f(x, w, b), ...grads].map((t) => Array.from(t.dataSync()));
        });
        const composed = both(false, true);
        for (const inPlace of [true, false]) {
          const tensors = tf.memory().numTensors;
          const fused = both(true, inPlace);
          expect(tf.memory().numTensors, 'tensors left behind').toBe(tensors);
          expectClose(fused, composed, `${backend} ${activation} ${n}x${out}${inPlace ? '' : ', backend kernels'}`);
        }
      }
    });
  }

  it('keeps gradients of gradients through the activation: d/dx of |∂L/∂W|² for tanh and sigmoid', async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    for (const [activation, op] of [['tanh', tf.tanh], ['sigmoid', tf.sigmoid]] as [LinearActivation, (t: tf.Tensor) => tf.Tensor][]) {
      const secondOrder = (fused: boolean) => tf.tidy(() => {
        useFusedLinear(fused);
        const x = fill([3, 4], 1);
        const w = fill([2, 4], 2);
        const b = fill([2], 3);
        const f = (a: tf.Tensor, c: tf.Tensor) => (fused ? linearThen(a, c, b, activation) : op(tf.add(tf.matMul(a, c, false, true), b)));
        return Array.from(tf.grad((a: tf.Tensor) => tf.sum(tf.square(tf.grad((c: tf.Tensor) => tf.sum(tf.square(f(a, c))))(w))))(x).dataSync());
      });
      expectClose([secondOrder(true)], [secondOrder(false)], `second order, ${activation}`);
    }
  });

  it('in nn.Sequential: fused where a Linear is followed by exactly ReLU, Tanh or Sigmoid without hooks', async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    useFusedLinear(true);
    class MyReLU extends nn.ReLU {
      override forward(input: tf.Tensor): tf.Tensor {
        return tf.mul(super.forward(input), 2);
      }
    }
    const model = new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 4), new MyReLU(), new nn.Linear(4, 2), new nn.Sigmoid());
    const x = fill([5, 3], 1);
    const run = () => tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.forward(x) as tf.Tensor)) as tf.Scalar, model.parameters());
      return [Array.from(value.dataSync()), ...Object.values(grads).map((g) => Array.from(g.dataSync()))];
    });
    const kernels = async () => (await tf.profile(() => { tf.dispose(model.forward(x) as tf.Tensor); })).kernels.map((k) => k.name);
    // the subclass of ReLU is not fused (it doubles), Tanh and Sigmoid are
    expect(await kernels()).toEqual(['TsdlLinear', 'TsdlLinear', 'Relu', 'Multiply', 'TsdlLinear']);
    const fused = run();
    useFusedLinear(false);
    expectClose(fused, run(), 'Sequential');
    useFusedLinear(true);
    // a hook on the Tanh sees the tanh of the first Linear's output, so that pair is not fused
    const seen: number[][] = [];
    const handle = (model.get(1) as nn.Module).registerForwardHook((_m, _inputs, output) => { seen.push(Array.from((output as tf.Tensor).dataSync())); });
    expect(await kernels()).toEqual(['TsdlLinear', 'Tanh', 'TsdlLinear', 'Relu', 'Multiply', 'TsdlLinear']);
    handle.remove();
    expect(seen.length).toBe(1);
    expect(seen[0].every((v) => v > -1 && v < 1)).toBe(true);
    x.dispose();
    model.dispose();
  });
});

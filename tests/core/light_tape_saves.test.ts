import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/backend';
import { lightenTapeSaves, restoreTapeSaves } from '../../src/backend/light_tape_saves';

// A small network's loss as a function of its weights: matMul, bias, tanh, relu, sigmoid, log (each keeps
// inputs or outputs for its gradient).
function loss(w1: tf.Tensor, w2: tf.Tensor, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const h = tf.tanh(tf.add(tf.matMul(x, w1), 0.1));
  const p = tf.sigmoid(tf.matMul(tf.relu(h), w2));
  return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(tf.add(p, 1e-6))), tf.mul(tf.sub(1, y), tf.log(tf.sub(1.000001, p))))));
}

const inputs = (): tf.Tensor[] => [
  tf.tensor2d([[0.2, -0.4, 0.1, 0.5], [0.3, -0.2, -0.1, 0.6], [0.25, 0.05, -0.3, 0.4]], [3, 4]),
  tf.tensor2d([[0.3], [-0.2], [0.5], [0.1]], [4, 1]),
  tf.tensor2d([[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1]], [4, 3]),
  tf.tensor2d([[1], [0], [1], [0]], [4, 1]),
];

type Loss = (w1: tf.Tensor, w2: tf.Tensor, x: tf.Tensor, y: tf.Tensor) => tf.Scalar;

function firstOrder(lossOf: Loss = loss): number[][] {
  const [w1, w2, x, y] = inputs();
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => lossOf(a, b, x, y))([w1, w2]);
  const out = grads.map((g) => Array.from(g.dataSync()));
  tf.dispose([w1, w2, x, y, ...grads]);
  return out;
}

// d/dw of (dL/dw1 · v): a Hessian-vector product, through the gradient's own operations.
function secondOrder(): number[] {
  const [w1, w2, x, y] = inputs();
  const v = tf.onesLike(w1);
  const hv = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.grad((b: tf.Tensor) => loss(b, w2, x, y))(a), v)))(w1);
  const out = Array.from(hv.dataSync());
  tf.dispose([w1, w2, x, y, v, hv]);
  return out;
}

// The same kind of network through a tf.customGrad op (as tsdl's batch norm, convolution and LSTM are made): it
// saves its input, weight and output with the `save` function tfjs gives it.
const customLayer = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
  const y = tf.tanh(tf.matMul(x, w));
  save([x, w, y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, [xs, ws, ys]: tf.Tensor[]) => {
      const dz = tf.mul(dy, tf.sub(1, tf.square(ys)));
      return [tf.matMul(dz, ws, false, true), tf.matMul(xs, dz, true, false)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

function customLoss(w1: tf.Tensor, w2: tf.Tensor, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const p = tf.sigmoid(tf.matMul(customLayer(x, w1), w2));
  return tf.mean(tf.square(tf.sub(p, y)));
}

function identityCalls(f: () => void): Promise<number> {
  return tf.profile(f).then((info) => info.kernels.filter((k) => k.name === 'Identity').length);
}

/** What `f` gives with the light saves, then with tfjs's clones (the light saves are put back after). */
async function lightAndCloned<T>(f: () => T | Promise<T>): Promise<[T, T]> {
  const light = await f();
  restoreTapeSaves();
  try {
    return [light, await f()];
  } finally {
    lightenTapeSaves();
  }
}

/** The Identity calls of the two networks' first-order gradients, light and cloned. */
async function identityCallsOf(lossOf: Loss): Promise<[number, number]> {
  const [w1, w2, x, y] = inputs();
  const counts = await lightAndCloned(() => identityCalls(() => {
    tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor) => lossOf(a, b, x, y))([w1, w2]));
  }));
  tf.dispose([w1, w2, x, y]);
  return counts;
}

/** Tensors and the backend's own data buffers (a reference the light saves failed to drop would keep one). */
const liveData = (): string => `${tf.memory().numTensors} tensors, ${tf.engine().backend.numDataIds()} buffers`;

/** `f`'s values light and cloned, checking that each run leaves no tensor or buffer behind. */
async function sameBothWays<T>(f: () => T): Promise<[T, T]> {
  const [light, cloned] = await lightAndCloned(() => {
    const before = liveData();
    const value = f();
    expect(liveData()).toBe(before);
    return value;
  });
  expect(light).toEqual(cloned);
  return [light, cloned];
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`tensors saved for backpropagation (${backend})`, () => {
    beforeAll(async () => {
      await ready({ forced: backend });
      expect(await tf.setBackend(backend)).toBe(true);
    });
    afterAll(() => { lightenTapeSaves(); });

    it('are installed by ready() and save without a kernel call each', async () => {
      expect(lightenTapeSaves()).toBe(false); // ready() did it
      const [light, cloned] = await identityCallsOf(loss);
      expect(light).toBe(0);
      expect(cloned).toBeGreaterThan(10);
    });

    it('give the same first-order gradients as tfjs’s clones, and free what they keep', async () => {
      const [light] = await sameBothWays(() => firstOrder());
      expect(light[0].some((v) => v !== 0)).toBe(true);
    });

    it('leave gradients of gradients to tfjs’s clones, which they need', async () => {
      const [light] = await sameBothWays(secondOrder);
      expect(light.some((v) => Math.abs(v) > 1e-4)).toBe(true);
      // x³ has second derivative 6x
      const x = tf.tensor1d([0.5, -1, 2]);
      const d2 = tf.grad((a: tf.Tensor) => tf.sum(tf.grad((b: tf.Tensor) => tf.sum(tf.pow(b, 3)))(a)))(x);
      expect(Array.from(d2.dataSync())).toEqual([3, -6, 12]);
      tf.dispose([x, d2]);
    });

    it('save a custom-gradient op’s tensors without a kernel call each, with the same gradients', async () => {
      const [light, cloned] = await identityCallsOf(customLoss);
      expect(light).toBe(0);
      expect(cloned).toBeGreaterThanOrEqual(3);
      const [grads] = await sameBothWays(() => firstOrder(customLoss));
      expect(grads[0].some((v) => v !== 0)).toBe(true);
    });

    it('leave a clone made in recorded code outside an op to tfjs (on the tape, its gradient flows)', async () => {
      const x = tf.tensor1d([1, -2, 3]);
      const [light] = await sameBothWays(() => {
        const g = tf.grad((a: tf.Tensor) => tf.sum(tf.square(tf.engine().clone(a))))(x);
        const out = Array.from(g.dataSync());
        g.dispose();
        return out;
      });
      expect(light.every((v) => v !== 0)).toBe(true);
      x.dispose();
    });

    it('keep memory flat across training steps', () => {
      const [w1, w2, x, y] = inputs();
      const v1 = tf.variable(w1);
      const v2 = tf.variable(w2);
      const opt = tf.train.adam(0.01);
      const step = (): void => { tf.dispose(opt.minimize(() => loss(v1, v2, x, y), true)); };
      step();
      const after1 = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) step();
      expect(tf.memory().numTensors).toBe(after1);
      opt.dispose();
      tf.dispose([w1, w2, x, y, v1, v2]);
    });
  });
}

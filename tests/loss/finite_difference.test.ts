/** Every loss's gradient (tf.grad) against central finite differences. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as F from '../../src/nn/functional/loss';
import { expectClose } from './close';

/** d f / d x by central differences, one coordinate at a time (float32; h chosen for that). */
function numericGrad(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, h = 1e-2): Float32Array {
  const base = x.dataSync().slice();
  const out = new Float32Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const plus = base.slice();
    const minus = base.slice();
    plus[i] += h;
    minus[i] -= h;
    const fp = tf.tidy(() => f(tf.tensor(plus, x.shape)).dataSync()[0]);
    const fm = tf.tidy(() => f(tf.tensor(minus, x.shape)).dataSync()[0]);
    out[i] = (fp - fm) / (2 * h);
  }
  return out;
}

const x = tf.tensor2d([[1.2, -0.7, 0.3], [-1.5, 0.4, 2.1], [0.8, 1.9, -0.6], [0.05, -1.1, 0.9]]);
const probs = tf.tensor2d([[0.7, 0.2, 0.45], [0.15, 0.6, 0.85], [0.3, 0.75, 0.55], [0.5, 0.35, 0.2]]);
const yInt = tf.tensor1d([0, 2, 1, 2], 'int32');
const yBin = tf.tensor2d([[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0]]);
const yReal = tf.tensor2d([[0.2, -0.1, 1.4], [-0.3, 1.2, 0.6], [1.5, 0.2, 0.5], [-0.6, -0.4, 2.4]]);
const soft = tf.softmax(tf.tensor2d([[0.1, 0.5, -0.2], [1, 0, 0], [0.3, 0.3, 0.9], [-1, 0.2, 0.4]]));

const cases: [string, (v: tf.Tensor) => tf.Tensor, tf.Tensor][] = [
  ['crossEntropy (weights, label smoothing)', (v) => F.crossEntropy(v, yInt, { weight: [0.5, 2, 1], labelSmoothing: 0.1 }), x],
  ['crossEntropy (probability targets)', (v) => F.crossEntropy(v, soft), x],
  ['nllLoss (ignoreIndex)', (v) => F.nllLoss(v, yInt, { ignoreIndex: 1, reduction: 'sum' }), x],
  ['binaryCrossEntropy', (v) => F.binaryCrossEntropy(v, yBin), probs],
  ['binaryCrossEntropy (sum, weight)', (v) => F.binaryCrossEntropy(v, yBin, { reduction: 'sum', weight: [2, 0.5, 1] }), probs],
  ['binaryCrossEntropy (none, then a weighted sum)', (v) => tf.sum(tf.mul(F.binaryCrossEntropy(v, yBin, { reduction: 'none' }), yReal)), probs],
  ['binaryCrossEntropy with respect to a soft target', (v) => F.binaryCrossEntropy(probs, v), tf.tensor2d([[0.3, 0.9, 0.5], [0.1, 0.4, 0.7], [0.6, 0.2, 0.8], [0.5, 0.5, 0.05]])],
  ['binaryCrossEntropyWithLogits (posWeight)', (v) => F.binaryCrossEntropyWithLogits(v, yBin, { posWeight: [2, 0.5, 1] }), x],
  ['mseLoss', (v) => F.mseLoss(v, yReal), x],
  ['l1Loss', (v) => F.l1Loss(v, yReal, { reduction: 'sum' }), x],
  ['smoothL1Loss', (v) => F.smoothL1Loss(v, yReal, { beta: 0.8 }), x],
  ['huberLoss', (v) => F.huberLoss(v, yReal, { delta: 0.7 }), x],
  ['klDiv', (v) => F.klDiv(tf.logSoftmax(v), soft, { reduction: 'batchmean' }), x],
];

describe('loss gradients vs finite differences', () => {
  for (const [name, f, at] of cases) {
    it(`${name}`, () => {
      const analytic = tf.tidy(() => tf.grad(f)(at).dataSync());
      expectClose(analytic, numericGrad(f, at), name, 2e-2, 2e-3);
    });
  }
});

describe('binaryCrossEntropy as one kernel', () => {
  // Large enough (> 4096 elements) for tensor ops rather than the loop over host memory.
  const large = (k: number) => tf.tidy(() => tf.add(tf.mul(tf.sigmoid(tf.sin(tf.mul(tf.range(0, 4200), k))), 0.98), 0.01));

  it('computes the target gradient only when the target needs one', async () => {
    const p = tf.variable(large(1.3));
    const labels = tf.tidy(() => tf.round(large(0.7)));
    const logs = async (f: () => tf.Scalar, xs: tf.Variable[]) => {
      const info = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(f, xs);
        tf.dispose([value, ...Object.values(grads)]);
      });
      return info.kernels.filter((k) => k.name === 'Log').length;
    };
    // Forward: two logs. The target's gradient would take two more.
    expect(await logs(() => F.binaryCrossEntropy(p, labels) as tf.Scalar, [p])).toBe(2);
    const t = tf.variable(large(2.1));
    expect(await logs(() => F.binaryCrossEntropy(p, t) as tf.Scalar, [p, t])).toBe(4);
    tf.dispose([p, t, labels]);
  });

  it('gives the same values and gradients as a loop over host memory (small tensors) and as tensor ops', () => {
    const valuesAndGrads = (x: tf.Tensor, t: tf.Tensor, reduction: 'mean' | 'sum' | 'none') => tf.tidy(() => {
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(F.binaryCrossEntropy(a, b, { reduction }), reduction === 'none' ? tf.cos(tf.mul(b, 7)) : 1));
      const [ga, gb] = tf.grads(f)([x, t]);
      return [f(x, t), ga, gb].map((g) => Array.from(g.dataSync()));
    });
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const x = large(0.9);
      const t = large(0.4);
      const ops = valuesAndGrads(x, t, reduction);
      // The same computation on the first 4096 values and the rest, each small enough for the loop.
      const parts = [[0, 4096], [4096, 104]].map(([begin, size]) => tf.tidy(() => valuesAndGrads(tf.slice(x, begin, size), tf.slice(t, begin, size), reduction)));
      const n = reduction === 'mean' ? [4096 / 4200, 104 / 4200] : [1, 1];
      expectClose([parts[0][0][0] * n[0] + parts[1][0][0] * n[1]], ops[0], `${reduction} value`, 1e-5, 1e-5);
      for (const g of [1, 2]) {
        const loop = [...parts[0][g].map((v) => v * (reduction === 'mean' ? n[0] : 1)), ...parts[1][g].map((v) => v * (reduction === 'mean' ? n[1] : 1))];
        expectClose(loop, ops[g], `${reduction} gradient ${g}`, 1e-4, 1e-6);
      }
      tf.dispose([x, t]);
    }
  });

  it('has a second derivative (the gradient of its gradient runs as tensor ops), small tensors included', () => {
    // d²/dx² of -(t log x + (1 - t) log(1 - x)) summed: t / x² + (1 - t) / (1 - x)²
    const p = tf.tensor1d([0.2, 0.7, 0.45]);
    const t = tf.tensor1d([1, 0, 1]);
    const second = Array.from(tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(tf.grad((b: tf.Tensor) => F.binaryCrossEntropy(b, t, { reduction: 'sum' }))(a)))(p)).dataSync());
    const expected = [0.2, 0.7, 0.45].map((x, i) => [1, 0, 1][i] / x ** 2 + (1 - [1, 0, 1][i]) / (1 - x) ** 2);
    expectClose(second, expected, 'second derivative', 1e-3, 1e-3);
    tf.dispose([p, t]);
  });

  it('gives the value of the formula for each reduction', () => {
    const expected = tf.tidy(() => tf.neg(tf.add(tf.mul(yBin, tf.log(probs)), tf.mul(tf.sub(1, yBin), tf.log(tf.sub(1, probs))))).dataSync());
    const none = tf.tidy(() => F.binaryCrossEntropy(probs, yBin, { reduction: 'none' }).dataSync());
    expectClose(none, expected, 'none');
    const sum = expected.reduce((a, b) => a + b, 0);
    expectClose([tf.tidy(() => F.binaryCrossEntropy(probs, yBin, { reduction: 'sum' }).dataSync()[0])], [sum], 'sum');
    expectClose([tf.tidy(() => F.binaryCrossEntropy(probs, yBin).dataSync()[0])], [sum / expected.length], 'mean');
  });
});

describe('binaryCrossEntropy at saturated probabilities', () => {
  it('has finite gradients where the input is exactly 0 or 1 (PyTorch clamps the denominator at 1e-12)', () => {
    const x = tf.tensor1d([1, 0, 1, 0.5]);
    const t = tf.tensor1d([1, 0, 0, 1]);
    const g = tf.grad((v: tf.Tensor) => F.binaryCrossEntropy(v, t, { reduction: 'sum' }))(x);
    const values = Array.from(g.dataSync());
    tf.dispose([x, t, g]);
    // d/dx = (x - t) / max(x (1 - x), 1e-12): 0, 0, 1e12, -2
    expectClose(values, [0, 0, 1e12, -2], 'bce saturated gradient');
  });

  it('stays finite through a saturated sigmoid', () => {
    const g = tf.grad((z: tf.Tensor) => F.binaryCrossEntropy(tf.sigmoid(z), tf.tensor1d([1, 0])))(tf.tensor1d([20, -20]));
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    g.dispose();
  });
});

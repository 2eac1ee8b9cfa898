import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchNormTraining } from '../../src/nn/functional/batch_norm_training';
import * as nn from '../../src/nn';
import { selectBackend } from '../../src/backend';
import { simdKernels } from '../../src/backend/simd/simd_kernels';

const grid = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(1.7 * i + k) * (1 + (i % 3))), shape);

/** Batch norm as plain ops, differentiated op by op (the reference for the closed form). */
function composed(x: tf.Tensor, w: tf.Tensor | null, b: tf.Tensor | null, eps: number): tf.Tensor {
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const shape = x.shape.map((d, i) => (i === 1 ? d : 1));
  const { mean, variance } = tf.moments(x, axes, true);
  let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  if (w && b) y = tf.add(tf.mul(y, tf.reshape(w, shape)), tf.reshape(b, shape));
  return y;
}

for (const backendName of ['cpu', 'wasm'] as const) describe(`batch norm in training mode, with its closed-form gradient (${backendName})`, () => {
  it('runs on the backend (wasm: (N, C) input through the SIMD kernels)', async () => {
    await selectBackend({ forced: backendName });
    expect(tf.getBackend()).toBe(backendName);
    expect(simdKernels('batchNorm') !== null).toBe(backendName === 'wasm');
    expect(simdKernels('batchNormPlanes') !== null).toBe(backendName === 'wasm');
  });

  // (N, C) rows and (N, C, …) planes, with planes of 4k values and of others (the kernels' scalar tails).
  for (const [shape, affine] of [[[6, 4], true], [[3, 2, 3, 4], true], [[5, 3, 4], false], [[9, 7], true], [[4, 6], false],
    [[4, 3, 5, 7], true], [[2, 5, 1], true], [[16, 8, 9, 9], false], [[3, 6, 2, 2], true]] as const) {
    it(`matches the op-by-op form for input ${JSON.stringify(shape)}${affine ? '' : ' without affine'}: output, statistics, gradients`, () => {
      const x = tf.variable(grid([...shape], 1));
      const c = shape[1];
      const w = affine ? tf.variable(grid([c], 2)) : null;
      const b = affine ? tf.variable(grid([c], 3)) : null;
      const r = grid([...shape], 4);
      const vars = [x, ...(w && b ? [w, b] : [])];
      const run = (f: () => tf.Tensor) => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(), r)) as tf.Scalar, vars);
        const out = [value, ...vars.map((v) => grads[v.name])].map((t) => Array.from(t.dataSync()));
        tf.dispose([value, ...Object.values(grads)]);
        return out;
      };
      let stats: number[][] = [];
      const closed = run(() => {
        const res = batchNormTraining(x, w, b, 1e-5);
        stats = [Array.from(res.mean.dataSync()), Array.from(res.variance.dataSync())];
        tf.dispose([res.mean, res.variance]);
        return res.output;
      });
      const reference = run(() => composed(x, w, b, 1e-5));
      // Within 1e-4, relative to the size of the value for large ones (float32 sums of many values).
      closed.forEach((values, i) => values.forEach((v, j) => expect(Math.abs(v - reference[i][j])).toBeLessThan(1e-4 * Math.max(1, Math.abs(reference[i][j])))));
      const axes = shape.map((_, i) => i).filter((i) => i !== 1);
      const m = tf.tidy(() => tf.moments(x, axes));
      Array.from(m.mean.dataSync()).forEach((v, j) => expect(stats[0][j]).toBeCloseTo(v, 5));
      Array.from(m.variance.dataSync()).forEach((v, j) => expect(stats[1][j]).toBeCloseTo(v, 5));
      tf.dispose([x, r, m.mean, m.variance, ...(w && b ? [w, b] : [])]);
    });
  }

  it('a gradient of its gradient with respect to the weight (images) matches the op-by-op form', () => {
    const x = grid([3, 2, 3, 5], 7), w = grid([2], 8), b = grid([2], 9), r = grid([3, 2, 3, 5], 10);
    // The squared norm of the input gradient, differentiated with respect to the weight.
    const penalty = (f: (xx: tf.Tensor, ww: tf.Tensor) => tf.Tensor) => tf.grad((ww: tf.Tensor) =>
      tf.sum(tf.square(tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(f(xx, ww), r)))(x))))(w);
    const closed = penalty((xx, ww) => {
      const res = batchNormTraining(xx, ww, b, 1e-5);
      tf.dispose([res.mean, res.variance]);
      return res.output;
    });
    const reference = penalty((xx, ww) => composed(xx, ww, b, 1e-5));
    Array.from(reference.dataSync()).forEach((v, j) => expect(closed.dataSync()[j]).toBeCloseTo(v, 3));
    tf.dispose([x, w, b, r, closed, reference]);
  });

  it('takes far fewer kernel calls than the op-by-op form and leaks nothing', async () => {
    const bn = new nn.BatchNorm1d(16);
    bn.train();
    const x = tf.variable(grid([32, 16], 5));
    const step = () => {
      const { value, grads } = tf.variableGrads(() => tf.sum(bn.forward(x)) as tf.Scalar);
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const before = tf.memory().numTensors;
    const info = await tf.profile(step);
    expect(tf.memory().numTensors).toBe(before);
    // Forward ~17 (normalisation, running statistics), backward ~11; differentiated op by op it was ~70.
    // (Identity: saved tensors and the cpu backend's same-dtype casts, which share data.)
    expect(info.kernels.filter((k) => k.name !== 'Identity').length).toBeLessThan(32);
    x.dispose();
    bn.dispose();
  });

  it('updates the running statistics (in place unless a copy shares them) as PyTorch does', () => {
    const bn = new nn.BatchNorm1d(5, { momentum: 0.2 });
    bn.train();
    const x = grid([8, 5], 6);
    const copy = tf.clone(bn.getBuffer('running_var') as tf.Tensor);
    tf.dispose(bn.forward(x));
    tf.dispose(bn.forward(x));
    const m = tf.tidy(() => tf.moments(x, 0));
    const mean = Array.from(m.mean.dataSync());
    const unbiased = Array.from(m.variance.dataSync()).map((v) => (v * 8) / 7);
    // two updates from (0, 1): 0.8 · (0.8 · r0 + 0.2 · s) + 0.2 · s
    Array.from((bn.getBuffer('running_mean') as tf.Tensor).dataSync()).forEach((v, j) => expect(v).toBeCloseTo(0.36 * mean[j], 5));
    Array.from((bn.getBuffer('running_var') as tf.Tensor).dataSync()).forEach((v, j) => expect(v).toBeCloseTo(0.64 + 0.36 * unbiased[j], 5));
    expect(Array.from(copy.dataSync())).toEqual([1, 1, 1, 1, 1]);
    tf.dispose([x, copy, m.mean, m.variance]);
    bn.dispose();
  });
});

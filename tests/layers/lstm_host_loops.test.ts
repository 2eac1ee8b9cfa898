/**
 * The LSTM's per-step JavaScript loops (`lstm_sequence_host.ts`, on backends with host memory) against the
 * tensor-op form they replace: same outputs and gradients to float32 rounding, on cpu and wasm, nothing leaked,
 * and a gradient of a gradient still differentiates through the tensor form.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nn from '../../src/nn';
import { useLstmHostLoops } from '../../src/nn/functional/lstm_sequence_host';
import { hostFloat32Views, uninitialized } from '../../src/backend/host_memory';
import { simdKernels, useSimdKernels } from '../../src/backend/simd/simd_kernels';
import { manualSeed } from '../../src/random';

/** Output, final states and every parameter's gradient of a 2-layer bidirectional LSTM, flattened. */
function run(loops: boolean): { values: number[]; grads: number[] } {
  useLstmHostLoops(loops);
  try {
    manualSeed(3);
    const lstm = new nn.LSTM(3, 5, { numLayers: 2, bidirectional: true });
    const x = tf.randomNormal([7, 4, 3], 0, 1, 'float32', 11);
    const h0 = tf.randomNormal([4, 4, 5], 0, 0.5, 'float32', 12);
    const c0 = tf.randomNormal([4, 4, 5], 0, 0.5, 'float32', 13);
    const params = lstm.parameters() as unknown as tf.Variable[];
    const before = tf.memory().numTensors;
    let values: number[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const [out, [hn, cn]] = lstm.forward(x, [h0, c0]) as unknown as [tf.Tensor, [tf.Tensor, tf.Tensor]];
      values = [...out.dataSync(), ...hn.dataSync(), ...cn.dataSync()];
      return tf.add(tf.add(tf.sum(tf.square(out)), tf.sum(tf.mul(hn, 2))), tf.sum(tf.sin(cn))) as tf.Scalar;
    }, params);
    const flat = params.flatMap((p) => Array.from(grads[p.name].dataSync()));
    tf.dispose([value, grads]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, h0, c0]);
    lstm.dispose();
    return { values, grads: flat };
  } finally {
    useLstmHostLoops(true);
  }
}

function expectClose(actual: number[], expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i]) / Math.max(1, Math.abs(expected[i]))));
  expect(worst).toBeLessThan(tol);
}

for (const backend of ['cpu', 'wasm']) {
  describe(`LSTM host loops on ${backend}`, () => {
    let previous = '';
    beforeAll(async () => {
      previous = tf.getBackend() ?? 'cpu';
      expect(await tf.setBackend(backend)).toBe(true);
    });
    afterAll(async () => {
      await tf.setBackend(previous || 'cpu');
    });

    it('give the tensor form’s outputs, final states and gradients', () => {
      const loops = run(true);
      const tensors = run(false);
      expectClose(loops.values, tensors.values, 1e-6);
      expectClose(loops.grads, tensors.grads, 1e-5);
    });

    it('leave a gradient of a gradient to the tensor form (Hessian-vector product through the LSTM)', () => {
      const hvp = (loops: boolean): number[] => {
        useLstmHostLoops(loops);
        try {
          manualSeed(5);
          const lstm = new nn.LSTM(2, 3);
          const x = tf.randomNormal([4, 2, 2], 0, 1, 'float32', 21);
          const v = tf.randomNormal([4, 2, 2], 0, 1, 'float32', 22);
          const loss = (input: tf.Tensor) => tf.sum(tf.square((lstm.forward(input) as unknown as [tf.Tensor])[0]));
          // d/dx of (∇ₓ loss · v): differentiates the LSTM's backward pass.
          const out = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.grad(loss)(input), v)))(x);
          const values = Array.from(out.dataSync());
          tf.dispose([x, v, out]);
          lstm.dispose();
          return values;
        } finally {
          useLstmHostLoops(true);
        }
      };
      const withLoops = hvp(true);
      expect(withLoops.some((g) => g !== 0)).toBe(true);
      expectClose(withLoops, hvp(false), 1e-5);
    });
  });
}

describe('LSTM gate SIMD kernel (wasm)', () => {
  let previous = '';
  beforeAll(async () => {
    previous = tf.getBackend() ?? 'cpu';
    expect(await tf.setBackend('wasm')).toBe(true);
  });
  afterAll(async () => {
    await tf.setBackend(previous || 'cpu');
  });

  it('computes sigmoid and tanh to within a few float32 ulp over their whole range', () => {
    const kernels = simdKernels('lstmGates');
    expect(kernels).not.toBeNull();
    // One row of 4 gates × 1001 values (not a multiple of 4: the one-lane tail runs too), r = 0 and c_{t−1} = 0,
    // so the kernel's outputs are σ(x_i), σ(x_f), tanh(x_g), σ(x_o) and tanh(σ(x_i) tanh(x_g)).
    const hidden = 1001;
    const grid = Float32Array.from({ length: hidden }, (_, k) => Math.fround(k < 500 ? -30 + (k * 60) / 499 : (k - 750) / 125));
    const x = tf.tensor2d(Float32Array.from({ length: 4 * hidden }, (_, j) => grid[j % hidden]), [1, 4 * hidden]);
    const zeros = tf.zeros([1, 4 * hidden]);
    const cPrev = tf.zeros([1, hidden]);
    const outs = [4 * hidden, hidden, hidden, hidden, hidden].map((size) => uninitialized([1, size]));
    const [X, R, CP, A, C, TC, H, HO] = hostFloat32Views([x, zeros, cPrev, ...outs]) as Float32Array[];
    kernels!.lstmForwardStep(X.byteOffset, R.byteOffset, CP.byteOffset, A.byteOffset, C.byteOffset, TC.byteOffset, H.byteOffset, HO.byteOffset, 1, hidden);
    const ulp = (v: number) => Math.max(2 ** -149, 2 ** (Math.floor(Math.log2(Math.abs(v) || 2 ** -149)) - 23));
    let worst = 0;
    const check = (got: number, exact: number) => { worst = Math.max(worst, Math.abs(got - exact) / ulp(exact)); };
    for (let k = 0; k < hidden; k++) {
      const v = grid[k];
      const sig = 1 / (1 + Math.exp(-v));
      check(A[k], sig);
      check(A[hidden + k], sig);
      check(A[2 * hidden + k], Math.tanh(v));
      check(A[3 * hidden + k], sig);
      check(TC[k], Math.tanh(C[k]));
      expect(H[k]).toBe(HO[k]);
    }
    expect(worst).toBeLessThan(8);
    tf.dispose([x, zeros, cPrev, ...outs]);
  });

  it('agrees with the JavaScript loop it stands in for', () => {
    const withSimd = run(true);
    useSimdKernels(false);
    try {
      const withLoop = run(true);
      expectClose(withSimd.values, withLoop.values, 1e-6);
      expectClose(withSimd.grads, withLoop.grads, 1e-5);
    } finally {
      useSimdKernels(true);
    }
  });
});

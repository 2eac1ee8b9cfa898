import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultLoaders } from '../../src/backend/loaders';
import { selectBackend } from '../../src/backend';
import { maxPoolGradNHWC } from '../../src/backend/wasm_max_pool_grad';
import { maxPoolGrad } from '../../src/backend/pool_gradient_math';
import { simdKernels, useSimdKernels } from '../../src/backend/simd/simd_kernels';
import { execFileSync } from 'child_process';
import * as F from '../../src/nn/functional';

/** Values in quarter steps around −1 (many ties, all-negative windows), with a NaN at every 11th place when `nan`. */
function quarterSteps(shape: number[], k: number, nan = false): tf.Tensor {
  return tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) },
    (_, i) => (nan && (i * 7 + k) % 11 === 0 ? Number.NaN : Math.round(Math.sin(i * 0.37 + k) * 4) / 4 - 1)), shape);
}

// Ties and PyTorch's rule are covered by the layer parity fixtures run on wasm (tests/layers/wasm.test.ts).
describe('wasm max-pool gradient kernel', () => {
  it('sends a window\'s gradient to its NaN, as PyTorch does, and nothing to padding', () => {
    // one image 2×2, one channel, a 2×2 window with padding 1 on each side, stride 2: 4 windows of one real cell
    const x = new Float32Array([1, Number.NaN, 3, 2]);
    const dx = new Float32Array(4);
    const geometry = { batchSize: 1, inHeight: 2, inWidth: 2, inChannels: 1, outHeight: 1, outWidth: 1, strideHeight: 2,
      strideWidth: 2, filterHeight: 2, filterWidth: 2, padInfo: { top: 0, left: 0 } };
    maxPoolGradNHWC(x, new Float32Array([5]), dx, geometry);
    expect(Array.from(dx)).toEqual([0, 5, 0, 0]);
    maxPoolGradNHWC(new Float32Array([-7, -7, -9, -7]), new Float32Array([5]), dx, geometry);
    expect(Array.from(dx)).toEqual([5, 0, 0, 0]);
    const padded = { ...geometry, outHeight: 2, outWidth: 2, padInfo: { top: 1, left: 1 } };
    maxPoolGradNHWC(new Float32Array([-1, -2, -3, -4]), new Float32Array([1, 2, 3, 4]), dx, padded);
    expect(Array.from(dx)).toEqual([1, 2, 3, 4]);
  });

  it('gives tf.maxPool\'s gradient on wasm what tsdl\'s elementwise form gives on cpu, without leaking', async () => {
    const cases: [number[], number, number, 'valid' | 'same'][] = [
      [[3, 26, 26, 8], 2, 2, 'valid'],
      [[2, 9, 7, 5], 3, 2, 'same'],
      [[2, 6, 6, 3], 3, 1, 'same'],
    ];
    const fill = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.round(Math.sin(i * 0.37 + k) * 4) / 4), shape);
    const run = () => cases.map(([shape, k, s, pad]) => tf.tidy(() => {
      const x = fill(shape, 1) as tf.Tensor4D;
      const y = tf.maxPool(x, k, s, pad);
      return Array.from(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, k, s, pad), fill(y.shape, 2))))(x).dataSync());
    }));
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    expect(tf.getBackend()).toBe('wasm');
    run();
    const before = tf.memory().numTensors;
    const onWasm = run();
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
    const onCpu = cases.map(([shape, k, s, pad]) => tf.tidy(() => {
      const x = fill(shape, 1) as tf.Tensor4D;
      const y = tf.maxPool(x, k, s, pad);
      const info = tf.backend_util.computePool2DInfo(x.shape, k, s, 1, pad);
      const { top, bottom, left, right } = info.padInfo;
      const xp = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]], -Infinity) as tf.Tensor4D;
      const g = maxPoolGrad(xp, y, fill(y.shape, 2) as tf.Tensor4D, [k, k], [s, s]);
      return Array.from(tf.slice(g, [0, top, left, 0], x.shape).dataSync());
    }));
    // (+ 0: the elementwise form has -0 where dy is negative and the window lost)
    onCpu.forEach((g, c) => expect(onWasm[c].map((v) => v + 0), `case ${c}`).toEqual(g.map((v) => v + 0)));
  });

  it('takes the SIMD kernel for 2×2 windows with stride 2, with the JavaScript form\'s results bit for bit', async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    expect(simdKernels('maxPoolGrad')).not.toBeNull();
    // Many ties (the first wins); NaNs (the last wins); all-negative windows; odd sizes.
    const gradient = (shape: number[], nan: boolean) => tf.tidy(() => {
      const x = quarterSteps(shape, 1, nan) as tf.Tensor4D;
      const y = tf.maxPool(x, 2, 2, 'valid');
      return Array.from(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), quarterSteps(y.shape, 2))))(x).dataSync());
    });
    for (const shape of [[2, 8, 8, 4], [3, 7, 9, 12], [1, 26, 26, 32]]) {
      for (const nan of [false, true]) {
        const simd = gradient(shape, nan);
        useSimdKernels(false);
        try {
          expect(simd, `${shape} ${nan ? 'with NaNs' : ''}`).toEqual(gradient(shape, nan));
        } finally {
          useSimdKernels(true);
        }
      }
    }
    const info = await tf.profile(() => tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(quarterSteps([1, 4, 4, 4], 0))));
    expect(info.kernels.map((k) => k.name)).toContain('MaxPoolGrad');
  });

  it('pools NCHW input 2×2 where the planes are (SIMD, no transposes): PyTorch\'s values (NaN windows give NaN), the NHWC path\'s gradients', async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    expect(simdKernels('maxPoolNchw')).not.toBeNull();
    const run = (shape: number[], nan: boolean) => tf.tidy(() => {
      const x = quarterSteps(shape, 1, nan);
      const y = F.maxPool2d(x, 2);
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(F.maxPool2d(a, 2), quarterSteps(y.shape, 2))))(x);
      return { shape: y.shape, y: Array.from(y.dataSync()), g: Array.from(g.dataSync()) };
    });
    /** PyTorch's max_pool2d(x, 2) of NCHW values: a window with a NaN gives NaN (tfjs's NHWC pooling does not). */
    const reference = (values: number[], shape: number[]) => {
      const [h, w] = shape.slice(-2);
      const planes = values.length / (h * w);
      const out: number[] = [];
      for (let p = 0; p < planes; p++) {
        for (let i = 0; i + 1 < h; i += 2) {
          for (let j = 0; j + 1 < w; j += 2) {
            const win = [0, 1, w, w + 1].map((d) => values[p * h * w + i * w + j + d]);
            out.push(win.some(Number.isNaN) ? Number.NaN : Math.max(...win));
          }
        }
      }
      return out;
    };
    // Output widths 4 (SIMD only), 13 (SIMD and a scalar tail), 2 (tail only); odd sizes; unbatched (C, H, W).
    for (const shape of [[2, 3, 8, 8], [2, 5, 27, 26], [1, 2, 5, 5], [3, 9, 11]]) {
      for (const nan of [false, true]) {
        const simd = run(shape, nan);
        expect(simd.y, `${shape} ${nan ? 'with NaNs' : ''}: values`).toEqual(reference(Array.from(tf.tidy(() => quarterSteps(shape, 1, nan).dataSync())), shape));
        useSimdKernels(false);
        try {
          const nhwc = run(shape, nan);
          expect(simd.shape).toEqual(nhwc.shape);
          if (!nan) expect(simd.y).toEqual(nhwc.y);
          expect(simd.g, `${shape} ${nan ? 'with NaNs' : ''}: gradient`).toEqual(nhwc.g);
        } finally {
          useSimdKernels(true);
        }
      }
    }
    const x = quarterSteps([2, 4, 6, 6], 3);
    const before = tf.memory().numTensors;
    const info = await tf.profile(() => tf.tidy(() => { tf.grad((a: tf.Tensor) => tf.sum(F.maxPool2d(a, 2)))(x); }));
    expect(info.kernels.map((k) => k.name).filter((n) => n === 'Transpose')).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('has a committed binary assembled from the current .wat sources', () => {
    const out = execFileSync(process.execPath, ['scripts/wasm/build_simd_kernels.mjs', '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/is current/);
  });
});

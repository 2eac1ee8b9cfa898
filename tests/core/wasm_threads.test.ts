import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultLoaders } from '../../src/backend/loaders';
import { runScriptInNewProcess } from './helpers';
import { MAX_WASM_THREADS, threadedWasmUnsupported, useThreadedWasm, wasmThreadCount, type WasmPackage } from '../../src/backend/wasm_threads';

/**
 * Runs a few kernels in a fresh Node process on the wasm backend with `TSDL_WASM_THREADS=threads` and returns
 * what it printed: the backend's description, the thread count in use and the results (full precision).
 * XNNPACK computes every kernel (ONNX Runtime's native kernels are off: this compares tfjs's two builds).
 * The process must end by itself (pool threads must not keep it alive), or `runScriptInNewProcess` throws.
 */
function runInProcess(threads: string): { deviceName: string; threads: number; notes: string[]; results: number[][]; simd: string[]; kernelValues: number[] } {
  const script = `
    const tf = require('@tensorflow/tfjs');
    const tsdl = require('./src');
    (async () => {
      const info = await tsdl.ready({ forced: 'wasm' });
      const rng = (n, seed) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);
      const a = tf.tensor2d(rng(300 * 500, 1), [300, 500]), b = tf.tensor2d(rng(500 * 200, 2), [500, 200]);
      const x = tf.tensor4d(rng(8 * 28 * 28 * 16, 3), [8, 28, 28, 16]), w = tf.tensor4d(rng(3 * 3 * 16 * 32, 4), [3, 3, 16, 32]);
      const before = tf.memory().numTensors;
      const results = [];
      for (let step = 0; step < 3; step++) {
        results.push(tf.tidy(() => {
          const mm = tf.matMul(a, b);
          const conv = tf.conv2d(x, w, 1, 'same');
          const grad = tf.grad((k) => tf.conv2d(x, k, 1, 'same').square().sum())(w);
          return [mm.sum(), mm.slice([17, 3], [1, 1]).reshape([]), conv.sum(), conv.abs().max(), grad.sum()].map((t) => t.dataSync()[0]);
        }));
      }
      const growth = tf.memory().numTensors - before;
      // tsdl's own SIMD kernels, instantiated on the build's memory (shared on the threaded one): the NCHW
      // transpose, the 2x2 max pool and its gradient, an Adam step.
      const { simdKernels } = require('./src/backend/simd/simd_kernels');
      const simd = ['transpose', 'maxPoolNchw', 'maxPoolGrad', 'optimizerSteps', 'batchNorm', 'activationGrads', 'lstmGates'].filter((k) => simdKernels(k) !== null);
      const nchw = tf.tensor4d(rng(4 * 6 * 10 * 10, 5), [4, 6, 10, 10]);
      tsdl.manualSeed(0);
      const lin = new tsdl.nn.Linear(10, 10);
      const opt = new tsdl.optim.Adam(lin.parameters(), { lr: 0.01 });
      const kernelValues = [];
      for (let step = 0; step < 2; step++) {
        opt.zeroGrad();
        kernelValues.push(tsdl.backward(() => tsdl.F.maxPool2d(tsdl.F.relu(lin.forward(nchw)), 2).square().sum()));
        opt.step();
      }
      kernelValues.push(...tf.transpose(nchw, [0, 2, 3, 1]).dataSync().slice(0, 50), ...lin.weight.dataSync().slice(0, 20));
      console.log(JSON.stringify({ deviceName: info.deviceName, threads: require('@tensorflow/tfjs-backend-wasm').getThreadsCount(), notes: info.notes.filter((n) => !/tfjs-node/.test(n)), results, growth, simd, kernelValues }));
    })();`;
  const parsed = runScriptInNewProcess<ReturnType<typeof runInProcess> & { growth: number }>(script, { TSDL_WASM_THREADS: threads, TSDL_NATIVE_KERNELS: '0' });
  expect(parsed.growth).toBe(0);
  return parsed;
}

describe('multithreaded WebAssembly backend', () => {
  it('reads TSDL_WASM_THREADS: default one thread, "auto" = logical cores up to the pool size, whole numbers', () => {
    expect(wasmThreadCount(undefined, 2)).toBe(1);
    expect(wasmThreadCount('', 16)).toBe(1);
    expect(wasmThreadCount('auto', 2)).toBe(2);
    expect(wasmThreadCount('AUTO', 16)).toBe(MAX_WASM_THREADS);
    expect(wasmThreadCount(' 3 ', 2)).toBe(3);
    expect(wasmThreadCount('1', 8)).toBe(1);
    expect(wasmThreadCount('64', 8)).toBe(MAX_WASM_THREADS);
    expect(() => wasmThreadCount('two', 2)).toThrow(/TSDL_WASM_THREADS="two" is neither a whole number of threads ≥ 1 nor "auto"/);
    expect(() => wasmThreadCount('0', 2)).toThrow(/TSDL_WASM_THREADS="0"/);
    expect(() => wasmThreadCount('1.5', 2)).toThrow(/TSDL_WASM_THREADS="1.5"/);
  });

  it('this Node supports it (shared memory and SIMD)', () => {
    expect(threadedWasmUnsupported()).toBeNull();
  });

  it('runs on 2 threads with the same results as the single-threaded build, and the process still ends by itself', () => {
    const single = runInProcess('1');
    const two = runInProcess('2');
    expect(single.threads).toBe(1);
    expect(single.deviceName).toMatch(/WebAssembly SIMD, 1 thread\)/);
    expect(two.threads).toBe(2);
    expect(two.deviceName).toMatch(/WebAssembly SIMD, 2 threads\)/);
    expect(two.notes).toEqual([]);
    // tsdl's SIMD kernels run on the threaded build's shared memory too, with the same results.
    const all = ['transpose', 'maxPoolNchw', 'maxPoolGrad', 'optimizerSteps', 'batchNorm', 'activationGrads', 'lstmGates'];
    expect(single.simd).toEqual(all);
    expect(two.simd).toEqual(all);
    expect(two.kernelValues).toEqual(single.kernelValues);
    // XNNPACK splits the output between threads; each value is summed in the same order either way.
    for (let step = 0; step < single.results.length; step++) {
      for (let k = 0; k < single.results[step].length; k++) {
        expect(Math.abs(two.results[step][k] - single.results[step][k])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(single.results[step][k])));
      }
    }
  });

  it('a bad TSDL_WASM_THREADS is named in the backend notes and one thread is used', () => {
    const bad = runInProcess('lots');
    expect(bad.threads).toBe(1);
    expect(bad.notes.join('\n')).toMatch(/TSDL_WASM_THREADS="lots" is neither a whole number of threads ≥ 1 nor "auto"; using one thread/);
  });

  it('falls back to the single-threaded build when the threaded one fails to start, and says why', async () => {
    const pkg = defaultLoaders.wasm() as unknown as WasmPackage;
    const notes: string[] = [];
    const failing = async () => {
      throw new Error('its worker threads did not start within 30 s');
    };
    expect(useThreadedWasm(pkg, 2, notes, { start: failing })).toBe(true);
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(notes.join('\n')).toMatch(/multithreaded WebAssembly did not start \(its worker threads did not start within 30 s\); using one thread/);
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
    expect(Array.from(tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync())).toEqual([3, 3, 3, 3]);
    // Once the backend runs, its thread count cannot change: a second call leaves it alone.
    expect(useThreadedWasm(pkg, 2, notes)).toBe(false);
    await tf.setBackend('cpu');
  });

  it('TSDL_WASM_THREADS=1 or one core leaves tfjs’s own single-threaded factory in place', () => {
    const pkg = defaultLoaders.wasm() as unknown as WasmPackage;
    const before = tf.findBackendFactory('wasm');
    expect(useThreadedWasm(pkg, 1, [])).toBe(false);
    expect(tf.findBackendFactory('wasm')).toBe(before);
  });
});

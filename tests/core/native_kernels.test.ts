/**
 * ONNX Runtime's native kernels behind the wasm backend (`wasm_native_kernels.ts`, `native_conv.ts`): the
 * binding behaves as tsdl relies on (synchronous loading and running, output written in place), every kernel it
 * takes gives tfjs-wasm's results to float32 rounding (products of every shape tfjs passes; convolutions with
 * strides, padding, dilation; their gradients), the PyTorch-layout convolution's gradients match tfjs's, nested
 * gradients stay differentiable, nothing leaks, and failures fall back with a message that names the model.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/backend';
import { onnxModel, onnxNode } from '../../src/backend/onnx/onnx_graph';
import { ONNX_RUNTIME_VERSION, onnxRuntime, type OnnxRuntime } from '../../src/backend/onnx/onnx_runtime';
import { MAX_UNCHUNKED_BLOCKED_VALUES, MIN_NATIVE_MACS, nativeKernelStatus, useNativeKernels } from '../../src/backend/wasm_native_kernels';
import { MAX_BLOCKED_VALUES, MAX_CONV_PLANS, MAX_FILTER_GRAD_COLUMNS_VALUES, MIN_IM2COL_ROWS, useBlockedConvolutions, useIm2colFilterGrads,
} from '../../src/backend/native_conv';
import * as F from '../../src/nn/functional';
import { runScriptInNewProcess } from './helpers';

/** Values that are not all alike (a fixed pattern: no random draws). */
function pattern(shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 0.5), shape);
}

/** `f`'s values computed by ONNX Runtime and by tfjs-wasm alone, and how many ONNX Runtime runs it took. */
function bothWays(rt: OnnxRuntime, prefix: string, f: () => tf.Tensor | tf.Tensor[]): { native: Float32Array[]; wasm: Float32Array[]; runs: number } {
  const values = (): Float32Array[] => {
    const out = f();
    const list = Array.isArray(out) ? out : [out];
    const v = list.map((t) => t.dataSync() as Float32Array);
    tf.dispose(list);
    return v;
  };
  const before = rt.runCount(prefix);
  useNativeKernels(true);
  const native = values();
  const runs = rt.runCount(prefix) - before;
  useNativeKernels(false);
  const wasm = values();
  useNativeKernels(true);
  return { native, wasm, runs };
}

/** The largest difference relative to the largest magnitude. */
function relativeError(a: Float32Array[], b: Float32Array[]): number {
  let err = 0;
  a.forEach((x, k) => {
    const scale = b[k].reduce((m, v) => Math.max(m, Math.abs(v)), 1e-6);
    expect(x.length).toBe(b[k].length);
    for (let i = 0; i < x.length; i++) err = Math.max(err, Math.abs(x[i] - b[k][i]) / scale);
  });
  return err;
}

describe('ONNX Runtime kernels on the wasm backend', () => {
  let rt: OnnxRuntime;
  beforeAll(async () => {
    await ready({ forced: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    const loaded = onnxRuntime();
    // onnxruntime-node is an optional dependency; this project installs it, so it must be in use here.
    expect(loaded).not.toBeNull();
    expect(nativeKernelStatus().installed).toBe(true);
    rt = loaded as OnnxRuntime;
  });

  it('loads a written model synchronously and writes its output where it is told', () => {
    const session = rt.session('test matmul', () => onnxModel({
      nodes: [onnxNode('MatMul', ['a', 'b'], ['c'])],
      inputs: [['a', ['M', 'K']], ['b', ['K', 'N']]],
      outputs: [['c', ['M', 'N']]],
    }));
    if (session instanceof Error) throw session;
    const memory = new Float32Array(16);
    memory.set([1, 2, 3, 4], 0);
    memory.set([5, 6, 7, 8], 4);
    session.run({ a: { data: memory.subarray(0, 4), dims: [2, 2] }, b: { data: memory.subarray(4, 8), dims: [2, 2] } },
      { c: { data: memory.subarray(8, 12), dims: [2, 2] } });
    expect(Array.from(memory.subarray(8, 12))).toEqual([19, 22, 43, 50]);
    expect(Array.from(memory.subarray(12))).toEqual([0, 0, 0, 0]);
    expect(session.runs).toBe(1);
    const pkg = require('onnxruntime-node/package.json') as { version: string };
    expect(pkg.version).toBe(ONNX_RUNTIME_VERSION);
  });

  it('a model ONNX Runtime rejects is an Error naming it, remembered, and a failed run names the model', () => {
    const bad = rt.session('test broken', () => Uint8Array.from([8, 1, 18, 3]));
    expect(bad).toBeInstanceOf(Error);
    expect((bad as Error).message).toMatch(/^ONNX Runtime could not load model test broken: /);
    expect(rt.session('test broken', () => { throw new Error('not built twice'); })).toBe(bad);
    // ONNX Runtime's own reason is in the message (here: opset 17's ReduceMean takes its axes as an attribute).
    const invalid = rt.session('test invalid', () => onnxModel({
      nodes: [onnxNode('ReduceMean', ['x', 'axes'], ['y'])], constants: [['axes', [0]]], inputs: [['x', ['N']]], outputs: [['y', [1]]],
    }));
    expect((invalid as Error).message).toMatch(/^ONNX Runtime could not load model test invalid: .*ReduceMean.*input size 2 not in range/);
    const session = rt.session('test matmul', () => { throw new Error('loaded before'); });
    if (session instanceof Error) throw session;
    expect(() => session.run({ a: { data: new Float32Array(6), dims: [2, 3] }, b: { data: new Float32Array(4), dims: [2, 2] } },
      { c: { data: new Float32Array(4), dims: [2, 2] } })).toThrow();
  });

  it('takes matrix products of every form tfjs passes, with tfjs-wasm\'s results', () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[64, 300], [300, 200], false, false], [[64, 300], [200, 300], false, true], [[300, 64], [300, 200], true, false],
      [[300, 64], [200, 300], true, true], [[8, 64, 40], [8, 40, 96], false, false], [[8, 64, 40], [1, 96, 40], false, true],
      [[1, 40, 64], [6, 40, 96], true, false], [[2, 3, 32, 40], [2, 3, 40, 64], false, false], [[2, 3, 40, 32], [2, 3, 64, 40], true, true],
    ];
    cases.forEach(([sa, sb, ta, tb], k) => {
      const a = pattern(sa, k), b = pattern(sb, k + 10);
      const { native, wasm, runs } = bothWays(rt, '', () => tf.matMul(a, b, ta, tb));
      expect(runs, `${sa} × ${sb}`).toBe(1);
      expect(relativeError(native, wasm), `${sa} × ${sb}`).toBeLessThan(1e-5);
      tf.dispose([a, b]);
    });
    // Below MIN_NATIVE_MACS a product stays on tfjs-wasm.
    const a = pattern([4, 8], 1), b = pattern([8, 4], 2);
    expect(4 * 8 * 4).toBeLessThan(MIN_NATIVE_MACS);
    expect(bothWays(rt, '', () => tf.matMul(a, b)).runs).toBe(0);
    tf.dispose([a, b]);
  });

  it('takes NHWC convolutions and both their gradients (the Keras path), with tfjs-wasm\'s results', () => {
    // 24 input channels fit no block of 16; 3 are fewer than a block and 32 make whole blocks (the forward pass
    // then runs blocked, its reorders reading and writing NHWC).
    const block = rt.nchwcBlockSize();
    for (const channels of [24, 3, 32]) testNhwc(channels, block > 0 && (channels < block || channels % block === 0));
  });

  it('keeps an NHWC convolution whose blocked buffers would be large plain (tfjs\'s Conv2D does not chunk batches)', () => {
    const block = rt.nchwcBlockSize();
    if (block === 0) return;
    const w = pattern([3, 3, 32, 16], 27);
    // 32 → 16 channels on 32 × 32 ('same'): the large batch's reordered image and result pass the limit.
    const perImage = 32 * 32 * 32 + Math.ceil(16 / block) * block * 32 * 32;
    const large = pattern([Math.floor(MAX_UNCHUNKED_BLOCKED_VALUES / perImage) + 1, 32, 32, 32], 28);
    const small = pattern([2, 32, 32, 32], 29);
    const blockedKeys = () => rt.loadedKeys().filter((k) => k.startsWith('conv2d s') && k.includes(' c32 o16 ')).length;
    for (const [x, blocked] of [[large, 0], [small, 1]] as const) {
      const { native, wasm, runs } = bothWays(rt, 'conv2d s', () => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'));
      expect(runs).toBe(1);
      expect(relativeError(native, wasm)).toBeLessThan(1e-5);
      expect(blockedKeys()).toBe(blocked);
    }
    tf.dispose([w, large, small]);
  });

  function testNhwc(channels: number, blocked: boolean): void {
    const x = pattern([8, 17, 15, channels], 3), w = pattern([3, 3, channels, 40], 4);
    const blockedBefore = rt.loadedKeys().filter((k) => k.startsWith('conv2d s') && k.includes(` c${channels} `)).length;
    for (const [strides, pad, dilations] of [[1, 'valid', 1], [2, 'same', 1], [1, 'same', 2], [2, 'valid', 1], [1, [[0, 0], [1, 2], [2, 0], [0, 0]], 1]] as const) {
      const f = () => {
        const conv = (xx: tf.Tensor4D, ww: tf.Tensor4D) => tf.conv2d(xx, ww, strides, pad as 'same', 'NHWC', dilations);
        const y = conv(x as tf.Tensor4D, w as tf.Tensor4D);
        // tfjs differentiates only undilated convolutions.
        return dilations === 1 ? [y, ...tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(conv(xx as tf.Tensor4D, ww as tf.Tensor4D))))([x, w])] : [y];
      };
      const { native, wasm, runs } = bothWays(rt, 'conv2d', f);
      expect(runs, JSON.stringify([strides, pad])).toBeGreaterThanOrEqual(1);
      expect(relativeError(native, wasm), JSON.stringify([channels, strides, pad, dilations])).toBeLessThan(1e-5);
    }
    const blockedModels = rt.loadedKeys().filter((k) => k.startsWith('conv2d s') && k.includes(` c${channels} `)).length - blockedBefore;
    expect(blockedModels, `${channels} channels`).toBe(blocked ? 5 : 0);
    tf.dispose([x, w]);
  }

  it('runs F.conv2d in PyTorch\'s layout, forward and gradients, as tfjs computes them', () => {
    const geometries = [
      { stride: 1, padding: 0 }, { stride: 2, padding: 1 }, { stride: 2, padding: 0 }, { padding: 'same', dilation: 2 },
      { stride: [2, 1], padding: [0, 2] }, { stride: 3, padding: 2, dilation: [1, 2] },
    ] as const;
    const x = pattern([4, 6, 15, 14], 5), w = pattern([10, 6, 3, 3], 6), b = pattern([10], 7);
    for (const options of geometries) {
      const f = () => {
        const loss = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(F.conv2d(xx, ww, bb, options as F.Conv2dOptions)));
        return [F.conv2d(x, w, b, options as F.Conv2dOptions), ...tf.grads(loss)([x, w, b])];
      };
      const { native, wasm, runs } = bothWays(rt, 'conv2d-nchw', f);
      expect(runs, JSON.stringify(options)).toBe(5); // forward twice (value, then inside grads), dx, dw, db
      expect(relativeError(native, wasm), JSON.stringify(options)).toBeLessThan(2e-5);
    }
    // F.conv1d goes through the same kernel.
    const x1 = pattern([3, 4, 50], 8), w1 = pattern([6, 4, 5], 9);
    const { native, wasm, runs } = bothWays(rt, 'conv2d-nchw', () => [F.conv1d(x1, w1, null, { stride: 2, padding: 2 }),
      ...tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(F.conv1d(xx, ww, null, { stride: 2, padding: 2 }))))([x1, w1])]);
    expect(runs).toBe(4);
    expect(relativeError(native, wasm)).toBeLessThan(2e-5);
    tf.dispose([x, w, b, x1, w1]);
  });

  it('runs forward passes and input gradients as ONNX Runtime\'s blocked convolutions, with the plain ones\' results', () => {
    const block = rt.nchwcBlockSize();
    // ONNX Runtime's x64 build has them (blocks of 8 with AVX2, 16 with AVX-512); elsewhere tsdl does without.
    if (os.arch() === 'x64') expect([8, 16]).toContain(block);
    if (block === 0) return;
    // blockedModels: of the forward models (with and without bias) and the input gradient's, those that run blocked.
    const cases: { x: number[]; w: number[]; options: F.Conv2dOptions; blockedModels: number }[] = [
      { x: [3, 1, 28, 28], w: [32, 1, 3, 3], options: {}, blockedModels: 3 }, // fewer channels than a block: read as NCHW
      { x: [1, 3, 17, 16], w: [10, 3, 3, 3], options: { stride: 2, padding: 1 }, blockedModels: 2 }, // 10 filters padded to a block; dx transposed
      { x: [2, block, 9, 9], w: [2 * block, block, 3, 3], options: { padding: 'same', dilation: 2 }, blockedModels: 3 },
      { x: [3, 2 * block, 8, 7], w: [20, 2 * block, 3, 2], options: { padding: [0, 2] }, blockedModels: 2 }, // dx's 20 channels not in blocks
      { x: [2, block + 4, 8, 8], w: [8, block + 4, 3, 3], options: { padding: 1 }, blockedModels: 1 }, // x's channels not in blocks, dy's are
    ];
    for (const { x: xShape, w: wShape, options, blockedModels } of cases) {
      const x = pattern(xShape, 21), w = pattern(wShape, 22), b = pattern([wShape[0]], 23);
      const loss = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(F.conv2d(xx, ww, bb, options)));
      const values = (on: boolean): Float32Array[] => {
        useBlockedConvolutions(on);
        const out = [F.conv2d(x, w, b, options), ...tf.grads(loss)([x, w, b])];
        const v = out.map((t) => t.dataSync() as Float32Array);
        tf.dispose(out);
        return v;
      };
      const plain = values(false);
      const withBlocks = values(true);
      const label = JSON.stringify({ xShape, wShape, options });
      const blockedKeys = rt.loadedKeys().filter((k) => k.endsWith(`blocked ${block}`) && k.includes(`"inChannels":${xShape[1]},"height":${xShape[2]}`));
      expect(blockedKeys.length, label).toBe(blockedModels);
      expect(relativeError(withBlocks, plain), label).toBeLessThan(2e-5);
      tf.dispose([x, w, b]);
    }
  });

  it('runs a large batch\'s blocked convolutions in chunks of images, with the results of one run', () => {
    const block = rt.nchwcBlockSize();
    if (block === 0) return;
    // 16 channels in and out on 32 × 32 (blocks of 16): 2 · 16 · 1024 blocked values per image; three runs.
    const channels = Math.max(16, block);
    const perImage = 2 * channels * 32 * 32;
    const n = 2 * Math.floor(MAX_BLOCKED_VALUES / perImage) + 6;
    const x = pattern([n, channels, 32, 32], 24), w = pattern([channels, channels, 3, 3], 25), b = pattern([channels], 26);
    const loss = (xx: tf.Tensor) => tf.sum(tf.square(F.conv2d(xx, w, b, { padding: 1 })));
    const values = (): Float32Array[] => {
      const out = [F.conv2d(x, w, b, { padding: 1 }), tf.grad(loss)(x)];
      const v = out.map((t) => t.dataSync() as Float32Array);
      tf.dispose(out);
      return v;
    };
    useBlockedConvolutions(false);
    const plain = values();
    useBlockedConvolutions(true); // (unloads the plain models: count runs from here)
    const forwardRuns = rt.runCount('conv2d-nchw-bias ');
    const inputGradRuns = rt.runCount('conv2d-nchw-input-grad ');
    const chunked = values();
    expect(rt.runCount('conv2d-nchw-bias ') - forwardRuns).toBe(2 * 3); // the value, then inside tf.grad
    expect(rt.runCount('conv2d-nchw-input-grad ') - inputGradRuns).toBe(3);
    expect(relativeError(chunked, plain)).toBeLessThan(2e-5);
    tf.dispose([x, w, b]);
  });

  it('sums a large batch\'s filter gradient over chunks of images, with either layout of its input pixels', () => {
    const perImage = 16 * 9 * 32 * 32;
    const n = Math.floor(MAX_FILTER_GRAD_COLUMNS_VALUES / perImage) + 3; // two chunks, the second of three images
    const x = pattern([n, 16, 32, 32], 18), w = pattern([8, 16, 3, 3], 19);
    for (const im2col of [true, false]) {
      useIm2colFilterGrads(im2col);
      const { native, wasm, runs } = bothWays(rt, im2col ? 'gemm false true' : 'conv2d-nchw-filter-grad {', () =>
        tf.grad((ww: tf.Tensor) => tf.sum(tf.square(F.conv2d(x, ww, null, { padding: 1 }))))(w));
      expect(runs, `im2col ${im2col}`).toBe(2);
      expect(relativeError(native, wasm), `im2col ${im2col}`).toBeLessThan(2e-5);
    }
    useIm2colFilterGrads(true);
    tf.dispose([x, w]);
  });

  it('lays out the filter gradient\'s input pixels with the SIMD kernel from MIN_IM2COL_ROWS filter values, with tfjs\'s results', () => {
    expect(MIN_IM2COL_ROWS).toBe(64);
    // [x shape, w shape, options, whether the kernel lays them out]: padding on one side only, strides, dilation,
    // rows of fewer than four pixels and of pixels at a stride (the kernel's scalar loops), a 1-wide kernel.
    const cases: [number[], number[], F.Conv2dOptions, boolean][] = [
      [[2, 8, 9, 11], [6, 8, 3, 3], { padding: [1, 2] }, true],
      [[3, 4, 10, 9], [5, 4, 4, 4], { stride: 2, padding: 2 }, true], // 64 rows exactly
      [[2, 7, 8, 8], [5, 7, 3, 3], { padding: 1 }, false], // 63 rows: ONNX Runtime's layout
      [[2, 16, 12, 13], [4, 16, 3, 2], { stride: [1, 3], dilation: [2, 1] }, true],
      [[1, 32, 5, 5], [3, 32, 3, 3], { stride: 2, padding: 1 }, true], // 3 × 3 outputs
      [[2, 64, 7, 6], [9, 64, 1, 1], {}, true],
      [[2, 12, 9, 9], [4, 12, 3, 3], { padding: 'same', dilation: 3 }, true],
    ];
    for (const [xShape, wShape, options, laidOut] of cases) {
      const label = JSON.stringify([xShape, wShape, options]);
      const x = pattern(xShape, 27), w = pattern(wShape, 28);
      const dw = () => tf.grad((ww: tf.Tensor) => tf.sum(tf.square(F.conv2d(x, ww, null, options))))(w);
      const before = rt.runCount('gemm false true');
      const { native, wasm } = bothWays(rt, 'conv2d-nchw', dw);
      expect(rt.runCount('gemm false true') - before, label).toBe(laidOut ? 1 : 0);
      expect(relativeError(native, wasm), label).toBeLessThan(2e-5);
      tf.dispose([x, w]);
    }
  });

  it('computes the filter gradient as per-image products summed over the batch, with tfjs\'s results', () => {
    // Every case through ONNX Runtime's model (the SIMD layout off): padding on one side only, strides, dilation,
    // one image, one input channel, a 1 × 1 kernel, the MNIST CNN's first layer.
    const cases: [number[], number[], F.Conv2dOptions][] = [
      [[2, 8, 9, 11], [6, 8, 3, 3], { padding: [1, 2] }],
      [[3, 4, 10, 9], [5, 4, 4, 4], { stride: 2, padding: 2 }],
      [[1, 3, 8, 8], [5, 3, 3, 3], { padding: 1 }],
      [[2, 16, 12, 13], [4, 16, 3, 2], { stride: [1, 3], dilation: [2, 1] }],
      [[2, 12, 9, 9], [4, 12, 3, 3], { padding: 'same', dilation: 3 }],
      [[3, 5, 6, 7], [2, 5, 1, 1], {}],
      [[4, 1, 28, 28], [32, 1, 3, 3], {}],
    ];
    useIm2colFilterGrads(false);
    try {
      for (const [xShape, wShape, options] of cases) {
        const label = JSON.stringify([xShape, wShape, options]);
        const x = pattern(xShape, 29), w = pattern(wShape, 30);
        const dw = () => tf.grad((ww: tf.Tensor) => tf.sum(tf.square(F.conv2d(x, ww, null, options))))(w);
        const { native, wasm, runs } = bothWays(rt, 'conv2d-nchw-filter-grad {', dw);
        expect(runs, label).toBe(1);
        expect(relativeError(native, wasm), label).toBeLessThan(2e-5);
        tf.dispose([x, w]);
      }
    } finally {
      useIm2colFilterGrads(true);
    }
  });

  it('grouped convolutions and nested gradients use tfjs\'s kernels, and stay right', () => {
    const x = pattern([2, 4, 9, 9], 11), w = pattern([6, 2, 3, 3], 12);
    const grouped = bothWays(rt, 'conv2d-nchw', () => tf.grads((xx: tf.Tensor, ww: tf.Tensor) =>
      tf.sum(tf.square(F.conv2d(xx, ww, null, { groups: 2, padding: 1 }))))([x, w]));
    expect(grouped.runs).toBe(0);
    expect(relativeError(grouped.native, grouped.wasm)).toBeLessThan(2e-5);
    // A gradient of a gradient (a penalty on the input gradient's norm): its inner gradient must be differentiable.
    const w2 = pattern([6, 4, 3, 3], 13);
    const penalty = (ww: tf.Tensor) => {
      const inner = tf.grad((xx: tf.Tensor) => tf.sum(tf.square(F.conv2d(xx, ww, null, { padding: 1 }))))(x);
      return tf.sum(tf.square(inner));
    };
    const nested = bothWays(rt, 'conv2d-nchw', () => tf.grad(penalty)(w2));
    expect(nested.runs).toBe(0);
    expect(relativeError(nested.native, nested.wasm)).toBeLessThan(2e-5);
    tf.dispose([x, w, w2]);
  });

  it('keeps at most MAX_CONV_PLANS geometries loaded, and a geometry unloaded and used again is right', () => {
    const w = pattern([4, 2, 3, 3], 20);
    const conv = (size: number) => F.conv2d(pattern([1, 2, size, size], size), w, null, { padding: 1 });
    const first = bothWays(rt, 'conv2d-nchw', () => conv(5));
    for (let size = 6; size < 6 + MAX_CONV_PLANS + 4; size++) tf.dispose(conv(size));
    expect(rt.loadedCount('conv2d-nchw ')).toBeLessThanOrEqual(MAX_CONV_PLANS);
    const size5 = 'conv2d-nchw {"inChannels":2,"height":5,';
    expect(rt.loadedCount(size5)).toBe(0); // the least recently used went first
    const again = bothWays(rt, 'conv2d-nchw', () => conv(5));
    expect(rt.loadedCount(size5)).toBe(1);
    expect(again.native).toEqual(first.native);
    expect(relativeError(again.native, again.wasm)).toBeLessThan(2e-5);
    tf.dispose(w);
  });

  it('training steps leak no tensors', () => {
    const x = pattern([8, 3, 16, 16], 14);
    const w = tf.variable(pattern([16, 3, 3, 3], 15)), b = tf.variable(pattern([16], 16));
    const w2 = tf.variable(pattern([8, 16, 3, 3], 29)); // 144 filter values: its filter gradient lays out its input pixels itself
    const v = tf.variable(pattern([8 * 12 * 12, 10], 17));
    const step = () => {
      const { value, grads } = tf.variableGrads(() =>
        tf.sum(tf.matMul(tf.reshape(tf.relu(F.conv2d(tf.relu(F.conv2d(x, w, b)), w2)), [8, -1]), v)));
      tf.dispose([value, grads]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b, w2, v]);
  });
});

describe('turning ONNX Runtime off', () => {
  it('TSDL_NATIVE_KERNELS=0 leaves every kernel to tfjs-wasm (and the convolution worker)', () => {
    const script = `
      const tsdl = require('./src');
      const { nativeKernelStatus } = require('./src/backend/wasm_native_kernels');
      const { convWorkerStatus } = require('./src/backend/wasm_conv_worker');
      (async () => {
        const info = await tsdl.ready({ forced: 'wasm' });
        console.log(JSON.stringify({ deviceName: info.deviceName, native: nativeKernelStatus().installed, worker: convWorkerStatus().state }));
      })();`;
    const off = runScriptInNewProcess<{ deviceName: string; native: boolean; worker: string }>(script, { TSDL_NATIVE_KERNELS: '0' });
    expect(off.native).toBe(false);
    expect(off.deviceName).not.toMatch(/ONNX Runtime/);
    const on = runScriptInNewProcess<{ deviceName: string; native: boolean; worker: string }>(script, { TSDL_NATIVE_KERNELS: '' });
    expect(on.native).toBe(true);
    expect(on.deviceName).toMatch(/WebAssembly SIMD, 1 thread; large convolutions and matrix products by ONNX Runtime, \d+ threads?\)$/);
    expect(on.worker).toBe('off');
  });

  it('without a loadable onnxruntime-node, the notes say why and large convolutions go to the worker', () => {
    // A preload that makes the package unresolvable, as on a platform it has no binary for.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdl-no-ort-'));
    const block = path.join(dir, 'block.cjs');
    fs.writeFileSync(block, `const Module = require('module'); const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        if (request.startsWith('onnxruntime-node')) throw new Error("Cannot find module '" + request + "'");
        return resolve.call(this, request, ...rest);
      };`);
    const script = `
      const tf = require('@tensorflow/tfjs');
      const tsdl = require('./src');
      const { convWorkerStatus } = require('./src/backend/wasm_conv_worker');
      (async () => {
        const info = await tsdl.ready({ forced: 'wasm' });
        const x = tf.ones([32, 16, 16, 32]), w = tf.ones([3, 3, 32, 64]);
        const value = tf.conv2d(x, w, 1, 'valid').dataSync()[0];
        console.log(JSON.stringify({ notes: info.notes, deviceName: info.deviceName, value, worker: convWorkerStatus().state }));
      })();`;
    try {
      const out = runScriptInNewProcess<{ notes: string[]; deviceName: string; value: number; worker: string }>(script, { NODE_OPTIONS: `--require ${block}` });
      expect(out.notes.join('\n')).toMatch(/onnxruntime-node not usable \(Cannot find module 'onnxruntime-node\/package.json'\)/);
      expect(out.deviceName).not.toMatch(/ONNX Runtime/);
      expect(out.value).toBe(288);
      expect(out.worker).not.toBe('off');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad TSDL_NATIVE_THREADS is named', () => {
    const script = `
      const tsdl = require('./src');
      (async () => { const info = await tsdl.ready({ forced: 'wasm' }); console.log(JSON.stringify({ notes: info.notes, deviceName: info.deviceName })); })();`;
    const out = runScriptInNewProcess<{ notes: string[]; deviceName: string }>(script, { TSDL_NATIVE_THREADS: 'many' });
    expect(out.notes.join('\n')).toMatch(/TSDL_NATIVE_THREADS must be a positive integer, got "many"/);
    expect(out.deviceName).not.toMatch(/ONNX Runtime/);
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backendInfo,
  cuda,
  device,
  ready,
  resetBackendSelection,
  selectBackend,
  type BackendLoaders,
} from '../../src/backend';
import { setCurrentBackendInfo } from '../../src/backend/info';
import { defaultLoaders } from '../../src/backend/loaders';
import { backward } from '../../src/autograd';
import * as nn from '../../src/nn';
import { Parameter } from '../../src/nn';
import { conv2dFilterGrad, conv2dFilterGradByConv, IM2COL_MAX_ELEMENTS } from '../../src/backend/conv_gradient_math';
import '../../src/tensor';
import { nativeKernelStatus, useNativeKernels } from '../../src/backend/wasm_native_kernels';
import { onnxRuntime } from '../../src/backend/onnx/onnx_runtime';
import { MAX_COLUMN_SUM_VALUES, useColumnSumKernel } from '../../src/backend/wasm_leading_sums';

const missing = (name: string) => () => {
  throw new Error(`Cannot find module '${name}'`);
};

/** Registers a fake 'tensorflow' backend (the cpu backend in disguise) as tfjs-node would. */
function fakeTensorflow(onGpu: boolean) {
  return () => {
    if (tf.findBackendFactory('tensorflow') == null) {
      tf.registerBackend('tensorflow', () => {
        const b = tf.findBackendFactory('cpu')() as unknown as Record<string, unknown>;
        b.isUsingGpuDevice = onGpu;
        return b as unknown as tf.KernelBackend;
      });
      for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: 'tensorflow' });
    }
    return {};
  };
}

function loaders(partial: Partial<BackendLoaders>): BackendLoaders {
  return { nodeGpu: missing('@tensorflow/tfjs-node-gpu'), node: missing('@tensorflow/tfjs-node'), wasm: defaultLoaders.wasm, ...partial };
}

afterEach(async () => {
  await tf.setBackend('cpu');
  if (tf.findBackend('tensorflow')) tf.removeBackend('tensorflow');
  for (const k of tf.getKernelsForBackend('tensorflow')) tf.unregisterKernel(k.kernelName, 'tensorflow');
  resetBackendSelection();
});

describe('backend selection', () => {
  it('without the native packages picks wasm (SIMD) and says why', async () => {
    const info = await selectBackend({ loaders: loaders({}) });
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.device).toBe('cpu');
    expect(info.gpu).toBe(false);
    expect(info.deviceName).toMatch(/WebAssembly SIMD/);
    expect(info.notes.join('\n')).toMatch(/tfjs-node-gpu not usable[\s\S]*tfjs-node not usable/);
  });

  it('falls back to the pure-JS cpu backend when wasm cannot load', async () => {
    const info = await selectBackend({ loaders: loaders({ wasm: missing('@tensorflow/tfjs-backend-wasm') as BackendLoaders['wasm'] }) });
    expect(info.backend).toBe('cpu');
    expect(info.notes.join('\n')).toMatch(/tfjs-backend-wasm not usable/);
  });

  it('prefers tfjs-node-gpu with a CUDA GPU and reports the GPU name', async () => {
    const info = await selectBackend({ loaders: loaders({ nodeGpu: fakeTensorflow(true) }), gpuName: () => 'NVIDIA Test GPU' });
    expect(info).toMatchObject({ backend: 'tensorflow', device: 'cuda', gpu: true, deviceName: 'NVIDIA Test GPU' });
  });

  it('uses tfjs-node-gpu on the CPU when no GPU is found, and tfjs-node when only it is installed', async () => {
    const noGpu = await selectBackend({ loaders: loaders({ nodeGpu: fakeTensorflow(false) }) });
    expect(noGpu).toMatchObject({ backend: 'tensorflow', device: 'cpu', gpu: false });
    expect(noGpu.notes.join()).toMatch(/found no CUDA GPU/);
    await tf.setBackend('cpu');
    const node = await selectBackend({ loaders: loaders({ node: fakeTensorflow(true) }) });
    expect(node).toMatchObject({ backend: 'tensorflow', device: 'cpu' }); // tfjs-node never means GPU
  });

  it('TSDL_BACKEND forces a backend; an unavailable or unknown one warns and falls back', async () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect((await selectBackend({ forced: 'cpu', loaders: loaders({ node: fakeTensorflow(false) }), warn })).backend).toBe('cpu');
    expect((await selectBackend({ forced: 'tensorflow', loaders: loaders({}), warn })).backend).toBe('wasm');
    expect(warnings[0]).toMatch(/TSDL_BACKEND=tensorflow is not available/);
    expect((await selectBackend({ forced: 'webgpu', loaders: loaders({}), warn })).backend).toBe('wasm');
    expect(warnings[1]).toMatch(/TSDL_BACKEND="webgpu" is not one of tensorflow, wasm, cpu/);
  });

  it('ready() selects once and backendInfo()/cuda report it', async () => {
    const a = await ready({ forced: 'cpu' });
    const b = await ready({ forced: 'wasm' });
    expect(b).toBe(a);
    expect(backendInfo().backend).toBe('cpu');
    expect(cuda.isAvailable()).toBe(false);
    expect(() => cuda.deviceName()).toThrow(/no CUDA GPU/);
    expect(String(device('cuda:0'))).toBe('cuda:0');
    expect(() => device('cuda:1')).toThrow(/only one GPU/);
    setCurrentBackendInfo({ backend: 'tensorflow', device: 'cuda', deviceName: 'X', gpu: true, notes: [] });
    expect(cuda.isAvailable()).toBe(true);
    expect(cuda.deviceName()).toBe('X');
    expect(tf.ones([1]).to('cuda').shape).toEqual([1]);
  });
});

describe('wasm training kernels', () => {
  it('computes conv filter, depthwise, gather and max-pool gradients like the cpu backend', async () => {
    const run = () => {
      const f = new Parameter(tf.tensor4d(Array.from({ length: 54 }, (_, i) => Math.sin(i)), [3, 3, 3, 2]));
      const d = new Parameter(tf.tensor4d(Array.from({ length: 18 }, (_, i) => Math.cos(i)), [3, 3, 2, 1]));
      const e = new Parameter(tf.tensor2d(Array.from({ length: 10 }, (_, i) => i / 10), [5, 2]));
      const x = tf.tensor4d(Array.from({ length: 75 }, (_, i) => Math.sin(i * 0.7)), [1, 5, 5, 3]);
      const loss = backward(() => {
        const c = tf.conv2d(x, f as unknown as tf.Tensor4D, 1, 'same');
        const dw = tf.depthwiseConv2d(c, d as unknown as tf.Tensor4D, 1, 'same');
        const p = tf.maxPool(dw, 2, 2, 'same');
        const g = tf.gather(e, tf.tensor1d([0, 3, 3], 'int32'));
        return tf.add(tf.sum(tf.square(p)), tf.sum(tf.square(g)));
      }, { parameters: [f, d, e] });
      const grads = [f, d, e].map((p) => Array.from(p.grad!.dataSync()));
      tf.dispose([f, d, e, x]);
      return { loss, grads };
    };
    await tf.setBackend('cpu');
    const onCpu = run();
    await selectBackend({ forced: 'wasm', loaders: loaders({}) });
    expect(tf.getBackend()).toBe('wasm');
    const onWasm = run();
    expect(onWasm.loss).toBeCloseTo(onCpu.loss, 3);
    onCpu.grads.forEach((g, k) => g.forEach((v, i) => expect(onWasm.grads[k][i]).toBeCloseTo(v, 3)));
  });

  it('tf.conv2d gradients (what tfjs-layers conv2d trains with) and max-pool gradients match the cpu kernels', async () => {
    const cases: { x: number[]; f: number[]; strides: number | [number, number]; pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding }[] = [
      { x: [2, 7, 6, 3], f: [3, 3, 3, 4], strides: 1, pad: 'same' },
      { x: [2, 7, 6, 3], f: [3, 3, 3, 4], strides: 2, pad: 'same' },
      { x: [1, 8, 8, 2], f: [2, 3, 2, 5], strides: [2, 1], pad: 'valid' },
      { x: [1, 9, 7, 2], f: [3, 3, 2, 2], strides: 2, pad: 1 },
      { x: [1, 8, 7, 2], f: [2, 2, 2, 3], strides: 2, pad: 'same' },   // uneven 'same' padding
      { x: [1, 5, 6, 2], f: [2, 2, 2, 3], strides: 1, pad: 2 },        // padding wider than kernel - 1
      { x: [2, 6, 7, 3], f: [3, 3, 3, 2], strides: [1, 2], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },   // explicit, as nn.Conv2d uses on wasm
    ];
    const fill = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.37 + k)), shape);
    const run = () => cases.map(({ x, f, strides, pad }) => tf.tidy(() => {
      const xs = fill(x, 1) as tf.Tensor4D;
      const fs = fill(f, 2) as tf.Tensor4D;
      const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
        const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad);
        return tf.sum(tf.mul(y, fill(y.shape, 3)));
      })([xs, fs]);
      const pooled = tf.grad((a: tf.Tensor) => tf.sum(tf.square(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'))))(fill([2, 8, 6, 3], 4));
      // The NCHW layout of the kernels, called directly.
      const dyN = fill([x[0], f[3], ...(tf.conv2d(xs, fs, strides, pad).shape.slice(1, 3))], 5);
      const padNCHW = Array.isArray(pad) ? [pad[0], pad[3], pad[1], pad[2]] : pad;   // explicit paddings follow the layout
      const attrs = { strides, pad: padNCHW, dataFormat: 'NCHW', dimRoundingMode: undefined };
      const xN = tf.transpose(xs, [0, 3, 1, 2]);
      const gfN = tf.engine().runKernel('Conv2DBackpropFilter', { x: xN, dy: dyN }, { ...attrs, filterShape: f }) as tf.Tensor;
      const gxN = tf.engine().runKernel('Conv2DBackpropInput', { dy: dyN, filter: fs }, { ...attrs, inputShape: xN.shape }) as tf.Tensor;
      return [gx, gf, pooled, gfN, gxN].map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
    }));
    await tf.setBackend('cpu');
    const onCpu = run();
    await selectBackend({ forced: 'wasm', loaders: loaders({}) });
    expect(tf.getBackend()).toBe('wasm');
    run();
    const before = tf.memory().numTensors;
    const onWasm = run();
    expect(tf.memory().numTensors).toBe(before);
    onCpu.forEach((grads, c) => grads.forEach((g, k) => {
      expect(onWasm[c][k].shape).toEqual(g.shape);
      g.values.forEach((v, i) => expect(onWasm[c][k].values[i], `case ${c}, gradient ${k}, entry ${i}`).toBeCloseTo(v, 3));
    }));
  });

  it('the im2col filter gradient (few channels, chunked over the batch) equals the convolution form', async () => {
    await selectBackend({ forced: 'wasm', loaders: loaders({}) });
    const fill = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.37 + k)), shape);
    // 9 images of 198×198 windows × 27 taps: 1.06M elements each, so the 8M-element limit splits the batch 7 + 2.
    // (The last: one input channel and ≥ 16 outputs, the product taken swapped.)
    const cases: [number[], number[]][] = [[[9, 200, 200, 3], [3, 3, 3, 2]], [[4, 12, 10, 1], [2, 3, 1, 5]], [[4, 14, 13, 1], [3, 3, 1, 24]]];
    for (const [xShape, fShape] of cases) {
      const before = tf.memory().numTensors;
      const [byIm2col, byConv] = tf.tidy(() => {
        const x = fill(xShape, 1) as tf.Tensor4D;
        const dy = fill([xShape[0], xShape[1] - fShape[0] + 1, xShape[2] - fShape[1] + 1, fShape[3]], 2) as tf.Tensor4D;
        expect(xShape[1] * xShape[2] * fShape[0] * fShape[1] * fShape[2] * xShape[0] > IM2COL_MAX_ELEMENTS || xShape[0] === 4).toBe(true);
        return [conv2dFilterGrad(x, dy, fShape, [1, 1]), conv2dFilterGradByConv(x, dy, fShape, [1, 1])];
      });
      expect(byIm2col.shape).toEqual(fShape);
      const a = byIm2col.dataSync(), b = byConv.dataSync();
      const scale = Math.max(...Array.from(b, Math.abs));
      b.forEach((v, i) => expect(Math.abs(a[i] - v) / scale, `entry ${i}`).toBeLessThan(1e-4)); // float32 sums of ~350k terms
      tf.dispose([byIm2col, byConv]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('a first convolution layer does not compute the gradient of its input images', async () => {
    await selectBackend({ forced: 'wasm', loaders: loaders({}) });
    const conv = new nn.Conv2d(1, 4, 3);
    const images = tf.randomNormal([2, 1, 8, 8]);
    const step = () => tf.profile(() => {
      backward(() => tf.sum(conv.forward(images)), { parameters: conv.parameters() });
    });
    // tfjs's kernels (without ONNX Runtime, or with it turned off).
    useNativeKernels(false);
    const names = (await step()).kernels.map((k) => k.name);
    expect(names).toContain('Conv2DBackpropFilter');
    expect(names).not.toContain('Conv2DBackpropInput');
    expect(conv.weight.grad!.shape).toEqual([4, 1, 3, 3]);
    useNativeKernels(true);
    // ONNX Runtime's models, when it is installed (it is an optional dependency).
    const rt = onnxRuntime();
    if (nativeKernelStatus().installed && rt) {
      const [inputGrads, filterGrads] = [rt.runCount('conv2d-nchw-input-grad'), rt.runCount('conv2d-nchw-filter-grad')];
      expect((await step()).kernels.map((k) => k.name)).toContain('TsdlConv2dBiasNCHW');
      expect(rt.runCount('conv2d-nchw-filter-grad')).toBe(filterGrads + 1);
      expect(rt.runCount('conv2d-nchw-input-grad')).toBe(inputGrads);
      expect(conv.weight.grad!.shape).toEqual([4, 1, 3, 3]);
    }
    tf.dispose(images);
  });

  it('sums over leading axes (bias gradients) match the cpu backend and free their temporaries, both ways', async () => {
    const fill = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.37 + k)), shape);
    // Up to MAX_COLUMN_SUM_VALUES values: tsdl's SIMD column sums (columns not a multiple of four, one column,
    // one row left to tfjs); above: XNNPACK's pooling.
    expect(MAX_COLUMN_SUM_VALUES).toBe(65536);
    const cases: [number[], number | number[], boolean][] = [
      [[64, 26, 26, 3], [0, 1, 2], false], [[64, 26, 26, 3], [2, 0, 1], true], [[300, 5], 0, false], [[300, 5], [0], true],
      [[2, 3], 0, false], [[4, 70, 5], [0, 2], false], [[400, 3], [0, 1], false], [[20, 30, 2], [-3, -2], false],
      [[4, 1], 0, false], [[1, 9], 0, true], [[7, 13], 0, false], [[3, 4, 8], [0, 1], true], [[65536, 1], 0, false], [[8193, 8], 0, false],
    ];
    const run = () => cases.map(([shape, axis, keepDims]) => tf.tidy(() => {
      const s = tf.sum(fill(shape, 1), axis, keepDims);
      return { shape: s.shape, values: Array.from(s.dataSync()) };
    }));
    await tf.setBackend('cpu');
    const onCpu = run();
    await selectBackend({ forced: 'wasm', loaders: loaders({}) });
    for (const kernel of [true, false]) {
      useColumnSumKernel(kernel);
      run();
      const before = tf.memory().numTensors;
      const bytes = tf.memory().numBytes;
      const onWasm = run();
      expect(tf.memory().numTensors).toBe(before);
      expect(tf.memory().numBytes).toBe(bytes);
      onCpu.forEach((c, k) => {
        expect(onWasm[k].shape).toEqual(c.shape);
        c.values.forEach((v, i) => expect(onWasm[k].values[i], `column sums ${kernel}, case ${k}, entry ${i}`).toBeCloseTo(v, 3));
      });
    }
    useColumnSumKernel(true);
  });

  it('transposed matMul (fast path) matches the cpu backend and frees its temporary copies', async () => {
    const a = Array.from({ length: 2 * 3 * 4 }, (_, i) => Math.sin(i));
    const b = Array.from({ length: 2 * 4 * 5 }, (_, i) => Math.cos(i));
    const products = () =>
      [
        [false, false, [2, 3, 4], [2, 4, 5]],
        [true, false, [2, 4, 3], [2, 4, 5]],
        [false, true, [2, 3, 4], [2, 5, 4]],
        [true, true, [2, 4, 3], [2, 5, 4]],
      ].map(([ta, tb, sa, sb]) =>
        tf.tidy(() => Array.from(tf.matMul(tf.tensor(a, sa as number[]), tf.tensor(b, sb as number[]), ta as boolean, tb as boolean).dataSync())),
      );
    await tf.setBackend('cpu');
    const onCpu = products();
    await selectBackend({ forced: 'wasm', loaders: loaders({}) });
    expect(tf.getBackend()).toBe('wasm');
    const wasmBackend = tf.backend() as unknown as { numDataIds(): number };
    products();
    const dataIds = wasmBackend.numDataIds();
    const onWasm = products();
    expect(wasmBackend.numDataIds()).toBe(dataIds);
    onCpu.forEach((r, k) => r.forEach((v, i) => expect(onWasm[k][i]).toBeCloseTo(v, 4)));
  });
});

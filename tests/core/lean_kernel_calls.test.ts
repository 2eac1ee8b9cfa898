import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/backend';
import { useLeanKernelCalls } from '../../src/backend/lean_kernel_calls';
import { defaultLoaders } from '../../src/backend/loaders';

const fill = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.7 + k)), shape);

interface EngineState { kernelDepth: number; numTensors: number; numBytes: number; numDataBuffers: number }

/** What a computation gives and leaves: its values and shapes (or its error), and the engine's counts after it. */
function outcomeOf(lean: boolean, f: () => tf.Tensor | tf.Tensor[]): unknown {
  useLeanKernelCalls(lean);
  const state = (tf.engine() as unknown as { state: EngineState }).state;
  const before = tf.memory();
  let result: unknown;
  try {
    result = tf.tidy(() => {
      const out = f();
      return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));
    });
  } catch (e) {
    result = { error: (e as Error).message };
  }
  const after = tf.memory();
  return { result, tensorsLeft: after.numTensors - before.numTensors, bytesLeft: after.numBytes - before.numBytes, kernelDepth: state.kernelDepth };
}

function expectSameBothWays(label: string, f: () => tf.Tensor | tf.Tensor[]): unknown {
  const lean = outcomeOf(true, f);
  const original = outcomeOf(false, f);
  expect(lean, label).toEqual(original);
  expect((lean as { kernelDepth: number }).kernelDepth, `${label}: kernel depth after it`).toBe(0);
  return lean;
}

/** Gradients of `f` with respect to `xs` through tfjs's `tf.grads`, as values. */
const gradients = (f: (...xs: tf.Tensor[]) => tf.Tensor, xs: tf.Tensor[]) => () => tf.grads(f)(xs);

describe('lean Engine.runKernel', () => {
  afterAll(() => useLeanKernelCalls(true));

  it("gives tfjs's outputs, errors, gradients and tensor counts, on wasm and cpu", async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await selectBackend({ forced: backend, loaders: defaultLoaders });
      expect(useLeanKernelCalls(true), backend).toBe(true);
      const x = fill([4, 3], 1);
      const w = fill([3, 5], 2);
      const b = fill([5], 3);
      expectSameBothWays(`${backend} MLP layer`, () => tf.relu(tf.add(tf.matMul(x, w), b)));
      expectSameBothWays(`${backend} several outputs`, () => tf.split(fill([6, 4], 4), 3, 0));
      expectSameBothWays(`${backend} top-k`, () => { const { values, indices } = tf.topk(fill([3, 7], 5), 3); return [values, indices]; });
      expectSameBothWays(`${backend} int and bool outputs`, () => [tf.argMax(x, 1), tf.greater(x, 0)]);
      expectSameBothWays(`${backend} conv and pool`, () => tf.maxPool(tf.conv2d(fill([1, 5, 5, 2], 6) as tf.Tensor4D, fill([3, 3, 2, 3], 7) as tf.Tensor4D, 1, 'same'), 2, 2, 'valid'));
      // Gradients: tape nodes, saved tensors, kernels run inside gradient functions.
      expectSameBothWays(`${backend} gradients`, gradients((a, c) => tf.sum(tf.sigmoid(tf.matMul(a, c))), [x, w]));
      expectSameBothWays(`${backend} second order`, () => tf.grad((a: tf.Tensor) => tf.grad((c: tf.Tensor) => tf.sum(tf.mul(c, tf.mul(c, c))))(a).sum())(x));
      // A kernel that fails: the same message, and the kernel depth back at 0 (tape recording resumes).
      const failing = expectSameBothWays(`${backend} shape error`,
        () => tf.engine().runKernel('BatchMatMul', { a: x, b: x }, { transposeA: false, transposeB: false }) as tf.Tensor);
      expect(JSON.stringify(failing), backend).toMatch(/inner shapes|must match/);
      expectSameBothWays(`${backend} gradients after an error`, gradients((a) => tf.sum(tf.square(a)), [x]));
      const missing = expectSameBothWays(`${backend} unregistered kernel`, () => tf.engine().runKernel('NoSuchKernel', { x }) as tf.Tensor);
      expect(JSON.stringify(missing), backend).toContain("Kernel 'NoSuchKernel' not registered for backend");
    }
  }, 60_000);

  it("leaves debug mode and tf.profile to tfjs's own path", async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    useLeanKernelCalls(true);
    const x = fill([2, 3], 1);
    const profile = async (lean: boolean) => {
      useLeanKernelCalls(lean);
      const info = await tf.profile(() => tf.tidy(() => tf.sum(tf.exp(x))));
      return info.kernels.map((k) => [k.name, k.inputShapes, k.outputShapes, k.tensorsAdded]);
    };
    expect(await profile(true)).toEqual(await profile(false));
    expect((await profile(true)).map((k) => k[0])).toEqual(['Exp', 'Sum']);
    // In debug mode tfjs runs every kernel through its profiler (which logs it and checks its values for NaN).
    const profiler = (tf.engine() as unknown as { profiler: { profileKernel: (...args: unknown[]) => unknown } }).profiler;
    const profileKernel = profiler.profileKernel;
    const profiled: unknown[] = [];
    profiler.profileKernel = function (this: unknown, ...args: unknown[]) { profiled.push(args[0]); return profileKernel.apply(this, args); };
    const log = console.log;
    console.log = () => undefined;
    tf.env().set('DEBUG', true);
    try {
      useLeanKernelCalls(true);
      tf.tidy(() => tf.exp(x).dataSync());
    } finally {
      tf.env().set('DEBUG', false);
      console.log = log;
      profiler.profileKernel = profileKernel;
    }
    expect(profiled).toEqual(['Exp']);
  });

  it('is the engine method in use after tsdl picks a backend, and can be turned off', async () => {
    await selectBackend({ forced: 'wasm', loaders: defaultLoaders });
    expect((tf.engine() as unknown as Record<string, unknown>).hasOwnProperty('runKernel')).toBe(true);
    expect(useLeanKernelCalls(false)).toBe(false);
    expect((tf.engine() as unknown as Record<string, unknown>).hasOwnProperty('runKernel')).toBe(false);
    expect(useLeanKernelCalls(true)).toBe(true);
  });
});

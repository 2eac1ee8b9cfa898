/**
 * Large convolutions split between the main thread and a worker (`wasm_conv_worker.ts`): the same results as
 * on one thread (bit for bit when the batch is split), every convolution gradient too, nothing leaked, the
 * process still ends by itself, and a failing worker leaves the convolutions on the main thread with a note.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConvWorker, convWorkerStatus, convWorkerWanted, restoreConvWorker, speedUpConvWithWorker, useConvWorker } from '../../src/backend/wasm_conv_worker';
import { conv2dFilterGradByConv } from '../../src/backend/conv_gradient_math';
import { ready } from '../../src/backend';
import { nativeKernelStatus, restoreNativeKernels } from '../../src/backend/wasm_native_kernels';
import { runScriptInNewProcess } from './helpers';

/** Values that are not all alike (a fixed pattern: no random draws). */
function pattern(shape: number[], seed: number): tf.Tensor4D {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 0.5), shape as [number, number, number, number]);
}

/** Runs `f` with the split on and off and returns both results' values. */
function bothWays(f: () => tf.Tensor): { split: Float32Array; alone: Float32Array } {
  useConvWorker(true);
  const a = f();
  useConvWorker(false);
  const b = f();
  useConvWorker(true);
  const out = { split: a.dataSync() as Float32Array, alone: b.dataSync() as Float32Array };
  tf.dispose([a, b]);
  return out;
}

describe('convolutions on a second thread (wasm)', () => {
  let previous = '';
  let notes: string[] = [];
  beforeAll(async () => {
    previous = tf.getBackend() ?? 'cpu';
    // As the library starts it: the wasm backend with tsdl's kernels, the split among them.
    notes = (await ready({ forced: 'wasm' })).notes;
    expect(tf.getBackend()).toBe('wasm');
    if (nativeKernelStatus().installed) {
      // ONNX Runtime takes large convolutions when it is installed; the worker is what runs them without it.
      restoreNativeKernels();
      expect(speedUpConvWithWorker()).toBe(true);
    } else {
      expect(speedUpConvWithWorker()).toBe(false); // already in place
    }
    // The first large convolution starts the worker; wait until it is ready.
    const x = pattern([8, 20, 20, 32], 1), w = pattern([3, 3, 32, 64], 2);
    tf.conv2d(x, w, 1, 'valid').dispose();
    for (let i = 0; i < 300 && convWorkerStatus().state === 'starting'; i++) await new Promise((r) => setTimeout(r, 20));
    tf.dispose([x, w]);
  });
  afterAll(async () => {
    restoreConvWorker();
    await tf.setBackend(previous || 'cpu');
  });
  const convNotes = () => notes.filter((n) => /convolution/.test(n));

  it('is wanted with two cores unless TSDL_CONV_WORKER=0', () => {
    expect(convWorkerWanted({}, 2)).toBe(true);
    expect(convWorkerWanted({}, 1)).toBe(false);
    expect(convWorkerWanted({ TSDL_CONV_WORKER: '0' }, 8)).toBe(false);
    expect(convWorkerStatus()).toMatchObject({ state: 'ready', failure: null });
  });

  it('splits a large convolution by images with the very same results, strides and padding included', () => {
    const x = pattern([9, 17, 15, 24], 3), w = pattern([3, 3, 24, 40], 4);
    for (const [strides, pad] of [[1, 'valid'], [2, 'same'], [1, [[0, 0], [1, 2], [2, 0], [0, 0]]]] as const) {
      const splits = convWorkerStatus().splits;
      const { split, alone } = bothWays(() => tf.conv2d(tf.concat([x, x, x, x]) as tf.Tensor4D, w, strides, pad as 'same'));
      expect(convWorkerStatus().splits).toBe(splits + 1);
      expect(split).toEqual(alone);
    }
    tf.dispose([x, w]);
  });

  it('splits a filter gradient (a large "filter") by channels, equal to float32 rounding', () => {
    const x = pattern([64, 13, 13, 32], 5), dy = pattern([64, 11, 11, 64], 6);
    const splits = convWorkerStatus().splits;
    const { split, alone } = bothWays(() => conv2dFilterGradByConv(x, dy, [3, 3, 32, 64], [1, 1]));
    expect(convWorkerStatus().splits).toBe(splits + 1);
    const scale = Math.max(...alone.map(Math.abs));
    expect(Math.max(...split.map((v, i) => Math.abs(v - alone[i])))).toBeLessThan(1e-5 * scale);
    expect(split).not.toEqual(new Float32Array(split.length));
    tf.dispose([x, dy]);
  });

  it('gives a training step’s gradients as on one thread, and leaks nothing', () => {
    const x = pattern([32, 14, 14, 16], 7), w = pattern([3, 3, 16, 64], 8);
    const grads = () => {
      const { value, grads: g } = tf.variableGrads(() => tf.sum(tf.square(tf.conv2d(x, wv, 1, 'same'))), [wv]);
      const out = tf.tidy(() => tf.concat([tf.reshape(value, [1]), tf.reshape(g[wv.name], [-1])]));
      tf.dispose([value, g]);
      return out;
    };
    const wv = tf.variable(w);
    const before = tf.memory().numTensors;
    const splits = convWorkerStatus().splits;
    const { split, alone } = bothWays(grads);
    expect(convWorkerStatus().splits).toBeGreaterThanOrEqual(splits + 2); // forward and input gradient at least
    expect(tf.memory().numTensors).toBe(before);
    const scale = Math.max(...alone.map(Math.abs));
    expect(Math.max(...split.map((v, i) => Math.abs(v - alone[i])))).toBeLessThan(1e-5 * scale);
    tf.dispose([x, w, wv]);
  });

  it('takes a worker back whose result was never collected (a cell interrupted in between)', async () => {
    const w = new ConvWorker();
    for (let i = 0; i < 300 && w.state === 'starting'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(w.state).toBe('ready');
    const x = new Float32Array(2 * 6 * 6 * 3).fill(1), filter = new Float32Array(3 * 3 * 3 * 2).fill(1);
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 } as const;
    w.start(x, [2, 6, 6, 3], [3, 3, 3, 2], filter, 2 * 4 * 4 * 2, attrs); // never finished
    expect(w.state).toBe('ready');
    const job = w.start(x, [2, 6, 6, 3], [3, 3, 3, 2], filter, 2 * 4 * 4 * 2, attrs);
    expect(Array.from(job.finish())).toEqual(new Array(64).fill(27));
    w.release();
    w.stop();
  });

  it('leaves small convolutions on the main thread', () => {
    expect(convNotes()).toEqual([]);
    const x = pattern([2, 8, 8, 3], 9), w = pattern([3, 3, 3, 4], 10);
    const splits = convWorkerStatus().splits;
    const { split, alone } = bothWays(() => tf.conv2d(x, w, 1, 'same'));
    expect(convWorkerStatus().splits).toBe(splits);
    expect(split).toEqual(alone);
    tf.dispose([x, w]);
  });
});

/** A script on the wasm backend through tsdl.ready(), without ONNX Runtime; prints one JSON line. */
function runScript(body: string, env: Record<string, string> = {}): Record<string, unknown> {
  const script = `
    const tf = require('@tensorflow/tfjs');
    const tsdl = require('./src');
    const { convWorkerStatus } = require('./src/backend/wasm_conv_worker');
    (async () => {
      const info = await tsdl.ready({ forced: 'wasm' });
      const x = tf.ones([32, 16, 16, 32]), w = tf.ones([3, 3, 32, 64]);
      const conv = () => { const y = tf.conv2d(x, w, 1, 'valid'); const v = y.dataSync()[0]; y.dispose(); return v; };
      conv();
      for (let i = 0; i < 300 && convWorkerStatus().state === 'starting'; i++) await new Promise((r) => setTimeout(r, 20));
      ${body}
    })();`;
  return runScriptInNewProcess(script, { TSDL_NATIVE_KERNELS: '0', ...env });
}

describe('the convolution worker in a process of its own', () => {
  it('starts with the wasm backend and does not keep the process alive', () => {
    const out = runScript(`const value = conv(); console.log(JSON.stringify({ status: convWorkerStatus(), value }));`);
    expect(out).toEqual({ status: { state: 'ready', failure: null, splits: 1 }, value: 288 });
  });

  it('a failing worker leaves convolutions on the main thread, with a note that says why', () => {
    const out = runScript(`const value = conv(); const again = conv();
      console.log(JSON.stringify({ status: convWorkerStatus().state, value, again, notes: info.notes.filter((n) => /convolution/.test(n)) }));`,
    { TSDL_CONV_WORKER_TEST_FAIL: '1' });
    expect(out.value).toBe(288);
    expect(out.again).toBe(288);
    expect(out.status).toBe('failed');
    expect(out.notes).toEqual(['convolutions stay on one thread: the second thread failed (failing as TSDL_CONV_WORKER_TEST_FAIL=1 asks (tests))']);
  });

  it('TSDL_CONV_WORKER=0 keeps every convolution on the main thread', () => {
    const out = runScript(`console.log(JSON.stringify({ status: convWorkerStatus().state, value: conv() }));`, { TSDL_CONV_WORKER: '0' });
    expect(out).toEqual({ status: 'off', value: 288 });
  });
});

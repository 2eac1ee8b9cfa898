import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import * as nn from '../../src/nn';
import * as optim from '../../src/optim';
import * as F from '../../src/nn/functional';
import { Parameter } from '../../src/nn/parameter';
import { useInPlaceUpdates } from '../../src/optim/in_place_update';
import { simdKernels } from '../../src/backend/simd/simd_kernels';
import { backward } from '../../src/autograd/backward';
import { selectBackend } from '../../src/backend';
import { manualSeed } from '../../src/random';

// Sizes 12, 4, 12, 1, 7, 165: whole SIMD quads and scalar tails of 1 and 3.
const shapes = [[3, 4], [4], [2, 3, 2], [1], [7], [33, 5]];
const fill = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.3 + k) * (1 + k)), shape);

type Make = (params: Parameter[]) => optim.Optimizer<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `steps` updates with fixed pseudo-gradients; returns the final values and state (as arrays). */
function run(make: Make, steps: number, inPlace: boolean) {
  useInPlaceUpdates(inPlace);
  try {
    const params = shapes.map((s, k) => new Parameter(fill(s, k)));
    const opt = make(params);
    for (let step = 0; step < steps; step++) {
      params.forEach((p, i) => {
        p.grad?.dispose();
        p.grad = fill(p.shape, 10 * step + i + 0.5);
      });
      opt.step();
    }
    const values = params.map((p) => Array.from(p.dataSync()));
    const states = params.map((p) => Object.fromEntries(Object.entries(opt.state.get(p) ?? {}).map(([k, v]) => [k, v instanceof tf.Tensor ? Array.from(v.dataSync()) : v])));
    opt.dispose();
    params.forEach((p) => { p.grad?.dispose(); p.dispose(); });
    return { values, states };
  } finally {
    useInPlaceUpdates(true);
  }
}

const cases: [string, Make][] = [
  ['SGD', (p) => new optim.SGD(p, { lr: 0.1 })],
  ['SGD (momentum, dampening, weight decay)', (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, dampening: 0.2, weightDecay: 0.01 })],
  ['SGD (Nesterov, maximize)', (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true })],
  ['Adam', (p) => new optim.Adam(p, { lr: 0.01 })],
  ['Adam (weight decay, AMSGrad, maximize)', (p) => new optim.Adam(p, { lr: 0.01, weightDecay: 0.1, amsgrad: true, maximize: true })],
  ['AdamW', (p) => new optim.AdamW(p, { lr: 0.02, weightDecay: 0.05 })],
];

for (const backendName of ['cpu', 'wasm'] as const) {
  describe(`optimizer steps as one loop over host memory (${backendName})`, () => {
    it('runs on the backend (wasm: with the SIMD kernels)', async () => {
      await selectBackend({ forced: backendName });
      expect(tf.getBackend()).toBe(backendName);
      expect(simdKernels('optimizerSteps') !== null).toBe(backendName === 'wasm');
    });

    for (const [name, make] of cases) {
      it(`${name}: the values and state of the tensor-op form, bit for bit`, () => {
        const before = tf.memory().numTensors;
        const inPlace = run(make, 5, true);
        const ops = run(make, 5, false);
        expect(inPlace.values).toEqual(ops.values);
        expect(inPlace.states).toEqual(ops.states);
        expect(tf.memory().numTensors).toBe(before);
      });
    }

    it('runs no kernel after the first step, and the number of tensors stays put', async () => {
      const params = shapes.map((s, k) => new Parameter(fill(s, k)));
      const opt = new optim.Adam(params, { lr: 0.01 });
      const step = () => {
        params.forEach((p, i) => { p.grad?.dispose(); p.grad = fill(p.shape, i); });
        opt.step();
      };
      step();
      const tensors = tf.memory().numTensors;
      params.forEach((p, i) => { p.grad?.dispose(); p.grad = fill(p.shape, i); });
      const info = await tf.profile(() => opt.step());
      expect(info.kernels.map((k) => k.name)).toEqual([]);
      step();
      expect(tf.memory().numTensors).toBe(tensors);
      opt.dispose();
      params.forEach((p) => { p.grad?.dispose(); p.dispose(); });
    });

    it(`${backendName === 'wasm' ? 'updates state in place whatever the size' : 'takes the tensor ops beyond 16,384 values (JavaScript loses to them there)'}`, () => {
      const sameStateAfterStep = (size: number): boolean => {
        const p = new Parameter(fill([size], 1));
        const opt = new optim.Adam([p], { lr: 0.1 });
        p.grad = fill([size], 2);
        opt.step();
        const before = opt.state.get(p)?.expAvg;
        opt.step();
        const same = opt.state.get(p)?.expAvg === before;
        p.grad.dispose();
        opt.dispose();
        p.dispose();
        return same;
      };
      expect(sameStateAfterStep(1000)).toBe(true);
      expect(sameStateAfterStep(20_000)).toBe(backendName === 'wasm');
    });

    it('refuses a gradient of the wrong shape with a clear error, and changes nothing', () => {
      const p = new Parameter(fill([5], 1));
      const opt = new optim.Adam([p], { lr: 0.1 });
      const before = Array.from(p.dataSync());
      p.grad = fill([3], 2);
      expect(() => opt.step()).toThrow(/parameter .* has shape \[5\] but its gradient has shape \[3\]/);
      expect(Array.from(p.dataSync())).toEqual(before);
      p.grad.dispose();
      opt.dispose();
      p.dispose();
    });

    it('leaves a stateDict() copy and a clone of a parameter as they were', () => {
      const p = new Parameter(fill([5], 1));
      const opt = new optim.Adam([p], { lr: 0.1 });
      p.grad = fill([5], 2);
      opt.step();
      const saved = opt.stateDict();
      const copy = saved.state[0].expAvg as tf.Tensor;
      const copyValues = Array.from(copy.dataSync());
      const paramCopy = tf.clone(p);
      const paramValues = Array.from(paramCopy.dataSync());
      opt.step();
      opt.step();
      expect(Array.from(copy.dataSync())).toEqual(copyValues);
      expect(Array.from(paramCopy.dataSync())).toEqual(paramValues);
      expect(Array.from((opt.state.get(p)?.expAvg as tf.Tensor).dataSync())).not.toEqual(copyValues);
      tf.dispose([copy, saved.state[0].expAvgSq as tf.Tensor, paramCopy, p.grad]);
      opt.dispose();
      p.dispose();
    });

    // tfjs-backend-wasm packs a matrix product's right operand once per tensor: parameters updated in
    // place would keep being multiplied by their old packed values.
    it('trains a linear and a convolutional model to the same losses as the tensor-op form', () => {
      const losses = (inPlace: boolean): number[] => {
        useInPlaceUpdates(inPlace);
        try {
          manualSeed(3);
          const model = new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.ReLU(), new nn.Flatten(), new nn.Linear(8, 3));
          const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
          const x = fill([2, 1, 4, 4], 0.3);
          const y = tf.tensor1d([0, 2], 'int32');
          const out: number[] = [];
          for (let i = 0; i < 6; i++) {
            opt.zeroGrad();
            out.push(backward(() => F.crossEntropy(model.forward(x) as tf.Tensor, y)));
            opt.step();
          }
          tf.dispose([x, y]);
          opt.dispose();
          model.dispose();
          return out;
        } finally {
          useInPlaceUpdates(true);
        }
      };
      const inPlace = losses(true);
      expect(inPlace).toEqual(losses(false));
      expect(inPlace[5]).toBeLessThan(inPlace[0]);
    });
  });
}

afterAll(async () => {
  await selectBackend({ forced: 'cpu' });
});

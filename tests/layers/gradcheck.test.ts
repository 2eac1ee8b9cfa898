/**
 * Gradient checks against central finite differences for every layer: the analytic gradient of
 * L = Σ output·R (R fixed) with respect to the input and each parameter must match
 * (L(θ + h) − L(θ − h)) / 2h with h = 1e-2 in float32, to 2% relative (small absolute floor).
 * Inputs are distinct values on a grid away from 0 so that no kink (ReLU, max) lies within h.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/nn';
import { manualSeed } from '../../src/random';

const H = 1e-2;

/** Distinct values from a shuffled grid in [-2, 2], none within 0.01 of 0. */
function gridInput(shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = Array.from({ length: n }, (_, i) => -2 + (4 * (i + 0.37)) / n);
  let s = seed + 1;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 16807) % 2147483647;
    const j = s % (i + 1);
    [vals[i], vals[j]] = [vals[j], vals[i]];
  }
  return tf.tensor(vals, shape);
}

function flatOut(out: unknown): tf.Tensor[] {
  if (out instanceof tf.Tensor) return [out];
  if (Array.isArray(out)) return out.flatMap(flatOut);
  return [];
}

/** Indices to probe: up to `k` spread over the tensor. */
function probes(size: number, k = 5): number[] {
  if (size <= k) return Array.from({ length: size }, (_, i) => i);
  return Array.from({ length: k }, (_, i) => Math.floor(((i + 0.5) * size) / k));
}

/**
 * Checks d(Σ out·R)/d(input_i) for float inputs and every parameter of `m`.
 * Returns the mismatches as text (empty when all agree).
 */
function gradcheck(m: nn.Module, inputs: tf.Tensor[], forwardExtra: unknown[] = [], skip?: (name: string, index: number) => boolean): string[] {
  const problems: string[] = [];
  const vars = inputs.map((x) => (x.dtype === 'float32' ? tf.variable(x) : x));
  const shapes = tf.tidy(() => flatOut((m.forward as (...a: unknown[]) => unknown)(...vars, ...forwardExtra)).map((o) => o.shape));
  const weights = shapes.map((shape, i) => gridInput(shape, 100 + i));
  const loss = (): tf.Scalar =>
    tf.tidy(() => {
      const fl = flatOut((m.forward as (...a: unknown[]) => unknown)(...vars, ...forwardExtra));
      return tf.addN(fl.map((o, i) => tf.sum(tf.mul(o, weights[i])))) as tf.Scalar;
    });
  const targets: Array<[string, tf.Variable]> = [
    ...vars.filter((v): v is tf.Variable => v instanceof tf.Variable).map((v, i) => [`input ${i}`, v] as [string, tf.Variable]),
    ...m.namedParameters().map(([n, p]) => [n, p as tf.Variable] as [string, tf.Variable]),
  ];
  const { value, grads } = tf.variableGrads(loss, targets.map(([, v]) => v));
  value.dispose();
  for (const [name, v] of targets) {
    const g = grads[v.name];
    const analytic = g ? g.dataSync() : new Float32Array(v.size);
    const base = v.dataSync().slice();
    for (const i of probes(v.size, 6)) {
      if (skip?.(name, i)) continue;
      const at = (delta: number): number => {
        const shifted = base.slice();
        shifted[i] += delta;
        tf.tidy(() => v.assign(tf.tensor(shifted, v.shape)));
        const l = loss();
        const out = l.dataSync()[0];
        l.dispose();
        return out;
      };
      const numeric = (at(H) - at(-H)) / (2 * H);
      tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
      const a = analytic[i];
      if (!(Math.abs(numeric - a) <= 2e-2 * Math.max(Math.abs(numeric), Math.abs(a)) + 5e-3)) {
        problems.push(`${name}[${i}]: analytic ${a.toFixed(5)}, numeric ${numeric.toFixed(5)}`);
      }
    }
  }
  Object.values(grads).forEach((g) => g.dispose());
  weights.forEach((w) => w.dispose());
  vars.filter((v) => v instanceof tf.Variable).forEach((v) => v.dispose());
  return problems;
}

interface Check {
  name: string;
  build: () => nn.Module;
  inputs: () => tf.Tensor[];
  extra?: () => unknown[];
  /** Entries whose gradient is zero by design (e.g. the embedding's padding row). */
  skip?: (name: string, index: number) => boolean;
  train?: boolean;
}

const int = (values: number[][]) => tf.tensor2d(values, undefined, 'int32');

const checks: Check[] = [
  { name: 'Linear', build: () => new nn.Linear(3, 2), inputs: () => [gridInput([4, 3], 1)] },
  { name: 'Bilinear', build: () => new nn.Bilinear(2, 3, 2), inputs: () => [gridInput([3, 2], 1), gridInput([3, 3], 2)] },
  { name: 'Conv1d (stride 2, padding 1, dilation 2, groups 2)', build: () => new nn.Conv1d(2, 4, 3, { stride: 2, padding: 1, dilation: 2, groups: 2 }), inputs: () => [gridInput([2, 2, 9], 1)] },
  { name: 'Conv2d (stride 2, padding 1)', build: () => new nn.Conv2d(2, 3, 3, { stride: 2, padding: 1 }), inputs: () => [gridInput([2, 2, 5, 5], 1)] },
  { name: 'Conv2d (dilation 2, groups 2, same)', build: () => new nn.Conv2d(2, 2, 2, { dilation: 2, groups: 2, padding: 'same' }), inputs: () => [gridInput([1, 2, 5, 4], 1)] },
  { name: 'ConvTranspose2d (stride 2, padding 1, outputPadding 1)', build: () => new nn.ConvTranspose2d(2, 3, 3, { stride: 2, padding: 1, outputPadding: 1 }), inputs: () => [gridInput([1, 2, 3, 3], 1)] },
  { name: 'MaxPool2d (3, stride 2, padding 1)', build: () => new nn.MaxPool2d(3, { stride: 2, padding: 1 }), inputs: () => [gridInput([1, 2, 5, 5], 1)] },
  { name: 'MaxPool2d (2, ceilMode)', build: () => new nn.MaxPool2d(2, { ceilMode: true }), inputs: () => [gridInput([1, 2, 5, 5], 2)] },
  { name: 'MaxPool1d', build: () => new nn.MaxPool1d(2), inputs: () => [gridInput([2, 2, 6], 1)] },
  { name: 'AvgPool2d (3, stride 2, padding 1, countIncludePad false)', build: () => new nn.AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }), inputs: () => [gridInput([1, 2, 5, 5], 1)] },
  { name: 'AvgPool1d', build: () => new nn.AvgPool1d(3, { stride: 2 }), inputs: () => [gridInput([2, 2, 7], 1)] },
  { name: 'AdaptiveAvgPool2d [3, 2]', build: () => new nn.AdaptiveAvgPool2d([3, 2]), inputs: () => [gridInput([1, 2, 5, 5], 1)] },
  { name: 'AdaptiveMaxPool2d [2, 3]', build: () => new nn.AdaptiveMaxPool2d([2, 3]), inputs: () => [gridInput([1, 2, 5, 5], 1)] },
  { name: 'AdaptiveAvgPool1d', build: () => new nn.AdaptiveAvgPool1d(3), inputs: () => [gridInput([2, 2, 7], 1)] },
  { name: 'BatchNorm1d (train)', build: () => new nn.BatchNorm1d(3), inputs: () => [gridInput([5, 3], 1)], train: true },
  { name: 'BatchNorm2d (train)', build: () => new nn.BatchNorm2d(2), inputs: () => [gridInput([3, 2, 3, 3], 1)], train: true },
  { name: 'BatchNorm2d (eval)', build: () => new nn.BatchNorm2d(2), inputs: () => [gridInput([3, 2, 3, 3], 1)], train: false },
  { name: 'LayerNorm', build: () => new nn.LayerNorm(4), inputs: () => [gridInput([3, 4], 1)] },
  { name: 'GroupNorm', build: () => new nn.GroupNorm(2, 4), inputs: () => [gridInput([2, 4, 3], 1)] },
  { name: 'InstanceNorm2d (affine)', build: () => new nn.InstanceNorm2d(2, { affine: true }), inputs: () => [gridInput([2, 2, 3, 3], 1)] },
  { name: 'Embedding (paddingIdx)', build: () => new nn.Embedding(5, 3, { paddingIdx: 0 }), inputs: () => [int([[1, 2, 0], [4, 1, 3]])], skip: (name, i) => name === 'weight' && i < 3 },
  { name: 'Dropout (eval)', build: () => new nn.Dropout(0.5), inputs: () => [gridInput([3, 4], 1)], train: false },
  { name: 'Dropout2d (p = 0)', build: () => new nn.Dropout2d(0), inputs: () => [gridInput([2, 2, 2, 2], 1)] },
  { name: 'RNN (2 layers, bidirectional)', build: () => new nn.RNN(2, 3, { numLayers: 2, bidirectional: true }), inputs: () => [gridInput([3, 2, 2], 1)] },
  { name: 'LSTM (batchFirst, with state)', build: () => new nn.LSTM(2, 3, { batchFirst: true }), inputs: () => [gridInput([2, 3, 2], 1)], extra: () => [[tf.zeros([1, 2, 3]), tf.ones([1, 2, 3])]] },
  { name: 'LSTM (2 layers, bidirectional, with state)', build: () => new nn.LSTM(2, 3, { numLayers: 2, bidirectional: true }), inputs: () => [gridInput([3, 2, 2], 1)], extra: () => [[gridInput([4, 2, 3], 2), gridInput([4, 2, 3], 3)]] },
  { name: 'LSTM (one time step)', build: () => new nn.LSTM(2, 3), inputs: () => [gridInput([1, 2, 2], 1)] },
  { name: 'GRU (one time step)', build: () => new nn.GRU(2, 3), inputs: () => [gridInput([1, 2, 2], 1)] },
  { name: 'GRU (bidirectional)', build: () => new nn.GRU(2, 3, { bidirectional: true }), inputs: () => [gridInput([3, 2, 2], 1)] },
  { name: 'MultiheadAttention', build: () => new nn.MultiheadAttention(4, 2), inputs: () => [gridInput([3, 2, 4], 1), gridInput([2, 2, 4], 2), gridInput([2, 2, 4], 3)] },
  { name: 'TransformerEncoderLayer', build: () => new nn.TransformerEncoderLayer(4, 2, { dimFeedforward: 6, dropout: 0 }), inputs: () => [gridInput([3, 2, 4], 1)] },
  { name: 'TransformerDecoderLayer (normFirst, gelu)', build: () => new nn.TransformerDecoderLayer(4, 2, { dimFeedforward: 6, dropout: 0, normFirst: true, activation: 'gelu' }), inputs: () => [gridInput([2, 2, 4], 1), gridInput([3, 2, 4], 2)] },
  { name: 'Upsample (bilinear)', build: () => new nn.Upsample({ scaleFactor: 2, mode: 'bilinear' }), inputs: () => [gridInput([1, 2, 3, 3], 1)] },
  { name: 'Upsample (nearest)', build: () => new nn.Upsample({ size: [5, 4] }), inputs: () => [gridInput([1, 2, 3, 3], 1)] },
  { name: 'Flatten and Unflatten', build: () => new nn.Sequential(new nn.Flatten(), new nn.Unflatten(1, [3, 4])), inputs: () => [gridInput([2, 3, 2, 2], 1)] },
  { name: 'PReLU', build: () => new nn.PReLU({ numParameters: 3 }), inputs: () => [gridInput([2, 3, 2], 1)] },
  ...(
    [
      ['ReLU', () => new nn.ReLU()],
      ['ReLU6', () => new nn.ReLU6()],
      ['LeakyReLU', () => new nn.LeakyReLU(0.2)],
      ['ELU', () => new nn.ELU(0.7)],
      ['SELU', () => new nn.SELU()],
      ['CELU', () => new nn.CELU(1.3)],
      ['GELU', () => new nn.GELU()],
      ['GELU (tanh)', () => new nn.GELU('tanh')],
      ['SiLU', () => new nn.SiLU()],
      ['Mish', () => new nn.Mish()],
      ['Sigmoid', () => new nn.Sigmoid()],
      ['Tanh', () => new nn.Tanh()],
      ['Softmax', () => new nn.Softmax(0)],
      ['LogSoftmax', () => new nn.LogSoftmax(1)],
      ['Softmin', () => new nn.Softmin(1)],
      ['Softplus', () => new nn.Softplus({ beta: 2, threshold: 3 })],
      ['Hardtanh', () => new nn.Hardtanh(-1.5, 1.5)],
      ['Hardsigmoid', () => new nn.Hardsigmoid()],
      ['Hardswish', () => new nn.Hardswish()],
      ['LogSigmoid', () => new nn.LogSigmoid()],
      ['Softsign', () => new nn.Softsign()],
    ] as Array<[string, () => nn.Module]>
  ).map(([name, build]) => ({ name, build, inputs: () => [gridInput([4, 5], 7)] })),
];

describe('finite-difference gradient checks', () => {
  for (const c of checks) {
    it(`gradcheck: ${c.name}`, () => {
      manualSeed(3);
      const m = c.build();
      m.train(c.train ?? true);
      const inputs = c.inputs();
      const extra = c.extra ? c.extra() : [];
      const before = tf.memory().numTensors;
      const problems = gradcheck(m, inputs, extra, c.skip);
      expect(problems).toEqual([]);
      expect(tf.memory().numTensors).toBe(before);
      inputs.forEach((x) => x.dispose());
      extra.flat().forEach((t) => (t as tf.Tensor).dispose());
      m.dispose();
    });
  }
});

/**
 * Behaviour beyond parity: dropout statistics and seeding, BatchNorm buffers, default initialisation
 * bounds, nn.init distributions, printed forms, and memory across training steps.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/nn';
import * as F from '../../src/nn/functional';
import { manualSeed, nextSeed } from '../../src/random';
import { selectBackend } from '../../src/backend';
import { defaultLoaders } from '../../src/backend/loaders';
import { simdKernels, useSimdKernels } from '../../src/backend/simd/simd_kernels';
import * as seedrandom from 'seedrandom';
import { aleaState, type AleaState } from '../../src/nn/functional/alea_seed';

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('dropout', () => {
  it('zeroes about p of the elements in training and scales the rest by 1/(1-p)', () => {
    manualSeed(0);
    const drop = new nn.Dropout(0.25);
    const y = drop.forward(tf.ones([100, 100]));
    const v = values(y);
    const zeros = v.filter((x) => x === 0).length / v.length;
    expect(zeros).toBeGreaterThan(0.22);
    expect(zeros).toBeLessThan(0.28);
    expect(v.filter((x) => x !== 0).every((x) => Math.abs(x - 1 / 0.75) < 1e-6)).toBe(true);
  });

  it('is the identity in eval mode and repeatable after manualSeed', () => {
    const drop = new nn.Dropout(0.5);
    const x = tf.randomNormal([4, 8]);
    drop.eval();
    expect(drop.forward(x)).toBe(x);
    drop.train();
    manualSeed(7);
    const a = values(drop.forward(x));
    manualSeed(7);
    const b = values(drop.forward(x));
    expect(a).toEqual(b);
    manualSeed(8);
    expect(values(drop.forward(x))).not.toEqual(a);
  });

  it('seeds its generator as seedrandom does, to the last bit (its state for 3,000 seeds: numbers as dropout gives, and other texts)', () => {
    const texts = [...Array.from({ length: 2000 }, (_, i) => String(nextSeed() + (i % 7))), '0', '', ' ', '-1', 'héllo wörld', '\u{1F600}',
      ...Array.from({ length: 994 }, (_, i) => String.fromCharCode(...Array.from({ length: 1 + (i % 23) }, (_, j) => 32 + ((i * 31 + j * 7) % 9000))))];
    for (const text of texts) {
      const expected = (seedrandom.alea(text, { state: true }) as unknown as { state(): AleaState }).state();
      expect(aleaState(text), JSON.stringify(text)).toEqual(expected);
    }
  });

  it('draws the masks tf.randomUniform draws for the same seed, bit for bit: wasm kernel, JavaScript loop, cpu', async () => {
    const previous = tf.getBackend();
    const cases = [[[32, 64], 0.3], [[7, 3, 1, 1], 0.25], [[3, 1000], 0.5], [[5, 7], 0.01], [[1, 1], 0.9], [[64, 33], 0.999]] as [number[], number][];
    try {
      for (const [backend, simd] of [['wasm', true], ['wasm', false], ['cpu', false]] as const) {
        await selectBackend({ forced: backend, loaders: defaultLoaders });
        useSimdKernels(simd);
        // (the wasm row must take tsdl's kernel: it exists on this backend)
        expect(simdKernels('dropoutMasks') !== null, backend).toBe(simd);
        for (const [shape, p] of cases) {
          for (const s of [5, 6, 1234567]) {
            manualSeed(s);
            const seed = nextSeed();
            const expected = tf.tidy(() => values(tf.div(tf.cast(tf.greaterEqual(tf.randomUniform(shape, 0, 1, 'float32', seed), p), 'float32'), 1 - p)));
            manualSeed(s);
            expect(tf.tidy(() => values(F.dropout(tf.ones(shape), p, true))), `${backend} simd=${simd} ${shape} p=${p} seed ${s}`).toEqual(expected);
          }
        }
      }
    } finally {
      useSimdKernels(true);
      await tf.setBackend(previous);
    }
  });

  it('computes x · mask forward and dy · mask backward (a SIMD kernel each way on wasm, a loop on cpu; 66 values: four at a time and two left), leaving no tensor behind', async () => {
    const previous = tf.getBackend();
    try {
      for (const backend of ['wasm', 'cpu']) {
        await selectBackend({ forced: backend, loaders: defaultLoaders });
        const x = tf.tensor(Array.from({ length: 66 }, (_, i) => Math.sin(i) * 3), [6, 11]);
        const w = tf.tensor(Array.from({ length: 66 }, (_, i) => Math.cos(i * 0.7)), [6, 11]);
        const before = tf.memory().numTensors;
        manualSeed(3);
        const [y, dx] = tf.tidy(() => {
          const out = F.dropout(x, 0.4, true);
          manualSeed(3);
          return [out, tf.grad((a: tf.Tensor) => tf.sum(tf.mul(F.dropout(a, 0.4, true), w)))(x)];
        });
        manualSeed(3);
        const mask = tf.tidy(() => F.dropout(tf.ones([6, 11]), 0.4, true));
        const expected = tf.tidy(() => [values(tf.mul(x, mask)), values(tf.mul(w, mask))]);
        expect(values(y), backend).toEqual(expected[0]);
        expect(values(dx), backend).toEqual(expected[1]);
        tf.dispose([y, dx, mask]);
        expect(tf.memory().numTensors, backend).toBe(before);
        // second order, through the gradient's op form: L = Σ (∂/∂x Σ dropout(x)²)² = Σ (2 m² x)², dL/dx = 8 m⁴ x
        manualSeed(4);
        const hv = tf.tidy(() => values(tf.grad((a: tf.Tensor) => tf.sum(tf.square(tf.grad((b: tf.Tensor) => tf.sum(tf.square(F.dropout(b, 0.4, true))))(a))))(x)));
        manualSeed(4);
        const m2 = tf.tidy(() => F.dropout(tf.ones([6, 11]), 0.4, true));
        const hvExpected = tf.tidy(() => values(tf.mul(tf.mul(tf.pow(m2, 4), x), 8)));
        hv.forEach((v, i) => expect(Math.abs(v - hvExpected[i]), `${backend} [${i}]`).toBeLessThan(1e-4 * (1 + Math.abs(hvExpected[i]))));
        tf.dispose([x, w, m2]);
      }
    } finally {
      await tf.setBackend(previous);
    }
  });

  it('Dropout2d zeroes whole channels', () => {
    manualSeed(1);
    const y = new nn.Dropout2d(0.5).forward(tf.ones([4, 6, 3, 3]));
    const v = values(y);
    for (let ch = 0; ch < 24; ch++) {
      const block = v.slice(ch * 9, ch * 9 + 9);
      expect(new Set(block).size).toBe(1);
    }
    expect(v.some((x) => x === 0) && v.some((x) => x === 2)).toBe(true);
  });
});

describe('BatchNorm', () => {
  it('updates running statistics and numBatchesTracked in training, uses them in eval', () => {
    const bn = new nn.BatchNorm1d(2);
    const x = tf.tensor2d([[1, 10], [3, 20], [5, 30]]);
    bn.forward(x);
    bn.forward(x);
    expect(values(bn.numBatchesTracked as tf.Tensor)).toEqual([2]);
    // mean (3, 20), unbiased var (4, 100): running = 0.19 * batch after two steps from (0, 1).
    const rm = values(bn.runningMean as tf.Tensor);
    expect(rm[0]).toBeCloseTo(0.19 * 3, 5);
    expect(rm[1]).toBeCloseTo(0.19 * 20, 5);
    const rv = values(bn.runningVar as tf.Tensor);
    expect(rv[0]).toBeCloseTo(0.81 + 0.19 * 4, 5);
    bn.eval();
    const y = values(bn.forward(tf.tensor2d([[0.57, 3.8]])));
    expect(y[0]).toBeCloseTo(0, 4);
    expect(y[1]).toBeCloseTo(0, 4);
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
  });

  it('counts batches in place on wasm and cpu: a cumulative average (momentum null) over 3 batches, a shared counter left alone', async () => {
    const previous = tf.getBackend();
    try {
      for (const backend of ['wasm', 'cpu']) {
        await selectBackend({ forced: backend, loaders: defaultLoaders });
        const bn = new nn.BatchNorm1d(1, { momentum: null });
        const held = (bn.numBatchesTracked as tf.Tensor).clone(); // shares the counter's data
        const before = tf.memory().numTensors;
        for (const m of [1, 2, 6]) tf.tidy(() => { bn.forward(tf.tensor2d([[m - 1], [m + 1]])); });
        expect(tf.memory().numTensors, backend).toBe(before);
        expect(values(bn.numBatchesTracked as tf.Tensor), backend).toEqual([3]);
        expect(values(held), backend).toEqual([0]);
        expect(values(bn.runningMean as tf.Tensor)[0], backend).toBeCloseTo(3, 5); // (1 + 2 + 6) / 3
        held.dispose();
        for (const m of [3, 3]) tf.tidy(() => { bn.forward(tf.tensor2d([[m - 1], [m + 1]])); }); // now in place
        expect(values(bn.numBatchesTracked as tf.Tensor), backend).toEqual([5]);
        expect(values(bn.runningMean as tf.Tensor)[0], backend).toBeCloseTo(3, 5);
      }
    } finally {
      await tf.setBackend(previous);
    }
  });

  it('keeps the tensor count across training steps (old buffers are freed)', () => {
    const bn = new nn.BatchNorm2d(3);
    const x = tf.randomNormal([4, 3, 2, 2]);
    const step = () => {
      const { value, grads } = tf.variableGrads(() => tf.sum(bn.forward(x)) as tf.Scalar, bn.parameters());
      value.dispose();
      Object.values(grads).forEach((g) => g.dispose());
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('default initialisation', () => {
  it('Linear and Conv2d weights and biases lie within 1/sqrt(fanIn)', () => {
    manualSeed(0);
    const fc = new nn.Linear(16, 32);
    const bound = 1 / Math.sqrt(16);
    expect(Math.max(...values(fc.weight).map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...values(fc.weight).map(Math.abs))).toBeGreaterThan(0.8 * bound);
    expect(Math.max(...values(fc.bias as tf.Tensor).map(Math.abs))).toBeLessThanOrEqual(bound);
    const conv = new nn.Conv2d(4, 8, 3);
    const cb = 1 / Math.sqrt(4 * 9);
    expect(Math.max(...values(conv.weight).map(Math.abs))).toBeLessThanOrEqual(cb);
  });

  it('Embedding starts with a zero padding row; recurrent weights lie within 1/sqrt(hidden)', () => {
    const emb = new nn.Embedding(6, 4, { paddingIdx: -1 });
    expect(emb.paddingIdx).toBe(5);
    expect(values(emb.weight).slice(20)).toEqual([0, 0, 0, 0]);
    const lstm = new nn.LSTM(3, 16);
    for (const p of lstm.parameters()) expect(Math.max(...values(p).map(Math.abs))).toBeLessThanOrEqual(0.25);
  });

  it('manualSeed makes initialisation repeatable', () => {
    manualSeed(42);
    const a = values(new nn.Linear(3, 3).weight);
    manualSeed(42);
    expect(values(new nn.Linear(3, 3).weight)).toEqual(a);
  });
});

describe('nn.init', () => {
  it('calculateGain matches PyTorch', () => {
    expect(nn.init.calculateGain('relu')).toBeCloseTo(Math.SQRT2);
    expect(nn.init.calculateGain('tanh')).toBeCloseTo(5 / 3);
    expect(nn.init.calculateGain('leaky_relu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04));
    expect(nn.init.calculateGain('selu')).toBe(0.75);
    expect(nn.init.calculateGain('conv2d')).toBe(1);
  });

  it('xavier and kaiming draw with the documented bounds and spreads', () => {
    manualSeed(3);
    const w = new nn.Parameter(tf.zeros([200, 300]));
    nn.init.xavierUniform_(w);
    const a = Math.sqrt(6 / 500);
    const v = values(w);
    expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(a);
    nn.init.kaimingNormal_(w, { mode: 'fan_out', nonlinearity: 'relu' });
    const std = Math.sqrt(values(w).reduce((s, x) => s + x * x, 0) / w.size);
    expect(std).toBeGreaterThan(0.95 * Math.sqrt(2 / 200));
    expect(std).toBeLessThan(1.05 * Math.sqrt(2 / 200));
    nn.init.xavierNormal_(w, 2);
    const std2 = Math.sqrt(values(w).reduce((s, x) => s + x * x, 0) / w.size);
    expect(std2).toBeCloseTo(2 * Math.sqrt(2 / 500), 2);
  });

  it('constant_, ones_, zeros_, uniform_, normal_, eye_, truncNormal_ fill in place', () => {
    const p = new nn.Parameter(tf.zeros([3, 4]));
    expect(nn.init.constant_(p, 0.5)).toBe(p);
    expect(values(p).every((x) => x === 0.5)).toBe(true);
    nn.init.ones_(p);
    expect(values(p).every((x) => x === 1)).toBe(true);
    nn.init.uniform_(p, 2, 3);
    expect(values(p).every((x) => x >= 2 && x < 3)).toBe(true);
    nn.init.eye_(p);
    expect(values(p)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
    nn.init.truncNormal_(p, 0, 1, -0.5, 0.5);
    expect(values(p).every((x) => x >= -0.5 && x <= 0.5)).toBe(true);
    nn.init.normal_(p, 10, 0.01);
    expect(values(p).every((x) => Math.abs(x - 10) < 0.1)).toBe(true);
    nn.init.zeros_(p);
    expect(values(p).every((x) => x === 0)).toBe(true);
  });

  it('orthogonal_ gives orthonormal rows (or columns)', () => {
    manualSeed(5);
    for (const shape of [[3, 5], [5, 3]]) {
      const p = new nn.Parameter(tf.zeros(shape));
      nn.init.orthogonal_(p);
      const gram = shape[0] < shape[1] ? tf.matMul(p, p, false, true) : tf.matMul(p, p, true, false);
      const eye = tf.eye(Math.min(shape[0], shape[1]));
      expect(Math.max(...values(tf.abs(tf.sub(gram, eye))))).toBeLessThan(1e-4);
    }
  });
});

describe('printed forms', () => {
  it('a small CNN prints like PyTorch', () => {
    const model = new nn.Sequential(
      new nn.Conv2d(1, 8, 3, { padding: 1 }),
      new nn.BatchNorm2d(8),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Dropout2d(0.25),
      new nn.Flatten(),
      new nn.Linear(8 * 14 * 14, 10, { bias: false }),
      new nn.LogSoftmax(1),
    );
    expect(model.toString()).toBe(
      [
        'Sequential(',
        '  (0): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))',
        '  (1): BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)',
        '  (2): ReLU()',
        '  (3): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
        '  (4): Dropout2d(p=0.25, inplace=False)',
        '  (5): Flatten(start_dim=1, end_dim=-1)',
        '  (6): Linear(in_features=1568, out_features=10, bias=False)',
        '  (7): LogSoftmax(dim=1)',
        ')',
      ].join('\n'),
    );
  });
});

describe('training steps through every kind of layer', () => {
  it('a CNN + LSTM + attention model trains without leaking tensors', () => {
    manualSeed(0);
    const cnn = new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1 }),
      new nn.BatchNorm2d(4),
      new nn.GELU(),
      new nn.MaxPool2d(2),
      new nn.Dropout(0.1),
      new nn.AdaptiveAvgPool2d([2, 2]),
      new nn.Flatten(),
    );
    const lstm = new nn.LSTM(16, 8, { batchFirst: true });
    const mha = new nn.MultiheadAttention(8, 2, { batchFirst: true });
    const head = new nn.Linear(8, 3);
    const params = [...cnn.parameters(), ...lstm.parameters(), ...mha.parameters(), ...head.parameters()];
    const images = tf.randomNormal([6, 1, 8, 8]);
    const step = (): number => {
      const { value, grads } = tf.variableGrads(() => {
        const feats = tf.reshape(cnn.forward(images), [2, 3, 16]);
        const [seq] = lstm.forward(feats);
        const [att] = mha.forward(seq, seq, seq);
        return F.logSoftmax(head.forward(att), -1).mean().neg() as tf.Scalar;
      }, params);
      for (const p of params) {
        const g = grads[p.name];
        tf.tidy(() => p.assign(tf.sub(p, tf.mul(g, 0.05))));
      }
      Object.values(grads).forEach((g) => g.dispose());
      const v = value.dataSync()[0];
      value.dispose();
      return v;
    };
    const first = step();
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 5; i++) last = step();
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first);
  });
});

describe('functional batch norm', () => {
  it('updates tf.Variable running statistics in place when training', () => {
    const rm = tf.variable(tf.zeros([2]));
    const rv = tf.variable(tf.ones([2]));
    const x = tf.tensor2d([[1, 2], [3, 6]]);
    const y = F.batchNorm(x, rm, rv, { training: true, momentum: 0.5 });
    expect(values(rm)).toEqual([1, 2]);
    // unbiased variance (2, 8) → 0.5·1 + 0.5·(2, 8)
    expect(values(rv)).toEqual([1.5, 4.5]);
    const v = values(y);
    expect(v[0]).toBeCloseTo(-1, 3);
    expect(v[3]).toBeCloseTo(1, 3);
    const evalOut = values(F.batchNorm(x, rm, rv));
    expect(evalOut[0]).toBeCloseTo(0, 4);
  });
});

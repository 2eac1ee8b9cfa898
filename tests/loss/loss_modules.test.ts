/** The loss modules: they match the functional forms, hold their options, and reject bad input clearly. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/nn/loss';
import * as F from '../../src/nn/functional/loss';
import { expectClose } from './close';

const logits = tf.tensor2d([[2, 0.5, -1], [0.1, 0.2, 3], [-0.5, 1.5, 0.3]]);
const labels = tf.tensor1d([0, 2, 1], 'int32');

describe('loss modules', () => {
  it('CrossEntropyLoss equals F.crossEntropy and keeps its weight as a buffer', () => {
    const criterion = new nn.CrossEntropyLoss({ weight: [1, 2, 0.5], labelSmoothing: 0.1 });
    const a = criterion.forward(logits, labels);
    const b = F.crossEntropy(logits, labels, { weight: [1, 2, 0.5], labelSmoothing: 0.1 });
    expectClose(a.dataSync(), b.dataSync(), 'module vs functional');
    expect(Object.keys(criterion.stateDict())).toEqual(['weight']);
    expect(criterion.toString()).toBe('CrossEntropyLoss(labelSmoothing=0.1)');
    tf.dispose([a, b]);
    criterion.dispose();
  });

  it('copies a weight tensor (the caller keeps theirs)', () => {
    const w = tf.tensor1d([1, 2, 3]);
    const criterion = new nn.NLLLoss({ weight: w });
    criterion.dispose();
    expect(w.isDisposed).toBe(false);
    w.dispose();
  });

  it('accepts plain arrays as targets', () => {
    const a = new nn.CrossEntropyLoss().forward(logits, [0, 2, 1]);
    const b = new nn.MSELoss().forward(tf.tensor1d([1, 2]), [1.5, 2]);
    expect(a.dataSync()[0]).toBeCloseTo(F.crossEntropy(logits, labels).dataSync()[0], 6);
    expect(b.dataSync()[0]).toBeCloseTo(0.125, 6);
  });

  it('every module runs forward with its options', () => {
    const p = tf.tensor2d([[0.2, 0.9], [0.6, 0.3]]);
    const t = tf.tensor2d([[0, 1], [1, 0]]);
    const cases: [string, { forward(a: tf.Tensor, b: tf.Tensor): tf.Tensor }, number][] = [
      ['BCELoss sum', new nn.BCELoss({ reduction: 'sum' }), F.binaryCrossEntropy(p, t, { reduction: 'sum' }).dataSync()[0]],
      ['BCEWithLogitsLoss posWeight', new nn.BCEWithLogitsLoss({ posWeight: [2, 3] }), F.binaryCrossEntropyWithLogits(p, t, { posWeight: [2, 3] }).dataSync()[0]],
      ['L1Loss', new nn.L1Loss(), 0.25],
      ['SmoothL1Loss', new nn.SmoothL1Loss({ beta: 0.5 }), F.smoothL1Loss(p, t, { beta: 0.5 }).dataSync()[0]],
      ['HuberLoss', new nn.HuberLoss({ delta: 0.5 }), F.huberLoss(p, t, { delta: 0.5 }).dataSync()[0]],
      ['KLDivLoss', new nn.KLDivLoss({ reduction: 'batchmean' }), F.klDiv(p, t, { reduction: 'batchmean' }).dataSync()[0]],
    ];
    for (const [name, m, expected] of cases) {
      expect(m.forward(p, t).dataSync()[0], name).toBeCloseTo(expected, 6);
    }
  });

  it("reduction 'none' keeps the per-sample shape", () => {
    expect(new nn.CrossEntropyLoss({ reduction: 'none' }).forward(logits, labels).shape).toEqual([3]);
    expect(new nn.MSELoss({ reduction: 'none' }).forward(logits, logits).shape).toEqual([3, 3]);
  });

  it('does not leak tensors', () => {
    const criterion = new nn.CrossEntropyLoss({ weight: [1, 2, 3], labelSmoothing: 0.2, ignoreIndex: 1 });
    const before = tf.memory().numTensors;
    const loss = criterion.forward(logits, [0, 1, 2]);
    loss.dispose();
    tf.grad((x: tf.Tensor) => criterion.forward(x, labels))(logits).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loss errors', () => {
  it('out-of-range class index', () => {
    expect(() => F.crossEntropy(logits, [0, 3, 1])).toThrow(/target class index 3 is out of range for 3 classes/);
    expect(() => F.nllLoss(logits, [0, -1, 1])).toThrow(/class index -1 is out of range/);
  });

  it('target shape that does not fit the input names both shapes', () => {
    expect(() => F.crossEntropy(logits, [0, 1])).toThrow(/input of shape \[3, 3\] the class-index target must have shape \[3\], got \[2\]/);
    expect(() => F.mseLoss(tf.zeros([4, 1]), tf.zeros([4]))).toThrow(/mseLoss: target shape \[4\] differs from input shape \[4, 1\]/);
  });

  it('wrong dtypes say how to fix them', () => {
    expect(() => F.crossEntropy(logits, tf.tensor1d([0, 1, 2], 'float32'))).toThrow(/class-index targets must be int32, got dtype float32/);
    expect(() => F.mseLoss(tf.tensor1d([1, 2], 'int32'), [1, 2])).toThrow(/mseLoss: input must be float32, got dtype int32/);
    expect(() => F.binaryCrossEntropy(tf.tensor1d([0.5]), tf.tensor1d([1], 'int32'))).toThrow(/target must be float32.*toFloat/);
  });

  it('BCE on values outside [0, 1] (logits by mistake) points to the logits version', () => {
    expect(() => new nn.BCELoss().forward(tf.tensor1d([-0.5, 2]), [0, 1])).toThrow(
      /input values must be probabilities in \[0, 1\], got values in \[-0.5, 2\].*binaryCrossEntropyWithLogits/,
    );
    // NaN fails the check too (as in PyTorch), for small inputs (scanned in JS) and large ones (min/max kernels)
    expect(() => F.binaryCrossEntropy(tf.tensor1d([0.5, NaN]), [0, 1])).toThrow(/got values in \[NaN, NaN\]/);
    const large = tf.fill([5000], 0.5).concat(tf.tensor1d([1.5]));
    expect(() => F.binaryCrossEntropy(large, tf.zeros([5001]))).toThrow(/got values in \[0.5, 1.5\]/);
    expect(() => F.binaryCrossEntropy(tf.fill([5000], NaN), tf.zeros([5000]))).toThrow(/probabilities in \[0, 1\]/);
  });

  it('bad options', () => {
    expect(() => new nn.CrossEntropyLoss({ reduction: 'avg' as 'mean' })).toThrow(/reduction must be one of 'mean', 'sum', 'none', got 'avg'/);
    expect(() => F.crossEntropy(logits, labels, { labelSmoothing: 1.5 })).toThrow(/labelSmoothing must be in \[0, 1\]/);
    expect(() => F.crossEntropy(logits, labels, { weight: [1, 2] })).toThrow(/weight must have shape \[3\] \(one per class\), got \[2\]/);
    expect(() => new nn.HuberLoss({ delta: 0 })).toThrow(/delta must be positive/);
  });
});

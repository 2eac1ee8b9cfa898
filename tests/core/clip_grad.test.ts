import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { clipGradNorm, clipGradValue, parametersToVector, vectorToParameters, Parameter } from '../../src/nn';
import { leakedTensors, values } from './helpers';

function withGrads(): Parameter[] {
  const a = new Parameter(tf.zeros([2]));
  const b = new Parameter(tf.zeros([1]));
  const c = new Parameter(tf.zeros([1])); // no gradient: skipped
  a.grad = tf.tensor1d([3, 4]);
  b.grad = tf.tensor1d([12]);
  return [a, b, c];
}

describe('clipGradNorm', () => {
  it('returns the total 2-norm and rescales when it is above maxNorm', () => {
    const ps = withGrads();
    const total = clipGradNorm(ps, 1);
    expect(total).toBeCloseTo(13, 5);
    const scale = 1 / (13 + 1e-6);
    values(ps[0].grad!).forEach((g, i) => expect(g).toBeCloseTo([3, 4][i] * scale, 6));
    expect(values(ps[1].grad!)[0]).toBeCloseTo(12 * scale, 6);
    expect(ps[2].grad).toBeNull();
    ps.forEach((p) => p.dispose());
  });

  it('leaves gradients alone below maxNorm, supports Infinity and 1-norms, and does not leak', () => {
    const ps = withGrads();
    expect(leakedTensors(() => expect(clipGradNorm(ps, 100)).toBeCloseTo(13, 5))).toBe(0);
    expect(values(ps[0].grad!)).toEqual([3, 4]);
    expect(clipGradNorm(ps, 100, Infinity)).toBe(12);
    expect(clipGradNorm(ps, 100, 1)).toBe(19);
    expect(leakedTensors(() => clipGradNorm(ps, 6, Infinity))).toBe(0);
    expect(values(ps[1].grad!)[0]).toBeCloseTo(6, 4);
    ps.forEach((p) => p.dispose());
  });

  it('rejects bad arguments and can detect a non-finite norm', () => {
    const ps = withGrads();
    expect(() => clipGradNorm(ps, -1)).toThrow(/maxNorm must be a non-negative number/);
    expect(() => clipGradNorm(ps, 1, 0)).toThrow(/normType/);
    expect(() => clipGradNorm([tf.ones([1])] as unknown as Parameter[], 1)).toThrow(/item 0 is not an nn.Parameter/);
    ps[0].grad!.dispose();
    ps[0].grad = tf.tensor1d([NaN, 1]);
    expect(() => clipGradNorm(ps, 1, 2, { errorIfNonfinite: true })).toThrow(/total norm of order 2 .* is NaN/);
    ps.forEach((p) => p.dispose());
  });
});

describe('clipGradValue', () => {
  it('clamps every element', () => {
    const ps = withGrads();
    expect(leakedTensors(() => clipGradValue(ps, 3.5))).toBe(0);
    expect(values(ps[0].grad!)).toEqual([3, 3.5]);
    expect(values(ps[1].grad!)).toEqual([3.5]);
    expect(() => clipGradValue(ps, -1)).toThrow(/clipValue/);
    ps.forEach((p) => p.dispose());
  });
});

describe('parametersToVector / vectorToParameters', () => {
  it('round-trips and checks the length', () => {
    const a = new Parameter(tf.tensor2d([[1, 2], [3, 4]]));
    const b = new Parameter(tf.tensor1d([5]));
    const v = parametersToVector([a, b]);
    expect(values(v)).toEqual([1, 2, 3, 4, 5]);
    const doubled = tf.mul(v, 2);
    vectorToParameters(doubled, [a, b]);
    expect(values(a)).toEqual([2, 4, 6, 8]);
    expect(() => vectorToParameters(tf.ones([3]), [a, b])).toThrow(/3 elements but the parameters hold 5/);
    tf.dispose([v, doubled, a, b]);
  });
});

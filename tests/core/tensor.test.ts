import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as T from '../../src/tensor';
import { manualSeed, randomGenerator } from '../../src/random';
import { values } from './helpers';

describe('creation', () => {
  it('linspace, arange, eye', () => {
    expect(values(T.linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(T.linspace(0, 1, 0).shape).toEqual([0]);
    const a = T.arange(5);
    expect(a.dtype).toBe('int32');
    expect(values(a)).toEqual([0, 1, 2, 3, 4]);
    expect(values(T.arange(1, 2, 0.25))).toEqual([1, 1.25, 1.5, 1.75]);
    expect(values(T.arange(5, 0, -2))).toEqual([5, 3, 1]);
    expect(() => T.arange(0, 1, 0)).toThrow(/step must not be zero/);
    expect(values(T.eye(2, 3))).toEqual([1, 0, 0, 0, 1, 0]);
    expect(() => T.linspace(0, 1, -1)).toThrow(/steps/);
  });

  it("meshgrid with 'ij' and 'xy' indexing", () => {
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.tensor1d([10, 20]);
    const [xi, yi] = T.meshgrid([x, y]);
    expect(xi.shape).toEqual([3, 2]);
    expect(values(xi)).toEqual([1, 1, 2, 2, 3, 3]);
    expect(values(yi)).toEqual([10, 20, 10, 20, 10, 20]);
    const [xx, yy] = T.meshgrid([x, y], { indexing: 'xy' });
    expect(xx.shape).toEqual([2, 3]);
    expect(values(xx)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(values(yy)).toEqual([10, 10, 10, 20, 20, 20]);
    expect(() => T.meshgrid([tf.ones([2, 2])])).toThrow(/must be a 1-D tensor/);
  });
});

describe('seeded random tensors', () => {
  it('repeat after manualSeed', () => {
    manualSeed(42);
    const a = [values(T.randn([4])), values(T.rand([3])), values(T.randint(0, 10, [5])), values(T.randperm(6))];
    manualSeed(42);
    const b = [values(T.randn([4])), values(T.rand([3])), values(T.randint(0, 10, [5])), values(T.randperm(6))];
    expect(b).toEqual(a);
    expect(a[2].every((v) => Number.isInteger(v) && v >= 0 && v < 10)).toBe(true);
    expect([...a[3]].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => T.randint(3, 3, [1])).toThrow(/low < high/);
    expect(() => T.randn([2.5])).toThrow(/shape/);
  });

  it('randomGenerator is repeatable and independent with a seed', () => {
    const g1 = randomGenerator(7);
    const g2 = randomGenerator(7);
    expect([g1.random(), g1.randint(100), g1.normal()]).toEqual([g2.random(), g2.randint(100), g2.normal()]);
    expect(g1.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    const many = Array.from({ length: 2000 }, () => g1.random());
    const mean = many.reduce((s, v) => s + v, 0) / many.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('reductions and elementwise helpers', () => {
  it('std/var are unbiased by default, like PyTorch', () => {
    const x = tf.tensor1d([1, 2, 3, 4]);
    expect(values(T.var(x))[0]).toBeCloseTo(1.6666666, 5);
    expect(values(T.variance(x, 0, { unbiased: false }))[0]).toBeCloseTo(1.25, 6);
    expect(values(T.std(x))[0]).toBeCloseTo(Math.sqrt(5 / 3), 5);
    const m = tf.tensor2d([[1, 2], [3, 6]]);
    expect(values(T.std(m, 0))).toEqual([Math.SQRT2, 2 * Math.SQRT2].map((v) => Math.fround(v)));
    expect(T.variance(m, 1, { keepdim: true }).shape).toEqual([2, 1]);
    expect(() => T.variance(m, 2)).toThrow(/out of range/);
  });

  it('clamp, where, argmax, cat, stack, item', () => {
    const x = tf.tensor1d([-2, 0.5, 3]);
    expect(values(T.clamp(x, 0))).toEqual([0, 0.5, 3]);
    expect(values(T.clip(x, undefined, 1))).toEqual([-2, 0.5, 1]);
    expect(() => T.clamp(x, 2, 1)).toThrow(/min \(2\) is larger than max \(1\)/);
    expect(values(T.where(tf.greater(x, 0), x, 0))).toEqual([0, 0.5, 3]);
    expect(values(T.argmax(tf.tensor2d([[1, 5], [7, 2]])))).toEqual([2]);
    expect(values(T.argmax(tf.tensor2d([[1, 5], [7, 2]]), 1))).toEqual([1, 0]);
    expect(T.argmax(tf.tensor2d([[1, 5], [7, 2]]), 1, true).shape).toEqual([2, 1]);
    const [maxValues, maxIndices] = T.max(tf.tensor2d([[1, 5], [7, 2]]), 1);
    expect([values(maxValues), values(maxIndices)]).toEqual([[5, 7], [1, 0]]);
    const [minValues, minIndices] = T.min(tf.tensor2d([[1, 5], [7, 2]]), 0, true);
    expect([minValues.shape, values(minValues), values(minIndices)]).toEqual([[1, 2], [1, 2], [0, 1]]);
    expect(() => T.max(tf.ones([2]), 1)).toThrow(/dim 1 is out of range for rank 1/);
    expect(T.cat([tf.ones([2, 3]), tf.zeros([1, 3])]).shape).toEqual([3, 3]);
    expect(() => T.cat([tf.ones([2, 3]), tf.zeros([1, 2])])).toThrow(/sizes must match except in dimension 0/);
    expect(T.stack([tf.ones([2]), tf.zeros([2])], 1).shape).toEqual([2, 2]);
    expect(() => T.stack([tf.ones([2]), tf.zeros([3])])).toThrow(/same shape/);
    expect(T.item(tf.tensor([[4]]))).toBe(4);
    expect(tf.scalar(2.5).item()).toBe(2.5);
    expect(() => tf.ones([2]).item()).toThrow(/only one-element tensors/);
    expect(x.to('cpu')).toBe(x);
    expect(() => tf.scalar(1).backward()).toThrow(/tsdl.backward\(\(\) => criterion.forward/);
  });
});

describe('indexing', () => {
  const m = tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  it('indexSelect, booleanMask, sliceDim, narrow, select', () => {
    expect(values(T.indexSelect(m, 0, [2, 0]))).toEqual([7, 8, 9, 1, 2, 3]);
    expect(values(T.indexSelect(m, 1, tf.tensor1d([1], 'int32')))).toEqual([2, 5, 8]);
    expect(() => T.indexSelect(m, 0, [3])).toThrow(/index 3 is out of range for dimension 0 of size 3/);
    expect(() => T.indexSelect(m, 0, tf.tensor1d([0]))).toThrow(/dtype int32/);
    expect(values(T.booleanMask(m, tf.tensor1d([true, false, true], 'bool')))).toEqual([1, 2, 3, 7, 8, 9]);
    expect(values(T.booleanMask(m, tf.greater(m, 7)))).toEqual([8, 9]);
    expect(() => T.booleanMask(m, tf.tensor1d([1, 0, 1]))).toThrow(/dtype bool/);
    expect(values(T.sliceDim(m, 1, 1))).toEqual([2, 3, 5, 6, 8, 9]);
    expect(values(T.sliceDim(m, 0, 0, undefined, 2))).toEqual([1, 2, 3, 7, 8, 9]);
    expect(values(T.sliceDim(m, 1, -1))).toEqual([3, 6, 9]);
    expect(values(T.narrow(m, 0, 1, 1))).toEqual([4, 5, 6]);
    expect(values(T.select(m, 1, -1))).toEqual([3, 6, 9]);
    expect(T.select(m, 0, 0).shape).toEqual([3]);
  });

  it('slicing helpers are differentiable', () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(T.sliceDim(x, 0, 0, undefined, 2)))(tf.tensor1d([1, 2, 3]));
    expect(values(g)).toEqual([1, 0, 1]);
  });
});

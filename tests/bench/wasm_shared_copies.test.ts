import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../src/backend';

describe('wasm Identity / same-dtype Cast share the data', () => {
  beforeAll(async () => {
    await ready({ forced: 'wasm' });
    await tf.setBackend('wasm');
  });

  it('clone and cast keep values and survive disposing the original', () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const c = tf.clone(x);
    const f = tf.cast(x, 'float32');
    const i = tf.cast(x, 'int32');
    x.dispose();
    expect(c.arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(f.arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(i.dtype).toBe('int32');
    expect(i.arraySync()).toEqual([[1, 2], [3, 4]]);
    tf.dispose([c, f, i]);
  });

  it('frees the memory with the last tensor that uses it', () => {
    const before = tf.memory().numBytes;
    const x = tf.ones([1000]);
    const c = tf.clone(x);
    const f = tf.cast(c, 'float32');
    x.dispose();
    c.dispose();
    expect(tf.memory().numBytes).toBe(before + 4000);
    f.dispose();
    expect(tf.memory().numBytes).toBe(before);
  });

  it('a variable assigned from a clone does not change the clone, and vice versa', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const snapshot = tf.clone(v);
    v.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(snapshot.dataSync())).toEqual([1, 2, 3]);
    const src = tf.tensor1d([4, 5, 6]);
    v.assign(tf.clone(src));
    src.dispose();
    expect(Array.from(v.dataSync())).toEqual([4, 5, 6]);
    tf.dispose([v, snapshot]);
  });

  it('gradients through mul/div (which cast operands) are unchanged', () => {
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.tensor1d([4, 5, 6]);
    const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.div(tf.mul(p, q), tf.add(q, 1))))([a, b]);
    Array.from(ga.dataSync()).forEach((g, k) => expect(g).toBeCloseTo([4 / 5, 5 / 6, 6 / 7][k], 6));
    expect(gb.dataSync()[0]).toBeCloseTo(1 / 25, 6);
    tf.dispose([a, b, ga, gb]);
  });
});

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as data from '../../src/data';
import { manualSeed } from '../../src/random';

function ramp(n: number): [tf.Tensor2D, tf.Tensor1D] {
  return [tf.tensor2d(Array.from({ length: n * 2 }, (_, i) => i), [n, 2]), tf.tensor1d(Array.from({ length: n }, (_, i) => i), 'int32')];
}

describe('TensorDataset / Subset / ConcatDataset / randomSplit', () => {
  it('TensorDataset gives rows and checks first dimensions', () => {
    const [X, y] = ramp(5);
    const ds = new data.TensorDataset(X, y);
    expect(ds.length).toBe(5);
    const [x2, y2] = ds.get(2);
    expect(x2.shape).toEqual([2]);
    expect(Array.from(x2.dataSync())).toEqual([4, 5]);
    expect(y2.shape).toEqual([]);
    expect(y2.dataSync()[0]).toBe(2);
    expect(() => ds.get(5)).toThrow(/index 5 is out of range for a data set of length 5/);
    expect(() => new data.TensorDataset(X, tf.zeros([4]))).toThrow(/size mismatch between tensors, first dimensions are \[5, 4\]/);
    tf.dispose([X, y, x2, y2]);
  });

  it('Subset, ConcatDataset and negative indices', () => {
    const [X, y] = ramp(6);
    const ds = new data.TensorDataset(X, y);
    const sub = new data.Subset(ds, [5, 0, 3]);
    expect(sub.length).toBe(3);
    expect(sub.get(0)[1].dataSync()[0]).toBe(5);
    const cat = new data.ConcatDataset([sub, ds]);
    expect(cat.length).toBe(9);
    expect(cat.get(4)[1].dataSync()[0]).toBe(1);
    expect(cat.get(-1)[1].dataSync()[0]).toBe(5);
    expect(() => new data.Subset(ds, [6])).toThrow(/Subset index 6 is out of range/);
  });

  it('randomSplit with fractions and counts is seeded and disjoint', () => {
    const [X, y] = ramp(10);
    const ds = new data.TensorDataset(X, y);
    const [a, b] = data.randomSplit(ds, [0.7, 0.3], 1);
    expect([a.length, b.length]).toEqual([7, 3]);
    expect(new Set([...a.indices, ...b.indices]).size).toBe(10);
    const [a2] = data.randomSplit(ds, [0.7, 0.3], 1);
    expect(a2.indices).toEqual(a.indices);
    const parts = data.randomSplit(ds, [0.34, 0.33, 0.33], 2);
    expect(parts.map((p) => p.length)).toEqual([4, 3, 3]);
    expect(() => data.randomSplit(ds, [5, 4])).toThrow(/sum of lengths \[5, 4\] = 9 does not equal the length of the data set \(10\)/);
  });
});

describe('DataLoader', () => {
  it('length, batch shapes, dropLast and the last partial batch', () => {
    const [X, y] = ramp(10);
    const ds = new data.TensorDataset(X, y);
    const loader = new data.DataLoader(ds, { batchSize: 4 });
    expect(loader.length).toBe(3);
    const shapes = [...loader].map(([xb, yb]) => [xb.shape, yb.shape]);
    expect(shapes).toEqual([[[4, 2], [4]], [[4, 2], [4]], [[2, 2], [2]]]);
    const dropping = new data.DataLoader(ds, { batchSize: 4, dropLast: true });
    expect(dropping.length).toBe(2);
    expect([...dropping].length).toBe(2);
    tf.dispose([X, y]);
  });

  it('unshuffled order, shuffled order covers every item once and is repeatable with a seed', () => {
    const [X, y] = ramp(10);
    const ds = new data.TensorDataset(X, y);
    const order = (l: data.DataLoader) => {
      const seen: number[] = [];
      for (const [, yb] of l) seen.push(...Array.from((yb as tf.Tensor).dataSync()));
      return seen;
    };
    expect(order(new data.DataLoader(ds, { batchSize: 3 }))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const a = new data.DataLoader(ds, { batchSize: 3, shuffle: true, generator: 7 });
    const epoch1 = order(a);
    const epoch2 = order(a);
    expect([...epoch1].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epoch1).not.toEqual(epoch2); // a new order each epoch
    const b = new data.DataLoader(ds, { batchSize: 3, shuffle: true, generator: 7 });
    expect(order(b)).toEqual(epoch1);
    manualSeed(3);
    const c1 = order(new data.DataLoader(ds, { batchSize: 3, shuffle: true }));
    manualSeed(3);
    const c2 = order(new data.DataLoader(ds, { batchSize: 3, shuffle: true }));
    expect(c1).toEqual(c2);
    tf.dispose([X, y]);
  });

  it('for await with prefetch gives the same batches as for...of', async () => {
    const [X, y] = ramp(9);
    const loader = new data.DataLoader(new data.TensorDataset(X, y), { batchSize: 2 });
    const labels: number[][] = [];
    for await (const [, yb] of loader) labels.push(Array.from((yb as tf.Tensor).dataSync()));
    expect(labels).toEqual([[0, 1], [2, 3], [4, 5], [6, 7], [8]]);
    tf.dispose([X, y]);
  });

  it('for await prepares the next batch while the loop body awaits (prefetch)', async () => {
    const fetched: number[] = [];
    class Counting extends data.Dataset<number> {
      get length() {
        return 6;
      }
      get(i: number) {
        fetched.push(i);
        return i;
      }
    }
    const loader = new data.DataLoader(new Counting(), { batchSize: 2 });
    const seenAfterStep: number[] = [];
    for await (const _ of loader) {
      await new Promise((r) => setTimeout(r, 5)); // e.g. an async training step
      seenAfterStep.push(fetched.length);
    }
    // While batch k's body awaited, batch k+1 was already built.
    expect(seenAfterStep).toEqual([4, 6, 6]);
    expect(fetched.length).toBe(6);
  });

  it('an epoch leaves tf.memory().numTensors unchanged (sync, async, break, custom data set)', async () => {
    const [X, y] = ramp(50);
    const ds = new data.TensorDataset(X, y);
    const loader = new data.DataLoader(ds, { batchSize: 8, shuffle: true, generator: 1 });
    const before = tf.memory().numTensors;
    for (const [xb] of loader) tf.sum(xb as tf.Tensor).dispose();
    expect(tf.memory().numTensors).toBe(before);
    for await (const [xb] of loader) await (xb as tf.Tensor).data();
    expect(tf.memory().numTensors).toBe(before);
    for await (const _ of loader) break;
    expect(tf.memory().numTensors).toBe(before);
    for (const _ of loader) break;
    expect(tf.memory().numTensors).toBe(before);
    class Pairs extends data.Dataset<[tf.Tensor, number]> {
      get length() {
        return 20;
      }
      get(i: number): [tf.Tensor, number] {
        return [tf.fill([3], i), i % 2];
      }
    }
    for (const [xb, yb] of new data.DataLoader(new Pairs(), { batchSize: 6 })) {
      expect((xb as tf.Tensor).shape[1]).toBe(3);
      expect((yb as tf.Tensor).dtype).toBe('int32');
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([X, y]);
  });

  it('autoDispose false keeps batches for the caller', () => {
    const [X, y] = ramp(4);
    const batches = [...new data.DataLoader(new data.TensorDataset(X, y), { batchSize: 2, autoDispose: false })];
    expect(batches[0][0].isDisposed).toBe(false);
    expect(Array.from(batches[0][1].dataSync())).toEqual([0, 1]);
    tf.dispose(batches.flat());
    tf.dispose([X, y]);
  });

  it('custom collateFn and default collation of numbers, strings and objects', () => {
    class Words extends data.Dataset<{ word: string; n: number; w: number }> {
      get length() {
        return 3;
      }
      get(i: number) {
        return { word: ['a', 'b', 'c'][i], n: i, w: i + 0.5 };
      }
    }
    const [batch] = [...new data.DataLoader(new Words(), { batchSize: 3, autoDispose: false })] as any[];
    expect(batch.word).toEqual(['a', 'b', 'c']);
    expect(batch.n.dtype).toBe('int32');
    expect(batch.w.dtype).toBe('float32');
    tf.dispose([batch.n, batch.w]);
    const joined = [...new data.DataLoader(new Words(), { batchSize: 2, collateFn: (items) => items.map((it) => it.word).join('') })];
    expect(joined).toEqual(['ab', 'c']);
    expect(() => data.defaultCollate([tf.zeros([2]), tf.zeros([3])])).toThrow(/same shape, got \[2\] and \[3\]/);
  });

  it('rejects batch size 0 and an empty data set with clear errors', () => {
    const [X, y] = ramp(3);
    const ds = new data.TensorDataset(X, y);
    expect(() => new data.DataLoader(ds, { batchSize: 0 })).toThrow(/batchSize should be a positive integer, got batchSize=0/);
    expect(() => new data.DataLoader(ds, { batchSize: 1.5 })).toThrow(/batchSize=1.5/);
    expect(() => new data.DataLoader(new data.Subset(ds, []), { batchSize: 2 })).toThrow(/data set is empty \(length 0\)/);
    tf.dispose([X, y]);
  });

  it('slidingWindows cuts a series into windows and next values', () => {
    const [X, y] = data.slidingWindows([0, 1, 2, 3, 4, 5], 3);
    expect(X.shape).toEqual([3, 3, 1]);
    expect(X.arraySync()[1].flat()).toEqual([1, 2, 3]);
    expect(Array.from(y.dataSync())).toEqual([3, 4, 5]);
    expect(() => data.slidingWindows([1, 2], 3)).toThrow(/must be longer than windowSize=3/);
  });
});

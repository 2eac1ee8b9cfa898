import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as sk from '../../src/sk';

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('shipped data sets', () => {
  it('breast cancer: 569 x 30, 212 malignant, names, records, returnXY', () => {
    const b = sk.datasets.loadBreastCancer();
    expect(b.data.shape).toEqual([569, 30]);
    expect(values(b.target).filter((v) => v === 0).length).toBe(212);
    expect(b.targetNames).toEqual(['malignant', 'benign']);
    expect(b.featureNames[0]).toBe('mean radius');
    expect(b.featureNames[29]).toBe('worst fractal dimension');
    expect(b.frame[0]['mean radius']).toBeCloseTo(17.99, 5);
    expect(b.frame[0].target).toBe(0);
    expect(b.DESCR).toMatch(/Wolberg/);
    const [X, y] = sk.datasets.loadBreastCancer({ returnXY: true });
    expect(X.shape).toEqual([569, 30]);
    expect(y.dtype).toBe('int32');
    tf.dispose([b.data, b.target, X, y]);
  });

  it('digits: 1797 x 64 and 8x8 images; nClass filters', () => {
    const d = sk.datasets.loadDigits();
    expect(d.data.shape).toEqual([1797, 64]);
    expect(d.images.shape).toEqual([1797, 8, 8]);
    expect(Math.max(...values(d.data))).toBe(16);
    const few = sk.datasets.loadDigits({ nClass: 2 });
    expect(new Set(values(few.target))).toEqual(new Set([0, 1]));
    expect(() => sk.datasets.loadDigits({ nClass: 11 })).toThrow(/nClass should be an integer from 1 to 10, got 11/);
  });

  it('iris: 150 x 4, 3 classes', () => {
    const iris = sk.datasets.loadIris();
    expect(iris.data.shape).toEqual([150, 4]);
    expect(iris.targetNames).toEqual(['setosa', 'versicolor', 'virginica']);
  });
});

describe('synthetic generators', () => {
  it('makeMoons: shapes, balance, seeded repeatability, noise', () => {
    const [X, y] = sk.datasets.makeMoons({ nSamples: 101, noise: 0.1, randomState: 42 });
    expect(X.shape).toEqual([101, 2]);
    expect(values(y).filter((v) => v === 1).length).toBe(51);
    const [X2] = sk.datasets.makeMoons({ nSamples: 101, noise: 0.1, randomState: 42 });
    expect(values(X2)).toEqual(values(X));
    const [X3] = sk.datasets.makeMoons({ nSamples: 101, noise: 0.1, randomState: 43 });
    expect(values(X3)).not.toEqual(values(X));
    expect(() => sk.datasets.makeMoons({ nSamples: 0 })).toThrow(/nSamples should be an integer >= 1, got nSamples=0/);
    expect(() => sk.datasets.makeMoons({ noise: -1 })).toThrow(/noise=-1/);
  });

  it('makeCircles: points at radius 1 and factor without noise', () => {
    const [X, y] = sk.datasets.makeCircles({ nSamples: 40, factor: 0.3, randomState: 0 });
    const rows = X.arraySync() as number[][];
    const labels = values(y);
    rows.forEach((r, i) => expect(Math.hypot(r[0], r[1])).toBeCloseTo(labels[i] === 0 ? 1 : 0.3, 5));
    expect(() => sk.datasets.makeCircles({ factor: 1 })).toThrow(/'factor' has to be between 0 and 1, got factor=1/);
  });

  it('makeClassification: informative features separate classes; parameter checks', () => {
    const [X, y] = sk.datasets.makeClassification({ nSamples: 1000, nFeatures: 20, nInformative: 10, randomState: 42, flipY: 0 });
    expect(X.shape).toEqual([1000, 20]);
    const labels = values(y);
    expect(labels.filter((v) => v === 1).length).toBe(500);
    // Class means differ clearly in several features (signal exists).
    const rows = X.arraySync() as number[][];
    const gaps = rows[0].map((_, j) => {
      const m = (c: number) => rows.filter((_, i) => labels[i] === c).reduce((a, r) => a + r[j], 0) / 500;
      return Math.abs(m(0) - m(1));
    });
    expect(gaps.filter((g) => g > 0.3).length).toBeGreaterThanOrEqual(3);
    expect(() => sk.datasets.makeClassification({ nFeatures: 3, nInformative: 2, nRedundant: 2 })).toThrow(/must sum to less than the number of total features/);
    expect(() => sk.datasets.makeClassification({ nInformative: 1, nClasses: 3 })).toThrow(/nClasses\(3\) \* nClustersPerClass\(2\) must be smaller or equal 2\*\*nInformative\(1\)=2/);
  });

  it('makeBlobs: clusters near their centres; makeRegression: exact linear relation without noise', () => {
    const [X, y, centers] = sk.datasets.makeBlobs({ nSamples: 300, centers: 3, clusterStd: 0.5, randomState: 1, returnCenters: true }) as [tf.Tensor2D, tf.Tensor1D, number[][]];
    const rows = X.arraySync() as number[][];
    values(y).forEach((c, i) => expect(Math.hypot(rows[i][0] - centers[c][0], rows[i][1] - centers[c][1])).toBeLessThan(3));
    const [Xr, yr, w] = sk.datasets.makeRegression({ nSamples: 20, nFeatures: 4, nInformative: 2, coef: true, randomState: 0 }) as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
    const pred = tf.matMul(Xr, tf.reshape(w, [4, 1])).reshape([20]);
    values(pred).forEach((p, i) => expect(p).toBeCloseTo(values(yr)[i], 2));
    expect(values(w).filter((v) => v === 0).length).toBe(2);
  });

  it('course sets: XOR table, sine wave, sine series, sentiment corpus', () => {
    const [X, y] = sk.datasets.makeXor();
    expect(X.arraySync()).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(values(y)).toEqual([0, 1, 1, 0]);
    const [Xn, yn] = sk.datasets.makeXor({ nSamples: 200, noise: 0.05, randomState: 0 });
    (Xn.arraySync() as number[][]).forEach((r, i) => expect(Math.round(r[0]) ^ Math.round(r[1])).toBe(values(yn)[i]));
    const [xs, ys] = sk.datasets.makeSineWave({ nSamples: 200, randomState: 42 });
    expect(xs.shape).toEqual([200, 1]);
    const resid = values(xs).map((x, i) => values(ys)[i] - Math.sin(x));
    expect(Math.sqrt(resid.reduce((a, r) => a + r * r, 0) / 200)).toBeCloseTo(0.1, 1);
    const [t, series] = sk.datasets.makeSineSeries({ randomState: 42 });
    expect(t.shape).toEqual([10000]);
    expect(series.shape).toEqual([10000, 1]);
    const corpus = sk.datasets.loadSentimentCorpus();
    expect(corpus.texts.length).toBe(40);
    expect(corpus.labels.filter((l) => l === 1).length).toBe(20);
    expect(corpus.texts).toContain('This movie was absolutely fantastic and amazing');
  });
});
